/**
 * Inverse-propensity-weighted (IPW) arm means for adaptively allocated experiments.
 *
 * Under a bandit, an arm's plain sample mean is biased (units assigned while the arm
 * looked bad are under-represented). Weighting each unit by 1/p — p = the probability it had
 * of landing in its arm when it was assigned — undoes that (Horvitz & Thompson 1952).
 *
 * Hájek (self-normalised) estimator for arm a, over the N_a units assigned to a:
 *   μ̂_a = Σ_i w_i r_i / Σ_i w_i,   w_i = 1 / p_i
 * Standard error by linearisation (delta method / sandwich; M-estimator with
 * estimating function w(r − μ)):
 *   SE²(μ̂_a) = Σ_i w_i² (r_i − μ̂_a)² / (Σ_i w_i)² · N_a / (N_a − 1)
 * CI = μ̂ ± z_{1−α/2}·SE (normal). Kish effective n = (Σw)² / Σw².
 * Sources: Hájek (1971); Hadad et al. (2021, PNAS, "Confidence intervals for policy
 * evaluation in adaptive experiments") for why plain means mislead under adaptivity.
 * The normal CI assumes propensities bounded away from 0 — the allocation floor ensures it.
 */
import { normPpf } from "../stats/dist";
import { StatsInputError } from "../stats/errors";
import { isObject } from "./summaries";
import type { IpwResult, IpwRow } from "./types";

export interface IpwOptions {
  /** Number of arms (default: 1 + the largest variantIndex seen). */
  numArms?: number;
  /** CI level (default 0.05). */
  alpha?: number;
}

/** Maximum rows accepted (keeps a request from stalling the server). */
export const IPW_MAX_ROWS = 5_000_000;

export function ipwEstimates(rows: readonly IpwRow[], opts: IpwOptions = {}): IpwResult {
  if (!Array.isArray(rows) || rows.length === 0) throw new StatsInputError("rows", "needs at least one row");
  if (rows.length > IPW_MAX_ROWS) throw new StatsInputError("rows", `at most ${IPW_MAX_ROWS} rows, got ${rows.length}`);
  const alpha = opts.alpha ?? 0.05;
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1))
    throw new StatsInputError("alpha", `must be in (0, 1), got ${String(alpha)}`);
  let maxIndex = -1;
  rows.forEach((r: unknown, i) => {
    if (!isObject(r)) throw new StatsInputError(`rows[${i}]`, "must be {variantIndex, reward, propensity}");
    const v = r.variantIndex;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      throw new StatsInputError(`rows[${i}].variantIndex`, `must be a non-negative integer, got ${String(v)}`);
    if (typeof r.reward !== "number" || !Number.isFinite(r.reward))
      throw new StatsInputError(`rows[${i}].reward`, `must be a finite number, got ${String(r.reward)}`);
    const p = r.propensity;
    if (typeof p !== "number" || !(p > 0 && p <= 1))
      throw new StatsInputError(`rows[${i}].propensity`, `must be in (0, 1], got ${String(p)}`);
    if (v > maxIndex) maxIndex = v;
  });
  let k = maxIndex + 1;
  if (opts.numArms !== undefined) {
    if (!Number.isInteger(opts.numArms) || opts.numArms < 1)
      throw new StatsInputError("numArms", `must be a positive integer, got ${String(opts.numArms)}`);
    if (opts.numArms < k)
      throw new StatsInputError("numArms", `is ${opts.numArms} but a row has variantIndex ${maxIndex}`);
    k = opts.numArms;
  }
  const n = new Array<number>(k).fill(0);
  const sw = new Array<number>(k).fill(0);
  const sw2 = new Array<number>(k).fill(0);
  const swr = new Array<number>(k).fill(0);
  const sr = new Array<number>(k).fill(0);
  for (const { variantIndex: a, reward, propensity } of rows) {
    const w = 1 / propensity;
    n[a]! += 1;
    sw[a]! += w;
    sw2[a]! += w * w;
    swr[a]! += w * reward;
    sr[a]! += reward;
  }
  const means = sw.map((s, a) => (n[a]! > 0 ? swr[a]! / s : null));
  // second pass for the sandwich variance (centred, numerically stable)
  const ss = new Array<number>(k).fill(0);
  for (const { variantIndex: a, reward, propensity } of rows) {
    const w = 1 / propensity;
    const d = reward - (means[a] as number);
    ss[a]! += w * w * d * d;
  }
  const z = normPpf(1 - alpha / 2);
  return {
    n: rows.length,
    arms: means.map((mean, a) => {
      const na = n[a]!;
      if (mean === null)
        return { index: a, n: 0, mean: null, stdError: null, ci: null, naiveMean: null, effectiveN: 0 };
      const se = na >= 2 ? Math.sqrt((ss[a]! / (sw[a]! * sw[a]!)) * (na / (na - 1))) : null;
      return {
        index: a,
        n: na,
        mean,
        stdError: se,
        ci: se === null ? null : { lower: mean - z * se, upper: mean + z * se },
        naiveMean: sr[a]! / na,
        effectiveN: (sw[a]! * sw[a]!) / sw2[a]!,
      };
    }),
  };
}
