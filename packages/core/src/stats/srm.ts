/**
 * Sample-ratio-mismatch check: chi-square goodness of fit of observed arm
 * counts against the configured traffic weights (GrowthBook's SRM check;
 * flagged when p < threshold, default 0.001).
 */
import { chi2Sf } from "./dist";
import { StatsInputError } from "./errors";
import { countArray, finiteArray, openUnit, sameLength } from "./validate";

export interface SrmResult {
  chi2: number;
  dof: number;
  p: number;
  flagged: boolean;
}

/** Absolute tolerance for weights summing to 1. */
const WEIGHT_SUM_TOL = 1e-6;

export function srmCheck(
  observed: readonly number[],
  weights: readonly number[],
  opts: { threshold?: number } = {},
): SrmResult {
  const obs = countArray("observed", observed, 2);
  const w = finiteArray("weights", weights, 2);
  sameLength("observed", obs, "weights", w);
  w.forEach((v, i) => {
    if (v <= 0) throw new StatsInputError("weights", `element ${i} must be > 0, got ${v}`);
  });
  const wsum = w.reduce((s, v) => s + v, 0);
  if (Math.abs(wsum - 1) > WEIGHT_SUM_TOL) throw new StatsInputError("weights", `must sum to 1, got ${wsum}`);
  const threshold = opts.threshold === undefined ? 0.001 : openUnit("threshold", opts.threshold);
  const total = obs.reduce((s, v) => s + v, 0);
  let chi2 = 0;
  for (let i = 0; i < obs.length; i++) {
    const e = total * (w[i] as number);
    const d = (obs[i] as number) - e;
    chi2 += (d * d) / e;
  }
  const dof = obs.length - 1;
  const p = chi2Sf(chi2, dof);
  return { chi2, dof, p, flagged: p < threshold };
}
