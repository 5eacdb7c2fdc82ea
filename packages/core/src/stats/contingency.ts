/**
 * 2×2 tables and proportions: chi-square (scipy.stats.chi2_contingency),
 * Fisher's exact test (scipy.stats.fisher_exact), pooled two-proportion z-test
 * with an unpooled Wald CI, and McNemar's test for paired pass/fail.
 *
 * Table layout: rows = arms, columns = [success, failure], i.e.
 * `[[successA, failureA], [successB, failureB]]`.
 */
import { binomialCdf, chi2Sf, hypergeomPmf, normCdf, normPpf } from "./dist";
import { StatsInputError } from "./errors";
import { bool, nonNegativeInt, nonNegativeNumber, openUnit } from "./validate";

export type Table2x2 = readonly [readonly [number, number], readonly [number, number]];

function readTable(table: unknown, integers: boolean): [[number, number], [number, number]] {
  if (!Array.isArray(table) || table.length !== 2 || !table.every((r) => Array.isArray(r) && r.length === 2)) {
    throw new StatsInputError("table", "must be a 2×2 array [[a, b], [c, d]]");
  }
  const rows = table as unknown[][];
  const read = (i: number, j: number): number => {
    const v = (rows[i] as unknown[])[j];
    const name = `table[${i}][${j}]`;
    return integers ? nonNegativeInt(name, v) : nonNegativeNumber(name, v);
  };
  const t: [[number, number], [number, number]] = [
    [read(0, 0), read(0, 1)],
    [read(1, 0), read(1, 1)],
  ];
  const r0 = t[0][0] + t[0][1];
  const r1 = t[1][0] + t[1][1];
  const c0 = t[0][0] + t[1][0];
  const c1 = t[0][1] + t[1][1];
  if (r0 === 0 || r1 === 0 || c0 === 0 || c1 === 0) {
    throw new StatsInputError("table", "every row and column total must be positive");
  }
  return t;
}

export interface ChiSquare2x2Result {
  chi2: number;
  p: number;
  dof: 1;
  /** Expected counts under independence, same layout as the table. */
  expected: [[number, number], [number, number]];
}

/**
 * Pearson chi-square test of independence for a 2×2 table. `yates` (default
 * true, as scipy) moves each observed count toward its expectation by
 * min(0.5, |O − E|).
 */
export function chiSquare2x2(table: Table2x2, opts: { yates?: boolean } = {}): ChiSquare2x2Result {
  const t = readTable(table, false);
  const yates = opts.yates === undefined ? true : bool("yates", opts.yates);
  const total = t[0][0] + t[0][1] + t[1][0] + t[1][1];
  const rows = [t[0][0] + t[0][1], t[1][0] + t[1][1]];
  const cols = [t[0][0] + t[1][0], t[0][1] + t[1][1]];
  const expected: [[number, number], [number, number]] = [
    [((rows[0] as number) * (cols[0] as number)) / total, ((rows[0] as number) * (cols[1] as number)) / total],
    [((rows[1] as number) * (cols[0] as number)) / total, ((rows[1] as number) * (cols[1] as number)) / total],
  ];
  let chi2 = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      const e = expected[i]![j]!;
      let o = t[i]![j]!;
      if (yates) {
        const diff = e - o;
        o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      chi2 += ((o - e) * (o - e)) / e;
    }
  }
  return { chi2, p: chi2Sf(chi2, 1), dof: 1, expected };
}

export interface FisherExactResult {
  /** Sample odds ratio (a·d)/(b·c); Infinity when b·c = 0 (scipy convention). */
  oddsRatio: number;
  /**
   * Two-sided p: sum of probabilities of tables no more likely than the observed one,
   * P(table) ≤ P(observed)·(1 + 1e-7). The relative tolerance is R's fisher.test choice
   * (scipy uses 1e-14); it keeps mathematically tied tables (e.g. mirror images) tied
   * despite rounding in the hypergeometric pmf, so the p-value is symmetric in the arms.
   */
  p: number;
}

