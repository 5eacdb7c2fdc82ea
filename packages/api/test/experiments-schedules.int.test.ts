import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dueSchedules, startScheduledRun } from "@yardstick/server/services/experiment-schedules";
import { addMember, expectTrpcError } from "./helpers";
import { experimentsTenant, type TExperimentsTenant } from "./experiments-fixtures";

// Scheduled runs: CRUD through tRPC, and the two functions the cron job will call.
describe("scheduled experiment runs", () => {
  let x: TExperimentsTenant;
  let input: Parameters<TExperimentsTenant["c"]["experiments"]["createSchedule"]>[0];
  beforeAll(async () => {
    x = await experimentsTenant(4);
    input = {
      projectId: x.projectId,
      name: "nightly",
      datasetId: x.datasetId,
      promptId: x.promptId,
      promptLabel: "staging",
      graders: [{ graderId: x.exactId, threshold: 1 }],
      cron: "*/5 * * * *",
    };
  });
  afterAll(() => x.fake.close());

  it("validates a schedule as a run definition at save, naming the field", async () => {
    const bad: Array<[object, "BAD_REQUEST" | "NOT_FOUND", string]> = [
      [{ cron: "every night" }, "BAD_REQUEST", "cron"],
      [{ cron: "61 * * * *" }, "BAD_REQUEST", "cron"],
      [{ promptLabel: "nope" }, "NOT_FOUND", "promptLabel"],
      [{ concurrency: 0 }, "BAD_REQUEST", "concurrency"],
    ];
    for (const [change, code, field] of bad) {
      const err = await expectTrpcError(x.c.experiments.createSchedule({ ...input, ...change }), code);
      const shape = err as unknown as { cause?: { field?: string } };
      expect(shape.cause?.field ?? err.message, JSON.stringify(change)).toContain(field);
    }
    expect(await x.c.experiments.schedules({ projectId: x.projectId })).toEqual([]);
    const viewer = await addMember(x.t, "VIEWER");
    await expectTrpcError(viewer.caller.experiments.createSchedule(input), "FORBIDDEN");
  });

  it("a due schedule starts one run per slot with the label resolved at start", async () => {
    const s = await x.c.experiments.createSchedule(input);
    expect(s.nextRunAt!.getTime()).toBeGreaterThan(s.createdAt.getTime());
    await expectTrpcError(x.c.experiments.createSchedule(input), "CONFLICT");
    const mine = async (now: Date) => (await dueSchedules(now)).filter((d) => d.scheduleId === s.id);
    expect(await mine(new Date(s.createdAt.getTime() + 1000))).toEqual([]);
    const later = new Date(s.nextRunAt!.getTime() + 1000);
    expect(await mine(later)).toEqual([
      { scheduleId: s.id, projectId: x.projectId, name: "nightly", dueAt: s.nextRunAt },
    ]);

    const run = await startScheduledRun(x.projectId, s.id, later);
    expect(run).toMatchObject({ status: "queued", scheduledRunId: s.id, name: "nightly (scheduled)" });
    expect(run!.config.arms[0]).toMatchObject({ label: "staging", promptVersion: 2 });
    expect(run!.config.graders[0]).toMatchObject({ graderId: x.exactId, threshold: 1 });
    // Another tick for the same slot starts nothing; the schedule is not due again until its next slot.
    expect(await startScheduledRun(x.projectId, s.id, later)).toBeNull();
    expect(await mine(new Date(later.getTime() + 1000))).toEqual([]);
    const [listed] = await x.c.experiments.schedules({ projectId: x.projectId });
    expect(listed).toMatchObject({ lastRunId: run!.id, lastRunAt: later });

    const disabled = await x.c.experiments.updateSchedule({ projectId: x.projectId, scheduleId: s.id, enabled: false });
    expect(disabled).toMatchObject({ enabled: false, cron: "*/5 * * * *", promptLabel: "staging" });
    expect(await mine(new Date(later.getTime() + 3600_000))).toEqual([]);
    await x.c.experiments.deleteSchedule({ projectId: x.projectId, scheduleId: s.id });
    await expectTrpcError(x.c.experiments.deleteSchedule({ projectId: x.projectId, scheduleId: s.id }), "NOT_FOUND");
  });
});
