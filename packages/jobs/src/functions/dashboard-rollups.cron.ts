import { cron } from "inngest";
import { inngest } from "../client";

/**
 * Every minute: rebuild the dashboard roll-ups of hours that ingest marked dirty (all projects,
 * oldest first, bounded per run). A dashboard read also rebuilds its own window's few dirty hours
 * first, so this sweep keeps large backfills and quiet projects current.
 */
export const dashboardRollupsFn = inngest.createFunction(
  {
    id: "dashboard-rollups",
    name: "Dashboard roll-ups",
    triggers: [cron("* * * * *")],
    retries: 1,
    concurrency: { limit: 1 },
  },
  async ({ step }) => {
    return step.run("rebuild-dirty-hours", async () => {
      const { rebuildDirtyRollupsSweep } = await import("@yardstick/server/services/dashboards");
      return rebuildDirtyRollupsSweep(2000);
    });
  },
);
