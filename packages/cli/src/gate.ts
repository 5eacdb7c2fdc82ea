import {
  EXPERIMENT_PARTITIONS,
  type TArmSummary,
  type TExperimentArtifact,
  type TThresholdMetric,
} from "@yardstick/contracts/experiments";
import type { TPublicComparison, TPublicMetricComparison } from "@yardstick/contracts/public-runs";

// The gate's verdict from a finished run's artifact and, with a baseline, its comparison: one row
// per grader × partition. A row fails on the grader's threshold, on the golden partition (every
// golden case must pass), or on a significant regression vs the baseline at least `minEffect`
// large — the comparison's own verdicts (Holm-adjusted paired tests), with the CLI's minimum
// effect in place of the project's when one is given.

export type TRowVerdict = "pass" | "fail" | "info";

export interface TGateRow {
  grader: string;
  /** "all", or a partition. */
  partition: string;
  metric: TThresholdMetric;
  value: number | null;
  threshold: number | null;
  /** Candidate − baseline on this row's metric (overall rows only). */
  delta: number | null;
  ci: [number, number] | null;
  p: number | null;
  conclusion: string | null;
  verdict: TRowVerdict;
  /** Why the row failed, with its numbers. */
  reasons: string[];
  worstCases: string[];
}

export interface TGateReport {
  name: string;
  runId: string;
  verdict: "PASS" | "FAIL";
  rows: TGateRow[];
  /** One line per failure, naming the metric. */
  failures: string[];
  notes: string[];
  headline: string | null;
  candidate: string;
  baseline: string | null;
  costUsd: number;
  durationMs: number | null;
}

