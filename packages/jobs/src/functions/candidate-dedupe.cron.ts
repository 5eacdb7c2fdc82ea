import { dedupeCandidatesBySimilarity, listProjectsToDedupe } from "@yardstick/server/services/candidate-dedupe";
import { cron } from "inngest";
import { inngest } from "../client";

/**
 * Every minute: in each project with candidates the job has not compared yet, folds
 * near-identical open candidates into the oldest (embeddings when the project has an embedding
 * provider, else TF-IDF, recorded on the candidate). One step per project.
 */
export const candidateDedupeFn = inngest.createFunction(
  { id: "candidate-dedupe", name: "Candidate similarity dedupe", triggers: [cron("* * * * *")], retries: 2 },
  async ({ step }) => {
    const projects = await step.run("projects", () => listProjectsToDedupe(100));
    const results: Array<{ projectId: string; method: string; merged: number }> = [];
    for (const projectId of projects) {
      const r = await step.run(`dedupe-${projectId}`, () => dedupeCandidatesBySimilarity(projectId));
      results.push({ projectId, method: r.method, merged: r.merged });
    }
    return { results };
  },
);
