import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished, vi } from "vitest";
import type { VirtualClock } from "@yardstick/jobs/embedded";
import { experimentsTenant, userTextOf, waitForRun, type TExperimentsTenant } from "./experiments-fixtures";

// The executor driving an experiment run is SIGKILLed mid-run; another executor takes the run over
// when the lease expires and finishes it without calling the model again for stored cases.
// The in-test executor runs only when told (drain), on a virtual clock that can pass the lease.
const jobs = await vi.hoisted(async () => {
  const { VirtualClock } = await import("@yardstick/jobs/embedded");
  return (await import("./job-server")).startJobServer({ autoRun: false, clock: new VirtualClock(new Date()) });
});
beforeAll(() => jobs.serveApp());
afterAll(() => jobs.stop());

const N = 80;
const KILL_AFTER = 54; // cases stored when the executor is killed
const LEASE_MS = 3_000;

describe("experiment run: the executor killed mid-run", () => {
  let x: TExperimentsTenant;
  beforeAll(async () => {
    x = await experimentsTenant(N);
  });
  afterAll(() => x.fake.close());

  it("resumes on another executor, stores every case once and repeats no stored case's calls", async () => {
    x.fake.setHandler(() => ({ type: "text", text: "answer", delayMs: 40 }));
    const created = await x.c.experiments.create({
      projectId: x.projectId,
      datasetId: x.datasetId,
      arms: [{ promptId: x.promptId, version: 1 }],
      graders: [{ graderId: x.exactId }],
      concurrency: 4,
    });

    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./fixtures/executor-process.ts", import.meta.url))],
      {
        env: {
          ...process.env,
          JOBS_TEST_DATABASE_URL: inject("databaseUrl"),
          JOBS_TEST_SIGNING_KEY: jobs.signingKey,
          JOBS_TEST_LEASE_MS: String(LEASE_MS),
        },
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    const exited = new Promise((resolve) => child.on("exit", resolve));
    onTestFinished(() => void child.kill("SIGKILL")); // never left running when the test fails early
    // Kill it mid-run, once some cases are stored.
    for (let i = 0; ; i++) {
      const p = await x.c.experiments.progress({ projectId: x.projectId, runId: created.id });
      if (p.doneCases >= KILL_AFTER) break;
      expect(i, "the child executor never stored cases").toBeLessThan(1_000);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    await exited;
    const cut = await x.c.experiments.progress({ projectId: x.projectId, runId: created.id });
    expect(cut).toMatchObject({ status: "running" });
    expect(cut.doneCases).toBeLessThan(N);
    const storedAtKill = await x.c.experiments.cases({ projectId: x.projectId, runId: created.id, limit: 200 });
    const before = new Set(storedAtKill.cases.map((c) => c.itemKey));
    expect(before.size).toBeGreaterThanOrEqual(KILL_AFTER);

    // This executor cannot take the run while the dead one's lease holds; after it, it finishes it.
    // (The step in flight goes on in the app, which is alive: its answer just has nobody to hear it.)
    await jobs.executor.drain();
    expect(await x.c.experiments.progress({ projectId: x.projectId, runId: created.id })).toMatchObject({
      status: "running",
    });
    (jobs.executor.clock as VirtualClock).advance(LEASE_MS + 60_000);
    await jobs.executor.drain();
    const run = await waitForRun(x, created.id, 5_000);
    expect(run).toMatchObject({ status: "completed", totalCases: N, doneCases: N, errorCases: 0 });

    // Every case stored once; the model was called once per case, plus at most the calls of the
    // cases in flight (or finished but not yet written) when the executor died.
    const page = await x.c.experiments.cases({ projectId: x.projectId, runId: created.id, limit: 200 });
    expect(new Set(page.cases.map((c) => c.itemKey)).size).toBe(N);
    const calls = new Map<string, number>();
    for (const r of x.fake.requests) calls.set(userTextOf(r), (calls.get(userTextOf(r)) ?? 0) + 1);
    expect(calls.size).toBe(N);
    const repeated = [...calls.entries()].filter(([, n]) => n > 1).map(([q]) => q);
    expect(x.fake.requests.length - N).toBe(repeated.length);
    expect(repeated.length).toBeLessThanOrEqual(N - before.size);
    // None of the cases stored before the kill was called again ("q-012" is item-012's question).
    expect(repeated.filter((q) => before.has(`item-${q.slice(2)}`))).toEqual([]);
  }, 60_000);
});
