import { dedupeCandidatesBySimilarity } from "@yardstick/server/services/candidate-dedupe";
import { backfillCandidates } from "@yardstick/server/services/candidates";
import { inngest } from "../client";
import { candidateBackfillRequested } from "../events";

/** Queues past negative feedback that is not a candidate yet, then dedupes by similarity. */
export const candidateBackfillFn = inngest.createFunction(
  {
    id: "candidate-backfill",
    name: "Candidate backfill",
    triggers: [candidateBackfillRequested],
    concurrency: [{ key: "event.data.projectId", limit: 1 }],
    retries: 2,
  },
  async ({ event, step }) => {
    const { projectId, days } = event.data;
    const queued = await step.run("backfill", () => backfillCandidates(projectId, { days }));
    const dedupe = await step.run("dedupe", () => dedupeCandidatesBySimilarity(projectId));
    return { scanned: queued.scanned, counted: queued.counted, created: queued.created.length, dedupe };
  },
);
