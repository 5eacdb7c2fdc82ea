// @yardstick/core/experiments: pure logic of experiment runs — the case list, cache keys,
// aggregation with bootstrap CIs, gates and verdict, and run-vs-run comparison.
export * from "./cases";
export * from "./cache-key";
export { quantile, quantileInPlace } from "./quantile";
export * from "./aggregate";
export * from "./gates";
export * from "./compare-cluster";
export * from "./compare-cases";
export * from "./compare";
export { describeComparison, describeMetric, formatP } from "./compare-text";
