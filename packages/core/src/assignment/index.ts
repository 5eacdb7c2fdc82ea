/**
 * @yardstick/core/assignment — deterministic, sticky variant assignment.
 *
 * GrowthBook-compatible primitives (same names and behaviour as the GrowthBook JS SDK):
 *   fnv32a(str)                                  32-bit FNV-1a over UTF-16 code units
 *   hash(seed, value, version)                   position on [0, 1) (v1 / v2), null for unknown version
 *   getEqualWeights(n)                           [1/n, ...]
 *   getBucketRanges(numVariations, coverage, weights)   [start, end) per variation
 *   chooseVariation(n, ranges)                   variation index or −1
 *   inRange(n, range)                            start ≤ n < end
 * Yardstick helpers (validated, throw StatsInputError naming the argument):
 *   assignVariant({seed, unitId, hashVersion, bucketVersion, coverage, weights}) → index or −1
 *   bucketSeed(seed, bucketVersion)              seed actually hashed
 *   interleavingOrder(seed, unitId, requestId)   [0, 1] (A first) or [1, 0] (B first)
 * Pure: no I/O.
 */
export { fnv32a, hash, getEqualWeights, getBucketRanges, chooseVariation, inRange } from "./growthbook";
export type { VariationRange } from "./growthbook";
export { assignVariant, bucketSeed, interleavingOrder } from "./assign";
export type { AssignVariantInput, HashVersion } from "./assign";
export { StatsInputError } from "../stats/errors";
