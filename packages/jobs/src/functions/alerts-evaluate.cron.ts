import { evaluateProjectAlerts, projectsWithAlertRules } from "@yardstick/server/services/alerts";
import { cron } from "inngest";
import { inngest } from "../client";
import { alertDeliverRequested } from "../events";

/**
 * Every minute: evaluates each project's enabled alert rules on the hourly roll-ups (one step per
 * project) and enqueues one delivery job per notification. Rule state moves by compare-and-set,
 * so a retried or duplicated tick notifies once.
 */
export const alertsEvaluateFn = inngest.createFunction(
  { id: "alerts-evaluate", name: "Alert rules", triggers: [cron("* * * * *")], retries: 1 },
  async ({ event, step }) => {
    const projects = await step.run("projects", () => projectsWithAlertRules());
    const now = new Date(event.ts ?? Date.now());
    let deliveries = 0;
    for (const projectId of projects) {
      const r = await step.run(`evaluate-${projectId}`, () => evaluateProjectAlerts(projectId, now));
      if (r.deliveries.length) {
        await step.sendEvent(
          `deliver-${projectId}`,
          r.deliveries.map((d) => alertDeliverRequested.create(d)),
        );
        deliveries += r.deliveries.length;
      }
    }
    return { projects: projects.length, deliveries };
  },
);
