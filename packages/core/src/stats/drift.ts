/**
 * Drift and anomaly detection. Histogram inputs are counts (or proportions)
 * over the same bins; they are normalised to proportions internally.
 */
import { chi2Sf } from "./dist";
import { StatsInputError } from "./errors";
import { mean, variance } from "./util";
import { finiteArray, finiteNumber, nonNegativeNumber, positiveNumber, sameLength, toProportions } from "./validate";

function pairOfHistograms(nameP: string, p: unknown, nameQ: string, q: unknown): [number[], number[]] {
  const a = toProportions(nameP, p, 1);
  const b = toProportions(nameQ, q, 1);
  sameLength(nameP, a, nameQ, b);
  return [a, b];
}

/**
 * Jensen–Shannon distance sqrt(JS divergence) (scipy.spatial.distance.jensenshannon).
 * `base` of the logarithm: default e (natural); base 2 bounds the distance by 1.
 */
export function jsDistance(p: readonly number[], q: readonly number[], opts: { base?: number } = {}): number {
  const [a, b] = pairOfHistograms("p", p, "q", q);
  const base = opts.base === undefined ? Math.E : positiveNumber("base", opts.base);
  if (base === 1) throw new StatsInputError("base", "must not be 1");
  let js = 0;
  for (let i = 0; i < a.length; i++) {
    const pi = a[i] as number;
    const qi = b[i] as number;
    const m = (pi + qi) / 2;
    if (pi > 0) js += pi * Math.log(pi / m);
    if (qi > 0) js += qi * Math.log(qi / m);
  }
  js = Math.max(0, js / 2) / Math.log(base);
  return Math.sqrt(js);
}

/**
 * Population Stability Index Σ (cur − ref) · ln(cur / ref) over bins.
 * Empty bins are replaced by `eps` (default 1e-4, as Evidently) before the log.
 */
export function psi(ref: readonly number[], cur: readonly number[], opts: { eps?: number } = {}): number {
  const [r, c] = pairOfHistograms("ref", ref, "cur", cur);
  const eps = opts.eps === undefined ? 1e-4 : positiveNumber("eps", opts.eps);
  let s = 0;
  for (let i = 0; i < r.length; i++) {
    const ri = (r[i] as number) === 0 ? eps : (r[i] as number);
    const ci = (c[i] as number) === 0 ? eps : (c[i] as number);
    s += (ci - ri) * Math.log(ci / ri);
  }
  return s;
}

/**
 * Kullback–Leibler divergence KL(p‖q) = Σ p ln(p/q) in nats (scipy.stats.entropy(p, q)).
 * Returns Infinity when q has an empty bin where p does not.
 */
export function klDivergence(p: readonly number[], q: readonly number[]): number {
  const [a, b] = pairOfHistograms("p", p, "q", q);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const pi = a[i] as number;
    const qi = b[i] as number;
    if (pi === 0) continue;
    if (qi === 0) return Infinity;
    s += pi * Math.log(pi / qi);
  }
  return Math.max(0, s);
}

/**
 * Chi-square goodness of fit of current counts against reference proportions
 * (Evidently's chisquare drift test): expected_i = ref_i / Σref · Σcur, dof = bins − 1.
 * `ref` may be counts or proportions; bins with zero reference mass must also be empty in `cur`.
 */
export function chiSquareGoodnessOfFit(
  cur: readonly number[],
  ref: readonly number[],
): { chi2: number; dof: number; p: number } {
  const c = finiteArray("cur", cur, 2);
  c.forEach((v, i) => {
    if (v < 0) throw new StatsInputError("cur", `element ${i} is negative (${v})`);
  });
  const r = toProportions("ref", ref, 2);
  sameLength("cur", c, "ref", r);
  const total = c.reduce((s, v) => s + v, 0);
  if (total <= 0) throw new StatsInputError("cur", "must have a positive total");
  let chi2 = 0;
  for (let i = 0; i < c.length; i++) {
    const e = (r[i] as number) * total;
    const o = c[i] as number;
    if (e === 0) {
      if (o > 0) throw new StatsInputError("ref", `bin ${i} has zero reference mass but ${o} current observations`);
      continue;
    }
    chi2 += ((o - e) * (o - e)) / e;
  }
  const dof = c.length - 1;
  return { chi2, dof, p: chi2Sf(chi2, dof) };
}

