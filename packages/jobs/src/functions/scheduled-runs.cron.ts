import { dueSchedules, startScheduledRun } from "@yardstick/server/services/experiment-schedules";
import { cron } from "inngest";
import { inngest } from "../client";
import { experimentRequested } from "../events";

/**
 * Every minute: starts each due experiment schedule's run and enqueues it. "Due" is judged at the
 * tick's own time (the cron event's `ts`), so a tick handled late or retried starts the slots it
 * was for; startScheduledRun claims the slot, so a retried or duplicated tick starts one run per slot.
 */
export const scheduledRunsFn = inngest.createFunction(
  { id: "scheduled-runs", name: "Scheduled experiment runs", triggers: [cron("* * * * *")], retries: 2 },
  async ({ event, step }) => {
    const started = await step.run("start-due", async () => {
      const now = new Date(event.ts ?? Date.now());
      const out: Array<{ projectId: string; runId: string; scheduleId: string }> = [];
      for (const s of await dueSchedules(now)) {
        try {
          const run = await startScheduledRun(s.projectId, s.scheduleId, now);
          if (run) out.push({ projectId: s.projectId, runId: run.id, scheduleId: s.scheduleId });
        } catch (e) {
          // One broken schedule (its label removed) must not stop the others.
          console.error("scheduled run did not start", s.scheduleId, e);
        }
      }
      return out;
    });
    if (started.length) {
      await step.sendEvent(
        "enqueue-runs",
        started.map((s) => experimentRequested.create({ projectId: s.projectId, runId: s.runId })),
      );
    }
    return { started };
  },
);
