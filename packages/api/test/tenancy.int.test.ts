import { describe, expect, it, beforeAll } from "vitest";
import { appRouter } from "../src/index";
import { expectTrpcError, newTenant } from "./helpers";

// Procedures that take no organisation or project: they act on the caller alone, or on an
// invitation token. Every other procedure must be scoped by organizationId or projectId.
const NOT_TENANT_SCOPED = new Set([
  "auth.signUp",
  "auth.me",
  "organizations.list",
  "organizations.create",
  "members.previewInvitation",
  "members.acceptInvitation",
  // The signed-in user's own account and sessions: scoped to ctx.userId, no tenant involved.
  "account.get",
  "account.changePassword",
  "account.sessions",
  "account.revokeSession",
  "account.signOutEverywhere",
]);

type TProcedureDef = { _def: { inputs: Array<{ shape?: Record<string, unknown> }> } };

// A member of A can never read or change anything of B: every procedure that takes B's ids
// answers NOT_FOUND (B's existence is not even confirmed) and B is left exactly as it was.
describe("tenant isolation", () => {
  let a: Awaited<ReturnType<typeof newTenant>>;
  let b: Awaited<ReturnType<typeof newTenant>>;
  let bKeyId: string;
  let bInvitationId: string;

  beforeAll(async () => {
    a = await newTenant("tenant-a");
    b = await newTenant("tenant-b");
    bKeyId = (await b.owner.caller.apiKeys.create({ projectId: b.project.id, name: "b key", scopes: ["ingest"] })).key
      .id;
    bInvitationId = (
      await b.owner.caller.members.invite({ organizationId: b.org.id, email: "b-invitee@example.test", role: "MEMBER" })
    ).invitation.id;
  });

  it("A's owner gets NOT_FOUND for every procedure on B's ids", async () => {
    const c = a.owner.caller;
    const org = { organizationId: b.org.id };
    const proj = { projectId: b.project.id };
    const attempts: Array<[string, Promise<unknown>]> = [
      ["organizations.get", c.organizations.get(org)],
      ["organizations.rename", c.organizations.rename({ ...org, name: "pwned" })],
      ["organizations.delete", c.organizations.delete({ ...org, confirmName: b.org.name })],
      ["members.list", c.members.list(org)],
      ["members.invitations", c.members.invitations(org)],
      ["members.invite", c.members.invite({ ...org, email: "spy@example.test", role: "OWNER" })],
      ["members.changeRole", c.members.changeRole({ ...org, userId: a.owner.id, role: "OWNER" })],
      ["members.remove", c.members.remove({ ...org, userId: b.owner.id })],
      ["members.revokeInvitation", c.members.revokeInvitation({ ...org, invitationId: bInvitationId })],
      ["members.leave", c.members.leave(org)],
      ["projects.list", c.projects.list(org)],
      ["projects.create", c.projects.create({ ...org, name: "spy" })],
      ["projects.get", c.projects.get(proj)],
      ["projects.rename", c.projects.rename({ ...proj, name: "pwned" })],
      ["projects.delete", c.projects.delete({ ...proj, confirmName: b.project.name })],
      ["apiKeys.list", c.apiKeys.list(proj)],
      ["apiKeys.create", c.apiKeys.create({ ...proj, name: "spy", scopes: ["read"] })],
      ["apiKeys.revoke", c.apiKeys.revoke({ ...proj, apiKeyId: bKeyId })],
    ];
    for (const [name, p] of attempts) {
      const err = await expectTrpcError(p, "NOT_FOUND").catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
      expect(err.message, name).toMatch(/not found/i);
    }
  });

  it("every procedure of the router (listed from appRouter itself) is tenant-scoped and refuses B's ids", async () => {
    const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, TProcedureDef>);
    expect(procedures.length).toBeGreaterThan(50);
    const unscoped: string[] = [];
    for (const [path, def] of procedures) {
      const scope = Object.keys(def._def.inputs[0]?.shape ?? {});
      const input = scope.includes("projectId")
        ? { projectId: b.project.id }
        : scope.includes("organizationId")
          ? { organizationId: b.org.id }
          : undefined;
      if (!input) {
        if (!NOT_TENANT_SCOPED.has(path)) unscoped.push(path);
        continue;
      }
      // The tenant middleware runs before the procedure's own input is parsed: B's id alone must
      // be answered NOT_FOUND whatever else the procedure needs.
      const call = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], a.owner.caller) as (
        i: unknown,
      ) => Promise<unknown>;
      const err = await expectTrpcError(call(input), "NOT_FOUND").catch((e: Error) => {
        throw new Error(`${path}: ${e.message}`);
      });
      expect(err.message, path).toMatch(/not found/i);
    }
    expect(unscoped, "procedures with neither projectId nor organizationId in their first input").toEqual([]);
  });

  it("A's ids cannot reach B's objects through A's own scope either", async () => {
    // Revoking B's key or invitation while naming A's project/org must not touch B's rows.
    await expectTrpcError(a.owner.caller.apiKeys.revoke({ projectId: a.project.id, apiKeyId: bKeyId }), "NOT_FOUND");
    await expectTrpcError(
      a.owner.caller.members.revokeInvitation({ organizationId: a.org.id, invitationId: bInvitationId }),
      "NOT_FOUND",
    );
    await expectTrpcError(a.owner.caller.members.remove({ organizationId: a.org.id, userId: b.owner.id }), "NOT_FOUND");
  });

  it("B is unchanged", async () => {
    const c = b.owner.caller;
    expect((await c.organizations.get({ organizationId: b.org.id })).name).toBe(b.org.name);
    expect((await c.projects.get({ projectId: b.project.id })).name).toBe(b.project.name);
    expect((await c.projects.list({ organizationId: b.org.id })).map((p) => p.name)).toEqual([b.project.name]);
    const keys = await c.apiKeys.list({ projectId: b.project.id });
    expect(keys.map((k) => [k.id, k.revokedAt])).toEqual([[bKeyId, null]]);
    const members = await c.members.list({ organizationId: b.org.id });
    expect(members.map((m) => [m.id, m.role])).toEqual([[b.owner.id, "OWNER"]]);
    expect((await c.members.invitations({ organizationId: b.org.id })).map((i) => i.id)).toEqual([bInvitationId]);
    expect((await a.owner.caller.organizations.list()).map((o) => o.id)).toEqual([a.org.id]);
  });
});
