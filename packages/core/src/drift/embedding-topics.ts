import { mulberry } from "../dashboards/rng";
import { termStats, topicMix, topTerms, type TTopicComparison } from "./topics";

// Topics from embeddings: the L2-normalised vectors of both windows are clustered together by
// spherical k-means (cosine), seeded k-means++ so the same inputs give the same clusters; each
// cluster is labelled by its documents' strongest TF-IDF terms. Mixes, new topics and distances
// are compareTopics' (topicMix), so the finding reads the same whichever method made it.

export type TEmbeddingTopicsOptions = {
  /** Upper bound on k (compareTopics' topic cap). */
  maxTopics?: number;
  seed?: number;
  maxIterations?: number;
};

export const EMBEDDING_TOPIC_DEFAULTS = { maxTopics: 25, minTopics: 2, seed: 20_240_601, maxIterations: 50 };

/** k for n documents: √(n/2) (the usual rule of thumb), at least 2, at most `maxTopics` and n. */
export function embeddingTopicCount(n: number, maxTopics = EMBEDDING_TOPIC_DEFAULTS.maxTopics): number {
  const k = Math.min(maxTopics, Math.max(EMBEDDING_TOPIC_DEFAULTS.minTopics, Math.round(Math.sqrt(n / 2))));
  return Math.min(n, k);
}

function unit(v: readonly number[]): Float64Array {
  const norm = Math.hypot(...v);
  return Float64Array.from(v, (x) => (norm > 0 ? x / norm : 0));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Spherical k-means with k-means++ seeding (D² sampling on cosine distance); the cluster of each vector. */
export function sphericalKMeans(
  vecs: readonly Float64Array[],
  k: number,
  opts: { seed: number; maxIterations: number },
): number[] {
  const n = vecs.length;
  if (n === 0) return [];
  const rng = mulberry(opts.seed);
  const centers: Float64Array[] = [vecs[Math.floor(rng() * n)]!.slice()];
  const d2 = vecs.map((v) => Math.max(0, 1 - dot(v, centers[0]!)) ** 2);
  while (centers.length < k) {
    const total = d2.reduce((s, x) => s + x, 0);
    if (total <= 1e-12) break; // fewer distinct directions than k
    let r = rng() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= d2[i]!;
      if (r < 0) {
        pick = i;
        break;
      }
    }
    const c = vecs[pick]!.slice();
    centers.push(c);
    vecs.forEach((v, i) => (d2[i] = Math.min(d2[i]!, Math.max(0, 1 - dot(v, c)) ** 2)));
  }
  const assign = new Array<number>(n).fill(-1);
  for (let iter = 0; iter < opts.maxIterations; iter++) {
    let changed = false;
    vecs.forEach((v, i) => {
      let best = 0;
      let bestSim = -Infinity;
      centers.forEach((c, j) => {
        const s = dot(v, c);
        if (s > bestSim) {
          best = j;
          bestSim = s;
        }
      });
      if (assign[i] !== best) {
        assign[i] = best;
        changed = true;
      }
    });
    if (!changed) break;
    const sums = centers.map((c) => new Float64Array(c.length));
    vecs.forEach((v, i) => {
      const s = sums[assign[i]!]!;
      for (let d = 0; d < v.length; d++) s[d] = s[d]! + v[d]!;
    });
    // An emptied cluster keeps its centre; a non-empty one moves to its members' mean direction.
    sums.forEach((s, j) => {
      const norm = Math.hypot(...s);
      if (norm > 0) centers[j] = s.map((x) => x / norm);
    });
  }
  return assign;
}

/**
 * compareTopics over embedding clusters: `refVecs[i]` embeds `refDocs[i]` (likewise the window).
 * k = √(n/2) clamped to [2, maxTopics]; labels are each cluster's three strongest TF-IDF terms.
 */
export function compareEmbeddingTopics(
  refDocs: readonly string[],
  curDocs: readonly string[],
  refVecs: readonly (readonly number[])[],
  curVecs: readonly (readonly number[])[],
  opts: TEmbeddingTopicsOptions = {},
): TTopicComparison {
  if (refVecs.length !== refDocs.length || curVecs.length !== curDocs.length)
    throw new Error("compareEmbeddingTopics needs one vector per document");
  const o = { ...EMBEDDING_TOPIC_DEFAULTS, ...opts };
  const vecs = [...refVecs, ...curVecs].map(unit);
  const k = embeddingTopicCount(vecs.length, o.maxTopics);
  const cluster = sphericalKMeans(vecs, k, o);
  const stats = termStats([...refDocs, ...curDocs]);
  const members = new Map<number, number[]>();
  cluster.forEach((c, i) => (members.get(c) ?? members.set(c, []).get(c)!).push(i));
  // Distinct labels (the key of each topic): a repeated one gets " #2", " #3"… in cluster order.
  const labels = new Map<number, string>();
  const seen = new Map<string, number>();
  for (const c of [...members.keys()].sort((a, b) => a - b)) {
    const base = topTerms(stats, members.get(c)!, 3).join(" · ") || "(no terms)";
    const nth = (seen.get(base) ?? 0) + 1;
    seen.set(base, nth);
    labels.set(c, nth === 1 ? base : `${base} #${nth}`);
  }
  const assign = cluster.map((c) => labels.get(c)!);
  return {
    ...topicMix(assign, refDocs.length, (key) => key),
    clusterTerms: 0,
    method: "embeddings",
    clusters: members.size,
  };
}
