import { claimJobRuns, commitJobProgress, insertJobRuns } from "@yardstick/db";
import { describe, expect, it } from "vitest";
import { addMember, expectTrpcError, newTenant, newUser } from "./helpers";
import { experimentsTenant } from "./experiments-fixtures";

// The Jobs page's data: runs of the project only, newest first, with attempts and duration.
describe("jobs.listRuns", () => {
  it("lists the project's runs with status, attempts, duration and error; never another tenant's", async () => {
    const a = await newTenant("jobs-a");
    const b = await newTenant("jobs-b");
    const t0 = new Date("2026-05-01T10:00:00Z");
    const run = (projectId: string, key: string) => ({
      functionId: "yardstick-project-ping",
      projectId,
      event: { name: "yardstick/project.ping", data: { projectId } },
      concurrencyKey: null,
      nextRunAt: t0,
      dedupeKey: `${key}:${projectId}`,
    });
    // A run that failed after three attempts, written through the executor's own path.
    await insertJobRuns([run(a.project.id, "done")]);
    const lease = { owner: "test", now: t0, leaseUntil: new Date(t0.getTime() + 60_000) };
    const [claimed] = await claimJobRuns(
      { ...lease, scan: 10, perKey: 1, functionIds: ["yardstick-project-ping"] },
      (c) => c.map((r) => r.id),
    );
    await commitJobProgress(claimed!.id, "test", { run: { attempt: 2, addFailure: true } });
    await commitJobProgress(claimed!.id, "test", { run: { addFailure: true } });
    const failed = await commitJobProgress(claimed!.id, "test", {
      run: {
        status: "failed",
        addFailure: true,
        endedAt: new Date(t0.getTime() + 4_500),
        error: { name: "NonRetriableError", message: "bad input" },
      },
    });
    expect(failed).toBe(true);
    await insertJobRuns([run(a.project.id, "queued"), run(b.project.id, "other")]);

    const rows = await a.owner.caller.jobs.listRuns({ projectId: a.project.id });
    expect(rows.map((r) => [r.functionId, r.status, r.attempts, r.durationMs, r.error])).toEqual([
      ["project-ping", "queued", 0, null, null],
      ["project-ping", "failed", 3, 4_500, "NonRetriableError: bad input"],
    ]);
    const viewer = await addMember(a, "VIEWER");
    expect(await viewer.caller.jobs.listRuns({ projectId: a.project.id, limit: 1 })).toHaveLength(1);
    await expectTrpcError(b.owner.caller.jobs.listRuns({ projectId: a.project.id }), "NOT_FOUND");
    await expectTrpcError((await newUser()).caller.jobs.listRuns({ projectId: a.project.id }), "NOT_FOUND");
    await expectTrpcError(a.owner.caller.jobs.listRuns({ projectId: a.project.id, limit: 0 }), "BAD_REQUEST");
  });

  it("ping needs MEMBER and answers PRECONDITION_FAILED when no job server takes events", async () => {
    const a = await newTenant("jobs-ping");
    const viewer = await addMember(a, "VIEWER");
    await expectTrpcError(viewer.caller.jobs.ping({ projectId: a.project.id }), "FORBIDDEN");
    const err = await expectTrpcError(a.owner.caller.jobs.ping({ projectId: a.project.id }), "PRECONDITION_FAILED");
    expect(err.message).toMatch(/job server did not take the event/);
  });

  it("experiments.create without a job server answers PRECONDITION_FAILED and fails the run it wrote", async () => {
    const x = await experimentsTenant(2);
    try {
      const input = {
        projectId: x.projectId,
        datasetId: x.datasetId,
        arms: [{ promptId: x.promptId, version: 1 }],
        graders: [{ graderId: x.exactId }],
      };
      const err = await expectTrpcError(x.c.experiments.create(input), "PRECONDITION_FAILED");
      expect(err.message).toMatch(/job server did not take the event/);
      const { runs } = await x.c.experiments.list({ projectId: x.projectId });
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: "failed", error: expect.stringMatching(/job server did not take/) });
      expect(x.fake.requests).toHaveLength(0);
    } finally {
      await x.fake.close();
    }
  });
});
