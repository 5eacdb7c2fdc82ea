/**
 * Student/Welch/paired t-tests (scipy.stats.ttest_rel / ttest_ind conventions).
 *
 * Degenerate case (zero variance): scipy returns NaN. We instead return
 * t = 0, p = 1 when the mean difference is 0 and t = ±Infinity, p = 0 otherwise,
 * so a deploy gate comparing identical outputs gets a clean "no change".
 */
import { studentTCdf, studentTPpf } from "./dist";
import { StatsInputError } from "./errors";
import { mean, variance } from "./util";
import { finiteArray, oneOf, openUnit, sameLength } from "./validate";

export type Alternative = "two-sided" | "less" | "greater";
const ALTERNATIVES: readonly Alternative[] = ["two-sided", "less", "greater"];

export interface TTestOptions {
  /** Significance level for the confidence interval (default 0.05 → 95% CI). */
  alpha?: number;
  /** Alternative hypothesis about mean(a) - mean(b) (default "two-sided"). */
  alternative?: Alternative;
}

export interface PairedTTestResult {
  t: number;
  df: number;
  p: number;
  /** mean(a - b) */
  meanDiff: number;
  /** (1 - alpha) confidence interval for mean(a - b); one-sided bound when alternative is one-sided. */
  ci: [number, number];
  /** Cohen's d_z = mean(a - b) / sd(a - b) (ddof = 1). */
  cohensDz: number;
}

export interface WelchTTestResult {
  t: number;
  df: number;
  p: number;
  /** (1 - alpha) confidence interval for mean(a) - mean(b) with Welch df. */
  ci: [number, number];
}

export interface StudentTTestResult {
  t: number;
  df: number;
  p: number;
  /** Cohen's d with the pooled standard deviation (ddof = 1). */
  cohensD: number;
  ci: [number, number];
}

function resolveOptions(opts: TTestOptions | undefined): { alpha: number; alternative: Alternative } {
  const alpha = opts?.alpha === undefined ? 0.05 : openUnit("alpha", opts.alpha);
  const alternative =
    opts?.alternative === undefined ? "two-sided" : oneOf("alternative", opts.alternative, ALTERNATIVES);
  return { alpha, alternative };
}

/** p-value and CI for an estimate with standard error `se` and t(df) reference distribution. */
function tInference(
  estimate: number,
  se: number,
  df: number,
  alpha: number,
  alternative: Alternative,
): { t: number; p: number; ci: [number, number] } {
  if (se === 0) {
    const t = estimate === 0 ? 0 : estimate > 0 ? Infinity : -Infinity;
    let p: number;
    if (alternative === "two-sided") p = estimate === 0 ? 1 : 0;
    else if (alternative === "greater") p = estimate > 0 ? 0 : 1;
    else p = estimate < 0 ? 0 : 1;
    return { t, p, ci: [estimate, estimate] };
  }
  const t = estimate / se;
  let p: number;
  let ci: [number, number];
  if (alternative === "two-sided") {
    p = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
    const q = studentTPpf(1 - alpha / 2, df);
    ci = [estimate - q * se, estimate + q * se];
  } else if (alternative === "greater") {
    p = studentTCdf(-t, df);
    ci = [estimate - studentTPpf(1 - alpha, df) * se, Infinity];
  } else {
    p = studentTCdf(t, df);
    ci = [-Infinity, estimate + studentTPpf(1 - alpha, df) * se];
  }
  return { t, p, ci };
}

/** Paired t-test on a[i] - b[i] (scipy.stats.ttest_rel(a, b)). Needs n ≥ 2 pairs. */
export function pairedTTest(a: readonly number[], b: readonly number[], opts?: TTestOptions): PairedTTestResult {
  const x = finiteArray("a", a, 2);
  const y = finiteArray("b", b, 2);
  sameLength("a", x, "b", y);
  const { alpha, alternative } = resolveOptions(opts);
  const n = x.length;
  const d = x.map((v, i) => v - (y[i] as number));
  const meanDiff = mean(d);
  const sd = Math.sqrt(variance(d, 1));
  const df = n - 1;
  const { t, p, ci } = tInference(meanDiff, sd / Math.sqrt(n), df, alpha, alternative);
  const cohensDz = sd === 0 ? (meanDiff === 0 ? 0 : meanDiff > 0 ? Infinity : -Infinity) : meanDiff / sd;
  return { t, df, p, meanDiff, ci, cohensDz };
}

/** Welch's unequal-variance t-test (scipy.stats.ttest_ind(a, b, equal_var=False)). */
export function welchTTest(a: readonly number[], b: readonly number[], opts?: TTestOptions): WelchTTestResult {
  const x = finiteArray("a", a, 2);
  const y = finiteArray("b", b, 2);
  const { alpha, alternative } = resolveOptions(opts);
  const n1 = x.length;
  const n2 = y.length;
  const v1 = variance(x, 1) / n1;
  const v2 = variance(y, 1) / n2;
  const se = Math.sqrt(v1 + v2);
  const diff = mean(x) - mean(y);
  // Welch–Satterthwaite; undefined when both variances are 0 → fall back to pooled df.
  // (computed from variance shares so tiny variances cannot underflow to 0/0)
  const w1 = v1 / (v1 + v2);
  const w2 = v2 / (v1 + v2);
  const df = v1 + v2 === 0 ? n1 + n2 - 2 : 1 / ((w1 * w1) / (n1 - 1) + (w2 * w2) / (n2 - 1));
  const { t, p, ci } = tInference(diff, se, df, alpha, alternative);
  return { t, df, p, ci };
}

/** Student's pooled-variance t-test (scipy.stats.ttest_ind(a, b)). */
export function studentTTest(a: readonly number[], b: readonly number[], opts?: TTestOptions): StudentTTestResult {
  const x = finiteArray("a", a, 1);
  const y = finiteArray("b", b, 1);
  const n1 = x.length;
  const n2 = y.length;
  if (n1 + n2 < 3) throw new StatsInputError("b", "a and b need at least 3 values in total");
  const { alpha, alternative } = resolveOptions(opts);
  const df = n1 + n2 - 2;
  const ss1 = n1 > 1 ? variance(x, 1) * (n1 - 1) : 0;
  const ss2 = n2 > 1 ? variance(y, 1) * (n2 - 1) : 0;
  const sp = Math.sqrt((ss1 + ss2) / df);
  const diff = mean(x) - mean(y);
  const se = sp * Math.sqrt(1 / n1 + 1 / n2);
  const { t, p, ci } = tInference(diff, se, df, alpha, alternative);
  const cohensD = sp === 0 ? (diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity) : diff / sp;
  return { t, df, p, cohensD, ci };
}
