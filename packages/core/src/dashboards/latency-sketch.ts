// A mergeable latency sketch (DDSketch-style fixed log buckets). A value x > 0 falls in bucket
// i = ceil(ln x / ln γ), i.e. (γ^(i-1), γ^i]; its estimate 2γ^i/(γ+1) is within (γ-1)/(γ+1) of
// every value in the bucket: < 1% for γ = 1.02. Buckets are fixed, so two sketches merge by adding
// counts per bucket — hourly roll-ups merge into any window without touching raw rows. The SQL
// that fills roll-ups (packages/db) computes the same index; keep SKETCH_GAMMA in step with it.

export const SKETCH_GAMMA = 1.02;
/** Bucket of values <= 0 (a zero latency is exact). */
export const ZERO_BUCKET = -100000;
const LN_GAMMA = Math.log(SKETCH_GAMMA);

/** Sparse sketch: bucket index → count. */
export type TSketch = Map<number, number>;

export function bucketOf(x: number): number {
  if (!(x > 0)) return ZERO_BUCKET;
  return Math.ceil(Math.log(x) / LN_GAMMA);
}

export function bucketValue(bucket: number): number {
  if (bucket === ZERO_BUCKET) return 0;
  return (2 * Math.pow(SKETCH_GAMMA, bucket)) / (SKETCH_GAMMA + 1);
}

export function sketchOf(values: Iterable<number>): TSketch {
  const s: TSketch = new Map();
  for (const v of values) addToSketch(s, bucketOf(v), 1);
  return s;
}

export function addToSketch(s: TSketch, bucket: number, count: number): TSketch {
  if (count) s.set(bucket, (s.get(bucket) ?? 0) + count);
  return s;
}

/** Adds `from` into `into` (mutates and returns `into`). */
export function mergeSketch(into: TSketch, from: TSketch): TSketch {
  for (const [b, c] of from) addToSketch(into, b, c);
  return into;
}

export function sketchCount(s: TSketch): number {
  let n = 0;
  for (const c of s.values()) n += c;
  return n;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) with the rank rule of Postgres `percentile_disc`: the smallest value
 * whose cumulative share reaches q (0-based rank ceil(q·n) − 1). null for an empty sketch.
 */
export function sketchQuantile(s: TSketch, q: number): number | null {
  const n = sketchCount(s);
  if (n === 0) return null;
  const rank = Math.max(0, Math.ceil(q * n) - 1);
  const buckets = [...s.keys()].sort((a, b) => a - b);
  let seen = 0;
  for (const b of buckets) {
    seen += s.get(b)!;
    if (seen > rank) return bucketValue(b);
  }
  return bucketValue(buckets[buckets.length - 1]!);
}

/** Exact quantile with the same rank rule, for tests and the benchmark's error figure. */
export function exactQuantile(sortedAsc: ArrayLike<number>, q: number): number | null {
  const n = sortedAsc.length;
  if (n === 0) return null;
  return sortedAsc[Math.max(0, Math.ceil(q * n) - 1)]!;
}

/** Parallel arrays (bucket, count), sorted by bucket: how roll-ups store a sketch. */
export function sketchToArrays(s: TSketch): { buckets: number[]; counts: number[] } {
  const buckets = [...s.keys()].sort((a, b) => a - b);
  return { buckets, counts: buckets.map((b) => s.get(b)!) };
}

export function sketchFromArrays(buckets: readonly number[], counts: readonly number[]): TSketch {
  const s: TSketch = new Map();
  buckets.forEach((b, i) => addToSketch(s, b, counts[i] ?? 0));
  return s;
}
