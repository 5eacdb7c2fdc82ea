// Similarity dedupe of the candidate queue (run by the candidate-dedupe job): open candidates
// whose inputs are near-identical collapse into the oldest. Embeddings from the project's
// provider when one is configured, else a lexical TF-IDF cosine, recorded as such.
import {
  CANDIDATE_SIMILARITY_THRESHOLD,
  similarityGroups,
  tfidfIndex,
  type TSimilarityMethod,
} from "@yardstick/core/feedback";
import { cosineSimilarity } from "@yardstick/core/graders";
import { listOpenCandidateTexts, mergeCandidateRows, projectsWithUndedupedCandidates } from "@yardstick/db";
import { embed, hasEmbeddingProvider } from "@yardstick/llm";
import { projectProviderSettings } from "./providers";

/** Open candidates compared per run; the oldest are kept, newer ones fold into them. */
const MAX_COMPARED = 2000;

export const listProjectsToDedupe = (limit = 100) => projectsWithUndedupedCandidates(limit);

export async function dedupeCandidatesBySimilarity(
  projectId: string,
  opts: { threshold?: number } = {},
): Promise<{ method: TSimilarityMethod; compared: number; merged: number; groups: number }> {
  const rows = await listOpenCandidateTexts(projectId, MAX_COMPARED);
  if (rows.length === 0) return { method: "tf-idf", compared: 0, merged: 0, groups: 0 };
  const settings = await projectProviderSettings(projectId);
  let method: TSimilarityMethod = "tf-idf";
  let similarity: (a: number, b: number) => number;
  const texts = rows.map((r) => r.inputText);
  if (rows.some((r) => !r.dedupedAt) && rows.length > 1 && hasEmbeddingProvider(settings)) {
    const { vectors } = await embed(texts, {}, { ...settings, maxRetries: 2, timeoutMs: 60_000 });
    method = "embedding";
    similarity = (a, b) => cosineSimilarity(vectors[a]!, vectors[b]!);
  } else {
    similarity = tfidfIndex(texts).cosine;
  }
  const threshold = opts.threshold ?? CANDIDATE_SIMILARITY_THRESHOLD[method];
  // Only pairs involving a candidate not yet looked at can be new matches.
  const fresh = new Set(rows.flatMap((r, i) => (r.dedupedAt ? [] : [i])));
  const sim = (a: number, b: number) => (fresh.has(a) || fresh.has(b) ? similarity(a, b) : 0);
  const groups = fresh.size
    ? similarityGroups(
        rows.map((_, i) => i),
        sim,
        threshold,
      )
    : [];
  await mergeCandidateRows(
    projectId,
    groups.map((g) => ({ keepId: rows[g[0]!]!.id, mergeIds: g.slice(1).map((i) => rows[i]!.id) })),
    method,
    rows.filter((r) => !r.dedupedAt).map((r) => r.id),
  );
  return {
    method,
    compared: rows.length,
    merged: groups.reduce((s, g) => s + g.length - 1, 0),
    groups: groups.length,
  };
}