/** Fisher's exact test for a 2×2 table of non-negative integer counts (two-sided). */
export function fisherExact(table: Table2x2): FisherExactResult {
  const t = readTable(table, true);
  const [[a, b], [c, d]] = t;
  const oddsRatio = c > 0 && b > 0 ? (a * d) / (c * b) : Infinity;
  const n1 = a + b; // successes in the urn (row 1 total)
  const n2 = c + d;
  const n = a + c; // draws (column 1 total)
  const N = n1 + n2;
  const lo = Math.max(0, n - n2);
  const hi = Math.min(n, n1);
  const pmf = (x: number): number => hypergeomPmf(x, N, n1, n);
  const pexact = pmf(a);
  const mode = Math.floor(((n + 1) * (n1 + 1)) / (N + 2));
  const pmode = pmf(mode);
  const relErr = 1e-7;
  if (Math.abs(pexact - pmode) / Math.max(pexact, pmode) <= relErr) return { oddsRatio, p: 1 };
  const cut = pexact * (1 + relErr);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const px = pmf(x);
    if (px <= cut) p += px;
  }
  return { oddsRatio, p: Math.min(1, p) };
}

export interface TwoProportionZResult {
  p1: number;
  p2: number;
  /** Pooled z for p1 − p2. */
  z: number;
  /** Two-sided p-value (equals the uncorrected chi-square p). */
  p: number;
  /** Unpooled Wald (1 − alpha) CI for p1 − p2. */
  ciDiff: [number, number];
}

/** Two-proportion z-test: pooled SE for the test, unpooled (Wald) SE for the CI. */
export function twoProportionZTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  opts: { alpha?: number } = {},
): TwoProportionZResult {
  const s1 = nonNegativeInt("x1", x1);
  const t1 = nonNegativeInt("n1", n1);
  const s2 = nonNegativeInt("x2", x2);
  const t2 = nonNegativeInt("n2", n2);
  if (t1 === 0) throw new StatsInputError("n1", "must be positive");
  if (t2 === 0) throw new StatsInputError("n2", "must be positive");
  if (s1 > t1) throw new StatsInputError("x1", `must be ≤ n1 (${t1}), got ${s1}`);
  if (s2 > t2) throw new StatsInputError("x2", `must be ≤ n2 (${t2}), got ${s2}`);
  const alpha = opts.alpha === undefined ? 0.05 : openUnit("alpha", opts.alpha);
  const p1 = s1 / t1;
  const p2 = s2 / t2;
  const pooled = (s1 + s2) / (t1 + t2);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / t1 + 1 / t2));
  const diff = p1 - p2;
  let z: number;
  let p: number;
  if (sePooled === 0) {
    // both arms all-success or all-failure: identical, no evidence of a difference
    z = 0;
    p = 1;
  } else {
    z = diff / sePooled;
    p = Math.min(1, 2 * normCdf(-Math.abs(z)));
  }
  const seWald = Math.sqrt((p1 * (1 - p1)) / t1 + (p2 * (1 - p2)) / t2);
  const q = normPpf(1 - alpha / 2);
  return { p1, p2, z, p, ciDiff: [diff - q * seWald, diff + q * seWald] };
}

export interface McNemarResult {
  /** exact: min(b, c); asymptotic: (|b − c| − 1)² / (b + c) (continuity-corrected) or (b − c)² / (b + c). */
  statistic: number;
  p: number;
}

/**
 * McNemar's test for paired pass/fail outcomes. `b` = pairs where only the
 * first system passed, `c` = only the second passed (concordant pairs carry
 * no information). Default `exact: true` (binomial test, statsmodels' default);
 * with `exact: false` the chi-square version with continuity `correction` (default true).
 */
export function mcnemar(b: number, c: number, opts: { exact?: boolean; correction?: boolean } = {}): McNemarResult {
  const nb = nonNegativeInt("b", b);
  const nc = nonNegativeInt("c", c);
  const exact = opts.exact === undefined ? true : bool("exact", opts.exact);
  const correction = opts.correction === undefined ? true : bool("correction", opts.correction);
  const n = nb + nc;
  if (exact) {
    const k = Math.min(nb, nc);
    if (n === 0) return { statistic: 0, p: 1 };
    return { statistic: k, p: Math.min(1, 2 * binomialCdf(k, n, 0.5)) };
  }
  if (n === 0) return { statistic: 0, p: 1 };
  const num = correction ? Math.max(0, Math.abs(nb - nc) - 1) : Math.abs(nb - nc);
  const statistic = (num * num) / n;
  return { statistic, p: chi2Sf(statistic, 1) };
}
