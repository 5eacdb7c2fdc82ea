import type { TExperimentPartition } from "@yardstick/contracts/experiments";
import type { TItemCluster, TItemGraderValue } from "./compare-cluster";

// The per-case side of a comparison: each item in both runs with every grader's change,
// regressions first (largest drop first), then improvements, unchanged, and items neither side scored.

export type TCaseChange = "regression" | "improvement" | "unchanged" | "unscored";

export interface TCaseComparison {
  itemKey: string;
  partition: TExperimentPartition;
  change: TCaseChange;
  /** Mean over graders of (candidate − baseline), each grader's score or, without one, its pass rate. */
  delta: number | null;
  graders: {
    graderId: string;
    baseline: TItemGraderValue;
    candidate: TItemGraderValue;
    scoreDelta: number | null;
    passDelta: number;
  }[];
  flaky: { baseline: boolean; candidate: boolean };
  errors: { baseline: number; candidate: number };
}

const EPS = 1e-9;
const RANK: Record<TCaseChange, number> = { regression: 0, improvement: 1, unchanged: 2, unscored: 3 };

export function caseRows(
  paired: readonly [TItemCluster, TItemCluster][],
  graderIds: readonly string[],
): TCaseComparison[] {
  const rows = paired.map(([b, c]): TCaseComparison => {
    const graders = graderIds.map((id) => {
      const x = b.graders[id]!;
      const y = c.graders[id]!;
      return {
        graderId: id,
        baseline: x,
        candidate: y,
        scoreDelta: x.score !== null && y.score !== null ? y.score - x.score : null,
        passDelta: y.passRate - x.passRate,
      };
    });
    const parts = graders.map((g) => g.scoreDelta ?? g.passDelta);
    const unscored = b.errors === b.repeats && c.errors === c.repeats;
    const delta = unscored || !parts.length ? null : parts.reduce((s, v) => s + v, 0) / parts.length;
    const change: TCaseChange =
      delta === null ? "unscored" : delta < -EPS ? "regression" : delta > EPS ? "improvement" : "unchanged";
    return {
      itemKey: b.itemKey,
      partition: c.partition,
      change,
      delta,
      graders,
      flaky: { baseline: graders.some((g) => g.baseline.flaky), candidate: graders.some((g) => g.candidate.flaky) },
      errors: { baseline: b.errors, candidate: c.errors },
    };
  });
  return rows.sort(
    (x, y) =>
      RANK[x.change] - RANK[y.change] ||
      (x.change === "improvement" ? (y.delta ?? 0) - (x.delta ?? 0) : (x.delta ?? 0) - (y.delta ?? 0)) ||
      x.itemKey.localeCompare(y.itemKey),
  );
}
