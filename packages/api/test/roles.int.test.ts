import { describe, expect, it, beforeAll } from "vitest";
import type { Role } from "@yardstick/db";
import { addMember, expectTrpcError, newTenant, type newUser } from "./helpers";

type Tenant = Awaited<ReturnType<typeof newTenant>>;
type Member = Awaited<ReturnType<typeof newUser>>;

// Each operation runs as one role against a fresh target where needed.
type Op = { name: string; min: Role; run: (as: Member, t: Tenant) => Promise<unknown> };
const ops: Op[] = [
  { name: "organizations.get", min: "VIEWER", run: (u, t) => u.caller.organizations.get({ organizationId: t.org.id }) },
  { name: "members.list", min: "VIEWER", run: (u, t) => u.caller.members.list({ organizationId: t.org.id }) },
  { name: "projects.list", min: "VIEWER", run: (u, t) => u.caller.projects.list({ organizationId: t.org.id }) },
  { name: "projects.get", min: "VIEWER", run: (u, t) => u.caller.projects.get({ projectId: t.project.id }) },
  { name: "apiKeys.list", min: "VIEWER", run: (u, t) => u.caller.apiKeys.list({ projectId: t.project.id }) },
  {
    name: "organizations.rename",
    min: "ADMIN",
    run: (u, t) => u.caller.organizations.rename({ organizationId: t.org.id, name: t.org.name }),
  },
  {
    name: "members.invitations",
    min: "ADMIN",
    run: (u, t) => u.caller.members.invitations({ organizationId: t.org.id }),
  },
  {
    name: "members.invite",
    min: "ADMIN",
    run: (u, t) =>
      u.caller.members.invite({ organizationId: t.org.id, email: `x-${Math.random()}@example.test`, role: "VIEWER" }),
  },
  {
    name: "projects.create",
    min: "ADMIN",
    run: (u, t) => u.caller.projects.create({ organizationId: t.org.id, name: "p" }),
  },
  {
    name: "projects.setTraceRetention",
    min: "ADMIN",
    run: (u, t) => u.caller.projects.setTraceRetention({ projectId: t.project.id, days: 90 }),
  },
  {
    name: "projects.traceStorage",
    min: "ADMIN",
    run: (u, t) => u.caller.projects.traceStorage({ projectId: t.project.id }),
  },
  {
    name: "traces.totals",
    min: "VIEWER",
    run: (u, t) => u.caller.traces.totals({ projectId: t.project.id }),
  },
  {
    name: "projects.rename",
    min: "ADMIN",
    run: (u, t) => u.caller.projects.rename({ projectId: t.project.id, name: t.project.name }),
  },
  {
    name: "apiKeys.create",
    min: "ADMIN",
    run: (u, t) => u.caller.apiKeys.create({ projectId: t.project.id, name: "k", scopes: ["read"] }),
  },
  {
    name: "apiKeys.revoke",
    min: "ADMIN",
    run: async (u, t) => {
      const { key } = await t.owner.caller.apiKeys.create({
        projectId: t.project.id,
        name: "to revoke",
        scopes: ["read"],
      });
      return u.caller.apiKeys.revoke({ projectId: t.project.id, apiKeyId: key.id });
    },
  },
  { name: "experiments.list", min: "VIEWER", run: (u, t) => u.caller.experiments.list({ projectId: t.project.id }) },
  {
    name: "experiments.schedules",
    min: "VIEWER",
    run: (u, t) => u.caller.experiments.schedules({ projectId: t.project.id }),
  },
  {
    name: "experiments.updateSettings",
    min: "ADMIN",
    run: (u, t) => u.caller.experiments.updateSettings({ projectId: t.project.id, goldenMustPass: true }),
  },
  {
    name: "dashboards.get",
    min: "VIEWER",
    run: (u, t) => u.caller.dashboards.get({ projectId: t.project.id, query: { range: "24h" } }),
  },
  {
    name: "dashboards.rebuild",
    min: "ADMIN",
    run: (u, t) => u.caller.dashboards.rebuild({ projectId: t.project.id }),
  },
  {
    name: "projects.delete",
    min: "OWNER",
    run: async (u, t) => {
      const p = await t.owner.caller.projects.create({ organizationId: t.org.id, name: "doomed" });
      return u.caller.projects.delete({ projectId: p.id, confirmName: "doomed" });
    },
  },
  {
    name: "onlineExperiments.list",
    min: "VIEWER",
    run: (u, t) => u.caller.onlineExperiments.list({ projectId: t.project.id }),
  },
  {
    name: "onlineExperiments.create",
    min: "MEMBER",
    run: (u, t) =>
      u.caller.onlineExperiments.create({
        projectId: t.project.id,
        key: `k-${Math.random().toString(36).slice(2, 8)}`,
        name: "x",
        unitType: "userId",
        primaryMetric: { kind: "thumbs_up_rate" },
        variants: [
          { key: "a", name: "A", weight: 0.5 },
          { key: "b", name: "B", weight: 0.5 },
        ],
      }),
  },
  {
    name: "onlineExperiments.delete",
    min: "ADMIN",
    run: async (u, t) => {
      const e = await t.owner.caller.onlineExperiments.create({
        projectId: t.project.id,
        key: `d-${Math.random().toString(36).slice(2, 8)}`,
        name: "x",
        unitType: "userId",
        primaryMetric: { kind: "thumbs_up_rate" },
        variants: [
          { key: "a", name: "A", weight: 0.5 },
          { key: "b", name: "B", weight: 0.5 },
        ],
      });
      return u.caller.onlineExperiments.delete({ projectId: t.project.id, experimentId: e.id });
    },
  },
];

