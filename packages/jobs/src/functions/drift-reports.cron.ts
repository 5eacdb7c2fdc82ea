import { dueDriftProjects, startScheduledDriftReport } from "@yardstick/server/services/drift";
import { cron } from "inngest";
import { inngest } from "../client";
import { driftReportRequested } from "../events";

/**
 * Every five minutes: starts the drift report of each project whose schedule (Drift settings,
 * a cron in UTC) is due, judged at the tick's own time; the slot is claimed first, so a retried or
 * duplicated tick starts one report per slot.
 */
export const driftReportsFn = inngest.createFunction(
  { id: "drift-reports", name: "Scheduled drift reports", triggers: [cron("*/5 * * * *")], retries: 2 },
  async ({ event, step }) => {
    const started = await step.run("start-due", async () => {
      const now = new Date(event.ts ?? Date.now());
      const out: Array<{ projectId: string; reportId: string }> = [];
      for (const projectId of await dueDriftProjects(now)) {
        try {
          const r = await startScheduledDriftReport(projectId, now);
          if (r) out.push({ projectId, reportId: r.id });
        } catch (e) {
          console.error("drift report did not start", projectId, e);
        }
      }
      return out;
    });
    if (started.length) {
      await step.sendEvent(
        "enqueue-reports",
        started.map((s) => driftReportRequested.create(s)),
      );
    }
    return { started };
  },
);
