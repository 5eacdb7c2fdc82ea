/**
 * Public types of @yardstick/core/online-experiments.
 */

/** Summary of a binary metric (thumbs-up, conversion) for one arm/variant: successes of n. */
export interface RateSummary {
  n: number;
  successes: number;
}

/** Summary of a numeric metric for one arm/variant from sufficient statistics: n, Σx, Σx². */
export interface MeanSummary {
  n: number;
  sum: number;
  sumSquares: number;
}

export type MetricSummary = RateSummary | MeanSummary;

// ─── allocation ──────────────────────────────────────────────────────────────

export type AllocationPolicy = "thompson" | "ucb1" | "epsilon_greedy";

/**
 * One arm's observed rewards. Rewards must lie in [0, 1]: either binary
 * (`{n, successes}`) or continuous (`{n, sum, sumSquares}` with Σr ≤ n, Σr² ≤ Σr).
 */
export type ArmStats = RateSummary | MeanSummary;

export interface AllocationInput {
  policy: AllocationPolicy;
  /** At least 2 arms, in variant order. */
  arms: readonly ArmStats[];
  /** Minimum samples every arm must have before weights adapt (default 100); before that: equal weights. */
  burnIn?: number;
  /** Minimum share per arm, in [0, 1/k] (default 0.05) — keeps every arm learning and estimable. */
  floor?: number;
  /** Exploration share for "epsilon_greedy" (default 0.1). */
  epsilon?: number;
  /** Seed for the Monte Carlo P(best) (default: the stats module's DEFAULT_SEED). Non-negative integer. */
  seed?: number;
  /** Monte Carlo draws for P(best) (default 10 000). */
  draws?: number;
}

export interface AllocationResult {
  /** New traffic weights, one per arm: each ≥ floor, summing to 1. */
  weights: number[];
  /** P(arm has the highest mean) under Beta posteriors (Thompson sampling estimate). */
  probBest: number[];
  /** Posterior mean per arm, (1 + Σr) / (2 + n). */
  posteriorMeans: number[];
  /** false while burning in (equal weights). */
  adapted: boolean;
  /** Human-readable reason for the weights ("burn-in: ..." / "thompson: ..."). */
  reason: string;
}

// ─── readout ────────────────────────────────────────────────────────────────

export interface OnlineVariantInput {
  key: string;
  /** Exactly one variant is the control. */
  isControl: boolean;
  /** Units exposed (assigned and seen) — used for the SRM check. */
  exposures: number;
  /**
   * Share of traffic this variant was meant to get, in [0, 1] (the weights sum to 1 ± 1e-3). For adaptive
   * allocation pass the exposure-weighted average weight. Weight-0 variants are left out of the SRM test
   * (and flag it if they received units).
   */
  expectedWeight: number;
}

export interface MetricInput {
  /** Display name, e.g. "thumbs-up rate". */
  name: string;
  kind: "rate" | "mean";
  higherIsBetter: boolean;
  /** One summary per variant, same order as `variants`; rate → {n, successes}, mean → {n, sum, sumSquares}. */
  perVariant: readonly MetricSummary[];
}

/** One per-unit observation for inverse-propensity weighting. */
export interface IpwRow {
  /** Arm the unit was assigned to (0-based, variant order). */
  variantIndex: number;
  /** Observed reward / metric value for the unit (any finite number). */
  reward: number;
  /** Probability the unit had of being assigned to `variantIndex` (the allocation weight at the time), in (0, 1]. */
  propensity: number;
}

export interface AnalyzeOnlineInput {
  variants: readonly OnlineVariantInput[];
  primary: MetricInput;
  guardrails?: readonly MetricInput[];
  secondaries?: readonly MetricInput[];
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Tuning sample size N* for the confidence sequence (default 5000 total units). */
  nStar?: number;
  /** SRM p-value threshold (default 0.001). */
  srmThreshold?: number;
  /**
   * Smallest absolute difference worth acting on, in metric units (rate: 0.01 = 1 pt).
   * When every treatment's peek-safe CI lies inside ±minimumEffect the decision is "stop_no_effect".
   * Default: 0.01 for rates, 0.1 × pooled SD for means.
   */
  minimumEffect?: number;
  /**
   * Per-unit rows of the PRIMARY metric when allocation was adaptive (bandit). When given,
   * the primary estimates, differences and verdict use Hájek IPW estimates instead of the
   * plain per-arm means, which are biased under adaptive allocation.
   */
  ipw?: readonly IpwRow[];
}

export interface Interval {
  lower: number;
  upper: number;
}

export interface VariantEstimate {
  key: string;
  n: number;
  /** Rate or mean. */
  estimate: number;
  /** Fixed-horizon (1 − alpha) CI: Wilson for rates, t for means, normal for IPW. */
  ci: Interval | null;
}

