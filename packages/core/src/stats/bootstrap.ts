/**
 * Seeded percentile bootstrap. Resampling is done into reused Float64Array
 * buffers, so built-in statistics run 10 000 resamples × 1 000 pairs in a
 * few hundred milliseconds or less.
 */
import { StatsInputError } from "./errors";
import { createRng, DEFAULT_SEED } from "./rng";
import { mean, quantileSorted } from "./util";
import { finiteArray, openUnit, positiveInt } from "./validate";

/** Built-in statistics. For pairs [x, y]: "meanDiff" = mean(y − x), "mean" = mean(y − x) too. */
export type BuiltinStatistic = "mean" | "median" | "meanDiff";
export type ValuesStatistic = BuiltinStatistic | ((sample: Float64Array) => number);
export type PairsStatistic = BuiltinStatistic | ((x: Float64Array, y: Float64Array) => number);

export interface BootstrapOptions {
  /** Number of resamples (default 10 000). */
  resamples?: number;
  /** Two-sided level: CI = [alpha/2, 1 − alpha/2] percentiles (default 0.05). */
  alpha?: number;
  /** MT19937 seed (default fixed, so results are reproducible). */
  seed?: number;
}

export interface BootstrapResult {
  /** Statistic on the original data. */
  estimate: number;
  /** Percentile interval (numpy linear interpolation). */
  ci: [number, number];
}

function median(x: Float64Array): number {
  const s = Float64Array.from(x).sort();
  return quantileSorted(s, 0.5);
}

function isPairs(data: unknown): data is readonly (readonly [number, number])[] {
  return Array.isArray(data) && data.length > 0 && Array.isArray(data[0]);
}

/**
 * Bootstrap CI of `statistic` over `values` (number[]) or `pairs`
 * ([x, y][], resampled jointly, e.g. [baseline, candidate]).
 * Custom statistic functions receive reused buffers: read, don't keep them.
 */
export function bootstrapCI(
  data: readonly number[] | readonly (readonly [number, number])[],
  statistic: ValuesStatistic | PairsStatistic,
  opts: BootstrapOptions = {},
): BootstrapResult {
  const B = opts.resamples === undefined ? 10000 : positiveInt("resamples", opts.resamples);
  const alpha = opts.alpha === undefined ? 0.05 : openUnit("alpha", opts.alpha);
  const rng = createRng(opts.seed ?? DEFAULT_SEED);
  if (!Array.isArray(data) || data.length === 0) throw new StatsInputError("data", "needs at least 1 value");

  let stat: (buf: Float64Array, buf2: Float64Array) => number;
  let src: Float64Array;
  let src2: Float64Array;
  if (isPairs(data)) {
    const rows = data as readonly unknown[];
    const xs: number[] = [];
    const ys: number[] = [];
    rows.forEach((r, i) => {
      if (!Array.isArray(r) || r.length !== 2) throw new StatsInputError("data", `pair ${i} must be [x, y]`);
      xs.push(r[0] as number);
      ys.push(r[1] as number);
    });
    src = Float64Array.from(finiteArray("data", xs));
    src2 = Float64Array.from(finiteArray("data", ys));
    if (statistic === "mean" || statistic === "meanDiff") {
      stat = (x, y) => {
        let s = 0;
        for (let i = 0; i < x.length; i++) s += (y[i] as number) - (x[i] as number);
        return s / x.length;
      };
    } else if (statistic === "median") {
      stat = (x, y) => median(y.map((v, i) => v - (x[i] as number)));
    } else if (typeof statistic === "function") {
      const f = statistic as (x: Float64Array, y: Float64Array) => number;
      stat = (x, y) => f(x, y);
    } else throw new StatsInputError("statistic", 'must be "mean", "median", "meanDiff" or a function');
  } else {
    src = Float64Array.from(finiteArray("data", data as readonly number[]));
    src2 = new Float64Array(0);
    if (statistic === "mean") stat = (x) => mean(x);
    else if (statistic === "median") stat = (x) => median(x);
    else if (statistic === "meanDiff") throw new StatsInputError("statistic", '"meanDiff" needs pairs');
    else if (typeof statistic === "function") {
      const f = statistic as (x: Float64Array) => number;
      stat = (x) => f(x);
    } else throw new StatsInputError("statistic", 'must be "mean", "median" or a function');
  }
  const paired = src2.length > 0;
  const n = src.length;
  const estimate = stat(src, src2);
  if (!Number.isFinite(estimate)) throw new StatsInputError("statistic", "returned a non-finite value on the data");
  const buf = new Float64Array(n);
  const buf2 = new Float64Array(paired ? n : 0);
  const dist = new Float64Array(B);
  for (let r = 0; r < B; r++) {
    for (let i = 0; i < n; i++) {
      const j = rng.int(n);
      buf[i] = src[j] as number;
      if (paired) buf2[i] = src2[j] as number;
    }
    const v = stat(buf, buf2);
    if (!Number.isFinite(v)) throw new StatsInputError("statistic", "returned a non-finite value on a resample");
    dist[r] = v;
  }
  dist.sort();
  return { estimate, ci: [quantileSorted(dist, alpha / 2), quantileSorted(dist, 1 - alpha / 2)] };
}
