// Greedy grouping of near-identical candidates for the similarity dedupe job.

export type TSimilarityMethod = "embedding" | "tf-idf";

/** Default thresholds: embedding cosines run higher than lexical TF-IDF cosines for the same pair. */
export const CANDIDATE_SIMILARITY_THRESHOLD: Record<TSimilarityMethod, number> = { embedding: 0.92, "tf-idf": 0.8 };

/**
 * Folds items into groups: each item (in the given order, oldest first) joins the first group
 * whose representative (its first item) is at least `threshold` similar, else starts a group.
 * Returns the groups with more than one member as [keep, ...mergeIntoKeep].
 */
export function similarityGroups<T>(items: readonly T[], similarity: (a: T, b: T) => number, threshold: number): T[][] {
  const groups: T[][] = [];
  for (const item of items) {
    const g = groups.find((grp) => similarity(grp[0]!, item) >= threshold);
    if (g) g.push(item);
    else groups.push([item]);
  }
  return groups.filter((g) => g.length > 1);
}
