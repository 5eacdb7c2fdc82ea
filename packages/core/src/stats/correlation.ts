/**
 * Correlation coefficients with two-sided p-values (scipy.stats.pearsonr,
 * spearmanr, kendalltau(variant="b") conventions).
 */
import { betaCdf, normCdf, studentTCdf } from "./dist";
import { StatsInputError } from "./errors";
import { mean, rankAverage } from "./util";
import { finiteArray, oneOf, sameLength } from "./validate";

function readPair(a: readonly number[], b: readonly number[], min: number): [number[], number[]] {
  const x = finiteArray("a", a, min);
  const y = finiteArray("b", b, min);
  sameLength("a", x, "b", y);
  return [x, y];
}

function pearsonR(x: readonly number[], y: readonly number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0) throw new StatsInputError("a", "is constant; correlation is undefined");
  if (syy === 0) throw new StatsInputError("b", "is constant; correlation is undefined");
  const r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
  return Math.max(-1, Math.min(1, r));
}

/** Pearson's r; p from the exact null distribution of r (Beta(n/2−1, n/2−1) on [−1, 1]), as scipy. */
export function pearson(a: readonly number[], b: readonly number[]): { r: number; p: number } {
  const [x, y] = readPair(a, b, 2);
  const r = pearsonR(x, y);
  const n = x.length;
  if (n === 2) return { r, p: 1 };
  const ab = n / 2 - 1;
  const p = Math.min(1, 2 * betaCdf((1 - Math.abs(r)) / 2, ab, ab));
  return { r, p };
}

/** Spearman's rho (Pearson on average ranks); p from t = rho·sqrt((n−2)/((1+rho)(1−rho))) with n−2 df, as scipy. */
export function spearman(a: readonly number[], b: readonly number[]): { rho: number; p: number } {
  const [x, y] = readPair(a, b, 2);
  const rho = pearsonR(rankAverage(x).ranks, rankAverage(y).ranks);
  const n = x.length;
  if (n === 2) return { rho, p: 1 };
  const dof = n - 2;
  const denom = (rho + 1) * (1 - rho);
  if (denom <= 0) return { rho, p: 0 };
  const t = rho * Math.sqrt(dof / denom);
  return { rho, p: Math.min(1, 2 * studentTCdf(-Math.abs(t), dof)) };
}

/** Exact two-sided p of Kendall's tau with no ties (scipy mstats _kendall_p_exact), c = min(con, dis). */
function kendallExactP(n: number, c0: number): number {
  const tot = (n * (n - 1)) / 2;
  const c = Math.min(c0, tot - c0);
  let prob: number;
  if (n === 1 || n === 2) prob = 1;
  else if (c === 0) prob = n < 171 ? 2 / factorial(n) : 0;
  else if (c === 1) prob = n < 172 ? 2 / factorial(n - 1) : 0;
  else if (4 * c === n * (n - 1)) prob = 1;
  else {
    // new[k] = 2·P(#inversions = k) for permutations of size j, truncated at k ≤ c.
    let cur = new Float64Array(c + 1);
    cur[0] = 1;
    cur[1] = 1;
    for (let j = 3; j <= n; j++) {
      const next = new Float64Array(c + 1);
      let run = 0;
      for (let k = 0; k <= c; k++) {
        run += cur[k] as number;
        next[k] = run;
      }
      if (j <= c) for (let k = c; k >= j; k--) next[k] = (next[k] as number) - (next[k - j] as number);
      for (let k = 0; k <= c; k++) next[k] = (next[k] as number) / j;
      cur = next;
    }
    prob = 0;
    for (let k = 0; k <= c; k++) prob += cur[k] as number;
  }
  return Math.min(1, Math.max(0, prob));
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

function tieStats(v: readonly number[]): [number, number, number] {
  const counts = new Map<number, number>();
  for (const x of v) counts.set(x, (counts.get(x) ?? 0) + 1);
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  for (const c of counts.values()) {
    if (c < 2) continue;
    t0 += (c * (c - 1)) / 2;
    t1 += c * (c - 1) * (c - 2);
    t2 += c * (c - 1) * (2 * c + 5);
  }
  return [t0, t1, t2];
}

export type KendallMethod = "auto" | "exact" | "asymptotic";

/**
 * Kendall's tau-b with two-sided p. "auto" (default): exact null distribution when
 * there are no ties and (n ≤ 33 or min(dis, tot − dis) ≤ 1), else the tie-corrected
 * normal approximation (scipy). O(n²) pair counting.
 */
export function kendallTauB(
  a: readonly number[],
  b: readonly number[],
  opts: { method?: KendallMethod } = {},
): { tau: number; p: number; method: "exact" | "asymptotic" } {
  const [x, y] = readPair(a, b, 2);
  let method: KendallMethod =
    opts.method === undefined ? "auto" : oneOf("method", opts.method, ["auto", "exact", "asymptotic"]);
  const n = x.length;
  let con = 0;
  let dis = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    for (let j = i + 1; j < n; j++) {
      const s = (xi - (x[j] as number)) * (yi - (y[j] as number));
      if (s > 0) con++;
      else if (s < 0) dis++;
    }
  }
  const tot = (n * (n - 1)) / 2;
  const [xtie, x0, x1] = tieStats(x);
  const [ytie, y0, y1] = tieStats(y);
  if (xtie === tot) throw new StatsInputError("a", "is constant; correlation is undefined");
  if (ytie === tot) throw new StatsInputError("b", "is constant; correlation is undefined");
  const conMinusDis = con - dis;
  const tau = Math.max(-1, Math.min(1, conMinusDis / Math.sqrt(tot - xtie) / Math.sqrt(tot - ytie)));
  const noTies = xtie === 0 && ytie === 0;
  if (method === "exact" && !noTies) throw new StatsInputError("method", '"exact" cannot be used with ties');
  if (method === "auto") method = noTies && (n <= 33 || Math.min(dis, tot - dis) <= 1) ? "exact" : "asymptotic";
  if (method === "exact") return { tau, p: kendallExactP(n, tot - dis), method: "exact" };
  const m = n * (n - 1);
  const variance =
    (m * (2 * n + 5) - x1 - y1) / 18 + (2 * xtie * ytie) / m + (n > 2 ? (x0 * y0) / (9 * m * (n - 2)) : 0);
  const z = conMinusDis / Math.sqrt(variance);
  return { tau, p: Math.min(1, 2 * normCdf(-Math.abs(z))), method: "asymptotic" };
}
