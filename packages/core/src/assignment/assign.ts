/**
 * Validated assignment helpers built on the GrowthBook-compatible hash.
 */
import { StatsInputError } from "../stats/errors";
import { chooseVariation, getBucketRanges, hash } from "./growthbook";

export type HashVersion = 1 | 2;

export interface AssignVariantInput {
  /** Experiment seed (GrowthBook: `experiment.seed`, usually the experiment key). Non-empty. */
  seed: string;
  /** Stable unit id (user id, session id, ...). Non-empty. */
  unitId: string;
  /** GrowthBook hash version (default 2). */
  hashVersion?: HashVersion;
  /**
   * Re-bucketing counter (default 0). 0 hashes with `seed` itself (GrowthBook-compatible);
   * k > 0 hashes with `${seed}:b${k}`, which reshuffles every unit independently of the
   * previous assignment. Bump it deliberately (e.g. after a bug polluted the previous
   * exposures); changing weights or coverage alone never moves an included unit.
   */
  bucketVersion?: number;
  /** Share of units included, in [0, 1] (default 1). Excluded units get −1. */
  coverage?: number;
  /** One non-negative weight per variant, summing to 1 (±1e-6). At least 2 variants. */
  weights: readonly number[];
}

/** Seed actually hashed for a bucket version (see `AssignVariantInput.bucketVersion`). */
export function bucketSeed(seed: string, bucketVersion = 0): string {
  return bucketVersion > 0 ? `${seed}:b${bucketVersion}` : seed;
}

function nonEmptyString(name: string, v: unknown): string {
  if (typeof v !== "string" || v.length === 0) throw new StatsInputError(name, "must be a non-empty string");
  return v;
}

/**
 * Variant index for a unit, or −1 when the unit falls outside `coverage`.
 * Deterministic (same input → same answer on every machine); validates its input and throws
 * StatsInputError (e.g. weights not summing to 1) instead of GrowthBook's silent fallback.
 */
export function assignVariant(input: AssignVariantInput): number {
  if (typeof input !== "object" || input === null) throw new StatsInputError("input", "must be an object");
  const seed = nonEmptyString("seed", input.seed);
  const unitId = nonEmptyString("unitId", input.unitId);
  const hv = input.hashVersion ?? 2;
  if (hv !== 1 && hv !== 2) throw new StatsInputError("hashVersion", `must be 1 or 2, got ${String(hv)}`);
  const bv = input.bucketVersion ?? 0;
  if (typeof bv !== "number" || !Number.isInteger(bv) || bv < 0)
    throw new StatsInputError("bucketVersion", `must be a non-negative integer, got ${String(bv)}`);
  const coverage = input.coverage ?? 1;
  if (typeof coverage !== "number" || !Number.isFinite(coverage) || coverage < 0 || coverage > 1)
    throw new StatsInputError("coverage", `must be in [0, 1], got ${String(coverage)}`);
  const weights = input.weights as unknown;
  if (!Array.isArray(weights) || weights.length < 2)
    throw new StatsInputError("weights", "must be an array of at least 2 weights");
  let total = 0;
  weights.forEach((w: unknown, i) => {
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0)
      throw new StatsInputError("weights", `element ${i} must be a finite number ≥ 0, got ${String(w)}`);
    total += w;
  });
  if (Math.abs(total - 1) > 1e-6) throw new StatsInputError("weights", `must sum to 1, got ${total}`);
  const n = hash(bucketSeed(seed, bv), unitId, hv) as number;
  return chooseVariation(n, getBucketRanges(weights.length, coverage, weights as number[]));
}

/**
 * Deterministic coin for team-draft / balanced interleaving: which system's result goes first
 * for this request. [0, 1] = system A (index 0) first, [1, 0] = B first. Depends on
 * (seed, unitId, requestId) only, so a retried request shows the same order and the two
 * orders occur ~50/50 across requests (hash v2 of `${unitId}:${requestId}` with seed
 * `${seed}:interleave`).
 */
export function interleavingOrder(seed: string, unitId: string, requestId: string): [0, 1] | [1, 0] {
  const s = nonEmptyString("seed", seed);
  const u = nonEmptyString("unitId", unitId);
  const r = nonEmptyString("requestId", requestId);
  const n = hash(`${s}:interleave`, `${u}:${r}`, 2) as number;
  return n < 0.5 ? [0, 1] : [1, 0];
}
