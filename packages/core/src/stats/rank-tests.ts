/**
 * Rank tests: Wilcoxon signed-rank (scipy.stats.wilcoxon) and Mann–Whitney U
 * (scipy.stats.mannwhitneyu), following scipy 1.17's method selection.
 */
import { normCdf } from "./dist";
import { rankAverage } from "./util";
import { bool, finiteArray, oneOf, sameLength } from "./validate";

export type WilcoxonMethod = "auto" | "exact" | "asymptotic";
/** Method actually used; "permutation" = exhaustive sign-flip enumeration (scipy's PermutationMethod for n ≤ 13). */
export type WilcoxonResolvedMethod = "exact" | "asymptotic" | "permutation";

export interface WilcoxonOptions {
  /** "auto" (default): exact when n ≤ 50 with no ties/zeros; exhaustive permutation when n ≤ 13 with ties/zeros; else asymptotic. */
  method?: WilcoxonMethod;
  /** Continuity correction for the normal approximation (default false, as scipy). */
  correction?: boolean;
  /** "wilcox" (default) drops zero differences; "pratt" keeps them in the ranking. */
  zeroMethod?: "wilcox" | "pratt";
}

export interface WilcoxonResult {
  /** min(R+, R−) */
  statistic: number;
  p: number;
  /** Normal-approximation z (−|z|, as scipy reports it); only set when the asymptotic method was used. */
  z?: number;
  method: WilcoxonResolvedMethod;
}

/** Largest n for which we build the exact null distribution (O(n³) work). */
const WILCOXON_EXACT_MAX_N = 400;

/** Null distribution of R+ for n untied non-zero ranks: pmf over 0..n(n+1)/2. */
function wilcoxonPmf(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const c = new Float64Array(max + 1);
  c[0] = 1;
  let top = 0;
  for (let k = 1; k <= n; k++) {
    top += k;
    for (let s = top; s >= k; s--) c[s] = (c[s] as number) + (c[s - k] as number);
  }
  const total = 2 ** n;
  for (let s = 0; s <= max; s++) c[s] = (c[s] as number) / total;
  return c;
}

function wilcoxonExactP(rPlus: number, n: number): number {
  const pmf = wilcoxonPmf(n);
  const lo = Math.ceil(rPlus); // cdf(ceil(r+))
  const hi = Math.floor(rPlus); // sf(floor(r+))
  let cdf = 0;
  for (let s = 0; s <= Math.min(lo, pmf.length - 1); s++) cdf += pmf[s] as number;
  let sf = 0;
  for (let s = pmf.length - 1; s >= Math.max(hi, 0); s--) sf += pmf[s] as number;
  return Math.min(1, 2 * Math.min(cdf, sf));
}

/** Exhaustive sign-flip permutation p-value for R+ (all 2^n patterns; exact since n ≤ 13). */
function wilcoxonPermutationP(d: readonly number[], ranks: readonly number[], rPlusObs: number): number {
  const n = d.length;
  const total = 2 ** n;
  const gamma = Math.abs(rPlusObs * 2.220446049250313e-14); // scipy's 100·eps relative tolerance
  let le = 0;
  let ge = 0;
  for (let mask = 0; mask < total; mask++) {
    let r = 0;
    for (let i = 0; i < n; i++) {
      const di = d[i] as number;
      if (di === 0) continue;
      const flipped = (mask >> i) & 1 ? -di : di;
      if (flipped > 0) r += ranks[i] as number;
    }
    if (r <= rPlusObs + gamma) le++;
    if (r >= rPlusObs - gamma) ge++;
  }
  return Math.min(1, (2 * Math.min(le, ge)) / total);
}

/**
 * Wilcoxon signed-rank test on the paired differences a[i] − b[i].
 * Statistic = min(R+, R−). With no non-zero differences the test is
 * degenerate: statistic 0 and p = 1 (scipy returns NaN for the normal approximation).
 */
