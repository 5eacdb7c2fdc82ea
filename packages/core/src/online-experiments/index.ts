/**
 * @yardstick/core/online-experiments — pure logic for live A/B tests, bandits and interleaving.
 *
 *   computeAllocation({policy, arms, burnIn, floor, epsilon?, seed?, draws?})
 *       → {weights (each ≥ floor, sum 1), probBest, posteriorMeans, adapted, reason}
 *       Thompson / UCB1 / ε-greedy batch weights from arm rewards in [0, 1].
 *   analyzeOnlineExperiment({variants, primary, guardrails?, secondaries?, alpha?, nStar?, srmThreshold?, minimumEffect?, ipw?})
 *       → {srm, trustworthy, primary, guardrails, secondaries, decision, winner, verdict}
 *       Estimates + CIs, difference to control (fixed-horizon and peek-safe), SRM, guardrails, Holm.
 *   ipwEstimates(rows, {numArms?, alpha?})  → Hájek IPW mean per arm with sandwich SE and CI.
 *   analyzeInterleaving({rows} | {counts}) → B's win rate, Wilson CI, sign test, position bias.
 *   regret({arms} | {means, counts})        → Σ_a n_a (max μ − μ_a).
 *   signTestP(k, n)                          → exact two-sided binomial p vs 0.5.
 * Every function validates its input and throws StatsInputError (argument = offending field).
 * Pure: no I/O. Formulas and sources: ./README.md.
 */
export * from "./types";
export { computeAllocation, ALLOCATION_DEFAULTS } from "./allocation";
export { analyzeOnlineExperiment, READOUT_DEFAULTS } from "./readout";
export { ipwEstimates, IPW_MAX_ROWS } from "./ipw";
export type { IpwOptions } from "./ipw";
export { analyzeInterleaving, signTestP } from "./interleaving";
export type { AnalyzeInterleavingInput } from "./interleaving";
export { regret } from "./regret";
export type { RegretInput } from "./regret";
export { StatsInputError } from "../stats/errors";
