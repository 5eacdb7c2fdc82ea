import { describe, expect, it } from "vitest";
import { cohensKappa } from "../stats";
import { judgeAgreement, weightedKappa } from "./calibration";
import { JudgeInputError } from "./errors";

describe("judgeAgreement", () => {
  it("perfect agreement → κ = 1, ρ = 1, calibrated", () => {
    const r = judgeAgreement([1, 2, 3, 4, 5, 3], [1, 2, 3, 4, 5, 3], { resamples: 200 });
    expect(r).toMatchObject({
      n: 6,
      kappa: 1,
      spearman: 1,
      exactAgreement: 1,
      calibrated: true,
      levels: [1, 2, 3, 4, 5],
    });
    expect(r.confusion[2]).toEqual([0, 0, 2, 0, 0]);
    expect(r.kappaCI).toEqual([1, 1]);
    expect(r.exactAgreementCI).toEqual([1, 1]);
  });

  it("opposite ratings → κ = −1 (hand-computed), ρ = −1, uncalibrated", () => {
    // observed Σw·O = 1 + ¼ + 0 + ¼ + 1 = 2.5; expected Σw·E = (Σ(i−j)²/16)/5 = (100/16)/5 = 1.25
    const r = judgeAgreement([1, 2, 3, 4, 5], [5, 4, 3, 2, 1], { resamples: 200 });
    expect(r.kappa).toBeCloseTo(-1, 12);
    expect(r.spearman).toBeCloseTo(-1, 12);
    expect(r.exactAgreement).toBeCloseTo(0.2, 12);
    expect(r.calibrated).toBe(false);
    expect(r.confusion).toEqual([
      [0, 0, 0, 0, 1],
      [0, 0, 0, 1, 0],
      [0, 0, 1, 0, 0],
      [0, 1, 0, 0, 0],
      [1, 0, 0, 0, 0],
    ]);
  });

  it("binary scale: κ = 0.5 by hand", () => {
    // confusion [[1,1],[0,2]]: observed disagreement 1, expected (2·3 + 2·1)/4 = 2 → κ = 1 − ½
    const r = judgeAgreement([0, 0, 1, 1], [0, 1, 1, 1], { scale: { min: 0, max: 1 }, resamples: 200 });
    expect(r.kappa).toBeCloseTo(0.5, 12);
    expect(r.exactAgreement).toBe(0.75);
    expect(r.calibrated).toBe(false);
    expect(
      judgeAgreement([0, 0, 1, 1], [0, 1, 1, 1], { scale: { min: 0, max: 1 }, kappaThreshold: 0.5, resamples: 200 })
        .calibrated,
    ).toBe(true);
  });

  const human = [1, 2, 3, 4, 5, 3, 4, 2, 5, 1];
  const judge = [1, 3, 3, 4, 4, 3, 5, 2, 5, 2];

  it("matches numpy reference values and stats.cohensKappa when every level is used", () => {
    const r = judgeAgreement(human, judge, { seed: 7, resamples: 500 });
    expect(r.kappa).toBeCloseTo(0.8888888888888888, 12);
    expect(r.spearman).toBeCloseTo(0.9182571549035954, 12); // scipy.stats.spearmanr
    expect(r.exactAgreement).toBeCloseTo(0.6, 12);
    expect(r.kappa).toBeCloseTo(cohensKappa(human, judge, { weights: "quadratic" }).kappa, 12);
    expect(judgeAgreement(human, judge, { weights: "linear", resamples: 50 }).kappa).toBeCloseTo(0.736842105263158, 12);
    expect(judgeAgreement(human, judge, { weights: "none", resamples: 50 }).kappa).toBeCloseTo(
      cohensKappa(human, judge).kappa,
      12,
    );
    expect(r.calibrated).toBe(true);
  });

  it("bootstrap intervals are seeded, ordered and bracket the estimate", () => {
    const a = judgeAgreement(human, judge, { seed: 7, resamples: 500 });
    const b = judgeAgreement(human, judge, { seed: 7, resamples: 500 });
    expect(a).toEqual(b);
    for (const [est, ci] of [
      [a.kappa, a.kappaCI],
      [a.spearman, a.spearmanCI],
      [a.exactAgreement, a.exactAgreementCI],
    ] as const) {
      expect(ci).not.toBeNull();
      const [lo, hi] = ci as [number, number];
      expect(lo).toBeLessThanOrEqual(est as number);
      expect(hi).toBeGreaterThanOrEqual(est as number);
      expect(hi).toBeLessThanOrEqual(1);
    }
    expect(judgeAgreement(human, judge, { seed: 8, resamples: 500 }).kappaCI).not.toEqual(a.kappaCI);
  });

  it("weights distances over the whole scale, even for unused levels", () => {
    // numpy: 0.7317… over levels 1..5; positional weights over the used labels {1, 2, 5} would give 0.6667
    const h = [1, 2, 5, 1, 2, 5, 5];
    const j = [2, 1, 5, 1, 2, 2, 5];
    expect(judgeAgreement(h, j, { resamples: 50 }).kappa).toBeCloseTo(0.7317073170731707, 12);
    expect(cohensKappa(h, j, { weights: "quadratic" }).kappa).toBeCloseTo(0.6666666666666667, 12);
  });

  it("handles n < 2 and constant ratings with nulls and notes", () => {
    const empty = judgeAgreement([], []);
    expect(empty).toMatchObject({ n: 0, kappa: null, spearman: null, exactAgreement: null, calibrated: false });
    expect(empty.confusion).toHaveLength(5);
    const one = judgeAgreement([3], [3]);
    expect(one).toMatchObject({ n: 1, kappa: null, exactAgreement: 1, exactAgreementCI: null, calibrated: false });
    expect(one.notes[0]).toMatch(/at least 2 items/);

    const same = judgeAgreement([4, 4, 4], [4, 4, 4], { resamples: 100 });
    expect(same).toMatchObject({ kappa: null, kappaCI: null, spearman: null, exactAgreement: 1, calibrated: false });
    expect(same.notes.join(" ")).toMatch(/kappa undefined.*spearman undefined: human/);

    // constant human, varying judge: κ is defined (0: no better than chance), ρ is not
    const flat = judgeAgreement([3, 3, 3, 3], [3, 4, 3, 2], { resamples: 100 });
    expect(flat.kappa).toBeCloseTo(0, 12);
    expect(flat.spearman).toBeNull();
    expect(flat.calibrated).toBe(false);
  });

  it("validates ratings against the scale", () => {
    expect(() => judgeAgreement([1, 2], [1])).toThrow(JudgeInputError);
    expect(() => judgeAgreement([1, 6], [1, 2])).toThrow(/human: element 1/);
    expect(() => judgeAgreement([1, 2], [1, 2.5])).toThrow(/judge: element 1/);
    expect(() => judgeAgreement([1], [1], { scale: { min: 3, max: 3 } })).toThrow(/scale/);
    expect(() => judgeAgreement([1], [1], { kappaThreshold: 2 })).toThrow(/kappaThreshold/);
  });
});

describe("weightedKappa", () => {
  it("is undefined without chance disagreement", () => {
    expect(
      weightedKappa([
        [3, 0],
        [0, 0],
      ]),
    ).toBeNull();
    expect(weightedKappa([[0]])).toBeNull();
  });
});
