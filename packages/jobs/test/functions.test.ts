import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { jobsHeartbeatFn } from "../src/functions/jobs-heartbeat.cron";
import { projectPingFn } from "../src/functions/project-ping";

// Function logic in-process with @inngest/test (no executor, no database): steps are mocked
// spies; step.sleep must be mocked or the run waits forever (inngest-js #801).

describe("project-ping", () => {
  it("receives, sleeps when asked, answers", async () => {
    const t = new InngestTestEngine({ function: projectPingFn });
    const { result, ctx } = await t.execute({
      events: [{ name: "yardstick/project.ping", data: { projectId: "p1", requestedBy: "ada", sleepSeconds: 5 } }],
      steps: [
        { id: "receive", handler: () => "2026-01-01T00:00:00.000Z" },
        { id: "pause", handler: () => null },
        { id: "answer", handler: () => "2026-01-01T00:00:05.000Z" },
      ],
    });
    expect(result).toEqual({
      projectId: "p1",
      requestedBy: "ada",
      receivedAt: "2026-01-01T00:00:00.000Z",
      answeredAt: "2026-01-01T00:00:05.000Z",
    });
    expect(ctx.step.sleep).toHaveBeenCalledWith("pause", "5s");
    expect(ctx.step.run.mock.calls.map((c: unknown[]) => c[0])).toEqual(["receive", "answer"]);
  });

  it("does not sleep when no pause is asked for", async () => {
    const t = new InngestTestEngine({ function: projectPingFn });
    const { result, ctx } = await t.execute({
      events: [{ name: "yardstick/project.ping", data: { projectId: "p1" } }],
    });
    expect(result).toMatchObject({ projectId: "p1", requestedBy: null });
    expect(ctx.step.sleep).not.toHaveBeenCalled();
  });

  it("rejects an event without a project (validated by the event's zod schema)", async () => {
    const t = new InngestTestEngine({ function: projectPingFn });
    const { error } = await t.execute({ events: [{ name: "yardstick/project.ping", data: { projectId: "" } }] });
    expect(String((error as Error).message ?? error)).toMatch(/projectId/);
  });
});

describe("jobs-heartbeat", () => {
  it("reports the counts its step returns", async () => {
    const t = new InngestTestEngine({ function: jobsHeartbeatFn });
    const counts = { since: "2026-01-01T00:00:00.000Z", runs: { completed: 3, failed: 1 } };
    const { result } = await t.execute({ steps: [{ id: "count-recent-runs", handler: () => counts }] });
    expect(result).toEqual(counts);
  });
});
