import { normPpf, studentTPpf } from "./dist";
import { StatsInputError } from "./errors";

export type TInterval = { estimate: number; lower: number; upper: number };

/**
 * Wilson score interval for a proportion (successes of n), two-sided at `confidence`.
 * Unlike the Wald interval it stays inside [0, 1] and is honest for small n or rates near 0/1.
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): TInterval | null {
  if (!Number.isFinite(successes) || successes < 0) throw new StatsInputError("successes", "must be >= 0");
  if (!Number.isFinite(n) || n < 0 || successes > n) throw new StatsInputError("n", "must be >= successes");
  if (n === 0) return null;
  const z = normPpf(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return { estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Student-t interval for a mean from its sufficient statistics (n, Σx, Σx²), so it can be computed
 * from roll-ups without the raw values. n = 1 gives a point with no interval (lower = upper = mean).
 * n may be a fractional effective sample size (Kish-scaled design weights), hence any real n ≥ 1.
 */
export function meanIntervalFromSums(n: number, sum: number, sumSquares: number, confidence = 0.95): TInterval | null {
  if (!Number.isFinite(n) || n < 0 || (n > 0 && n < 1)) throw new StatsInputError("n", "must be 0 or at least 1");
  if (n === 0) return null;
  const mean = sum / n;
  if (n === 1) return { estimate: mean, lower: mean, upper: mean };
  // Σ(x-m)² = Σx² - n m²; clamp the rounding error that can make it slightly negative.
  const variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
  const half = studentTPpf(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(variance / n);
  return { estimate: mean, lower: mean - half, upper: mean + half };
}
