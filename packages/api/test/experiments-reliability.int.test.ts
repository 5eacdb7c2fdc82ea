import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TFakeAnthropicReply, TRecordedRequest } from "@yardstick/llm/testing";
import { createExperimentRun } from "@yardstick/server/services/experiments";
import { runExperimentChunk, finalizeExperimentRun } from "@yardstick/server/services/experiment-runner";
import {
  experimentsTenant,
  isJudgeCall,
  itemKey,
  judgeGrade,
  userTextOf,
  waitForRun,
  type TExperimentsTenant,
} from "./experiments-fixtures";

// Runs start as jobs: an embedded executor drives them through the app's /api/inngest handlers
// (started before the Inngest client is imported, which reads INNGEST_* once).
const jobs = await vi.hoisted(async () => (await import("./job-server")).startJobServer());
beforeAll(() => jobs.serveApp());
afterAll(() => jobs.stop());

// Provider errors during a run: retried after the server's Retry-After (never sooner), each case
// stored exactly once, a case that keeps failing stored as an error without failing the run.
const N = 30;
const bodyKey = (req: TRecordedRequest) => createHash("sha256").update(JSON.stringify(req.body)).digest("hex");
/** A stable pseudo-random number in [0, 1) per request body. */
const unit = (key: string) => parseInt(key.slice(0, 8), 16) / 2 ** 32;

