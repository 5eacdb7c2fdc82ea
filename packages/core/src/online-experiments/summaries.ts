/** Validation and moments of metric summaries (internal). */
import { StatsInputError } from "../stats/errors";
import type { MeanSummary, MetricSummary, RateSummary } from "./types";

/** Relative tolerance for Σx² ≥ (Σx)²/n and friends (float rounding in SQL roll-ups). */
const TOL = 1e-9;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function count(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
    throw new StatsInputError(name, `must be a non-negative integer, got ${String(v)}`);
  return v;
}

function finite(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new StatsInputError(name, `must be a finite number, got ${String(v)}`);
  return v;
}

export function readRate(name: string, v: unknown): RateSummary {
  if (!isObject(v)) throw new StatsInputError(name, "must be {n, successes}");
  const n = count(`${name}.n`, v.n);
  const successes = finite(`${name}.successes`, v.successes);
  if (successes < 0 || successes > n)
    throw new StatsInputError(`${name}.successes`, `must be in [0, n = ${n}], got ${successes}`);
  return { n, successes };
}

export function readMean(name: string, v: unknown): MeanSummary {
  if (!isObject(v)) throw new StatsInputError(name, "must be {n, sum, sumSquares}");
  const n = count(`${name}.n`, v.n);
  const sum = finite(`${name}.sum`, v.sum);
  const sumSquares = finite(`${name}.sumSquares`, v.sumSquares);
  if (sumSquares < 0) throw new StatsInputError(`${name}.sumSquares`, `must be ≥ 0, got ${sumSquares}`);
  if (n === 0 && (sum !== 0 || sumSquares !== 0)) throw new StatsInputError(`${name}.sum`, "must be 0 when n = 0");
  if (n > 0 && sumSquares < (sum * sum) / n - TOL * Math.max(1, sumSquares))
    throw new StatsInputError(
      `${name}.sumSquares`,
      `is smaller than sum²/n (${(sum * sum) / n}): not a valid sum of squares`,
    );
  return { n, sum, sumSquares };
}

/** Either shape; `{successes}` wins when both are present. */
export function readSummary(name: string, v: unknown): MetricSummary {
  if (isObject(v) && "successes" in v) return readRate(name, v);
  if (isObject(v) && "sum" in v) return readMean(name, v);
  throw new StatsInputError(name, "must be {n, successes} or {n, sum, sumSquares}");
}

/** Reward summary constrained to [0, 1] rewards: Σr ≤ n, Σr² ≤ Σr. Returns the success-equivalent Σr. */
export function readUnitReward(name: string, v: unknown): { n: number; sum: number } {
  const s = readSummary(name, v);
  if ("successes" in s) return { n: s.n, sum: s.successes };
  if (s.sum < -TOL || s.sum > s.n * (1 + TOL))
    throw new StatsInputError(
      `${name}.sum`,
      `rewards must lie in [0, 1]: sum must be in [0, n = ${s.n}], got ${s.sum}`,
    );
  if (s.sumSquares > s.sum * (1 + TOL) + TOL)
    throw new StatsInputError(`${name}.sumSquares`, "rewards must lie in [0, 1]: sumSquares must be ≤ sum");
  return { n: s.n, sum: Math.min(s.n, Math.max(0, s.sum)) };
}

/** Mean and unbiased variance (ddof 1; 0 when n < 2) of a summary. */
export function moments(s: MetricSummary): { n: number; mean: number; variance: number } {
  if ("successes" in s) {
    const p = s.n > 0 ? s.successes / s.n : 0;
    // Bernoulli sample variance with ddof 1 would be n/(n−1)·p(1−p); rates use p(1−p) (z-test convention).
    return { n: s.n, mean: p, variance: p * (1 - p) };
  }
  if (s.n === 0) return { n: 0, mean: 0, variance: 0 };
  const mean = s.sum / s.n;
  const variance = s.n < 2 ? 0 : Math.max(0, (s.sumSquares - s.n * mean * mean) / (s.n - 1));
  return { n: s.n, mean, variance };
}
