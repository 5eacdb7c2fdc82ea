/**
 * Thin wrappers over @stdlib distribution functions (internal).
 * Survival functions use symmetry where that avoids 1 - cdf cancellation.
 */
import betaCdf from "@stdlib/stats-base-dists-beta-cdf";
import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";
import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";
import chisqCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import hypergeomPmf from "@stdlib/stats-base-dists-hypergeometric-pmf";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalPdf from "@stdlib/stats-base-dists-normal-pdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import betaln from "@stdlib/math-base-special-betaln";
import gammaln from "@stdlib/math-base-special-gammaln";

export { betaCdf, betaQuantile, betaln, gammaln, hypergeomPmf, binomialCdf };

export const normCdf = (x: number): number => normalCdf(x, 0, 1);
/** Upper tail P(Z > x), computed as Φ(-x) to keep precision in the tail. */
export const normSf = (x: number): number => normalCdf(-x, 0, 1);
export const normPpf = (p: number): number => normalQuantile(p, 0, 1);
export const normPdf = (x: number): number => normalPdf(x, 0, 1);

export const studentTCdf = (x: number, df: number): number => tCdf(x, df);
export const studentTSf = (x: number, df: number): number => tCdf(-x, df);
export const studentTPpf = (p: number, df: number): number => tQuantile(p, df);

/** Two-sided p-value of a t statistic. */
export function tTwoSidedP(t: number, df: number): number {
  if (t === Infinity || t === -Infinity) return 0;
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** Two-sided p-value of a standard-normal statistic. */
export function zTwoSidedP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

/** Chi-square survival function P(X > x). */
export function chi2Sf(x: number, dof: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  // dof 1 and 2 have tail-exact closed forms; otherwise 1 - cdf, which keeps
  // ~1e-16 absolute accuracy (relative accuracy degrades only for p < ~1e-10).
  if (dof === 1) return 2 * normalCdf(-Math.sqrt(x), 0, 1);
  if (dof === 2) return Math.exp(-x / 2);
  return Math.max(0, 1 - chisqCdf(x, dof));
}
