/**
 * GrowthBook-compatible deterministic bucketing (port of growthbook/growthbook
 * packages/sdk-js/src/util.ts: hashFnv32a, hash, getBucketRanges,
 * chooseVariation, inRange, getEqualWeights). Names and edge-case behaviour
 * match the SDK so assignments computed here agree with GrowthBook SDKs for
 * the same seed, unit id and hash version; tested against the SDK's
 * published cases (`__fixtures__/growthbook-cases.json`).
 *
 * These four functions deliberately keep GrowthBook's lenient behaviour
 * (clamping, falling back to equal weights) instead of throwing; the strict,
 * validated entry point is `assignVariant`.
 */

/** [start, end) of a variation on the unit interval. */
export type VariationRange = [number, number];

/** 32-bit FNV-1a over UTF-16 code units (as JavaScript's charCodeAt), unsigned. */
export function fnv32a(str: string): number {
  let hval = 0x811c9dc5;
  const l = str.length;
  for (let i = 0; i < l; i++) {
    hval ^= str.charCodeAt(i);
    hval += (hval << 1) + (hval << 4) + (hval << 7) + (hval << 8) + (hval << 24);
  }
  return hval >>> 0;
}

/**
 * Deterministic position of `value` on [0, 1) for `seed`.
 *  v1: (fnv32a(value + seed) % 1000) / 1000   (GrowthBook's legacy hash; 0.001 resolution)
 *  v2: (fnv32a(String(fnv32a(seed + value))) % 10000) / 10000   (better avalanche; 0.0001 resolution)
 * Any other version → null (GrowthBook: the experiment is skipped).
 */
export function hash(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv32a(String(fnv32a(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv32a(value + seed) % 1000) / 1000;
  return null;
}

/** n equal weights summing to 1; [] for n ≤ 0. */
export function getEqualWeights(n: number): number[] {
  if (n <= 0) return [];
  return new Array<number>(n).fill(1 / n);
}

/** n ∈ [start, end). */
export function inRange(n: number, range: VariationRange): boolean {
  return n >= range[0] && n < range[1];
}

/**
 * Bucket ranges for `numVariations` variations (GrowthBook semantics):
 * - `coverage` (share of units included, default 1) is clamped into [0, 1];
 * - `weights` of the wrong length, or summing outside [0.99, 1.01], fall back to equal weights;
 * - variation i occupies [Σ_{j<i} w_j, Σ_{j<i} w_j + coverage·w_i) — ranges keep their start
 *   as coverage grows, so raising coverage never moves an already-included unit.
 */
export function getBucketRanges(numVariations: number, coverage = 1, weights?: readonly number[]): VariationRange[] {
  let cov = coverage;
  if (cov < 0) cov = 0;
  else if (cov > 1) cov = 1;
  const equal = getEqualWeights(numVariations);
  let w: readonly number[] = weights ?? equal;
  if (w.length !== numVariations) w = equal;
  const total = w.reduce((s, v) => s + v, 0);
  if (total < 0.99 || total > 1.01) w = equal;
  let cumulative = 0;
  return w.map((v) => {
    const start = cumulative;
    cumulative += v;
    return [start, start + cov * v] as VariationRange;
  });
}

/** Index of the first range containing n, or −1 (unit outside coverage). */
export function chooseVariation(n: number, ranges: readonly VariationRange[]): number {
  for (let i = 0; i < ranges.length; i++) {
    if (inRange(n, ranges[i] as VariationRange)) return i;
  }
  return -1;
}