export function wilcoxonSignedRank(
  a: readonly number[],
  b: readonly number[],
  opts: WilcoxonOptions = {},
): WilcoxonResult {
  const x = finiteArray("a", a, 1);
  const y = finiteArray("b", b, 1);
  sameLength("a", x, "b", y);
  let method: WilcoxonMethod =
    opts.method === undefined ? "auto" : oneOf("method", opts.method, ["auto", "exact", "asymptotic"]);
  const correction = opts.correction === undefined ? false : bool("correction", opts.correction);
  const zeroMethod =
    opts.zeroMethod === undefined ? "wilcox" : oneOf("zeroMethod", opts.zeroMethod, ["wilcox", "pratt"]);

  const nAll = x.length;
  const d = x.map((v, i) => v - (y[i] as number));
  const nZero = d.filter((v) => v === 0).length;
  if (method === "auto" && nAll > 50) method = "asymptotic";

  // Ranks of |d|: over non-zero differences (wilcox) or all differences (pratt).
  const keep = zeroMethod === "wilcox" ? d.map((v) => v !== 0) : d.map(() => true);
  const absKept = d.filter((_, i) => keep[i]).map(Math.abs);
  const { ranks: keptRanks, ties } = rankAverage(absKept);
  const ranks = new Array<number>(nAll).fill(0);
  let k = 0;
  for (let i = 0; i < nAll; i++) if (keep[i]) ranks[i] = keptRanks[k++] as number;
  const count = absKept.length;

  let rPlus = 0;
  let rMinus = 0;
  for (let i = 0; i < nAll; i++) {
    const di = d[i] as number;
    if (di > 0) rPlus += ranks[i] as number;
    else if (di < 0) rMinus += ranks[i] as number;
  }
  const statistic = Math.min(rPlus, rMinus);
  const hasTies = ties.some((t) => t > 1);

  if (nZero === nAll) {
    return {
      statistic: 0,
      p: 1,
      method: method === "asymptotic" ? "asymptotic" : "exact",
      ...(method === "asymptotic" ? { z: 0 } : {}),
    };
  }

  let resolved: WilcoxonResolvedMethod;
  if (method === "auto") {
    if (!(hasTies || nZero > 0)) resolved = "exact";
    else if (nAll <= 13) resolved = "permutation";
    else resolved = "asymptotic";
  } else {
    resolved = method;
  }
  if (resolved === "exact" && count > WILCOXON_EXACT_MAX_N) resolved = "asymptotic";

  if (resolved === "exact") return { statistic, p: wilcoxonExactP(rPlus, count), method: "exact" };
  if (resolved === "permutation") return { statistic, p: wilcoxonPermutationP(d, ranks, rPlus), method: "permutation" };

  // Normal approximation with tie-corrected variance (and Pratt/Cureton zero adjustment).
  let mn = (count * (count + 1)) / 4;
  let se2 = count * (count + 1) * (2 * count + 1);
  let tieTerm = 0;
  if (zeroMethod === "pratt" && nZero > 0) {
    mn -= (nZero * (nZero + 1)) / 4;
    se2 -= nZero * (nZero + 1) * (2 * nZero + 1);
    // the zero group is the lowest |d| group; exclude it from the tie correction
    ties.forEach((t, i) => {
      if (i > 0) tieTerm += t ** 3 - t;
    });
  } else {
    for (const t of ties) tieTerm += t ** 3 - t;
  }
  const se = Math.sqrt((se2 - tieTerm / 2) / 24);
  let z = (rPlus - mn) / se;
  if (correction) z -= (Math.sign(z) * 0.5) / se;
  const p = Math.min(1, 2 * normCdf(-Math.abs(z)));
  return { statistic, p, z: -Math.abs(z), method: "asymptotic" };
}

export type MannWhitneyMethod = "auto" | "exact" | "asymptotic";

export interface MannWhitneyOptions {
  /** "auto" (default): asymptotic if both n > 8 or there are ties, else exact (scipy rule). */
  method?: MannWhitneyMethod;
  /** Continuity correction for the normal approximation (default true, as scipy). */
  continuity?: boolean;
}

export interface MannWhitneyResult {
  /** U statistic of `a` (scipy's reported statistic). */
  u1: number;
  /** U statistic of `b` = n1·n2 − u1. */
  u2: number;
  p: number;
  /** Normal-approximation z for max(U1, U2); only set for the asymptotic method. */
  z?: number;
  method: "exact" | "asymptotic";
}

