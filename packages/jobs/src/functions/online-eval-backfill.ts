import { isAppError } from "@yardstick/server";
import { failOnlineBackfill, runOnlineBackfillPage } from "@yardstick/server/services/online-evals";
import { NonRetriableError } from "inngest";
import { inngest } from "../client";
import { onlineBackfillRequested } from "../events";

/** Judges a rule over a past window, 100 traces per step; progress is stored on the backfill after each page. */
export const onlineEvalBackfillFn = inngest.createFunction(
  {
    id: "online-eval-backfill",
    name: "Online evaluators: backfill a rule",
    triggers: [onlineBackfillRequested],
    concurrency: [{ key: "event.data.projectId", limit: 1 }],
    retries: 3,
    onFailure: async ({ event, error }) => {
      const { projectId, backfillId } = event.data.event.data as { projectId: string; backfillId: string };
      await failOnlineBackfill(projectId, backfillId, `The backfill's job failed: ${error.message}`).catch(() => {});
    },
  },
  async ({ event, step }) => {
    const { projectId, backfillId } = event.data;
    let cursor: { timestamp: string; id: string } | null = null;
    let pages = 0;
    // At most 1,000 pages (100,000 traces) per backfill.
    for (let i = 0; i < 1000; i++) {
      const at: { timestamp: string; id: string } | null = cursor;
      cursor = await step.run(`page-${i}`, async () => {
        try {
          return await runOnlineBackfillPage(projectId, backfillId, at);
        } catch (e) {
          if (isAppError(e)) {
            await failOnlineBackfill(projectId, backfillId, e.message);
            throw new NonRetriableError(e.message);
          }
          throw e;
        }
      });
      pages++;
      if (!cursor) break;
    }
    return { backfillId, pages };
  },
);
