// Online evaluators end to end on Postgres: traces posted through the public ingest route with an
// API key, end markers waking the ended-traces job over the real job path (embedded executor +
// /api/inngest), the idle-timeout scan, a backfill job with progress, idempotency, budgets, the
// design-based estimates and the cost planner. Judges run through the real Anthropic SDK against
// the fake Messages API.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@yardstick/db";
import { scanOnlineRule } from "@yardstick/server/services/online-evals";
import { judgeGrade, isJudgeCall } from "./experiments-fixtures";
import { gradersTenant, JUDGE } from "./graders-fixtures";
import { addMember, expectTrpcError, newTenant } from "./helpers";
import { ev, post } from "./ingest-fixtures";

const jobs = await vi.hoisted(async () => (await import("./job-server")).startJobServer());
beforeAll(() => jobs.serveApp());
afterAll(() => jobs.stop());

type TCtx = Awaited<ReturnType<typeof gradersTenant>>;

async function ingestKey(x: TCtx) {
  return (await x.c.apiKeys.create({ projectId: x.projectId, name: "ingest", scopes: ["ingest"] })).secret;
}

/** A trace with one generation of `model` and prompt support v`pv`; ended when `end`. */
async function postTrace(secret: string, opts: { model: string; pv?: number; end?: boolean; error?: boolean }) {
  const id = randomUUID();
  const batch = [
    ev("trace-create", { id, name: "support-chat", input: `question ${id}`, output: `answer ${id}` }),
    ev("generation-create", {
      id: randomUUID(),
      traceId: id,
      name: "answer",
      model: opts.model,
      promptName: "support",
      promptVersion: opts.pv ?? 1,
      input: "q",
      output: "a",
      startTime: new Date().toISOString(),
      ...(opts.error && { level: "ERROR" }),
    }),
    ...(opts.end ? [ev("trace-create", { id, endTime: new Date().toISOString() })] : []),
  ];
  const res = await post(secret, { batch });
  expect(res.status).toBe(207);
  const body = (await res.json()) as { errors: unknown[] };
  expect(body.errors).toEqual([]);
  return id;
}

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const evalScores = async (projectId: string) =>
  getDb().score.findMany({
    where: { projectId, source: "EVAL" },
    select: { traceId: true, value: true, onlineRuleId: true },
  });

