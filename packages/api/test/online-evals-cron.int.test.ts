// The idle-timeout path on the deterministic harness: the embedded executor's virtual clock drives
// the online-eval-scan cron over /api/inngest; a trace without an end marker is judged only once
// the project's idle timeout has passed since its last activity, and exactly once.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@yardstick/db";
import type { VirtualClock } from "@yardstick/jobs/embedded";
import { newTenant } from "./helpers";
import { ev, post } from "./ingest-fixtures";

const jobs = await vi.hoisted(async () => {
  const { VirtualClock } = await import("@yardstick/jobs/embedded");
  return (await import("./job-server")).startJobServer({ autoRun: false, clock: new VirtualClock(new Date()) });
});
beforeAll(() => jobs.serveApp());
afterAll(() => jobs.stop());

describe("online-eval-scan cron", () => {
  it("judges an idle trace after the timeout, once", async () => {
    const t = await newTenant("online-cron");
    const projectId = t.project.id;
    const c = t.owner.caller;
    const clock = jobs.executor.clock as VirtualClock;
    await jobs.executor.drain(); // the cron's first tick only sets its cursor
    const g = await c.graders.createVersion({
      projectId,
      name: "has-answer",
      config: { type: "contains_any", values: ["answer"] },
      message: "v1",
    });
    await c.onlineEvals.setSettings({ projectId, idleTimeoutSeconds: 120 });
    const rule = await c.onlineEvals.create({ projectId, name: "all", graderId: g.grader.id, sampling: { rate: 1 } });
    const secret = (await c.apiKeys.create({ projectId, name: "k", scopes: ["ingest"] })).secret;
    // The trace's last activity is stamped with the real clock; bring the virtual one up to it (setup
    // can take a minute on a loaded machine, which made the trace look younger than the ticks).
    clock.advance(Math.max(0, Date.now() - clock.now().getTime()));
    const traceId = randomUUID();
    const res = await post(secret, {
      batch: [ev("trace-create", { id: traceId, name: "chat", input: "q", output: "the answer" })],
    });
    expect(res.status).toBe(207);
    const scores = () =>
      getDb().score.findMany({ where: { projectId, source: "EVAL" }, select: { traceId: true, value: true } });

    // One minute later the trace has been idle for 60 s < 120 s: not complete yet.
    clock.advance(60_000);
    await jobs.executor.drain();
    expect(await scores()).toEqual([]);

    // Ticks fall on whole minutes: four minutes later the last tick is past 120 s of idleness. Judged.
    clock.advance(180_000);
    await jobs.executor.drain();
    expect(await scores()).toEqual([{ traceId, value: 1 }]);

    // Later ticks judge nothing twice.
    clock.advance(60_000);
    await jobs.executor.drain();
    expect(await scores()).toHaveLength(1);
    expect((await c.onlineEvals.get({ projectId, ruleId: rule.id })).recent).toHaveLength(1);
  }, 60_000);
});
