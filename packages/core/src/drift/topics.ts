import { jsDistance, psi } from "../stats/drift";

// Topics without a model: every document (a trace's input) is put in the cluster of its
// strongest TF-IDF term among the terms several documents share; a cluster is labelled by that
// term and the two terms most weighted with it. Deterministic and pure. Clusters of embeddings,
// when the project has an embedding provider, are in embedding-topics.ts (same result type).

const GENERIC = new Set(
  (
    "the and for with this that you your are was were have has had not but can could would should will " +
    "what when where which who how why from into about there their they them then than just also very " +
    "please thanks thank hello okay yes does did doing done get got make made want need like know " +
    "que para por con una los las del est pas les des une pour dans vous avec der die das und ist nicht " +
    "ich den mit ein eine sie auf für von wie het een van niet voor zijn mijn"
  ).split(" "),
);

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}[\p{L}\p{N}'-]{2,}/gu) ?? []).filter((w) => !GENERIC.has(w)).slice(0, 400);
}

export type TTopic = {
  key: string;
  label: string;
  refCount: number;
  curCount: number;
  refShare: number;
  curShare: number;
  /** Absent (< 0.5% share) from the reference window. */
  isNew: boolean;
  /** Indices (into the current documents) of up to 5 examples. */
  examples: number[];
};

export type TTopicComparison = {
  topics: TTopic[];
  jsDistance: number;
  psi: number;
  /** Share of current documents in topics absent from the reference. */
  newTopicShare: number;
  /** TF-IDF: the cluster terms; embeddings: 0 (see `clusters`). */
  clusterTerms: number;
  /** How documents were clustered; absent means TF-IDF terms. */
  method?: "tf-idf" | "embeddings";
  /** Embeddings: the number of k-means clusters (k). */
  clusters?: number;
};

const OTHER = "(other)";

export type TTermStats = {
  /** Term counts of each document. */
  tfs: Map<string, number>[];
  /** Documents containing each term. */
  df: Map<string, number>;
  idf: (w: string) => number;
};

/** Term frequencies of each document, document frequencies and IDF over all of them. */
export function termStats(docs: readonly string[]): TTermStats {
  const tfs = docs.map((d) => {
    const tf = new Map<string, number>();
    for (const w of tokenize(d)) tf.set(w, (tf.get(w) ?? 0) + 1);
    return tf;
  });
  const n = tfs.length;
  const df = new Map<string, number>();
  for (const tf of tfs) for (const w of tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  return { tfs, df, idf: (w) => Math.log(n / (df.get(w) ?? 1)) + 1 };
}

/**
 * The `count` terms with the largest summed TF-IDF over the `members` documents (terms of at
 * least two documents, `skip` excluded; ties by name).
 */
export function topTerms(stats: TTermStats, members: readonly number[], count: number, skip?: string): string[] {
  const weight = new Map<string, number>();
  for (const i of members) {
    for (const [w, c] of stats.tfs[i]!) {
      if (w !== skip && (stats.df.get(w) ?? 0) >= 2) weight.set(w, (weight.get(w) ?? 0) + c * stats.idf(w));
    }
  }
  return [...weight.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([w]) => w);
}

/**
 * Both windows' topic mixes from each document's topic key (reference documents first): counts,
 * shares, new topics (< 0.5% of the reference and ≥ 3 window documents), JS distance and PSI.
 */
export function topicMix(
  assign: readonly string[],
  nRef: number,
  labelOf: (key: string) => string,
): Pick<TTopicComparison, "topics" | "jsDistance" | "psi" | "newTopicShare"> {
  const nCur = assign.length - nRef;
  const keys = [...new Set(assign)].sort();
  const topics: TTopic[] = keys.map((key) => {
    let refCount = 0;
    let curCount = 0;
    const examples: number[] = [];
    assign.forEach((k, i) => {
      if (k !== key) return;
      if (i < nRef) refCount++;
      else {
        curCount++;
        if (examples.length < 5) examples.push(i - nRef);
      }
    });
    const refShare = nRef ? refCount / nRef : 0;
    const curShare = nCur ? curCount / nCur : 0;
    return {
      key,
      label: labelOf(key),
      refCount,
      curCount,
      refShare,
      curShare,
      isNew: key !== OTHER && refShare < 0.005 && curCount >= 3,
      examples,
    };
  });
  topics.sort((a, b) => b.curCount - a.curCount || b.refCount - a.refCount || (a.key < b.key ? -1 : 1));
  const refCounts = topics.map((t) => t.refCount);
  const curCounts = topics.map((t) => t.curCount);
  const canCompare = nRef > 0 && nCur > 0;
  return {
    topics,
    jsDistance: canCompare ? jsDistance(refCounts, curCounts, { base: 2 }) : 0,
    psi: canCompare ? psi(refCounts, curCounts) : 0,
    newTopicShare: nCur ? topics.filter((t) => t.isNew).reduce((s, t) => s + t.curCount, 0) / nCur : 0,
  };
}

/** Clusters reference and current documents together and compares the two mixes. */
export function compareTopics(
  refDocs: readonly string[],
  curDocs: readonly string[],
  opts: { maxTopics?: number } = {},
): TTopicComparison {
  const maxTopics = opts.maxTopics ?? 25;
  const stats = termStats([...refDocs, ...curDocs]);
  const { tfs, df, idf } = stats;
  const n = tfs.length;
  const minDf = Math.max(3, Math.ceil(n * 0.005));
  // Cluster terms: shared by several documents but not by most of them (those are boilerplate).
  const clusterTerms = new Set(
    [...df.entries()]
      .filter(([, c]) => c >= minDf && c <= n * 0.5)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxTopics)
      .map(([w]) => w),
  );
  const assign = tfs.map((tf) => {
    let best = OTHER;
    let bestW = 0;
    for (const [w, c] of tf) {
      if (!clusterTerms.has(w)) continue;
      const weight = c * idf(w);
      if (weight > bestW || (weight === bestW && w < best)) {
        best = w;
        bestW = weight;
      }
    }
    return best;
  });
  // Labels: the cluster term and the two terms with the largest summed TF-IDF in its documents.
  const members = new Map<string, number[]>();
  assign.forEach((key, i) => (members.get(key) ?? members.set(key, []).get(key)!).push(i));
  const labelOf = (key: string) =>
    key === OTHER ? OTHER : [key, ...topTerms(stats, members.get(key) ?? [], 2, key)].join(" · ");
  return { ...topicMix(assign, refDocs.length, labelOf), clusterTerms: clusterTerms.size, method: "tf-idf" };
}