const METRIC_TEXT: Record<TThresholdMetric, string> = { passRate: "pass rate", meanScore: "mean score" };
const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`;
const pText = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

function estimate(agg: TArmSummary["overall"]["graders"][number] | undefined, metric: TThresholdMetric): number | null {
  if (!agg) return null;
  return (metric === "meanScore" ? agg.meanScore?.estimate : agg.passRate?.estimate) ?? null;
}

/** A significant drop the gate fails on: the comparison's regression (or "trivial" under the project's bar) at least minEffect large. */
export function isGatingRegression(m: TPublicMetricComparison, minEffect?: number): boolean {
  if (m.delta === null || m.delta >= 0) return false;
  if (m.conclusion !== "regression" && m.conclusion !== "significant_but_trivial") return false;
  return Math.abs(m.delta) >= (minEffect ?? m.minEffect) - 1e-12;
}

function describeRegression(m: TPublicMetricComparison, minEffect: number): string {
  const what = m.kind === "pass" ? "pass rate" : "mean score";
  const ci = m.ci ? `, 95% CI [${signed(m.ci[0])}, ${signed(m.ci[1])}]` : "";
  const p = m.pAdjusted ?? m.p;
  return (
    `${m.graderName} ${what} fell ${f3(m.baseline ?? 0)} → ${f3(m.candidate ?? 0)} (Δ ${signed(m.delta ?? 0)}${ci}` +
    `${p !== null ? `, p = ${pText(p)} adjusted` : ""}): a significant regression beyond the minimum effect ${minEffect}`
  );
}

export function evaluateGate(input: {
  name: string;
  artifact: TExperimentArtifact;
  candidateArm: number;
  comparison?: TPublicComparison | null;
  /** Per partition: shown in the partition rows, not gating (the tests are not corrected across partitions). */
  partitionComparisons?: Record<string, TPublicComparison>;
  minEffect?: number;
  notes?: string[];
}): TGateReport {
  const { artifact: a, comparison: cmp } = input;
  const arm = a.arms.find((x) => x.arm === input.candidateArm);
  const prompt = a.prompts.find((p) => p.arm === input.candidateArm);
  const rows: TGateRow[] = [];
  const failures: string[] = [];
  const notes = [...(input.notes ?? [])];
  const golden = arm?.gates.find((g) => g.gate === "golden");
  for (const [gi, g] of a.graders.entries()) {
    const metric: TThresholdMetric = g.threshold !== null ? g.thresholdMetric : "passRate";
    const ms = cmp?.metrics.filter((m) => m.graderId === g.graderId) ?? [];
    const shown = ms.find((m) => m.kind === (metric === "passRate" ? "pass" : "score")) ?? ms[0];
    const row: TGateRow = {
      grader: g.name,
      partition: "all",
      metric,
      value: estimate(arm?.overall.graders[gi], metric),
      threshold: g.threshold,
      delta: shown?.delta ?? null,
      ci: shown?.ci ?? null,
      p: shown ? (shown.pAdjusted ?? shown.p) : null,
      conclusion: shown?.conclusion ?? null,
      verdict: "pass",
      reasons: [],
      worstCases: [],
    };
    const tg = arm?.gates.find((x) => x.gate === "grader_threshold" && x.graderId === g.graderId);
    if (tg && !tg.passed) {
      row.reasons.push(
        `${g.name} ${METRIC_TEXT[metric]} ${tg.actual === null ? "n/a" : f3(tg.actual)} is below the threshold ${f3(tg.threshold)} (${tg.failedCaseCount} case${tg.failedCaseCount === 1 ? "" : "s"} failed)`,
      );
      row.worstCases.push(...tg.failedCases.map((c) => c.itemKey));
    }
    for (const m of ms) {
      if (!isGatingRegression(m, input.minEffect)) continue;
      row.reasons.push(describeRegression(m, input.minEffect ?? m.minEffect));
      row.worstCases.push(...(cmp?.worstCases.map((c) => c.itemKey) ?? []));
    }
    if (row.reasons.length) row.verdict = "fail";
    row.worstCases = [...new Set(row.worstCases)].slice(0, 10);
    rows.push(row);
    for (const p of EXPERIMENT_PARTITIONS) {
      const part = arm?.partitions[p];
      if (!part || part.cases === 0) continue;
      const pMetric: TThresholdMetric = p === "golden" ? "passRate" : metric;
      const pms = input.partitionComparisons?.[p]?.metrics.filter((m) => m.graderId === g.graderId) ?? [];
      const pShown = pms.find((m) => m.kind === (pMetric === "passRate" ? "pass" : "score")) ?? pms[0];
      const pr: TGateRow = {
        grader: g.name,
        partition: p,
        metric: pMetric,
        value: estimate(part.graders[gi], pMetric),
        threshold: p === "golden" && golden ? 1 : null,
        delta: pShown?.delta ?? null,
        ci: pShown?.ci ?? null,
        p: pShown ? (pShown.pAdjusted ?? pShown.p) : null,
        conclusion: pShown?.conclusion ?? null,
        verdict: p === "golden" && golden ? "pass" : "info",
        reasons: [],
        worstCases: [],
      };
      if (p === "golden" && golden && pr.value !== null && pr.value < 1 - 1e-9) {
        pr.verdict = "fail";
        pr.reasons.push(`${g.name} golden pass rate ${f3(pr.value)}: the golden partition must pass 100%`);
        pr.worstCases = golden.failedCases.map((c) => c.itemKey).slice(0, 10);
      }
      rows.push(pr);
    }
  }
  for (const r of rows) failures.push(...r.reasons);
  if (arm && arm.verdict === "FAIL" && !failures.length) {
    failures.push("no case produced an output (every case errored)");
  }
  if (!arm) failures.push("the run has no results for the candidate prompt");
  if (cmp) notes.push(...cmp.warnings);
  const desc = (p?: { promptName: string; promptVersion: number; label: string | null }) =>
    p ? `${p.promptName} v${p.promptVersion}${p.label ? ` (${p.label})` : ""}` : "?";
  return {
    name: input.name,
    runId: a.runId,
    verdict: failures.length ? "FAIL" : "PASS",
    rows,
    failures,
    notes,
    headline: cmp?.headline ?? null,
    candidate: desc(prompt),
    baseline: cmp ? desc(cmp.baseline) : null,
    costUsd: a.costUsd,
    durationMs: a.durationMs,
  };
}
