import { createRng } from "../stats/rng";

/**
 * 95% percentile bootstrap interval of `stat` over resampled units (with replacement); resamples
 * where the statistic is undefined (e.g. no variation) are skipped. Null when too few remain.
 */
export function bootstrapPercentiles<T>(
  units: readonly T[],
  stat: (sample: readonly T[]) => number | null,
  opts: { resamples: number; seed: number },
): [number, number] | null {
  const rng = createRng(opts.seed);
  const values: number[] = [];
  for (let b = 0; b < opts.resamples; b++) {
    const sample = units.map(() => units[rng.int(units.length)]!);
    const v = stat(sample);
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  if (values.length < opts.resamples / 2) return null;
  values.sort((a, b) => a - b);
  const q = (p: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(p * (values.length - 1))))]!;
  return [q(0.025), q(0.975)];
}
