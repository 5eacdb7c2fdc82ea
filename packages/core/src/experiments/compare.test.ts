import { describe, expect, it } from "vitest";
import { bootstrapCI } from "../stats/bootstrap";
import { mcnemar } from "../stats/contingency";
import { adjustPValues } from "../stats/multiple-testing";
import { wilcoxonSignedRank } from "../stats/rank-tests";
import { pairedTTest } from "../stats/t-tests";
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED } from "./aggregate";
import { compareExperimentSides, type TCompareGrader } from "./compare";
import type { TCompareCase } from "./compare-cluster";

const G: TCompareGrader[] = [{ graderId: "exact", name: "exact", version: 1 }];
const key = (i: number) => `item-${String(i).padStart(2, "0")}`;
const c = (itemKey: string, passed: boolean, extra: Partial<TCompareCase> = {}): TCompareCase => ({
  itemKey,
  partition: "distribution",
  repeat: 0,
  error: false,
  graders: { exact: { score: passed ? 1 : 0, passed } },
  ...extra,
});

describe("comparison", () => {
  it("a candidate that fails 40 of 60 cases the baseline passed is a regression, with McNemar, Holm and a bootstrap CI", () => {
    const base = Array.from({ length: 60 }, (_, i) => c(key(i), true));
    const cand = Array.from({ length: 60 }, (_, i) => c(key(i), i >= 40));
    const r = compareExperimentSides({ graders: G, cases: base }, { graders: G, cases: cand });
    expect(r.conclusion).toBe("regression");
    expect(r.pairedItems).toBe(60);
    // Scores are 0/1 on both sides: only the pass-rate metric is compared.
    expect(r.metrics).toHaveLength(1);
    const m = r.metrics[0]!;
    expect(m).toMatchObject({
      key: "exact:pass",
      kind: "pass",
      n: 60,
      baseline: 1,
      delta: expect.closeTo(-40 / 60, 12),
    });
    expect(m.tests.mcnemar).toEqual({ p: mcnemar(40, 0).p, baselineOnly: 40, candidateOnly: 0 });
    expect(m.p).toBe(mcnemar(40, 0).p);
    expect(m.pAdjusted).toBe(m.p); // one metric: Holm changes nothing
    const pairs = base.map((_, i) => [1, i >= 40 ? 1 : 0] as const);
    expect(m.ci).toEqual(bootstrapCI(pairs, "meanDiff", { resamples: BOOTSTRAP_RESAMPLES, seed: BOOTSTRAP_SEED }).ci);
    expect(m.ci![1]).toBeLessThan(0);
    expect(r.headline).toBe("Regression: the candidate is worse on exact pass rate.");
    expect(m.summary).toMatch(
      /^exact pass rate 100\.0% → 33\.3% \(−66\.7 points, 95% CI −\d+\.\d points to −\d+\.\d points; p < 0\.001; n = 60\): worse$/,
    );
    // Regressions first, in key order among equals; the 20 unchanged after.
    expect(r.cases.slice(0, 40).every((x) => x.change === "regression")).toBe(true);
    expect(r.cases[0]).toMatchObject({ itemKey: key(0), delta: -1 });
    expect(r.cases[40]!.change).toBe("unchanged");
  });

  it("scores: paired t and Wilcoxon on per-item means, Holm across the metrics, min effect makes a change trivial", () => {
    const G2: TCompareGrader[] = [{ graderId: "judge", name: "judge", version: 1 }];
    const judge = (itemKey: string, score: number) => ({
      itemKey,
      partition: "golden" as const,
      repeat: 0,
      error: false,
      graders: { judge: { score, passed: score >= 0.5 } },
    });
    const bScores = Array.from({ length: 30 }, (_, i) => 0.6 + (i % 5) * 0.05);
    const cScores = bScores.map((s, i) => s + 0.01 + (i % 3) * 0.002);
    const r = compareExperimentSides(
      { graders: G2, cases: bScores.map((s, i) => judge(key(i), s)) },
      { graders: G2, cases: cScores.map((s, i) => judge(key(i), s)) },
      { minEffect: (k) => (k === "judge:score" ? 0.05 : 0) },
    );
    const score = r.metrics.find((m) => m.key === "judge:score")!;
    const t = pairedTTest(cScores, bScores);
    expect(score.tests.pairedT!.p).toBeCloseTo(t.p, 12);
    expect(score.tests.wilcoxon!.p).toBeCloseTo(wilcoxonSignedRank(cScores, bScores).p, 12);
    const pass = r.metrics.find((m) => m.key === "judge:pass")!;
    const holm = adjustPValues([pass.p!, score.p!], "holm");
    expect([pass.pAdjusted, score.pAdjusted]).toEqual(holm);
    expect(score.delta).toBeCloseTo(0.012, 3);
    // Significant (p tiny), but +0.012 < the 0.05 that matters for this metric.
    expect(score.conclusion).toBe("significant_but_trivial");
    expect(pass.conclusion).toBe("no_change");
    expect(r.conclusion).toBe("significant_but_trivial");
    expect(r.headline).toMatch(/^Significant but trivial: judge score changed by less than the minimum effect/);
  });

  it("repeats are clustered per item (one pair per item), flakiness is counted, one-sided items are listed", () => {
    const base: TCompareCase[] = [];
    const cand: TCompareCase[] = [];
    for (let i = 0; i < 12; i++) {
      for (let r = 0; r < 3; r++) {
        base.push(c(key(i), true, { repeat: r }));
        // Item 0 is flaky in the candidate (passes 1 of 3), others pass every repeat.
        cand.push(c(key(i), i === 0 ? r === 0 : true, { repeat: r }));
      }
    }
    base.push(c("only-base", true));
    cand.push(c("only-cand", true), c("only-cand-2", false));
    const r = compareExperimentSides({ graders: G, cases: base }, { graders: G, cases: cand });
    expect(r.pairedItems).toBe(12);
    expect(r.metrics[0]!.n).toBe(12);
    expect(r.metrics[0]!.delta).toBeCloseTo((1 / 3 - 1) / 12, 12);
    expect(r.flakyItems).toEqual({ baseline: 0, candidate: 1 });
    expect(r.cases[0]).toMatchObject({
      itemKey: key(0),
      change: "regression",
      flaky: { baseline: false, candidate: true },
    });
    expect(r.cases[0]!.graders[0]!.candidate).toMatchObject({ passRate: 1 / 3, flaky: true });
    expect(r.onlyInBaseline).toEqual(["only-base"]);
    expect(r.onlyInCandidate).toEqual(["only-cand", "only-cand-2"]);
    expect(r.details).toContain("1 case(s) only in the baseline, not compared");
    expect(r.conclusion).toBe("no_change");
  });

  it("fewer than 10 paired items is insufficient data; graders on one side only are warned about", () => {
    const other: TCompareGrader[] = [...G, { graderId: "tone", name: "tone", version: 2 }];
    const r = compareExperimentSides(
      { graders: G, cases: [0, 1, 2].map((i) => c(key(i), true)) },
      { graders: other, cases: [0, 1, 2].map((i) => c(key(i), false)) },
    );
    expect(r.conclusion).toBe("insufficient_data");
    expect(r.headline).toBe("Insufficient data: 3 case(s) are in both runs; at least 10 are needed for a verdict.");
    expect(r.warnings).toEqual(["tone graded only the candidate: not compared"]);
  });
});
