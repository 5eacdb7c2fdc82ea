/**
 * Two-sample Kolmogorov–Smirnov test (scipy.stats.ks_2samp, two-sided).
 * "auto" uses the exact lattice-path p-value when max(n1, n2) ≤ 10 000, as scipy.
 */
import { kolmogorovSf } from "./kolmogorov";
import { finiteArray, oneOf } from "./validate";

export type KsMethod = "auto" | "exact" | "asymptotic";

export interface KsResult {
  /** sup |F_a − F_b| */
  d: number;
  p: number;
  method: "exact" | "asymptotic";
}

const MAX_AUTO_N = 10000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Right-continuous ECDF of sorted `s` at v (numpy searchsorted side="right"). */
function upperBound(s: readonly number[], v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((s[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** P(D_{n,n} ≥ h/n): alternating reflection sum in Horner form (scipy _compute_prob_outside_square). */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
    k -= 1;
  }
  return 2 * P;
}

/**
 * P(D ≥ h/lcm) for sizes m ≠ n: the fraction of lattice paths from (0,0) to
 * (m,n) that touch |x·n/g − y·m/g| ≥ h (Hodges 1958). B(x,y) is the fraction
 * of paths into (x,y) that have already touched the boundary (1 on/outside it),
 * B(x,y) = (x·B(x−1,y) + y·B(x,y−1)) / (x+y) inside. Summing the crossed mass
 * directly (instead of 1 − P(inside)) keeps full relative precision for tiny p.
 */
function probOutsideLattice(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  const B = new Float64Array(n + 1);
  const outside = (x: number, y: number): boolean => Math.abs(x * ng - y * mg) >= h;
  B[0] = 0;
  for (let y = 1; y <= n; y++) B[y] = outside(0, y) ? 1 : (B[y - 1] as number);
  for (let x = 1; x <= m; x++) {
    B[0] = outside(x, 0) ? 1 : (B[0] as number);
    for (let y = 1; y <= n; y++) {
      B[y] = outside(x, y) ? 1 : ((B[y] as number) * x + (B[y - 1] as number) * y) / (x + y);
    }
  }
  return B[n] as number;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Two-sample KS test. `method`: "auto" (default; exact when max(n1, n2) ≤ 10 000),
 * "exact", or "asymptotic" (scipy's "asymp": kstwo.sf(D, round(n1·n2/(n1+n2)))).
 */
export function ks2Sample(a: readonly number[], b: readonly number[], opts: { method?: KsMethod } = {}): KsResult {
  const x = [...finiteArray("a", a, 1)].sort((u, v) => u - v);
  const y = [...finiteArray("b", b, 1)].sort((u, v) => u - v);
  let method: KsMethod =
    opts.method === undefined ? "auto" : oneOf("method", opts.method, ["auto", "exact", "asymptotic"]);
  const n1 = x.length;
  const n2 = y.length;
  let maxS = -Infinity;
  let minS = Infinity;
  for (const v of [...x, ...y]) {
    const diff = upperBound(x, v) / n1 - upperBound(y, v) / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  let d = Math.max(maxS, Math.min(1, Math.max(0, -minS)));
  if (method === "auto") method = Math.max(n1, n2) <= MAX_AUTO_N ? "exact" : "asymptotic";
  const g = gcd(n1, n2);
  if (method === "exact") {
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    d = h / lcm;
    if (h === 0) return { d, p: 1, method: "exact" };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideLattice(n1, n2, g, h);
    if (p >= 0 && p <= 1) return { d, p, method: "exact" };
    // numerical failure → asymptotic, as scipy does
  }
  const big = Math.max(n1, n2);
  const small = Math.min(n1, n2);
  const en = (big * small) / (big + small);
  // scipy yields NaN when round(en) == 0 (n1 = n2 = 1); use n = 1 instead
  const p = kolmogorovSf(Math.max(1, roundHalfEven(en)), d);
  return { d, p: Math.min(1, Math.max(0, p)), method: "asymptotic" };
}