async function allCases(x: TExperimentsTenant, runId: string) {
  const out = [];
  let cursor: string | undefined;
  do {
    const page = await x.c.experiments.cases({ projectId: x.projectId, runId, limit: 200, cursor });
    out.push(...page.cases);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

describe("experiment runs under provider errors", () => {
  let x: TExperimentsTenant;
  let definition: Parameters<TExperimentsTenant["c"]["experiments"]["create"]>[0];
  beforeAll(async () => {
    x = await experimentsTenant(N);
    definition = {
      projectId: x.projectId,
      datasetId: x.datasetId,
      arms: [{ promptId: x.promptId, version: 1 }],
      graders: [{ graderId: x.exactId }, { graderId: x.judgeId }],
      concurrency: 8,
    };
  });
  afterAll(() => x.fake.close());

  it("30% of calls answered 429/529/500 with Retry-After: the run completes, each case stored once, no retry before its Retry-After", async () => {
    const failed = new Map<string, { at: number; waitMs: number }>();
    const statuses = [429, 529, 500];
    x.fake.setHandler((req): TFakeAnthropicReply | undefined => {
      const key = bodyKey(req);
      const ok = isJudgeCall(req) ? judgeGrade(5) : undefined;
      // The first attempt of 30% of distinct requests fails; retries of it succeed.
      if (failed.has(key) || unit(key) >= 0.3) return ok;
      const r = unit(key.slice(8));
      const waitMs = r < 0.5 ? 250 : 1000;
      failed.set(key, { at: req.receivedAt, waitMs });
      const status = statuses[Math.floor(r * 3)]!;
      return waitMs === 1000
        ? { type: "error", status, retryAfter: 1 }
        : { type: "error", status, retryAfterMs: waitMs };
    });
    const run = await waitForRun(x, (await x.c.experiments.create(definition)).id);
    expect(run).toMatchObject({ status: "completed", totalCases: N, doneCases: N, errorCases: 0, verdict: "PASS" });

    // Roughly 30% of the 60 distinct calls failed once; every one was retried, none too early.
    expect(failed.size).toBeGreaterThanOrEqual(8);
    const byKey = new Map<string, number[]>();
    for (const r of x.fake.requests) byKey.set(bodyKey(r), [...(byKey.get(bodyKey(r)) ?? []), r.receivedAt]);
    for (const [key, f] of failed) {
      const times = byKey.get(key)!;
      expect(times, "a failed call is retried exactly once").toHaveLength(2);
      expect(times[1]! - f.at, `retry after ${f.waitMs} ms`).toBeGreaterThanOrEqual(f.waitMs - 2);
    }
    const cases = await allCases(x, run.id);
    expect(cases.map((c) => c.itemKey).sort()).toEqual(Array.from({ length: N }, (_, i) => itemKey(i)));
    expect(cases.every((c) => c.error === null && c.passed)).toBe(true);
  });

  it("the same chunk processed twice at once (a retried job step) stores and counts each case once", async () => {
    x.fake.reset();
    x.fake.setHandler((req) =>
      isJudgeCall(req) ? judgeGrade(5) : { type: "text", text: `fresh ${userTextOf(req)}`, delayMs: 5 },
    );
    // Created through the service: nothing starts it, the two chunk calls below are the only drivers.
    const run = await createExperimentRun(x.projectId, x.t.owner.id, { ...definition, repeats: 2, name: "twice" });
    const chunk = { offset: 0, limit: 2 * N };
    const [a, b] = await Promise.all([
      runExperimentChunk(x.projectId, run.id, chunk),
      runExperimentChunk(x.projectId, run.id, chunk),
    ]);
    expect(a.inserted + b.inserted).toBe(2 * N);
    const again = await runExperimentChunk(x.projectId, run.id, chunk);
    expect(again).toMatchObject({ processed: 0, inserted: 0 });
    await finalizeExperimentRun(x.projectId, run.id);
    const done = await x.c.experiments.get({ projectId: x.projectId, runId: run.id });
    expect(done).toMatchObject({ status: "completed", doneCases: 2 * N, totalCases: 2 * N });
    const cases = await allCases(x, run.id);
    expect(cases).toHaveLength(2 * N);
    expect(new Set(cases.map((c) => `${c.itemKey}/${c.repeat}`)).size).toBe(2 * N);
    // Finalizing again changes nothing.
    expect(await finalizeExperimentRun(x.projectId, run.id)).toMatchObject({ status: "completed", verdict: "PASS" });
  });

  it("a step whose time budget runs out stops taking cases and says where the next one starts", async () => {
    x.fake.reset();
    x.fake.setHandler((req) =>
      isJudgeCall(req) ? judgeGrade(5) : { type: "text", text: `budget ${userTextOf(req)}`, delayMs: 30 },
    );
    // A prompt version of its own: no output of it is cached, so every case calls the model.
    const own = await x.c.prompts.createVersion({
      projectId: x.projectId,
      name: "answerer",
      messages: [{ role: "user", content: "{{question}}" }],
      model: "claude-haiku-4-5",
      params: { maxTokens: 64 },
      system: "budgeted",
      commitMessage: "budget test",
    });
    const run = await createExperimentRun(x.projectId, x.t.owner.id, {
      ...definition,
      arms: [{ promptId: x.promptId, version: own.version.version }],
      concurrency: 2,
      name: "budget",
    });
    // 30 cases, 2 at a time, ~60 ms each: a 150 ms budget ends the first step after a few rounds.
    const first = await runExperimentChunk(x.projectId, run.id, { offset: 0, budgetMs: 150 });
    expect(first.status).toBe("running");
    expect(first.nextOffset).toBeGreaterThan(0);
    expect(first.nextOffset).toBeLessThan(N);
    expect(first.processed).toBe(first.nextOffset);
    // Everything before nextOffset is stored; nothing after it was started.
    const stored = await allCases(x, run.id);
    expect(stored.map((c) => c.itemKey).sort()).toEqual(Array.from({ length: first.nextOffset }, (_, i) => itemKey(i)));
    const calls = x.fake.requests.length;
    // A zero budget still makes progress (one case), so a step can never repeat itself forever.
    const tiny = await runExperimentChunk(x.projectId, run.id, { offset: first.nextOffset, budgetMs: 0 });
    expect(tiny.nextOffset).toBe(first.nextOffset + 1);
    const rest = await runExperimentChunk(x.projectId, run.id, { offset: tiny.nextOffset });
    expect(rest).toMatchObject({ nextOffset: N, totalCases: N, processed: N - tiny.nextOffset });
    // Each case's model call made once (plus its judge call): nothing before an offset ran again.
    expect(x.fake.requests.length).toBe(2 * N);
    expect(calls).toBe(2 * first.nextOffset);
    await finalizeExperimentRun(x.projectId, run.id);
    expect(await x.c.experiments.get({ projectId: x.projectId, runId: run.id })).toMatchObject({
      status: "completed",
      doneCases: N,
    });
  });

  it("a case whose call always fails is stored as an error and the run still completes", async () => {
    x.fake.reset();
    const doomed = "q-007";
    x.fake.setHandler((req) => {
      if (isJudgeCall(req)) return judgeGrade(5);
      return userTextOf(req) === doomed
        ? { type: "error", status: 529, retryAfterMs: 10 }
        : { type: "text", text: `again ${userTextOf(req)}` };
    });
    // Version 2: nothing of it is cached yet.
    const arms = [{ promptId: x.promptId, version: 2 }];
    const run = await waitForRun(x, (await x.c.experiments.create({ ...definition, arms, name: "doomed" })).id);
    expect(run).toMatchObject({ status: "completed", doneCases: N, errorCases: 1 });
    // 1 attempt + 4 retries, then the case is recorded.
    expect(x.fake.requests.filter((r) => !isJudgeCall(r) && userTextOf(r) === doomed)).toHaveLength(5);
    const failures = await x.c.experiments.cases({ projectId: x.projectId, runId: run.id, filter: "failures" });
    const errored = failures.cases.filter((c) => c.error !== null);
    expect(errored.map((c) => [c.itemKey, c.output, c.graderResults])).toEqual([[itemKey(7), null, []]]);
    expect(errored[0]!.error).toMatch(/^anthropic overloaded 529: /);
    expect(run.summary!.arms[0]!.overall).toMatchObject({ errorCases: 1, cases: N });
  }, 60_000);

  it("a refused API key fails the run at once with the provider's message instead of storing thousands of errors", async () => {
    x.fake.reset();
    const { baseUrl } = (await x.c.providers.list({ projectId: x.projectId }))[0]!;
    await x.c.providers.set({
      projectId: x.projectId,
      provider: "anthropic",
      apiKey: "sk-ant-wrong-key-0000",
      baseUrl,
    });
    try {
      const arms = [{ promptId: x.promptId, version: 2 }];
      const run = await waitForRun(
        x,
        (await x.c.experiments.create({ ...definition, arms, repeats: 3, concurrency: 2 })).id,
      );
      expect(run.status).toBe("failed");
      expect(run.error).toMatch(/refused the API key/);
      expect(run.verdict).toBeNull();
      // Only the calls already in flight were made: the run stopped at the first refusal.
      expect(x.fake.requests.length).toBeLessThanOrEqual(2);
    } finally {
      await x.c.providers.set({
        projectId: x.projectId,
        provider: "anthropic",
        apiKey: "sk-ant-graders-key-1234",
        baseUrl,
      });
    }
  });
});