export interface Comparison {
  /** Treatment variant key. */
  key: string;
  /** Treatment − control (absolute). */
  difference: number;
  /** Difference / control estimate (null when the control estimate is 0). */
  relative: number | null;
  stdError: number;
  /** Fixed-horizon CI and p (two-proportion z / Welch from sums / normal for IPW) — valid for one look only. */
  ci: Interval;
  p: number;
  /** Confidence-sequence CI and always-valid p (valid however often you look) — the verdict uses these. */
  peekSafe: { ci: Interval; p: number };
  /** Holm-adjusted peek-safe p (secondaries only; same as peekSafe.p elsewhere). */
  pAdjusted: number;
  /** Direction from the peek-safe CI, taking higherIsBetter into account. */
  outcome: "better" | "worse" | "inconclusive";
}

export interface MetricResult {
  name: string;
  kind: "rate" | "mean";
  higherIsBetter: boolean;
  estimator: "naive" | "ipw";
  variants: VariantEstimate[];
  /** One per non-control variant with enough data (n ≥ 2 in both arms); others are omitted. */
  comparisons: Comparison[];
}

export interface GuardrailResult extends MetricResult {
  /** Treatment keys whose guardrail is significantly worse than control (peek-safe). */
  failedVariants: string[];
  failed: boolean;
}

export type OnlineDecision = "ship" | "keep_running" | "stop_no_effect" | "untrustworthy" | "guardrail_failed";

export interface SrmReport {
  chi2: number;
  dof: number;
  p: number;
  flagged: boolean;
  observedShares: number[];
  expectedShares: number[];
}

export interface OnlineReadout {
  alpha: number;
  /** null when there are no exposures yet. */
  srm: SrmReport | null;
  /** false when the SRM check flags (p < srmThreshold). */
  trustworthy: boolean;
  primary: MetricResult;
  guardrails: GuardrailResult[];
  secondaries: MetricResult[];
  decision: OnlineDecision;
  /** Variant to ship when decision = "ship", else null. */
  winner: string | null;
  /** One or two sentences for people, e.g. "B beats control on thumbs-up rate by +2.1 pts (peek-safe 95% CI +0.4 to +3.8); no guardrail worse. Ship B." */
  verdict: string;
}

// ─── IPW ─────────────────────────────────────────────────────────────────────

export interface IpwArmEstimate {
  index: number;
  /** Units observed in this arm. */
  n: number;
  /** Hájek estimate Σ(r/p) / Σ(1/p) over the arm's units; null when n = 0. */
  mean: number | null;
  /** Delta-method (sandwich) standard error; null when n < 2. */
  stdError: number | null;
  /** Normal (1 − alpha) CI; null when n < 2. */
  ci: Interval | null;
  /** Plain (unweighted) mean for comparison; null when n = 0. */
  naiveMean: number | null;
  /** Kish effective sample size (Σw)² / Σw². */
  effectiveN: number;
}

export interface IpwResult {
  arms: IpwArmEstimate[];
  /** Total rows. */
  n: number;
}

// ─── interleaving ────────────────────────────────────────────────────────────

export interface InterleavingRow {
  /** Which system's results won the comparison (e.g. was clicked / preferred). */
  winner: "A" | "B" | "tie";
  /** Which system's result was shown first. */
  firstShown: "A" | "B";
}

/** Aggregated form of interleaving rows (what a SQL GROUP BY returns). */
export interface InterleavingCounts {
  aWinsAFirst: number;
  aWinsBFirst: number;
  bWinsAFirst: number;
  bWinsBFirst: number;
  ties: number;
}

export interface InterleavingResult {
  total: number;
  ties: number;
  winsA: number;
  winsB: number;
  /** winsA + winsB. */
  decisive: number;
  /** winsB / decisive (null when decisive = 0). */
  winRateB: number | null;
  /** Wilson (1 − alpha) CI for winRateB. */
  ci: Interval | null;
  /** Exact two-sided sign test (binomial, p0 = 0.5) on decisive comparisons. */
  p: number;
  positionBias: {
    /** Decisive comparisons won by the system shown first. */
    firstShownWins: number;
    /** firstShownWins / decisive (null when decisive = 0). */
    share: number | null;
    /** Exact two-sided binomial test vs 0.5. */
    p: number;
  };
}

// ─── regret ─────────────────────────────────────────────────────────────────

export interface RegretResult {
  /** Σ_a n_a · (max_b μ_b − μ_a). */
  total: number;
  perArm: number[];
  /** Means used (posterior means or the supplied true means). */
  means: number[];
  bestArm: number;
}
