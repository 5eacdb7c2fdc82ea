import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { TRPCError } from "@trpc/server";
import type { Role } from "@yardstick/db";
import { signUp } from "@yardstick/server/services/users";
import { createCaller } from "../src/index";

/** A fresh user (one tenant per test: unique emails, nothing shared). */
export async function newUser(label = "user") {
  const email = `${label}-${randomBytes(5).toString("hex")}@example.test`;
  const user = await signUp({ name: label, email, password: "correct horse battery" });
  if (!user) throw new Error(`${email} already registered`);
  return { ...user, caller: createCaller({ userId: user.id }) };
}

/** A user owning an organisation with one project. */
export async function newTenant(label = "owner") {
  const owner = await newUser(label);
  const org = await owner.caller.organizations.create({ name: `${label} org` });
  const project = await owner.caller.projects.create({ organizationId: org.id, name: `${label} project` });
  return { owner, org, project };
}

/** Invites a new user into the tenant's organisation with `role` and accepts for them. */
export async function addMember(t: Awaited<ReturnType<typeof newTenant>>, role: Role) {
  const user = await newUser(role.toLowerCase());
  const { token } = await t.owner.caller.members.invite({ organizationId: t.org.id, email: user.email, role });
  await user.caller.members.acceptInvitation({ token });
  return user;
}

export async function expectTrpcError(promise: Promise<unknown>, code: TRPCError["code"]) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}, but the call succeeded`).toBeInstanceOf(TRPCError);
  expect((err as TRPCError).code).toBe(code);
  return err as TRPCError;
}