describe("online evaluators", () => {
  let x: TCtx;
  let secret: string;
  let judgeId: string;
  let exactId: string;

  beforeAll(async () => {
    x = await gradersTenant();
    secret = await ingestKey(x);
    judgeId = (
      await x.c.graders.createVersion({ projectId: x.projectId, name: "helpfulness", config: JUDGE, message: "v1" })
    ).grader.id;
    exactId = (
      await x.c.graders.createVersion({
        projectId: x.projectId,
        name: "mentions-answer",
        config: { type: "contains_any", values: ["answer"] },
        message: "v1",
      })
    ).grader.id;
    x.fake.setHandler((req) => (isJudgeCall(req) ? judgeGrade(4) : undefined));
  });
  afterAll(() => x.fake.close());

  it("bad input names the field and changes nothing", async () => {
    const base = { projectId: x.projectId, name: "bad", graderId: judgeId, sampling: { rate: 0.1 } };
    const e1 = await expectTrpcError(x.c.onlineEvals.create({ ...base, sampling: { rate: 1.5 } }), "BAD_REQUEST");
    expect(e1.message).toMatch(/rate/);
    const e2 = await expectTrpcError(
      x.c.onlineEvals.create({
        ...base,
        sampling: { rate: 0.1, strata: { field: "model", rates: [{ value: "m", rate: -0.2 }] } },
      }),
      "BAD_REQUEST",
    );
    expect(e2.message).toMatch(/stratum rate/);
    const e3 = await expectTrpcError(
      x.c.onlineEvals.create({ ...base, sampling: { rate: 0.1, always: { outputPattern: "(?<=a)b" } } }),
      "BAD_REQUEST",
    );
    expect(e3.message).toMatch(/sampling\.always\.outputPattern/);
    const other = await newTenant("other");
    const foreign = await other.owner.caller.graders.createVersion({
      projectId: other.project.id,
      name: "theirs",
      config: { type: "exact_match" },
      message: "v1",
    });
    const e4 = await expectTrpcError(x.c.onlineEvals.create({ ...base, graderId: foreign.grader.id }), "NOT_FOUND");
    expect(e4.message).toMatch(/graderId/);
    expect(await x.c.onlineEvals.list({ projectId: x.projectId })).toEqual([]);
  });

  it("a stratified rule judges ended traces once, by its strata; estimates carry n of N", async () => {
    const rule = await x.c.onlineEvals.create({
      projectId: x.projectId,
      name: "helpfulness on rare model",
      graderId: judgeId,
      filter: { name: "support-chat" },
      // the rare model's stratum at 100%, everything else at 0%: exactly the rare traces are judged
      sampling: { rate: 0, strata: { field: "model", rates: [{ value: "rare-model", rate: 1 }] } },
    });
    const rare = [];
    for (let i = 0; i < 4; i++) rare.push(await postTrace(secret, { model: "rare-model", pv: 2, end: true }));
    for (let i = 0; i < 4; i++) await postTrace(secret, { model: "common-model", end: true });

    const scores = await waitFor(
      () => evalScores(x.projectId),
      (s) => s.length >= 4,
    );
    expect(scores.map((s) => s.traceId).sort()).toEqual([...rare].sort());
    expect(scores.every((s) => s.value === 4 && s.onlineRuleId === rule.id)).toBe(true);

    // idempotent: the scan over the same traces (past their idle timeout) judges nothing new
    const calls = x.fake.requests.filter(isJudgeCall).length;
    const scan = await scanOnlineRule(x.projectId, rule.id, new Date(Date.now() + 600_000));
    expect(scan!.outcome).toMatchObject({ judged: 0, alreadyJudged: 4 });
    expect(x.fake.requests.filter(isJudgeCall).length).toBe(calls);
    expect(await evalScores(x.projectId)).toHaveLength(4);

    const est = await x.c.onlineEvals.estimates({ projectId: x.projectId, ruleId: rule.id });
    expect(est.overall).toMatchObject({ n: 4, population: 8, mean: 4 });
    expect(est.byPromptVersion.map((p) => [p.promptVersion, p.n, p.population])).toEqual([["support v2", 4, 4]]);
    const panel = await x.c.onlineEvals.dashboardPanel({ projectId: x.projectId });
    expect(panel.rules[0]).toMatchObject({ ruleId: rule.id, overall: { n: 4 } });
    await x.c.onlineEvals.update({ projectId: x.projectId, ruleId: rule.id, enabled: false });
  });

  it("without an end marker a trace is judged once idle for the project's timeout; always-sample errors", async () => {
    await x.c.onlineEvals.setSettings({ projectId: x.projectId, idleTimeoutSeconds: 30 });
    const rule = await x.c.onlineEvals.create({
      projectId: x.projectId,
      name: "contains on errors",
      graderId: exactId,
      sampling: { rate: 0, always: { errors: true } },
    });
    const failing = await postTrace(secret, { model: "m", error: true });
    await postTrace(secret, { model: "m" });
    // Not idle yet: nothing.
    expect((await scanOnlineRule(x.projectId, rule.id, new Date()))?.traces ?? 0).toBe(0);
    const later = await scanOnlineRule(x.projectId, rule.id, new Date(Date.now() + 31_000));
    // the two traces and the earlier tests' traces still in the rule's first window; only the error is sampled
    expect(later!.traces).toBeGreaterThanOrEqual(2);
    expect(later!.outcome).toMatchObject({ sampled: 1, judged: 1 });
    const got = await x.c.onlineEvals.get({ projectId: x.projectId, ruleId: rule.id });
    expect(got.recent).toMatchObject([{ traceId: failing, sampledBy: "always:error", inclusionProb: 1, value: 1 }]);
  });

  it("a daily call budget pauses sampling and says so", async () => {
    const rule = await x.c.onlineEvals.create({
      projectId: x.projectId,
      name: "budgeted",
      graderId: judgeId,
      sampling: { rate: 1 },
      dailyCallBudget: 2,
    });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await postTrace(secret, { model: "b" }));
    const res = await scanOnlineRule(x.projectId, rule.id, new Date(Date.now() + 600_000));
    expect(res!.outcome).toMatchObject({ judged: 2, skippedBudget: expect.any(Number) });
    const got = await x.c.onlineEvals.get({ projectId: x.projectId, ruleId: rule.id });
    expect(got.budget.paused).toBe(true);
    expect(got.budget.reason).toMatch(/Daily call budget reached \(2 of 2/);
    await x.c.onlineEvals.update({ projectId: x.projectId, ruleId: rule.id, enabled: false });
  });

  it("a backfill judges a past window through its job and shows progress", async () => {
    const rule = (await x.c.onlineEvals.list({ projectId: x.projectId })).find((r) => r.name === "budgeted")!;
    await x.c.onlineEvals.update({ projectId: x.projectId, ruleId: rule.id, dailyCallBudget: null });
    const b = await x.c.onlineEvals.backfill({
      projectId: x.projectId,
      ruleId: rule.id,
      from: new Date(Date.now() - 3_600_000),
      to: new Date(Date.now() + 60_000),
    });
    expect(b.total).toBeGreaterThanOrEqual(14);
    const done = await waitFor(
      () => x.c.onlineEvals.getBackfill({ projectId: x.projectId, backfillId: b.id }),
      (v) => v.status === "completed" || v.status === "failed",
    );
    expect(done).toMatchObject({ status: "completed", processed: b.total });
    const est = await x.c.onlineEvals.estimates({ projectId: x.projectId, ruleId: rule.id });
    expect(est.overall!.n).toBe(b.total); // rate 1: every trace of the window
    await expectTrpcError(
      x.c.onlineEvals.backfill({ projectId: x.projectId, ruleId: rule.id, from: new Date(), to: new Date(0) }),
      "BAD_REQUEST",
    );
  });

  it("the planner computes from measured tokens and applies rates to every rule in one go", async () => {
    const inputs = await x.c.onlineEvals.plannerInputs({ projectId: x.projectId });
    const judgeRule = inputs.rules.find((r) => r.layer === "judge")!;
    expect(judgeRule.tokens!.source).toBe("measured_online");
    const plan = await x.c.onlineEvals.plan({
      projectId: x.projectId,
      judgeRate: 0.1,
      humanReviewRate: 0.01,
      reviewMinutes: 4,
      tracesPerDay: 1000,
    });
    const judge = plan.layers.find((l) => l.layer === "judge")!;
    expect(judge.tracesPerMonth).toBe(3000);
    expect(plan.layers.find((l) => l.layer === "human")!.hoursPerMonth).toBeCloseTo((300 * 4) / 60, 6);
    await expectTrpcError(
      x.c.onlineEvals.plan({ projectId: x.projectId, judgeRate: 1.5, humanReviewRate: 0, reviewMinutes: 3 }),
      "BAD_REQUEST",
    );
    const stratified = await x.c.onlineEvals.create({
      projectId: x.projectId,
      name: "planned strata",
      graderId: exactId,
      sampling: { rate: 0.1, strata: { field: "model", rates: [{ value: "busy-model", rate: 0.05 }] } },
    });
    await x.c.onlineEvals.applyPlan({
      projectId: x.projectId,
      judgeRate: 0.25,
      deterministicRate: 1,
      humanReviewRate: 0.02,
      reviewMinutes: 4,
    });
    const rules = await x.c.onlineEvals.list({ projectId: x.projectId });
    for (const r of rules) expect(r.sampling.rate).toBe(r.graderType === "llm_judge" ? 0.25 : 1);
    // Strata move with the base rate (0.1 → 1 is ×10); a rule with base rate 0 keeps its strata.
    expect(rules.find((r) => r.id === stratified.id)!.sampling.strata).toEqual({
      field: "model",
      rates: [{ value: "busy-model", rate: 0.5 }],
    });
    const rareOnly = rules.find((r) => r.name === "helpfulness on rare model")!;
    expect(rareOnly.sampling).toMatchObject({ rate: 0.25, strata: { rates: [{ value: "rare-model", rate: 1 }] } });
    await x.c.onlineEvals.delete({ projectId: x.projectId, ruleId: stratified.id });
    expect(await x.c.onlineEvals.settings({ projectId: x.projectId })).toMatchObject({
      humanReviewRate: 0.02,
      reviewMinutes: 4,
    });
  });

  it("roles: VIEWER reads; MEMBER creates; ADMIN deletes, sets the timeout and applies plans", async () => {
    const viewer = await addMember(x.t, "VIEWER");
    const member = await addMember(x.t, "MEMBER");
    const p = { projectId: x.projectId };
    await viewer.caller.onlineEvals.list(p);
    await expectTrpcError(
      viewer.caller.onlineEvals.create({ ...p, name: "v", graderId: exactId, sampling: { rate: 0.1 } }),
      "FORBIDDEN",
    );
    const r = await member.caller.onlineEvals.create({ ...p, name: "m", graderId: exactId, sampling: { rate: 0.1 } });
    await expectTrpcError(member.caller.onlineEvals.delete({ ...p, ruleId: r.id }), "FORBIDDEN");
    await expectTrpcError(member.caller.onlineEvals.setSettings({ ...p, idleTimeoutSeconds: 60 }), "FORBIDDEN");
    await expectTrpcError(
      member.caller.onlineEvals.applyPlan({ ...p, judgeRate: 0.1, humanReviewRate: 0, reviewMinutes: 3 }),
      "FORBIDDEN",
    );
    await x.c.onlineEvals.delete({ ...p, ruleId: r.id });
  });
});
