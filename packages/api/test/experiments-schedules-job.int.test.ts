import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { VirtualClock } from "@yardstick/jobs/embedded";
import { experimentsTenant, waitForRun, type TExperimentsTenant } from "./experiments-fixtures";

// A schedule fires on its own through the real job path: the executor's cron tick runs the
// scheduled-runs function over /api/inngest, which starts the run and enqueues it; the same
// executor then drives the run to its verdict. The executor's clock is virtual, so the test can
// step to the schedule's slot instead of waiting for it.
const jobs = await vi.hoisted(async () => {
  const { VirtualClock } = await import("@yardstick/jobs/embedded");
  return (await import("./job-server")).startJobServer({ autoRun: false, clock: new VirtualClock(new Date()) });
});
beforeAll(() => jobs.serveApp());
afterAll(() => jobs.stop());

describe("scheduled experiment runs through the cron job", () => {
  let x: TExperimentsTenant;
  beforeAll(async () => {
    x = await experimentsTenant(3);
  });
  afterAll(() => x.fake.close());

  it("a due schedule's tick starts one run, which completes; a second tick in the slot starts none", async () => {
    x.fake.setHandler(() => ({ type: "text", text: "answer" }));
    const clock = jobs.executor.clock as VirtualClock;
    await jobs.executor.drain(); // the cron's first tick only sets its cursor
    const schedule = await x.c.experiments.createSchedule({
      projectId: x.projectId,
      name: "hourly",
      datasetId: x.datasetId,
      promptId: x.promptId,
      promptLabel: "staging",
      graders: [{ graderId: x.exactId }],
      cron: "0 * * * *",
    });
    const runsOf = async () =>
      (await x.c.experiments.list({ projectId: x.projectId })).runs.filter((r) => r.scheduledRunId === schedule.id);

    // Before its slot, ticks start nothing.
    clock.advance(60_000);
    await jobs.executor.drain();
    expect(await runsOf()).toEqual([]);

    // Past the slot: the next tick starts the run and the executor drives it.
    clock.advance(schedule.nextRunAt!.getTime() + 30_000 - clock.now().getTime());
    await jobs.executor.drain();
    const runs = await runsOf();
    expect(runs).toHaveLength(1);
    const run = await waitForRun(x, runs[0]!.id, 30_000);
    expect(run).toMatchObject({ status: "completed", totalCases: 3, doneCases: 3 });
    expect(run.config.arms[0]).toMatchObject({ label: "staging" });

    // Another tick within the same hour: no second run.
    clock.advance(60_000);
    await jobs.executor.drain();
    expect(await runsOf()).toHaveLength(1);
    const [listed] = await x.c.experiments.schedules({ projectId: x.projectId });
    expect(listed).toMatchObject({ lastRunId: run.id });
  }, 60_000);
});
