import { describe, expect, it } from "vitest";
import { aggregateJudgeSamples, defaultStableVariance, judgeGradeResult } from "./aggregate";
import { JudgeInputError } from "./errors";

describe("aggregateJudgeSamples", () => {
  it("mean, population variance, normalised score", () => {
    const a = aggregateJudgeSamples([4, 4, 5]);
    expect(a.mean).toBeCloseTo(13 / 3, 12);
    expect(a.variance).toBeCloseTo(2 / 9, 12);
    expect(a.stable).toBe(true);
    expect(a.normalizedScore).toBeCloseTo((13 / 3 - 1) / 4, 12);
    expect(a.pass).toBe(true);
    expect(a.scores).toEqual([4, 4, 5]);
  });

  it("stable flag: variance ≤ 0.25 on 1–5 by default", () => {
    expect(defaultStableVariance({ min: 1, max: 5, anchors: {} })).toBe(0.25);
    expect(aggregateJudgeSamples([3, 4]).stable).toBe(true); // variance 0.25
    expect(aggregateJudgeSamples([3, 5]).stable).toBe(false); // variance 1
    expect(aggregateJudgeSamples([1, 5, 3]).stable).toBe(false);
    expect(aggregateJudgeSamples([3, 5], { stableVariance: 1 }).stable).toBe(true);
    expect(aggregateJudgeSamples([2])).toMatchObject({ variance: 0, stable: true, n: 1 });
  });

  it("pass by threshold on the normalised mean; custom scales", () => {
    expect(aggregateJudgeSamples([3]).pass).toBe(true); // 0.5 ≥ 0.5
    expect(aggregateJudgeSamples([2, 3]).pass).toBe(false);
    expect(aggregateJudgeSamples([4], { passThreshold: 0.8 }).pass).toBe(false);
    const ten = aggregateJudgeSamples([7, 8], { scale: { min: 0, max: 10, anchors: {} } });
    expect(ten.normalizedScore).toBeCloseTo(0.75, 12);
    expect(ten.stableVariance).toBeCloseTo(1.5625, 12);
    expect(aggregateJudgeSamples([{ score: 5 }, { score: 5 }]).normalizedScore).toBe(1);
  });

  it("rejects empty or out-of-scale samples", () => {
    expect(() => aggregateJudgeSamples([])).toThrow(JudgeInputError);
    expect(() => aggregateJudgeSamples([6])).toThrow(/outside 1..5/);
    expect(() => aggregateJudgeSamples([3], { passThreshold: 2 })).toThrow(JudgeInputError);
  });
});

describe("judgeGradeResult", () => {
  it("grade with every sample's reasoning in details", () => {
    const r = judgeGradeResult([
      { score: 4, reasoning: "Correct but terse.", strengths: ["correct"], weaknesses: ["terse"] },
      { score: 5, reasoning: "Fully correct.", strengths: ["correct"], weaknesses: [] },
    ]);
    expect(r.pass).toBe(true);
    expect(r.score).toBeCloseTo(0.875, 12);
    expect(r.reason).toBe("judge 4.50/5 over 2 samples, stable (variance 0.25): Correct but terse.");
    expect(r.details).toMatchObject({
      mean: 4.5,
      stable: true,
      reasoning: ["Correct but terse.", "Fully correct."],
      weaknesses: [["terse"], []],
    });
  });
});
