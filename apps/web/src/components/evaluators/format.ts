// Text for the online estimates: "4.10 ± 0.12 (n = 212 of 18,400)".
type TEst = { mean: number; halfWidth: number; n: number; population: number };

export function estimateValue(e: Pick<TEst, "mean" | "halfWidth">): string {
  const digits = Math.abs(e.mean) < 10 && e.halfWidth < 0.05 ? 3 : 2;
  return `${e.mean.toFixed(digits)} ± ${e.halfWidth.toFixed(digits)}`;
}

export function estimateSample(e: Pick<TEst, "n" | "population">): string {
  return `n = ${e.n.toLocaleString("en-US")} of ${e.population.toLocaleString("en-US")}`;
}

export const pct = (r: number) => `${+(r * 100).toFixed(2)}%`;

/** "10%; strata by model: a 50%, b 5%; always: errors, latency > 5000 ms" */
export function samplingSummary(s: {
  rate: number;
  strata: { field: string; rates: Array<{ value: string; rate: number }> } | null;
  always: { errors: boolean; latencyOverMs: number | null; outputPattern: string | null; negativeFeedback: boolean };
}): string {
  const parts = [s.strata ? `${pct(s.rate)} other` : pct(s.rate)];
  if (s.strata)
    parts.push(`by ${s.strata.field}: ${s.strata.rates.map((r) => `${r.value} ${pct(r.rate)}`).join(", ")}`);
  const always = [
    s.always.errors && "errors",
    s.always.latencyOverMs != null && `latency > ${s.always.latencyOverMs} ms`,
    s.always.outputPattern && `output ~ /${s.always.outputPattern}/`,
    s.always.negativeFeedback && "negative feedback",
  ].filter(Boolean);
  if (always.length) parts.push(`always: ${always.join(", ")}`);
  return parts.join("; ");
}
