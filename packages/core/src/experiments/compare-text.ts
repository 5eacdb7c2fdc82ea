import type { Conclusion } from "../stats/compare-scores";
import type { TMetricComparison } from "./compare";

// The words of a comparison, for a PM: what changed, by how much, how sure we are.

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
const points = (x: number) =>
  `${x > 0 ? "+" : x < 0 ? "−" : "±"}${(Math.round(Math.abs(x) * 1000) / 10).toFixed(1)} points`;
const num = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x > 0 ? "+" : x < 0 ? "−" : "±"}${Math.abs(x).toFixed(3)}`;

export function formatP(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`;
}

const WORDS: Record<Conclusion, string> = {
  regression: "worse",
  improvement: "better",
  no_change: "no significant difference",
  significant_but_trivial: "significant but trivial",
  insufficient_data: "insufficient data",
};

type TMetricText = Pick<
  TMetricComparison,
  | "graderName"
  | "kind"
  | "n"
  | "baseline"
  | "candidate"
  | "delta"
  | "ci"
  | "p"
  | "pAdjusted"
  | "minEffect"
  | "conclusion"
>;

/** "tone pass rate 96.0% → 80.0% (−16.0 points, 95% CI −24.0 to −8.0; p < 0.001 after Holm over 3 metrics; n = 50): worse". */
export function describeMetric(m: TMetricText, metricCount: number): string {
  const what = `${m.graderName} ${m.kind === "pass" ? "pass rate" : "mean score"}`;
  if (m.baseline === null || m.candidate === null || m.delta === null) return `${what}: no item scored on both sides`;
  const fmt = m.kind === "pass" ? pct : num;
  const d = m.kind === "pass" ? points : signed;
  const ci = m.ci ? `, 95% CI ${d(m.ci[0])} to ${d(m.ci[1])}` : "";
  const p =
    m.pAdjusted === null
      ? ""
      : `; ${formatP(m.pAdjusted)}${metricCount > 1 ? ` after Holm over ${metricCount} metrics` : ""}`;
  const trivial =
    m.conclusion === "significant_but_trivial"
      ? ` (below the minimum effect of ${d(m.minEffect).replace(/^[+±]/, "")})`
      : "";
  return `${what} ${fmt(m.baseline)} → ${fmt(m.candidate)} (${d(m.delta)}${ci}${p}; n = ${m.n}): ${WORDS[m.conclusion]}${trivial}`;
}

export function describeComparison(c: {
  conclusion: Conclusion;
  metrics: TMetricComparison[];
  pairedItems: number;
  minN: number;
  onlyInBaseline: string[];
  onlyInCandidate: string[];
  flakyItems: { baseline: number; candidate: number };
}): { headline: string; details: string[] } {
  const named = (k: Conclusion) =>
    c.metrics
      .filter((m) => m.conclusion === k)
      .map((m) => `${m.graderName} ${m.kind === "pass" ? "pass rate" : "score"}`);
  let headline: string;
  switch (c.conclusion) {
    case "regression":
      headline = `Regression: the candidate is worse on ${named("regression").join(", ")}.`;
      if (named("improvement").length) headline += ` It is better on ${named("improvement").join(", ")}.`;
      break;
    case "improvement":
      headline = `Improvement: the candidate is better on ${named("improvement").join(", ")}, and worse on nothing.`;
      break;
    case "significant_but_trivial":
      headline = `Significant but trivial: ${named("significant_but_trivial").join(", ")} changed by less than the minimum effect that matters.`;
      break;
    case "no_change":
      headline = `No significant difference on any of the ${c.metrics.length} metric(s) over ${c.pairedItems} cases.`;
      break;
    default:
      headline =
        c.pairedItems < c.minN
          ? `Insufficient data: ${c.pairedItems} case(s) are in both runs; at least ${c.minN} are needed for a verdict.`
          : "Insufficient data: no metric could be compared.";
  }
  const details = c.metrics.map((m) => m.summary);
  if (c.onlyInBaseline.length) details.push(`${c.onlyInBaseline.length} case(s) only in the baseline, not compared`);
  if (c.onlyInCandidate.length) details.push(`${c.onlyInCandidate.length} case(s) only in the candidate, not compared`);
  if (c.flakyItems.baseline || c.flakyItems.candidate) {
    details.push(
      `Flaky cases (repeats disagree): ${c.flakyItems.baseline} in the baseline, ${c.flakyItems.candidate} in the candidate`,
    );
  }
  return { headline, details };
}
