import { PrismaAdapter } from "@auth/prisma-adapter";
import { getDb } from "./client";

/** Auth.js adapter (OAuth users and accounts), kept here so Prisma stays inside packages/db. */
export function createAuthAdapter() {
  return PrismaAdapter(getDb() as never);
}
