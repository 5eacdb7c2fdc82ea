/**
 * Peek-safe ("always valid") inference for experiments that are looked at
 * repeatedly.
 *
 * 1. sequentialCI — GrowthBook's asymptotic confidence sequence
 *    (gbstats/frequentist/tests.py; Waudby-Smith et al. 2023, "Time-uniform
 *    central limit theory and asymptotic confidence sequences", eq. 9 and the
 *    ρ tuning of its appendix):
 *      ρ      = sqrt( (−2 ln α + ln(−2 ln α + 1)) / N* )            N* = tuning sample size
 *      s²     = SE² · n                                              per-observation variance
 *      half   = s · sqrt( 2(nρ² + 1) / (n²ρ²) · ln( sqrt(nρ² + 1) / α ) )
 *      CI     = estimate ± half
 *    The matching e-value is E = exp(n²ρ²·est² / (2 s² (nρ² + 1))) / sqrt(nρ² + 1)
 *    and p = min(1, 1/E): the smallest α whose sequence excludes 0.
 *
 * 2. msprt — mixture sequential probability ratio test (Johari, Pekelis &
 *    Walsh 2017, "Always valid inference"; Robbins 1970) for an asymptotically
 *    normal estimate θ̂ with variance V = SE², mixing H1 over θ ~ N(θ0, τ²):
 *      Λ_n = sqrt(V / (V + τ²)) · exp( τ² (θ̂ − θ0)² / (2 V (V + τ²)) )
 *      p_n = min(p_{n−1}, 1/Λ_n), p_0 = 1              (always-valid p-value)
 *    Reject at the first look with p_n ≤ α.
 */
import { normPpf } from "./dist";
import { StatsInputError } from "./errors";
import { finiteNumber, openUnit, positiveNumber } from "./validate";

export interface SequentialCIInput {
  /** Point estimate at this look (e.g. difference in means). */
  estimate: number;
  /** Standard error of the estimate at this look. */
  stdError: number;
  /** Total sample size at this look (GrowthBook: n_total over both arms). */
  n: number;
  /** Tuning sample size N* at which the sequence is tightest (GrowthBook default 5000). */
  nStar?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
}

export interface SequentialCIResult {
  rho: number;
  halfwidth: number;
  ci: [number, number];
  /** Always-valid p-value min(1, 1/E). */
  p: number;
  /** Fixed-horizon z half-width, for comparison (z_{1−α/2}·SE). */
  fixedHalfwidth: number;
}

export function sequentialCI(input: SequentialCIInput): SequentialCIResult {
  if (typeof input !== "object" || input === null) throw new StatsInputError("input", "must be an object");
  const est = finiteNumber("estimate", input.estimate);
  const se = positiveNumber("stdError", input.stdError);
  const n = positiveNumber("n", input.n);
  const nStar = input.nStar === undefined ? 5000 : positiveNumber("nStar", input.nStar);
  const alpha = input.alpha === undefined ? 0.05 : openUnit("alpha", input.alpha);
  const rho = Math.sqrt((-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / nStar);
  const s2 = se * se * n;
  const nr2 = n * rho * rho;
  const halfwidth = Math.sqrt(s2) * Math.sqrt(((2 * (nr2 + 1)) / (n * nr2)) * Math.log(Math.sqrt(nr2 + 1) / alpha));
  const logE = (n * nr2 * est * est) / (2 * s2 * (nr2 + 1)) - 0.5 * Math.log(nr2 + 1);
  const p = Math.min(1, Math.exp(-logE));
  return { rho, halfwidth, ci: [est - halfwidth, est + halfwidth], p, fixedHalfwidth: normPpf(1 - alpha / 2) * se };
}

export interface MsprtLook {
  estimate: number;
  stdError: number;
}

export interface MsprtOptions {
  /** Standard deviation τ of the normal mixing distribution over effects (required). */
  tau: number;
  /** Null value θ0 (default 0); the mixture is centred on it. */
  theta0?: number;
  /** Level for `rejectIndex` (default 0.05). */
  alpha?: number;
}

export interface MsprtResult {
  /** Mixture likelihood ratio Λ at each look. */
  lr: number[];
  /** Always-valid p-value after each look (non-increasing). */
  p: number[];
  /** First look (0-based) with p ≤ alpha, or null. */
  rejectIndex: number | null;
}

/** Mixture SPRT over a sequence of looks (a single look may be passed as a one-element array). */
export function msprt(looks: readonly MsprtLook[], opts: MsprtOptions): MsprtResult {
  if (!Array.isArray(looks) || looks.length === 0) throw new StatsInputError("looks", "needs at least one look");
  if (typeof opts !== "object" || opts === null) throw new StatsInputError("opts", "must include tau");
  const tau = positiveNumber("tau", opts.tau);
  const theta0 = opts.theta0 === undefined ? 0 : finiteNumber("theta0", opts.theta0);
  const alpha = opts.alpha === undefined ? 0.05 : openUnit("alpha", opts.alpha);
  const t2 = tau * tau;
  const lr: number[] = [];
  const p: number[] = [];
  let running = 1;
  let rejectIndex: number | null = null;
  looks.forEach((look, i) => {
    const est = finiteNumber(`looks[${i}].estimate`, look?.estimate);
    const se = positiveNumber(`looks[${i}].stdError`, look?.stdError);
    const V = se * se;
    const d = est - theta0;
    const logLr = 0.5 * Math.log(V / (V + t2)) + (t2 * d * d) / (2 * V * (V + t2));
    lr.push(Math.exp(logLr));
    running = Math.min(running, Math.exp(-logLr));
    p.push(running);
    if (rejectIndex === null && running <= alpha) rejectIndex = i;
  });
  return { lr, p, rejectIndex };
}
