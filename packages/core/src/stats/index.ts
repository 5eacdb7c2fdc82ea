/**
 * @yardstick/core/stats — statistical tests and estimators for LLM evaluation.
 * Pure functions, no I/O. Conventions follow scipy unless documented otherwise;
 * every public function validates its inputs and throws StatsInputError.
 */
export { StatsInputError } from "./errors";
export * from "./t-tests";
export * from "./rank-tests";
export * from "./ks";
export * from "./contingency";
export * from "./srm";
export * from "./multiple-testing";
export * from "./bootstrap";
export * from "./bandits";
export * from "./drift";
export * from "./agreement";
export * from "./correlation";
export * from "./power";
export * from "./sequential";
export * from "./compare-scores";
export * from "./intervals";
