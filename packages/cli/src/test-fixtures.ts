import type { TExperimentArtifact, TGraderAggregate, TGroupAggregate } from "@yardstick/contracts/experiments";
import type { TPublicComparison, TPublicMetricComparison } from "@yardstick/contracts/public-runs";

// Small artifacts and comparisons for the unit tests of the gate, table and JUnit writer.

const grader = (passRate: number, meanScore = passRate): TGraderAggregate => ({
  graderId: "g1",
  name: "exact",
  version: 1,
  cases: 50,
  passRate: { estimate: passRate, ci: [passRate - 0.1, passRate] },
  meanScore: { estimate: meanScore, ci: null },
  p10Score: null,
  errors: 0,
});

const group = (passRate: number, cases = 50): TGroupAggregate => ({
  cases,
  items: cases,
  errorCases: 0,
  cachedCases: 0,
  passRate,
  latencyMs: { p50: 10, p95: 20 },
  inputTokens: 100,
  outputTokens: 100,
  costUsd: 0.01,
  graders: [grader(passRate)],
});

export function artifactFixture(
  opts: { overall?: number; golden?: number; threshold?: number | null; thresholdPassed?: boolean } = {},
): TExperimentArtifact {
  const overall = opts.overall ?? 1;
  const golden = opts.golden ?? 1;
  const threshold = opts.threshold ?? null;
  const gates: TExperimentArtifact["arms"][number]["gates"] = [
    {
      gate: "golden",
      description: "golden partition must pass 100%",
      graderId: null,
      threshold: 1,
      actual: golden,
      passed: golden === 1,
      failedCaseCount: golden === 1 ? 0 : 1,
      failedCases: golden === 1 ? [] : [{ itemKey: "item-001", repeat: 0 }],
    },
  ];
  if (threshold !== null)
    gates.push({
      gate: "grader_threshold",
      description: "exact v1: pass rate ≥ 90%",
      graderId: "g1",
      threshold,
      actual: overall,
      passed: opts.thresholdPassed ?? overall >= threshold,
      failedCaseCount: 5,
      failedCases: [{ itemKey: "item-007", repeat: 0 }],
    });
  return {
    schemaVersion: 1,
    runId: "run1",
    name: "gate",
    status: "completed",
    dataset: { id: "d1", name: "support", version: 3, partitions: ["golden", "distribution"] },
    prompts: [
      {
        arm: 0,
        promptId: "p",
        promptName: "answerer",
        promptVersion: 1,
        promptVersionId: "pv1",
        label: "production",
        model: "m",
        params: {},
      },
      {
        arm: 1,
        promptId: "p",
        promptName: "answerer",
        promptVersion: 2,
        promptVersionId: "pv2",
        label: "staging",
        model: "m",
        params: {},
      },
    ],
    models: ["m"],
    gitCommit: null,
    graders: [
      {
        graderId: "g1",
        name: "exact",
        version: 1,
        graderVersionId: "gv1",
        type: "exact_match",
        threshold,
        thresholdMetric: "passRate",
      },
    ],
    repeats: 1,
    counts: { totalCases: 100, doneCases: 100, errorCases: 0, cachedCases: 0 },
    tokens: { input: 1, output: 1 },
    costUsd: 0.0123,
    startedAt: null,
    endedAt: null,
    durationMs: 4200,
    verdict: "PASS",
    reasons: [],
    arms: [1].map((arm) => ({
      arm,
      overall: group(overall),
      partitions: { golden: group(golden, 4), distribution: group(overall, 46) },
      gates,
      verdict: gates.every((g) => g.passed) ? ("PASS" as const) : ("FAIL" as const),
    })),
  };
}

export function metricFixture(over: Partial<TPublicMetricComparison> = {}): TPublicMetricComparison {
  return {
    key: "g1:pass",
    graderId: "g1",
    graderName: "exact",
    kind: "pass",
    n: 50,
    baseline: 1,
    candidate: 0.2,
    delta: -0.8,
    ci: [-0.9, -0.7],
    p: 1e-6,
    pAdjusted: 2e-6,
    minEffect: 0.02,
    conclusion: "regression",
    summary: "",
    ...over,
  };
}

export function comparisonFixture(metrics: TPublicMetricComparison[]): TPublicComparison {
  return {
    baseline: { runId: "run1", arm: 0, promptName: "answerer", promptVersion: 1, label: "production" },
    candidate: { runId: "run1", arm: 1, promptName: "answerer", promptVersion: 2, label: "staging" },
    dataset: { name: "support", version: 3 },
    partition: null,
    alpha: 0.05,
    conclusion: metrics[0]?.conclusion ?? "no_change",
    headline: "headline",
    details: [],
    metrics,
    pairedItems: 50,
    worstCases: [{ itemKey: "item-010", partition: "distribution", delta: -1 }],
    warnings: [],
  };
}