/** 1-D Wasserstein-1 distance between two empirical samples (scipy.stats.wasserstein_distance). */
export function wasserstein1(u: readonly number[], v: readonly number[]): number {
  const a = [...u].sort((x, y) => x - y);
  const b = [...v].sort((x, y) => x - y);
  const all = [...a, ...b].sort((x, y) => x - y);
  let i = 0;
  let j = 0;
  let dist = 0;
  for (let k = 0; k < all.length - 1; k++) {
    const x = all[k] as number;
    while (i < a.length && (a[i] as number) <= x) i++;
    while (j < b.length && (b[j] as number) <= x) j++;
    const delta = (all[k + 1] as number) - x;
    if (delta > 0) dist += Math.abs(i / a.length - j / b.length) * delta;
  }
  return dist;
}

/**
 * Evidently's normed Wasserstein distance for numeric drift:
 * W1(ref, cur) / max(std(ref), 0.001), std with ddof = 0. Drift if ≥ 0.1 (Evidently default).
 */
export function wassersteinNormed(ref: readonly number[], cur: readonly number[]): number {
  const r = finiteArray("ref", ref, 1);
  const c = finiteArray("cur", cur, 1);
  const sd = Math.sqrt(variance(r, 0));
  return wasserstein1(r, c) / Math.max(sd, 0.001);
}

export interface ZScoreAnomalyResult {
  z: number;
  mean: number;
  /** Sample standard deviation of history (ddof = 1). */
  sd: number;
  isAnomaly: boolean;
}

/**
 * Flags `current` when |current − mean(history)| / sd(history) > threshold (default 3).
 * With zero-variance history z is 0 if current equals the mean, else ±Infinity.
 */
export function zScoreAnomaly(
  current: number,
  history: readonly number[],
  opts: { threshold?: number } = {},
): ZScoreAnomalyResult {
  const x = finiteNumber("current", current);
  const h = finiteArray("history", history, 2);
  const threshold = opts.threshold === undefined ? 3 : positiveNumber("threshold", opts.threshold);
  const m = mean(h);
  const sd = Math.sqrt(variance(h, 1));
  const z = sd === 0 ? (x === m ? 0 : x > m ? Infinity : -Infinity) : (x - m) / sd;
  return { z, mean: m, sd, isAnomaly: Math.abs(z) > threshold };
}

/**
 * One-sided upper CUSUM (Page 1954): S_t = max(0, S_{t−1} + x_t − mu0 − k), S_0 = 0;
 * alarm at the first t with S_t > h. Returns the whole path and the 0-based alarm index (null if none).
 */
export function cusum(
  x: readonly number[],
  opts: { mu0?: number; k?: number; h?: number } = {},
): { s: number[]; alarmIndex: number | null } {
  const xs = finiteArray("x", x, 1);
  const mu0 = opts.mu0 === undefined ? 0 : finiteNumber("mu0", opts.mu0);
  const k = opts.k === undefined ? 0.5 : nonNegativeNumber("k", opts.k);
  const h = opts.h === undefined ? 5 : positiveNumber("h", opts.h);
  const s: number[] = [];
  let prev = 0;
  let alarmIndex: number | null = null;
  xs.forEach((v, t) => {
    prev = Math.max(0, prev + v - mu0 - k);
    s.push(prev);
    if (alarmIndex === null && prev > h) alarmIndex = t;
  });
  return { s, alarmIndex };
}

/**
 * Page–Hinkley test for an upward shift in the mean:
 * m_t = Σ_{i≤t} (x_i − x̄_t − δ) with x̄_t the running mean, M_t = min_{i≤t} m_i,
 * PH_t = m_t − M_t; alarm at the first t with PH_t > λ.
 */
export function pageHinkley(
  x: readonly number[],
  opts: { delta?: number; lambda?: number } = {},
): { ph: number[]; alarmIndex: number | null } {
  const xs = finiteArray("x", x, 1);
  const delta = opts.delta === undefined ? 0.005 : nonNegativeNumber("delta", opts.delta);
  const lambda = opts.lambda === undefined ? 50 : positiveNumber("lambda", opts.lambda);
  const ph: number[] = [];
  let runningMean = 0;
  let m = 0;
  let M = 0;
  let alarmIndex: number | null = null;
  xs.forEach((v, t) => {
    runningMean += (v - runningMean) / (t + 1);
    m += v - runningMean - delta;
    M = Math.min(M, m);
    const value = m - M;
    ph.push(value);
    if (alarmIndex === null && value > lambda) alarmIndex = t;
  });
  return { ph, alarmIndex };
}
