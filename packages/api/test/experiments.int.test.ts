import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ZExperimentArtifact } from "@yardstick/contracts/experiments";
import { addMember, expectTrpcError, newTenant } from "./helpers";
import {
  experimentsTenant,
  isJudgeCall,
  itemKey,
  judgeGrade,
  systemOf,
  userTextOf,
  waitForRun,
  type TExperimentsTenant,
} from "./experiments-fixtures";

// Runs start as jobs: an embedded executor drives them through the app's /api/inngest handlers
// (started before the Inngest client is imported, which reads INNGEST_* once).
const jobs = await vi.hoisted(async () => (await import("./job-server")).startJobServer());
beforeAll(() => jobs.serveApp());
afterAll(() => jobs.stop());

// Experiment runs through the tRPC caller against Postgres, model calls through the real Anthropic
// SDK to the fake Messages API. 12 items (2 golden) × 2 prompt versions; the candidate answers
// items 8-11 wrongly, and the judge gives wrong answers a 2 (of 5).
const N = 12;
const WRONG = new Set([8, 9, 10, 11].map((i) => `q-${String(i).padStart(3, "0")}`));

describe("experiment runs", () => {
  let x: TExperimentsTenant;
  let definition: Parameters<TExperimentsTenant["c"]["experiments"]["create"]>[0];
  let firstRunId: string;

  beforeAll(async () => {
    x = await experimentsTenant(N, { golden: 2 });
    x.fake.setHandler((req) => {
      if (isJudgeCall(req)) return judgeGrade(/wrong/.test(userTextOf(req)) ? 2 : 5);
      const q = userTextOf(req);
      return systemOf(req) === "candidate" && WRONG.has(q) ? { type: "text", text: `wrong answer to ${q}` } : undefined;
    });
    definition = {
      projectId: x.projectId,
      datasetId: x.datasetId,
      arms: [
        { promptId: x.promptId, version: 1 },
        { promptId: x.promptId, label: "staging" },
      ],
      graders: [{ graderId: x.exactId, threshold: 0.9 }, { graderId: x.judgeId }],
      concurrency: 4,
      name: "v1 vs staging",
      gitCommit: "ABCDEF1234",
    };
  });
  afterAll(() => x.fake.close());

  it("a 2-arm run with a deterministic grader and an LLM judge stores every case, aggregates and a verdict naming the failures", async () => {
    const created = await x.c.experiments.create(definition);
    firstRunId = created.id;
    expect(created).toMatchObject({
      status: "queued",
      itemCount: N,
      totalCases: 2 * N,
      gitCommit: "abcdef1234",
      partitions: ["golden", "regression", "adversarial", "distribution"],
    });
    // The label was resolved at start and recorded.
    expect(created.config.arms.map((a) => [a.promptVersion, a.label, a.model])).toEqual([
      [1, null, "claude-haiku-4-5"],
      [2, "staging", "claude-haiku-4-5"],
    ]);
    const run = await waitForRun(x, created.id);
    expect(run).toMatchObject({
      status: "completed",
      doneCases: 2 * N,
      errorCases: 0,
      cachedCases: 0,
      verdict: "FAIL",
    });
    // A judge grade is cached by (grader, input, output, expected): the 8 items both arms answer
    // alike may reuse the first arm's grade once a flush has stored it — which happens when the
    // run is cut into several chunks (a slow machine; a clean-clone CI run saw 22 calls). So the
    // judge is called once per distinct answer at least, once per case at most.
    const judgeCalls = x.fake.requests.filter(isJudgeCall).length;
    expect(judgeCalls).toBeGreaterThanOrEqual(N + WRONG.size);
    expect(judgeCalls).toBeLessThanOrEqual(2 * N);
    expect(x.fake.requests).toHaveLength(2 * N + judgeCalls); // every case's answer, plus the judge
    expect(run.inputTokens).toBeGreaterThan(0);
    expect(run.costUsd).toBeGreaterThan(0);

    const [a0, a1] = run.summary!.arms;
    expect(a0!.verdict).toBe("PASS");
    expect(a0!.overall).toMatchObject({ cases: N, items: N, passRate: 1 });
    expect(a0!.overall.graders.map((g) => [g.name, g.passRate!.estimate, g.meanScore!.estimate])).toEqual([
      ["exact", 1, 1],
      ["helpful", 1, 1],
    ]);
    expect(a0!.partitions.golden).toMatchObject({ cases: 2 });
    expect(a1!.overall.graders[0]!.passRate!.estimate).toBeCloseTo(8 / 12, 12);
    // Judge scores: 1 for right answers, (2 − 1) / 4 for wrong ones.
    expect(a1!.overall.graders[1]!.meanScore!.estimate).toBeCloseTo((8 * 1 + 4 * 0.25) / 12, 12);
    expect(a1!.overall.latencyMs!.p95).toBeGreaterThanOrEqual(a1!.overall.latencyMs!.p50);
    const gate = a1!.gates.find((g) => g.gate === "grader_threshold")!;
    expect(gate).toMatchObject({ passed: false, failedCaseCount: 4, threshold: 0.9 });
    expect(gate.failedCases.map((c) => c.itemKey)).toEqual([8, 9, 10, 11].map(itemKey));
    // The golden items are answered right by both arms.
    expect(a1!.gates.find((g) => g.gate === "golden")).toMatchObject({ passed: true, failedCaseCount: 0 });
    expect(run.summary!.reasons).toEqual([
      "answerer v2 (staging): exact v1: pass rate ≥ 90% — got 66.7%; 4 case(s) failed (item-008, item-009, item-010, item-011)",
    ]);

    const failures = await x.c.experiments.cases({ projectId: x.projectId, runId: run.id, filter: "failures" });
    expect(failures.cases.map((c) => [c.arm, c.itemKey, c.output])).toEqual(
      [8, 9, 10, 11].map((i) => [1, itemKey(i), `wrong answer to q-${String(i).padStart(3, "0")}`]),
    );
    expect(failures.cases[0]!.graderResults).toEqual([
      expect.objectContaining({ graderId: x.exactId, version: 1, passed: false, score: 0 }),
      expect.objectContaining({
        graderId: x.judgeId,
        version: 1,
        passed: false,
        score: 0.25,
        reasoning: expect.stringContaining("scored 2"),
      }),
    ]);
    // Keyset pages cover every case once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await x.c.experiments.cases({ projectId: x.projectId, runId: run.id, limit: 7, cursor });
      seen.push(...page.cases.map((c) => `${c.arm}/${c.itemKey}/${c.repeat}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(2 * N);
    expect(seen).toHaveLength(2 * N);

    const artifact = await x.c.experiments.artifact({ projectId: x.projectId, runId: run.id });
    expect(ZExperimentArtifact.parse(artifact)).toEqual(artifact);
    expect(artifact).toMatchObject({
      runId: run.id,
      verdict: "FAIL",
      gitCommit: "abcdef1234",
      models: ["claude-haiku-4-5"],
      dataset: { version: 1 },
    });
    expect(artifact.graders.map((g) => g.threshold)).toEqual([0.9, null]);
    expect(artifact.durationMs).toBeGreaterThanOrEqual(0);

    const list = await x.c.experiments.list({ projectId: x.projectId, datasetId: x.datasetId });
    expect(list.runs.map((r) => [r.id, r.verdict, r.mainScore?.passRate])).toEqual([[run.id, "FAIL", 1]]);
  });

  it("re-running the same definition makes no model call: every case comes from the cache", async () => {
    const before = x.fake.requests.length;
    const again = await waitForRun(x, (await x.c.experiments.create(definition)).id);
    expect(x.fake.requests.length - before).toBe(0);
    expect(again).toMatchObject({
      status: "completed",
      cachedCases: 2 * N,
      doneCases: 2 * N,
      costUsd: 0,
      verdict: "FAIL",
    });
    const first = await x.c.experiments.get({ projectId: x.projectId, runId: firstRunId });
    expect(again.summary!.arms.map((a) => a.overall.graders.map((g) => g.meanScore))).toEqual(
      first.summary!.arms.map((a) => a.overall.graders.map((g) => g.meanScore)),
    );
    // A new repeat is a new sample: with repeats 2 only the second repeat calls the model. The fake
    // answers it word for word as before, so its judge grades come from the cache too.
    const twice = await waitForRun(x, (await x.c.experiments.create({ ...definition, repeats: 2 })).id);
    expect(twice).toMatchObject({ totalCases: 4 * N, cachedCases: 2 * N });
    const calls = x.fake.requests.slice(before);
    expect([calls.filter((r) => !isJudgeCall(r)).length, calls.filter(isJudgeCall).length]).toEqual([2 * N, 0]);
  });

  it("bad input gets a clear error naming the field and starts nothing", async () => {
    const other = await newTenant("experiments-other");
    const foreignGrader = await other.owner.caller.graders.createVersion({
      projectId: other.project.id,
      name: "foreign",
      config: { type: "exact_match" },
      message: "m",
    });
    const count = async () => (await x.c.experiments.list({ projectId: x.projectId })).runs.length;
    const before = await count();
    const cases: Array<[string, Parameters<typeof x.c.experiments.create>[0], "BAD_REQUEST" | "NOT_FOUND", RegExp]> = [
      [
        "unknown dataset version",
        { ...definition, datasetVersion: 7 },
        "NOT_FOUND",
        /Version 7 of dataset "support" does not exist/,
      ],
      [
        "grader of another project",
        { ...definition, graders: [{ graderId: foreignGrader.grader.id }] },
        "NOT_FOUND",
        /Grader not found/,
      ],
      ["concurrency 0", { ...definition, concurrency: 0 }, "BAD_REQUEST", /Concurrency must be at least 1/],
      ["concurrency 10000", { ...definition, concurrency: 10_000 }, "BAD_REQUEST", /Concurrency must be at most 64/],
      ["empty partitions", { ...definition, partitions: [] }, "BAD_REQUEST", /Choose at least one partition/],
      [
        "a partition without items",
        { ...definition, partitions: ["adversarial"] },
        "BAD_REQUEST",
        /no items in the adversarial partition/,
      ],
      [
        "unknown label",
        { ...definition, arms: [{ promptId: x.promptId, label: "nope" }] },
        "NOT_FOUND",
        /labelled "nope"/,
      ],
      ["repeats 11", { ...definition, repeats: 11 }, "BAD_REQUEST", /Repeats must be at most 10/],
    ];
    const fields: Record<string, string | undefined> = {};
    for (const [name, input, code, message] of cases) {
      const err = await expectTrpcError(x.c.experiments.create(input), code).catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
      expect(err.message, name).toMatch(message);
      const shape = err as unknown as { shape?: { data?: { field?: string } } };
      fields[name] =
        err.cause && "field" in err.cause ? (err.cause as { field?: string }).field : shape.shape?.data?.field;
    }
    expect(fields).toMatchObject({
      "unknown dataset version": "datasetVersion",
      "grader of another project": "graders.0.graderId",
      "a partition without items": "partitions",
      "unknown label": "arms.0.label",
    });
    expect(await count()).toBe(before);
  });

  it("roles: VIEWER reads but cannot start or cancel; gate settings need ADMIN", async () => {
    const viewer = await addMember(x.t, "VIEWER");
    const member = await addMember(x.t, "MEMBER");
    await expectTrpcError(viewer.caller.experiments.create(definition), "FORBIDDEN");
    await expectTrpcError(viewer.caller.experiments.cancel({ projectId: x.projectId, runId: firstRunId }), "FORBIDDEN");
    expect((await viewer.caller.experiments.get({ projectId: x.projectId, runId: firstRunId })).id).toBe(firstRunId);
    // A finished run cannot be cancelled.
    await expectTrpcError(
      member.caller.experiments.cancel({ projectId: x.projectId, runId: firstRunId }),
      "PRECONDITION_FAILED",
    );
    await expectTrpcError(
      member.caller.experiments.updateSettings({ projectId: x.projectId, goldenMustPass: false }),
      "FORBIDDEN",
    );
    const s = await x.c.experiments.updateSettings({
      projectId: x.projectId,
      minEffects: { [`${x.exactId}:pass`]: 0.1 },
    });
    expect(s).toMatchObject({ goldenMustPass: true, minEffects: { [`${x.exactId}:pass`]: 0.1 }, alpha: 0.05 });
  });

  it("cancelling a running run stops it between writes and leaves it unfinalized", async () => {
    x.fake.setHandler((req) => (isJudgeCall(req) ? judgeGrade(5) : { type: "text", text: "slow", delayMs: 150 }));
    const run = await x.c.experiments.create({
      ...definition,
      arms: [{ promptId: x.promptId, version: 1 }],
      repeats: 3,
      concurrency: 1,
      name: "slow",
    });
    while ((await x.c.experiments.progress({ projectId: x.projectId, runId: run.id })).status === "queued")
      await new Promise((r) => setTimeout(r, 20));
    const cancelled = await x.c.experiments.cancel({ projectId: x.projectId, runId: run.id });
    expect(cancelled.status).toBe("cancelled");
    await new Promise((r) => setTimeout(r, 600));
    const after = await x.c.experiments.get({ projectId: x.projectId, runId: run.id });
    expect(after).toMatchObject({ status: "cancelled", verdict: null, summary: null });
    // At most the batch in flight when it was cancelled was written.
    expect(after.doneCases).toBeLessThan(after.totalCases);
  });
});
