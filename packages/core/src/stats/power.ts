/**
 * Sample size and minimum detectable effect for two-arm tests (two-sided,
 * normal approximation).
 *
 * Two proportions (pooled variance under H0, unpooled under H1; Fleiss, Levin &
 * Paik, "Statistical Methods for Rates and Proportions", eq. 4.14 without the
 * continuity correction):
 *   n = [z_{1−α/2}·sqrt(2·p̄(1−p̄)) + z_{power}·sqrt(p1(1−p1) + p2(1−p2))]² / (p1 − p2)²,  p̄ = (p1 + p2)/2
 * Two means (standardised effect d = Δ/σ):  n = 2·(z_{1−α/2} + z_{power})² / d²
 */
import { normPpf } from "./dist";
import { StatsInputError } from "./errors";
import { finiteNumber, openUnit, positiveNumber } from "./validate";

export interface PowerOptions {
  /** Two-sided significance level (default 0.05). */
  alpha?: number;
  /** Target power (default 0.8). */
  power?: number;
}

export interface SampleSizeResult {
  /** Required observations per arm, rounded up. */
  nPerArm: number;
  /** Unrounded solution of the formula. */
  exact: number;
}

function readPower(opts: PowerOptions): { za: number; zb: number } {
  const alpha = opts.alpha === undefined ? 0.05 : openUnit("alpha", opts.alpha);
  const power = opts.power === undefined ? 0.8 : openUnit("power", opts.power);
  return { za: normPpf(1 - alpha / 2), zb: normPpf(power) };
}

function nTwoProportions(p1: number, p2: number, za: number, zb: number): number {
  const pbar = (p1 + p2) / 2;
  const num = za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return (num * num) / ((p1 - p2) * (p1 - p2));
}

function ceilN(x: number): number {
  // guard against 800.0000000001 from rounding
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 ? r : Math.ceil(x);
}

export function sampleSizeTwoProportions(p1: number, p2: number, opts: PowerOptions = {}): SampleSizeResult {
  const a = openUnit("p1", p1);
  const b = openUnit("p2", p2);
  if (a === b) throw new StatsInputError("p2", "must differ from p1");
  const { za, zb } = readPower(opts);
  const exact = nTwoProportions(a, b, za, zb);
  return { nPerArm: ceilN(exact), exact };
}

/** Per-arm n to detect a standardised mean difference `d` (Cohen's d) with a two-sided z-test. */
export function sampleSizeTwoMeans(d: number, opts: PowerOptions = {}): SampleSizeResult {
  const eff = finiteNumber("d", d);
  if (eff === 0) throw new StatsInputError("d", "must be non-zero");
  const { za, zb } = readPower(opts);
  const exact = (2 * (za + zb) ** 2) / (eff * eff);
  return { nPerArm: ceilN(exact), exact };
}

export interface MdeResult {
  /** Smallest absolute lift p2 − pBaseline detectable with nPerArm per arm. */
  mde: number;
  /** mde / pBaseline */
  relative: number;
  /** pBaseline + mde */
  p2: number;
}

/** Minimum detectable (upward) effect for two proportions: inverts the sample-size formula by bisection. */
export function mdeTwoProportions(pBaseline: number, nPerArm: number, opts: PowerOptions = {}): MdeResult {
  const p1 = openUnit("pBaseline", pBaseline);
  const n = positiveNumber("nPerArm", nPerArm);
  const { za, zb } = readPower(opts);
  let lo = 0;
  let hi = 1 - p1;
  const needAt = (delta: number): number => nTwoProportions(p1, p1 + delta, za, zb);
  if (needAt(hi * (1 - 1e-12)) > n) {
    throw new StatsInputError("nPerArm", "too small to detect any upward effect at this alpha and power");
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (needAt(mid) > n) lo = mid;
    else hi = mid;
  }
  return { mde: hi, relative: hi / p1, p2: p1 + hi };
}