const RANK: Record<Role, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

describe("role matrix (one tRPC middleware enforces roles on the server)", () => {
  let t: Tenant;
  const as = {} as Record<Role, Member>;
  beforeAll(async () => {
    t = await newTenant("matrix");
    as.OWNER = t.owner;
    as.ADMIN = await addMember(t, "ADMIN");
    as.MEMBER = await addMember(t, "MEMBER");
    as.VIEWER = await addMember(t, "VIEWER");
  });

  for (const op of ops) {
    for (const role of ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const) {
      const allowed = RANK[role] >= RANK[op.min];
      it(`${op.name} as ${role} is ${allowed ? "allowed" : "forbidden"}`, async () => {
        if (allowed)
          await op.run(as[role], t); // throws (and fails) if refused
        else await expectTrpcError(op.run(as[role], t), "FORBIDDEN");
      });
    }
  }

  it("organizations.delete passes the role check only for OWNER (wrong confirmation → BAD_REQUEST)", async () => {
    await expectTrpcError(
      as.OWNER.caller.organizations.delete({ organizationId: t.org.id, confirmName: "nope" }),
      "BAD_REQUEST",
    );
    for (const role of ["ADMIN", "MEMBER", "VIEWER"] as const) {
      await expectTrpcError(
        as[role].caller.organizations.delete({ organizationId: t.org.id, confirmName: t.org.name }),
        "FORBIDDEN",
      );
    }
    expect((await t.owner.caller.organizations.get({ organizationId: t.org.id })).name).toBe(t.org.name);
  });

  it("an ADMIN cannot grant OWNER, demote an OWNER or remove one", async () => {
    await expectTrpcError(
      as.ADMIN.caller.members.changeRole({ organizationId: t.org.id, userId: as.MEMBER.id, role: "OWNER" }),
      "FORBIDDEN",
    );
    await expectTrpcError(
      as.ADMIN.caller.members.changeRole({ organizationId: t.org.id, userId: t.owner.id, role: "VIEWER" }),
      "FORBIDDEN",
    );
    await expectTrpcError(
      as.ADMIN.caller.members.remove({ organizationId: t.org.id, userId: t.owner.id }),
      "FORBIDDEN",
    );
    await expectTrpcError(
      as.ADMIN.caller.members.invite({ organizationId: t.org.id, email: "o@example.test", role: "OWNER" }),
      "FORBIDDEN",
    );
    const roles = Object.fromEntries(
      (await t.owner.caller.members.list({ organizationId: t.org.id })).map((m) => [m.id, m.role]),
    );
    expect(roles[t.owner.id]).toBe("OWNER");
    expect(roles[as.MEMBER.id]).toBe("MEMBER");
  });

  it("an ADMIN can change a MEMBER's role and the change is what members.list shows", async () => {
    const extra = await addMember(t, "MEMBER");
    await as.ADMIN.caller.members.changeRole({ organizationId: t.org.id, userId: extra.id, role: "VIEWER" });
    const row = (await t.owner.caller.members.list({ organizationId: t.org.id })).find((m) => m.id === extra.id);
    expect(row?.role).toBe("VIEWER");
    await expectTrpcError(extra.caller.projects.create({ organizationId: t.org.id, name: "nope" }), "FORBIDDEN");
  });

  it("signed-out callers are UNAUTHORIZED", async () => {
    const { createCaller } = await import("../src/index");
    const anon = createCaller({ userId: null });
    await expectTrpcError(anon.organizations.list(), "UNAUTHORIZED");
    await expectTrpcError(anon.apiKeys.list({ projectId: t.project.id }), "UNAUTHORIZED");
  });
});
