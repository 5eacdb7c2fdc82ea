import type { TGradeResult } from "../graders/types";
import { JudgeInputError } from "./errors";
import type { TJudgeVerdict } from "./prompt";
import { DEFAULT_SCALE, type TScale } from "./rubric";

export interface TAggregateOptions {
  scale?: TScale;
  /**
   * Largest score variance still called stable. Default (range / 8)²: a standard deviation of at
   * most 1/8 of the scale, i.e. variance ≤ 0.25 on 1–5 (two samples one level apart are stable,
   * 1 and 5 are not).
   */
  stableVariance?: number;
  /** Pass when the normalised mean ≥ this (default 0.5: mean ≥ 3 on 1–5). */
  passThreshold?: number;
}

export interface TJudgeAggregate {
  n: number;
  scores: number[];
  mean: number;
  /** Population variance (divides by n): the spread of these samples, 0 for a single sample. */
  variance: number;
  /**
   * variance ≤ stableVariance. A single sample is reported stable since it shows no spread, but
   * cannot demonstrate stability: use 3 or more samples to measure it.
   */
  stable: boolean;
  stableVariance: number;
  /** (mean − min) / (max − min), in [0, 1]. */
  normalizedScore: number;
  pass: boolean;
  passThreshold: number;
}

export function defaultStableVariance(scale: TScale): number {
  return ((scale.max - scale.min) / 8) ** 2;
}

export function aggregateJudgeSamples(
  samples: readonly (number | Pick<TJudgeVerdict, "score">)[],
  opts: TAggregateOptions = {},
): TJudgeAggregate {
  const scale = opts.scale ?? DEFAULT_SCALE;
  if (samples.length === 0) throw new JudgeInputError("samples", "needs at least one sample");
  const scores = samples.map((s) => (typeof s === "number" ? s : s.score));
  scores.forEach((s, i) => {
    if (!Number.isFinite(s) || s < scale.min || s > scale.max)
      throw new JudgeInputError("samples", `sample ${i} (${s}) is outside ${scale.min}..${scale.max}`);
  });
  const stableVariance = opts.stableVariance ?? defaultStableVariance(scale);
  const passThreshold = opts.passThreshold ?? 0.5;
  if (!(stableVariance >= 0)) throw new JudgeInputError("stableVariance", "must be ≥ 0");
  if (!(passThreshold >= 0 && passThreshold <= 1)) throw new JudgeInputError("passThreshold", "must be in [0, 1]");
  const n = scores.length;
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  const variance = scores.reduce((a, s) => a + (s - mean) ** 2, 0) / n;
  const normalizedScore = (mean - scale.min) / (scale.max - scale.min);
  return {
    n,
    scores,
    mean,
    variance,
    stable: variance <= stableVariance + 1e-12,
    stableVariance,
    normalizedScore,
    pass: normalizedScore >= passThreshold - 1e-12,
    passThreshold,
  };
}

/** A judge's samples as a grade: score = normalised mean; details keep every sample's reasoning. */
export function judgeGradeResult(verdicts: readonly TJudgeVerdict[], opts: TAggregateOptions = {}): TGradeResult {
  const scale = opts.scale ?? DEFAULT_SCALE;
  const agg = aggregateJudgeSamples(verdicts, opts);
  const mean = Number.isInteger(agg.mean) ? String(agg.mean) : agg.mean.toFixed(2);
  const spread = agg.n > 1 ? `, ${agg.stable ? "stable" : "unstable"} (variance ${agg.variance.toFixed(2)})` : "";
  const first = verdicts[0]?.reasoning ?? "";
  return {
    pass: agg.pass,
    score: agg.normalizedScore,
    reason: `judge ${mean}/${scale.max} over ${agg.n} sample${agg.n === 1 ? "" : "s"}${spread}${first ? `: ${first.slice(0, 500)}` : ""}`,
    details: {
      ...agg,
      scale: { min: scale.min, max: scale.max },
      reasoning: verdicts.map((v) => v.reasoning),
      strengths: verdicts.map((v) => v.strengths),
      weaknesses: verdicts.map((v) => v.weaknesses),
    },
  };
}
