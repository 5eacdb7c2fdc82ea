import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetProviderCache } from "@yardstick/llm";
import { startFakeAnthropic, type FakeAnthropic, type TFakeAnthropicReply } from "@yardstick/llm/testing";
import type { TRecordedRequest } from "@yardstick/llm/testing";
import { addMember, expectTrpcError, newTenant } from "./helpers";

type Tenant = Awaited<ReturnType<typeof newTenant>>;

// calibration.run only checks and enqueues: the judge runs in the calibration-run job, driven by an
// embedded executor through the app's /api/inngest handlers (started before the client is imported).
const jobs = await vi.hoisted(async () => (await import("./job-server")).startJobServer());
beforeAll(() => jobs.serveApp());
afterAll(() => jobs.stop());

/** Starts a run and waits for its job to finish it. */
async function runAndWait(caller: Tenant["owner"]["caller"], input: { projectId: string; setId: string }) {
  const started = await caller.calibration.run(input);
  expect(started).toMatchObject({ status: "running", judgments: [] });
  for (let i = 0; i < 1_000; i++) {
    const run = await caller.calibration.getRun({ projectId: input.projectId, runId: started.id });
    if (run.status !== "running") return run;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`calibration run ${started.id} did not finish`);
}

const KEY = "sk-ant-calibration-key-42";
const JUDGE = {
  type: "llm_judge",
  rubric: { name: "support quality", criteria: ["Resolves the customer's issue", "Polite and accurate"] },
  model: "claude-sonnet-4-6",
};
const N = 20;
const key = (i: number) => `item-${String(i).padStart(2, "0")}`;
/** The human score of item i: every level of 1–5, four times. */
const human = (i: number) => (i % 5) + 1;
const jsonl = (...rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";

/** The item key inside the judged output of a recorded judge request. */
function itemOf(req: TRecordedRequest): string {
  const content = (req.body as { messages: Array<{ content: string }> }).messages[0]!.content;
  return /<judged_output>\n.*?(item-\d\d)/s.exec(content)![1]!;
}
const grade = (score: number): TFakeAnthropicReply => ({
  type: "tool_use",
  name: "submit_grade",
  input: { reasoning: `scored ${score}`, strengths: [], weaknesses: [], score },
});
/** A fake judge: maps each item's human score to the judge's score. */
const judgeBy = (f: (h: number, item: string) => number | null) => (req: TRecordedRequest) => {
  const item = itemOf(req);
  const s = f(human(Number(item.slice(5))), item);
  // A short delay so the two judge calls in flight overlap at the server.
  return s === null ? ({ type: "text", text: "no idea", delayMs: 10 } as const) : { ...grade(s), delayMs: 10 };
};

describe("judge calibration", () => {
  let fake: FakeAnthropic;
  let t: Tenant;
  let projectId: string;
  let c: Tenant["owner"]["caller"];
  let member: Awaited<ReturnType<typeof addMember>>;
  let viewer: Awaited<ReturnType<typeof addMember>>;
  let graderId: string;
  let datasetId: string;
  let setId: string;

  beforeAll(async () => {
    fake = await startFakeAnthropic({ apiKey: KEY });
    resetProviderCache();
    t = await newTenant("calibration");
    projectId = t.project.id;
    c = t.owner.caller;
    member = await addMember(t, "MEMBER");
    viewer = await addMember(t, "VIEWER");
    await c.providers.set({ projectId, provider: "anthropic", apiKey: KEY, baseUrl: fake.url });
    graderId = (await c.graders.createVersion({ projectId, name: "support", config: JUDGE, message: "v1" })).grader.id;
    const ds = await c.datasets.create({ projectId, name: "support sample", description: null });
    datasetId = ds.id;
    // Even items carry the answer under metadata.output (expectedOutput is the reference); odd
    // items were sampled from traces, so the answer is the expectedOutput itself.
    const rows = Array.from({ length: N }, (_, i) =>
      i % 2 === 0
        ? {
            id: key(i),
            input: { question: `question ${i}` },
            expectedOutput: `reference ${i}`,
            metadata: { output: `answer for ${key(i)}` },
          }
        : {
            id: key(i),
            input: { question: `question ${i}` },
            expectedOutput: `traced answer for ${key(i)}`,
            context: "policy doc",
          },
    );
    await c.datasets.importFile({
      projectId,
      datasetId,
      format: "jsonl",
      content: jsonl(...rows, { id: "no-output", input: "x", expectedOutput: null }),
      mode: "append",
    });
  });
  afterAll(() => fake.close());

  it("creates a set pinned to a dataset version and lists its items with the output to judge", async () => {
    const set = await member.caller.calibration.createSet({ projectId, name: "support v1", graderId, datasetId });
    setId = set.id;
    expect(set).toMatchObject({
      datasetVersion: 1,
      kappaThreshold: 0.6,
      grader: { id: graderId },
      dataset: { id: datasetId },
    });
    const page = await viewer.caller.calibration.items({ projectId, setId, limit: 500 });
    expect(page.itemCount).toBe(N + 1);
    expect(page.scale).toMatchObject({ min: 1, max: 5, levels: [1, 2, 3, 4, 5] });
    const byKey = new Map(page.items.map((i) => [i.itemKey, i]));
    expect(byKey.get(key(0))).toMatchObject({
      output: `answer for ${key(0)}`,
      outputSource: "metadata.output",
      expectedOutput: "reference 0",
      label: null,
    });
    expect(byKey.get(key(1))).toMatchObject({
      output: `traced answer for ${key(1)}`,
      outputSource: "expectedOutput",
      expectedOutput: null,
    });
    expect(byKey.get("no-output")).toMatchObject({ output: null, outputSource: null });

    await expectTrpcError(c.calibration.createSet({ projectId, name: "support v1", graderId, datasetId }), "CONFLICT");
    const exact = await c.graders.createVersion({
      projectId,
      name: "exact",
      config: { type: "exact_match" },
      message: "m",
    });
    const notJudge = await expectTrpcError(
      c.calibration.createSet({ projectId, name: "x", graderId: exact.grader.id, datasetId }),
      "BAD_REQUEST",
    );
    expect(notJudge.message).toMatch(/Only llm_judge/);
    await expectTrpcError(
      c.calibration.createSet({ projectId, name: "y", graderId, datasetId, datasetVersion: 9 }),
      "NOT_FOUND",
    );
  });

  it("labels: validated on the scale, one per item (last write wins, labeler recorded); VIEWER cannot label", async () => {
    await expectTrpcError(
      viewer.caller.calibration.setLabel({ projectId, setId, itemKey: key(0), humanScore: 3 }),
      "FORBIDDEN",
    );
    const out = await expectTrpcError(
      member.caller.calibration.setLabel({ projectId, setId, itemKey: key(0), humanScore: 6 }),
      "BAD_REQUEST",
    );
    expect(out.cause).toMatchObject({ field: "humanScore" });
    await expectTrpcError(c.calibration.setLabel({ projectId, setId, itemKey: "nope", humanScore: 3 }), "NOT_FOUND");
    await expectTrpcError(
      c.calibration.setLabel({ projectId, setId, itemKey: "no-output", humanScore: 3 }),
      "BAD_REQUEST",
    );
    await expectTrpcError(c.calibration.run({ projectId, setId }), "PRECONDITION_FAILED");

    for (let i = 0; i < N; i++) {
      await c.calibration.setLabel({ projectId, setId, itemKey: key(i), humanScore: i === 3 ? 1 : human(i) });
    }
    // Relabel by another person: the last write wins and names them.
    const relabel = await member.caller.calibration.setLabel({
      projectId,
      setId,
      itemKey: key(3),
      humanScore: human(3),
      comment: "re-read it",
    });
    expect(relabel).toMatchObject({ humanScore: 4, comment: "re-read it", labeler: { id: member.id } });
    const labelled = await viewer.caller.calibration.items({ projectId, setId, labelled: true, limit: 500 });
    expect(labelled.items).toHaveLength(N);
    expect(labelled.items.find((i) => i.itemKey === key(3))!.label).toMatchObject({
      humanScore: 4,
      labeler: { id: member.id },
    });
    const set = await viewer.caller.calibration.getSet({ projectId, setId });
    expect(set).toMatchObject({ labelCount: N, itemCount: N + 1, runs: [], calibration: { status: "not_run" } });
  });

  it("a judge that agrees with the humans is calibrated: κ, Spearman, exact agreement with CIs, confusion matrix", async () => {
    fake.reset();
    fake.setHandler(judgeBy((h) => h));
    const run = await runAndWait(member.caller, { projectId, setId });
    expect(fake.requests).toHaveLength(N);
    expect(fake.maxInFlight).toBe(2);
    expect(run).toMatchObject({
      status: "completed",
      itemCount: N,
      failedCount: 0,
      calibrated: true,
      stale: false,
      graderVersion: { version: 1 },
    });
    const r = run.results!;
    expect(r.kappa).toBeCloseTo(1, 12);
    expect(r.spearman).toBeCloseTo(1, 12);
    expect(r.exactAgreement).toBe(1);
    for (const ci of [r.kappaCI, r.spearmanCI, r.exactAgreementCI]) {
      expect(ci).toHaveLength(2);
      expect(ci![0]).toBeLessThanOrEqual(ci![1]);
    }
    expect(r.confusion).toEqual([0, 1, 2, 3, 4].map((i) => [0, 1, 2, 3, 4].map((j) => (i === j ? 4 : 0))));
    expect(run.judgments).toHaveLength(N);
    expect(run.judgments[0]).toMatchObject({
      itemKey: key(0),
      humanScore: 1,
      score: 1,
      meanScore: 1,
      stable: true,
      error: null,
    });
    expect(run.inputTokens).toBeGreaterThan(0);
    expect(run.costUsd).toBeGreaterThan(0);
    // Items judged with the reference only when the output came from metadata.
    const bodies = fake.requests.map((q) => (q.body as { messages: Array<{ content: string }> }).messages[0]!.content);
    expect(bodies.find((b) => b.includes(`answer for ${key(0)}`))).toContain(
      "<reference_answer>\nreference 0\n</reference_answer>",
    );
    expect(bodies.find((b) => b.includes(`traced answer for ${key(1)}`))).not.toContain("<reference_answer>");

    const list = await viewer.caller.graders.list({ projectId });
    expect(list.find((g) => g.id === graderId)!.calibration).toMatchObject({
      status: "calibrated",
      graderVersion: 1,
      setId,
      runId: run.id,
    });
    expect((await viewer.caller.calibration.getRun({ projectId, runId: run.id })).results!.kappa).toBeCloseTo(1, 12);
  });

  it("progress reports a running run judgment by judgment, and nothing once it has finished", async () => {
    fake.reset();
    let answered = 0;
    fake.setHandler((req) => {
      answered++;
      return { ...grade(human(Number(itemOf(req).slice(5)))), delayMs: 40 };
    });
    expect(await viewer.caller.calibration.progress({ projectId, setId })).toBeNull();
    const running = runAndWait(member.caller, { projectId, setId });
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) {
      const p = await viewer.caller.calibration.progress({ projectId, setId });
      if (p) {
        expect(p.itemCount).toBe(N);
        seen.push(p.judged);
      }
      if (answered >= N) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    const run = await running;
    expect(run.status).toBe("completed");
    // Seen mid-run: some but not all judged, never going backwards.
    expect(seen.some((n) => n > 0 && n < N)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(await viewer.caller.calibration.progress({ projectId, setId })).toBeNull();
    expect(run.judgments).toHaveLength(N);
  });

  it("a judge that disagrees is uncalibrated; unparseable answers are failed judgments left out of the agreement", async () => {
    fake.reset();
    fake.setHandler(judgeBy((h, item) => (item === key(7) ? null : 6 - h)));
    const run = await runAndWait(c, { projectId, setId });
    expect(run).toMatchObject({ status: "completed", failedCount: 1, calibrated: false });
    expect(run.results!.kappa).toBeLessThan(0);
    expect(run.results!.n).toBe(N - 1);
    expect(run.results!.notes.join(" ")).toMatch(/1 item\(s\) failed/);
    expect(run.judgments.find((j) => j.itemKey === key(7))).toMatchObject({
      score: null,
      error: expect.stringMatching(/could not be parsed/),
    });
    const g = await viewer.caller.graders.get({ projectId, graderId });
    expect(g.calibration).toMatchObject({ status: "uncalibrated", runId: run.id });
    expect(g.calibration.kappa).toBeLessThan(0);
    const sets = await viewer.caller.calibration.listSets({ projectId, graderId });
    expect(sets[0]).toMatchObject({ id: setId, labelCount: N, latestRun: { id: run.id, calibrated: false } });
    expect(await viewer.caller.calibration.runs({ projectId, setId })).toHaveLength(3);
  });

  it("a new grader version makes the calibration stale until re-run", async () => {
    fake.reset();
    fake.setHandler(judgeBy((h) => h));
    await runAndWait(c, { projectId, setId });
    expect((await c.graders.get({ projectId, graderId })).calibration.status).toBe("calibrated");
    await c.graders.createVersion({
      projectId,
      name: "support",
      config: { ...JUDGE, samples: 2 },
      message: "two samples",
    });
    expect((await c.graders.get({ projectId, graderId })).calibration).toMatchObject({
      status: "stale",
      graderVersion: 1,
    });
    expect((await c.calibration.getSet({ projectId, setId })).runs[0]).toMatchObject({ stale: true });
    const preview = await c.graders.preview({ projectId, graderId, item: { output: `answer for ${key(0)}` } });
    expect(preview.calibration).toMatchObject({ status: "stale" });
    const rerun = await runAndWait(c, { projectId, setId });
    expect(rerun).toMatchObject({ graderVersion: { version: 2 }, calibrated: true, stale: false });
    expect(rerun.judgments[0]!.samples).toHaveLength(2);
    expect((await c.graders.get({ projectId, graderId })).calibration).toMatchObject({
      status: "calibrated",
      graderVersion: 2,
    });

    // A stricter threshold turns the same κ into "uncalibrated" without a re-run.
    fake.setHandler(judgeBy((h) => (h === 5 ? 4 : h)));
    await runAndWait(c, { projectId, setId });
    await c.calibration.updateSet({ projectId, setId, kappaThreshold: 0.99 });
    expect((await c.graders.get({ projectId, graderId })).calibration.status).toBe("uncalibrated");
  });

  it("a refused key aborts the run with a clear error and stores it as failed", async () => {
    const other = await newTenant("calibration-badkey");
    const p = other.project.id;
    const oc = other.owner.caller;
    await oc.providers.set({ projectId: p, provider: "anthropic", apiKey: "sk-ant-wrong-key-0000", baseUrl: fake.url });
    const g = await oc.graders.createVersion({ projectId: p, name: "j", config: JUDGE, message: "m" });
    const ds = await oc.datasets.create({ projectId: p, name: "d", description: null });
    await oc.datasets.importFile({
      projectId: p,
      datasetId: ds.id,
      format: "jsonl",
      content: jsonl({ id: "a", input: "q", expectedOutput: "x" }, { id: "b", input: "q", expectedOutput: "y" }),
      mode: "append",
    });
    const set = await oc.calibration.createSet({ projectId: p, name: "s", graderId: g.grader.id, datasetId: ds.id });
    await oc.calibration.setLabel({ projectId: p, setId: set.id, itemKey: "a", humanScore: 2 });
    await oc.calibration.setLabel({ projectId: p, setId: set.id, itemKey: "b", humanScore: 4 });
    // Checked at once: the key is only refused by the provider, in the job, which fails the run.
    const done = await runAndWait(oc, { projectId: p, setId: set.id });
    expect(done).toMatchObject({ status: "failed", error: expect.stringMatching(/refused the API key/) });
    const [failed] = await oc.calibration.runs({ projectId: p, setId: set.id });
    expect(failed).toMatchObject({ status: "failed", error: expect.stringMatching(/refused the API key/) });
    expect((await oc.graders.get({ projectId: p, graderId: g.grader.id })).calibration.status).toBe("not_run");
  });

  it("another tenant cannot see, label or run a set, nor point a set at foreign ids", async () => {
    const b = await newTenant("calibration-spy");
    const bp = b.project.id;
    const bc = b.owner.caller;
    const runId = (await c.calibration.runs({ projectId, setId }))[0]!.id;
    await expectTrpcError(bc.calibration.getSet({ projectId: bp, setId }), "NOT_FOUND");
    await expectTrpcError(bc.calibration.items({ projectId: bp, setId }), "NOT_FOUND");
    await expectTrpcError(
      bc.calibration.setLabel({ projectId: bp, setId, itemKey: key(0), humanScore: 1 }),
      "NOT_FOUND",
    );
    await expectTrpcError(bc.calibration.run({ projectId: bp, setId }), "NOT_FOUND");
    await expectTrpcError(bc.calibration.getRun({ projectId: bp, runId }), "NOT_FOUND");
    await expectTrpcError(bc.calibration.getSet({ projectId, setId }), "NOT_FOUND");
    await expectTrpcError(bc.calibration.createSet({ projectId: bp, name: "steal", graderId, datasetId }), "NOT_FOUND");
    expect(await bc.calibration.listSets({ projectId: bp })).toEqual([]);
    await expectTrpcError(member.caller.calibration.deleteSet({ projectId, setId }), "FORBIDDEN");
  });
});
