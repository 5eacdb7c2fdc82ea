import type { TExperimentRunConfig } from "@yardstick/contracts/experiments";
import type { TCaseRecord } from "./aggregate";

// Small hand-built runs shared by the aggregation, gate and comparison tests.

export const grader = (
  graderId: string,
  threshold: number | null = null,
  metric: "passRate" | "meanScore" = "passRate",
) => ({
  graderId,
  name: graderId,
  version: 1,
  graderVersionId: `${graderId}-v1`,
  type: "exact_match",
  threshold,
  thresholdMetric: metric,
});

export const arm = (promptVersion: number) => ({
  promptId: "p",
  promptName: "support",
  promptVersion,
  promptVersionId: `pv${promptVersion}`,
  label: null,
  model: "claude-haiku-4-5",
  params: {},
});

export function config(graders: ReturnType<typeof grader>[], arms = 1): Pick<TExperimentRunConfig, "arms" | "graders"> {
  return { arms: Array.from({ length: arms }, (_, i) => arm(i + 1)), graders };
}

export function rec(p: Partial<TCaseRecord> & Pick<TCaseRecord, "itemKey">): TCaseRecord {
  const graders = p.graders ?? [{ score: 1, passed: true }];
  return {
    arm: 0,
    repeat: 0,
    partition: "distribution",
    error: false,
    cached: false,
    latencyMs: 100,
    inputTokens: 10,
    outputTokens: 5,
    costUsd: 0.001,
    passed: !p.error && graders.every((g) => g.passed),
    ...p,
    graders,
  };
}
