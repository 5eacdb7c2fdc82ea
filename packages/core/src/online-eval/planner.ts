import { Z95 } from "./estimates";

// The eval cost planner: layered sampling of a project's traffic (deterministic checks, LLM
// judges, human review) → monthly volume, dollars, review hours and the confidence-interval
// half-width each layer buys for a score with a typical standard deviation.

export const DAYS_PER_MONTH = 30;

export interface TJudgeTokens {
  inputTokens: number;
  outputTokens: number;
  /** Model calls per judged trace (samples × calls per sample, e.g. 2 for faithfulness). */
  callsPerTrace: number;
  /** Where the token figures come from. */
  source: "measured_online" | "measured_calibration" | "estimated_prompt_length";
  /** Judge calls the measurement averages (0 for an estimate). */
  measuredCalls: number;
}

export interface TPlannerInput {
  tracesPerDay: number;
  deterministicRate: number;
  judgeRate: number;
  humanReviewRate: number;
  reviewMinutes: number;
  scoreSd: number;
  judge: TJudgeTokens & { inputPerMTok: number | null; outputPerMTok: number | null };
}

export interface TLayerPlan {
  layer: "deterministic" | "judge" | "human";
  rate: number;
  tracesPerMonth: number;
  callsPerMonth: number;
  dollarsPerMonth: number | null;
  hoursPerMonth: number;
  /** 95% CI half-width of a daily / monthly mean from this layer (finite-population corrected). */
  ciHalfWidthDaily: number | null;
  ciHalfWidthMonthly: number | null;
}

/** Half-width of a 95% CI of a mean from n of N items with sd `sd` (with the finite-population correction). */
export function ciHalfWidth(sd: number, n: number, population: number): number | null {
  if (n < 1) return null;
  const fpc = population > 1 ? Math.max(0, (population - n) / (population - 1)) : 0;
  return (Z95 * sd * Math.sqrt(fpc)) / Math.sqrt(n);
}

export function planLayers(p: TPlannerInput): { layers: TLayerPlan[]; totalDollarsPerMonth: number | null } {
  const monthly = p.tracesPerDay * DAYS_PER_MONTH;
  const layer = (name: TLayerPlan["layer"], rate: number): TLayerPlan => {
    const traces = monthly * rate;
    const calls = name === "judge" ? traces * p.judge.callsPerTrace : 0;
    let dollars: number | null = 0;
    if (name === "judge") {
      dollars =
        p.judge.inputPerMTok == null || p.judge.outputPerMTok == null
          ? null
          : (calls * (p.judge.inputTokens * p.judge.inputPerMTok + p.judge.outputTokens * p.judge.outputPerMTok)) / 1e6;
    }
    return {
      layer: name,
      rate,
      tracesPerMonth: traces,
      callsPerMonth: calls,
      dollarsPerMonth: dollars,
      hoursPerMonth: name === "human" ? (traces * p.reviewMinutes) / 60 : 0,
      ciHalfWidthDaily: ciHalfWidth(p.scoreSd, p.tracesPerDay * rate, p.tracesPerDay),
      ciHalfWidthMonthly: ciHalfWidth(p.scoreSd, traces, monthly),
    };
  };
  const layers = [
    layer("deterministic", p.deterministicRate),
    layer("judge", p.judgeRate),
    layer("human", p.humanReviewRate),
  ];
  const judge = layers[1]!.dollarsPerMonth;
  return { layers, totalDollarsPerMonth: judge };
}

/** A rough token count for text: ~4 characters per token (English prose, Claude/GPT tokenizers). */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

type TRatedSampling = { rate: number; strata: { field: string; rates: Array<{ value: string; rate: number }> } | null };

/**
 * A rule's sampling with a plan's rate applied: the base rate becomes `rate` and each stratum's
 * rate moves by the same factor (capped at 1), so a design that over-samples a small stratum 5×
 * still does. A rule that sampled no ordinary traffic (base rate 0) keeps its strata as they are:
 * there is no factor to carry over. Always-sample conditions are untouched.
 */
export function withPlannedRate<T extends TRatedSampling>(sampling: T, rate: number): T {
  const factor = sampling.rate > 0 ? rate / sampling.rate : null;
  const strata =
    sampling.strata && factor !== null
      ? {
          ...sampling.strata,
          rates: sampling.strata.rates.map((s) => ({
            ...s,
            rate: Math.min(1, Math.round(s.rate * factor * 1e6) / 1e6),
          })),
        }
      : sampling.strata;
  return { ...sampling, rate, strata };
}
