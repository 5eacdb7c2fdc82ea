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
    name: "onlineEvals.list",
    min: "VIEWER",
    run: (u, t) => u.caller.onlineEvals.list({ projectId: t.project.id }),
  },
  {
    name: "onlineEvals.plannerInputs",
    min: "VIEWER",
    run: (u, t) => u.caller.onlineEvals.plannerInputs({ projectId: t.project.id }),
  },
  {
    name: "onlineEvals.plan",
    min: "VIEWER",
    run: (u, t) =>
      u.caller.onlineEvals.plan({ projectId: t.project.id, judgeRate: 0.1, humanReviewRate: 0, reviewMinutes: 3 }),
  },
  {
    name: "onlineEvals.dashboardPanel",
    min: "VIEWER",
    run: (u, t) => u.caller.onlineEvals.dashboardPanel({ projectId: t.project.id }),
  },
  {
    name: "onlineEvals.get / estimates",
    min: "VIEWER",
    run: async (u, t) => {
      const ruleId = await matrixRule(t);
      await u.caller.onlineEvals.get({ projectId: t.project.id, ruleId });
      return u.caller.onlineEvals.estimates({ projectId: t.project.id, ruleId });
    },
  },
  {
    name: "onlineEvals.create",
    min: "MEMBER",
    run: async (u, t) => {
      await matrixRule(t);
      const graderId = (await t.owner.caller.graders.list({ projectId: t.project.id }))[0]!.id;
      return u.caller.onlineEvals.create({
        projectId: t.project.id,
        name: `r-${Math.random()}`,
        graderId,
        sampling: { rate: 0.1 },
      });
    },
  },
  {
    name: "onlineEvals.update",
    min: "MEMBER",
    run: async (u, t) =>
      u.caller.onlineEvals.update({ projectId: t.project.id, ruleId: await matrixRule(t), sampling: { rate: 0.2 } }),
  },
  {
    name: "onlineEvals.delete",
    min: "ADMIN",
    run: async (u, t) => {
      await matrixRule(t);
      const graderId = (await t.owner.caller.graders.list({ projectId: t.project.id }))[0]!.id;
      const r = await t.owner.caller.onlineEvals.create({
        projectId: t.project.id,
        name: `doomed-${Math.random()}`,
        graderId,
        sampling: { rate: 0.1 },
      });
      return u.caller.onlineEvals.delete({ projectId: t.project.id, ruleId: r.id });
    },
  },
  {
    name: "onlineEvals.settings / setSettings",
    min: "ADMIN",
    run: async (u, t) => {
      await u.caller.onlineEvals.settings({ projectId: t.project.id });
      return u.caller.onlineEvals.setSettings({ projectId: t.project.id, idleTimeoutSeconds: 120 });
    },
  },
  {
    name: "onlineEvals.applyPlan",
    min: "ADMIN",
    run: (u, t) =>
      u.caller.onlineEvals.applyPlan({ projectId: t.project.id, judgeRate: 0.1, humanReviewRate: 0, reviewMinutes: 3 }),
  },
  {
    // Past the role check, the enqueue answers PRECONDITION_FAILED here (no job server): that is "allowed".
    name: "onlineEvals.backfill / getBackfill",
    min: "MEMBER",
    run: async (u, t) => {
      const ruleId = await matrixRule(t);
      try {
        await u.caller.onlineEvals.backfill({
          projectId: t.project.id,
          ruleId,
          from: new Date(Date.now() - 3_600_000),
          to: new Date(),
        });
      } catch (e) {
        if ((e as { code?: string }).code !== "PRECONDITION_FAILED") throw e;
      }
    },
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

/** A deterministic-grader rule in the matrix tenant, made once by the owner. */
const matrixRules = new Map<string, Promise<string>>();
function matrixRule(t: Tenant): Promise<string> {
  let r = matrixRules.get(t.project.id);
  if (!r) {
    r = (async () => {
      const g = await t.owner.caller.graders.createVersion({
        projectId: t.project.id,
        name: "matrix-exact",
        config: { type: "exact_match" },
        message: "v1",
      });
      return (
        await t.owner.caller.onlineEvals.create({
          projectId: t.project.id,
          name: "matrix rule",
          graderId: g.grader.id,
          sampling: { rate: 0.1 },
        })
      ).id;
    })();
    matrixRules.set(t.project.id, r);
  }
  return r;
}

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
