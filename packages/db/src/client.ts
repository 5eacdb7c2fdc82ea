import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { readDbEnv } from "./env";

export type Db = PrismaClient;

export function createDb(url: string, opts: { poolMax?: number } = {}): Db {
  const adapter = new PrismaPg({
    connectionString: url,
    max: opts.poolMax ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { __yardstickDb?: Db };

/** The process-wide client, built from DATABASE_URL (set by `npm start` for the embedded database). */
export function getDb(): Db {
  if (!globalForDb.__yardstickDb) {
    const env = readDbEnv();
    if (!env.DATABASE_URL) {
      throw new Error("DATABASE_URL is not set: start the app with `npm start` (embedded database) or set DATABASE_URL");
    }
    globalForDb.__yardstickDb = createDb(env.DATABASE_URL, { poolMax: env.DATABASE_POOL_MAX });
  }
  return globalForDb.__yardstickDb;
}

/** Lets tests and scripts install the client that `getDb()` returns. */
export function setDb(db: Db): void {
  globalForDb.__yardstickDb = db;
}
