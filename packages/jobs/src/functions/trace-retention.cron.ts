import { listRetentionProjects, purgeExpiredTraces } from "@yardstick/server/services/trace-retention";
import { cron } from "inngest";
import { inngest } from "../client";

/**
 * Every hour at :17: for each project with a trace retention setting, deletes the traces older
 * than it in batches of 1,000 (each its own short statement; see deleteExpiredTraceBatch), at most
 * 200 batches per project per run so one run stays bounded; a backlog is finished by later runs.
 * One step per project: a retry does not repeat the projects already purged.
 */
export const traceRetentionFn = inngest.createFunction(
  {
    id: "trace-retention",
    name: "Trace retention",
    triggers: [cron("17 * * * *")],
    retries: 2,
  },
  async ({ step }) => {
    const projects = await step.run("list-projects", async () => listRetentionProjects());
    const purged = [];
    for (const p of projects) {
      purged.push(await step.run(`purge-${p.id}`, async () => purgeExpiredTraces(p.id, p.traceRetentionDays!)));
    }
    return { purged };
  },
);