/** Above this many DP cell updates the exact U distribution falls back to asymptotic. */
const MWU_EXACT_MAX_WORK = 2e8;

/** P(U ≤ k) for U ~ null Mann–Whitney distribution with sizes m, n (k ≤ mn/2 expected). */
function mwuCdf(m: number, n: number, k: number): { cdf: number; pmfK: number } {
  // p_{i,j}(u) = i/(i+j) p_{i-1,j}(u-j) + j/(i+j) p_{i,j-1}(u), truncated at u ≤ k.
  const K = k;
  let prev: Float64Array[] = []; // row i-1, indexed by j
  for (let j = 0; j <= n; j++) {
    const arr = new Float64Array(K + 1);
    arr[0] = 1; // i = 0: U = 0 with probability 1
    prev.push(arr);
  }
  for (let i = 1; i <= m; i++) {
    const cur: Float64Array[] = [];
    const col0 = new Float64Array(K + 1);
    col0[0] = 1; // j = 0: U = 0
    cur.push(col0);
    for (let j = 1; j <= n; j++) {
      const arr = new Float64Array(K + 1);
      const left = prev[j] as Float64Array; // (i-1, j), shifted by j
      const down = cur[j - 1] as Float64Array; // (i, j-1)
      const wi = i / (i + j);
      const wj = j / (i + j);
      for (let u = 0; u <= K; u++) {
        arr[u] = wj * (down[u] as number) + (u >= j ? wi * (left[u - j] as number) : 0);
      }
      cur.push(arr);
    }
    prev = cur;
  }
  const final = prev[n] as Float64Array;
  let cdf = 0;
  for (let u = 0; u <= K; u++) cdf += final[u] as number;
  return { cdf, pmfK: final[K] as number };
}

/**
 * Mann–Whitney U test (two-sided). Tie-corrected normal approximation with
 * optional continuity correction, or the exact null distribution of U.
 */
export function mannWhitneyU(
  a: readonly number[],
  b: readonly number[],
  opts: MannWhitneyOptions = {},
): MannWhitneyResult {
  const x = finiteArray("a", a, 1);
  const y = finiteArray("b", b, 1);
  let method: MannWhitneyMethod =
    opts.method === undefined ? "auto" : oneOf("method", opts.method, ["auto", "exact", "asymptotic"]);
  const continuity = opts.continuity === undefined ? true : bool("continuity", opts.continuity);
  const n1 = x.length;
  const n2 = y.length;
  const { ranks, ties } = rankAverage([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i] as number;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const U = Math.max(u1, u2);
  if (method === "auto") method = (n1 > 8 && n2 > 8) || ties.some((t) => t > 1) ? "asymptotic" : "exact";

  if (method === "exact") {
    const m = Math.min(n1, n2);
    const n = Math.max(n1, n2);
    const k = Math.trunc(U); // scipy casts U to int64
    const kc = m * n - k; // P(U ≥ k) = P(U ≤ mn − k) by symmetry
    if (m * n * (Math.min(kc, k) + 1) <= MWU_EXACT_MAX_WORK) {
      let sf: number;
      if (k >= kc) sf = mwuCdf(m, n, kc).cdf;
      else {
        const { cdf, pmfK } = mwuCdf(m, n, k);
        sf = 1 - cdf + pmfK;
      }
      return { u1, u2, p: Math.min(1, Math.max(0, 2 * sf)), method: "exact" };
    }
  }
  const N = n1 + n2;
  const tieTerm = ties.reduce((s, t) => s + (t ** 3 - t), 0);
  const s = Math.sqrt(((n1 * n2) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  const mu = (n1 * n2) / 2;
  const num = U - mu - (continuity ? 0.5 : 0);
  let p: number;
  let z: number;
  if (s === 0) {
    // every observation tied: no evidence of a shift
    z = 0;
    p = 1;
  } else {
    z = num / s;
    p = Math.min(1, Math.max(0, 2 * normCdf(-z)));
  }
  return { u1, u2, p, z, method: "asymptotic" };
}
