import { describe, expect, it } from "vitest";
import { StatsInputError, betaProbBGreaterA, epsilonGreedy, thompsonProbBest, ucb1 } from "./index";
import { expectClose } from "./test-helpers";

describe("betaProbBGreaterA", () => {
  it("identical posteriors → 0.5; symmetric in swapping arms", () => {
    expectClose(betaProbBGreaterA(5, 7, 5, 7), 0.5, 1e-12);
    const p = betaProbBGreaterA(3, 9, 6, 4);
    expectClose(betaProbBGreaterA(6, 4, 3, 9), 1 - p, 1e-12);
  });
  it("Beta(1,1) vs Beta(2,1): P = 2/3", () => {
    expectClose(betaProbBGreaterA(1, 1, 2, 1), 2 / 3, 1e-13);
  });
  it("rejects non-positive parameters", () => {
    expect(() => betaProbBGreaterA(0, 1, 1, 1)).toThrow(/aA/);
  });
});

describe("thompsonProbBest", () => {
  it("probabilities sum to 1 and favour the best arm; seeded", () => {
    const post: [number, number][] = [
      [10, 90],
      [20, 80],
      [15, 85],
    ];
    const a = thompsonProbBest(post, { draws: 5000, seed: 1 });
    expect(a.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(a[1]).toBeGreaterThan(0.8);
    expect(thompsonProbBest(post, { draws: 5000, seed: 1 })).toEqual(a);
  });
});

describe("ucb1 / epsilonGreedy", () => {
  it("unpulled arms get an infinite index and are chosen first", () => {
    const r = ucb1([
      [5, 10],
      [0, 0],
    ]);
    expect(r.index[1]).toBe(Infinity);
    expect(r.choice).toBe(1);
  });
  it("rejects successes > pulls", () => {
    expect(() => ucb1([[3, 2]])).toThrow(StatsInputError);
  });
  it("epsilon = 0 exploits, epsilon = 1 explores", () => {
    const arms: [number, number][] = [
      [1, 10],
      [8, 10],
    ];
    expect(epsilonGreedy(arms, { epsilon: 0 })).toEqual({ choice: 1, explored: false });
    expect(epsilonGreedy(arms, { epsilon: 1, seed: 5 }).explored).toBe(true);
    expect(epsilonGreedy(arms, { epsilon: 1, random: () => 0.99 }).choice).toBe(1);
  });
});
