import { countJobRunsByStatus } from "@yardstick/db";
import { cron } from "inngest";
import { inngest } from "../client";

/**
 * Hourly heartbeat: its run is the record that the job server ticks, and its output counts the
 * last hour's runs by status (with an Inngest server those live there, so the counts are 0).
 */
export const jobsHeartbeatFn = inngest.createFunction(
  { id: "jobs-heartbeat", name: "Jobs heartbeat", triggers: [cron("0 * * * *")], retries: 1 },
  async ({ step }) => {
    return step.run("count-recent-runs", async () => {
      const since = new Date(Date.now() - 3_600_000);
      return { since: since.toISOString(), runs: await countJobRunsByStatus(since) };
    });
  },
);
