/**
 * The verdict a deploy gate / comparison UI shows for "candidate vs baseline".
 *
 * - paired (default): paired t-test on candidate[i] − baseline[i] (same test cases);
 *   unpaired: Welch's t-test.
 * - fewer than `minN` (default 10) pairs (or observations in the smaller arm) → "insufficient_data";
 *   the test is still reported when it can be computed (n ≥ 2).
 * - p < alpha and |delta| ≥ minEffect → "improvement" or "regression" (direction by
 *   `higherIsBetter`, default true); p < alpha but |delta| < minEffect → "significant_but_trivial";
 *   otherwise "no_change".
 */
import { StatsInputError } from "./errors";
import { pairedTTest, welchTTest } from "./t-tests";
import { mean } from "./util";
import { bool, finiteArray, nonNegativeNumber, openUnit, positiveInt, sameLength } from "./validate";

export type Conclusion = "regression" | "improvement" | "no_change" | "significant_but_trivial" | "insufficient_data";

export interface CompareScoresOptions {
  /** Scores are paired by index (same test cases). Default true. */
  paired?: boolean;
  /** Smallest |delta| that matters in practice (score units). Default 0. */
  minEffect?: number;
  /** Significance level. Default 0.05. */
  alpha?: number;
  /** Whether larger scores are better. Default true. */
  higherIsBetter?: boolean;
  /** Minimum pairs (or per-arm observations) for a verdict. Default 10. */
  minN?: number;
}

export interface CompareScoresResult {
  conclusion: Conclusion;
  /** mean(candidate) − mean(baseline) (= mean of paired differences when paired). */
  delta: number;
  /** (1 − alpha) CI for delta; null when it cannot be computed (n < 2). */
  ci: [number, number] | null;
  p: number | null;
  test: "paired_t" | "welch_t";
  /** Number of pairs (paired) or min(n_baseline, n_candidate) (unpaired). */
  n: number;
}

export function compareScores(
  baseline: readonly number[],
  candidate: readonly number[],
  opts: CompareScoresOptions = {},
): CompareScoresResult {
  const base = finiteArray("baseline", baseline, 1);
  const cand = finiteArray("candidate", candidate, 1);
  const paired = opts.paired === undefined ? true : bool("paired", opts.paired);
  const minEffect = opts.minEffect === undefined ? 0 : nonNegativeNumber("minEffect", opts.minEffect);
  const alpha = opts.alpha === undefined ? 0.05 : openUnit("alpha", opts.alpha);
  const higherIsBetter = opts.higherIsBetter === undefined ? true : bool("higherIsBetter", opts.higherIsBetter);
  const minN = opts.minN === undefined ? 10 : positiveInt("minN", opts.minN);
  if (paired) sameLength("baseline", base, "candidate", cand);

  const test = paired ? "paired_t" : "welch_t";
  const n = paired ? base.length : Math.min(base.length, cand.length);
  const delta = mean(cand) - mean(base);
  let p: number | null = null;
  let ci: [number, number] | null = null;
  if (n >= 2) {
    const r = paired ? pairedTTest(cand, base, { alpha }) : welchTTest(cand, base, { alpha });
    p = r.p;
    ci = r.ci;
  }
  let conclusion: Conclusion;
  if (n < minN || p === null) conclusion = "insufficient_data";
  else if (p < alpha) {
    if (Math.abs(delta) >= minEffect) conclusion = delta > 0 === higherIsBetter ? "improvement" : "regression";
    else conclusion = "significant_but_trivial";
  } else conclusion = "no_change";
  if (!Number.isFinite(delta)) throw new StatsInputError("candidate", "mean difference is not finite");
  return { conclusion, delta, ci, p, test, n };
}
