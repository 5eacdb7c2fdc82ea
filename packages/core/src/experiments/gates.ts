import type {
  TArmSummary,
  TExperimentRunConfig,
  TExperimentSummary,
  TGateResult,
} from "@yardstick/contracts/experiments";
import type { TArmAggregate } from "./aggregate";

// Gates turn aggregates into a PASS/FAIL verdict that names what failed: the golden partition
// (every golden case must pass every grader, by default) and each grader's own threshold.
// Errored cases count as failures: a gate never passes because the model did not answer.

export interface TGateSettings {
  goldenMustPass: boolean;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

function goldenGate(a: TArmAggregate): TGateResult | null {
  const golden = a.partitions.golden;
  if (!golden || golden.cases === 0) return null;
  return {
    gate: "golden",
    description: "golden partition must pass 100%",
    graderId: null,
    threshold: 1,
    actual: golden.passRate,
    passed: a.goldenFailures.count === 0,
    failedCaseCount: a.goldenFailures.count,
    failedCases: a.goldenFailures.cases,
  };
}

function thresholdGate(a: TArmAggregate, g: number, grader: TExperimentRunConfig["graders"][number]): TGateResult {
  const agg = a.overall.graders[g]!;
  const threshold = grader.threshold!;
  const actual =
    grader.thresholdMetric === "meanScore" ? (agg.meanScore?.estimate ?? null) : (agg.passRate?.estimate ?? null);
  const failures = a.graderFailures[g]!;
  const metric = grader.thresholdMetric === "meanScore" ? "mean score" : "pass rate";
  const shown = grader.thresholdMetric === "meanScore" ? String(threshold) : pct(threshold);
  return {
    gate: "grader_threshold",
    description: `${grader.name} v${grader.version}: ${metric} ≥ ${shown}`,
    graderId: grader.graderId,
    threshold,
    // Tiny float noise (0.8999999) must not fail a gate set at 0.9.
    actual,
    passed: actual !== null && actual >= threshold - 1e-9,
    failedCaseCount: failures.count,
    failedCases: failures.cases,
  };
}

/** Gates and verdict of one arm. An arm where no case produced an output fails too. */
export function armSummary(
  a: TArmAggregate,
  config: Pick<TExperimentRunConfig, "graders">,
  settings: TGateSettings,
): TArmSummary {
  const gates: TGateResult[] = [];
  if (settings.goldenMustPass) {
    const g = goldenGate(a);
    if (g) gates.push(g);
  }
  config.graders.forEach((gr, i) => {
    if (gr.threshold !== null && gr.threshold !== undefined) gates.push(thresholdGate(a, i, gr));
  });
  const answered = a.overall.cases - a.overall.errorCases;
  const verdict = gates.every((g) => g.passed) && answered > 0 ? "PASS" : "FAIL";
  return { arm: a.arm, overall: a.overall, partitions: a.partitions, gates, verdict };
}

function describeArm(arm: number, config: Pick<TExperimentRunConfig, "arms">): string {
  const a = config.arms[arm];
  return a ? `${a.promptName} v${a.promptVersion}${a.label ? ` (${a.label})` : ""}` : `arm ${arm}`;
}

/** The run's verdict: PASS when every arm passes; each failed gate becomes one readable reason. */
export function experimentSummary(
  arms: TArmAggregate[],
  config: Pick<TExperimentRunConfig, "arms" | "graders">,
  settings: TGateSettings,
): TExperimentSummary {
  const summaries = arms.map((a) => armSummary(a, config, settings));
  const reasons: string[] = [];
  for (const s of summaries) {
    const who = describeArm(s.arm, config);
    if (s.overall.cases > 0 && s.overall.errorCases === s.overall.cases) {
      reasons.push(`${who}: no case produced an output (${s.overall.errorCases} errors)`);
    }
    for (const g of s.gates.filter((x) => !x.passed)) {
      const isMean = config.graders.find((x) => x.graderId === g.graderId)?.thresholdMetric === "meanScore";
      const actual = g.actual === null ? "no result" : isMean ? g.actual.toFixed(3) : pct(g.actual);
      const sample = g.failedCases.slice(0, 5).map((c) => c.itemKey);
      reasons.push(
        `${who}: ${g.description} — got ${actual}; ${g.failedCaseCount} case(s) failed` +
          (sample.length
            ? ` (${[...new Set(sample)].join(", ")}${g.failedCaseCount > sample.length ? ", …" : ""})`
            : ""),
      );
    }
  }
  return { arms: summaries, verdict: summaries.every((s) => s.verdict === "PASS") ? "PASS" : "FAIL", reasons };
}
