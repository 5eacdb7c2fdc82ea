import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StatsInputError } from "../stats/errors";
import { computeAllocation, type AllocationPolicy } from "./index";

const sum = (x: number[]): number => x.reduce((s, v) => s + v, 0);
const POLICIES: AllocationPolicy[] = ["thompson", "ucb1", "epsilon_greedy"];

function argError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StatsInputError);
    return (e as StatsInputError).argument;
  }
  throw new Error("expected a StatsInputError");
}

describe("computeAllocation", () => {
  it("keeps equal weights during burn-in", () => {
    for (const policy of POLICIES) {
      const r = computeAllocation({
        policy,
        arms: [
          { n: 99, successes: 50 },
          { n: 500, successes: 10 },
        ],
        burnIn: 100,
      });
      expect(r.adapted).toBe(false);
      expect(r.weights).toEqual([0.5, 0.5]);
      expect(r.reason).toMatch(/burn-in: arm 0 has 99 of 100/);
      expect(sum(r.probBest)).toBeCloseTo(1, 10);
    }
  });

  it("adapts after burn-in, respects the floor and sums to 1", () => {
    const arms = [
      { n: 1000, successes: 100 },
      { n: 1000, successes: 120 },
      { n: 1000, successes: 150 },
    ];
    for (const policy of POLICIES) {
      for (const floor of [0, 0.02, 0.05, 0.2]) {
        const r = computeAllocation({ policy, arms, burnIn: 100, floor });
        expect(r.adapted).toBe(true);
        expect(sum(r.weights)).toBeCloseTo(1, 12);
        for (const w of r.weights) expect(w).toBeGreaterThanOrEqual(floor - 1e-12);
        // the best arm gets the most traffic
        expect(r.weights.indexOf(Math.max(...r.weights))).toBe(2);
      }
      // floor 1/k forces uniform
      const u = computeAllocation({ policy, arms, floor: 1 / 3 });
      u.weights.forEach((w) => expect(w).toBeCloseTo(1 / 3, 12));
    }
  });

  it("thompson weights = floor + (1 − k·floor)·P(best)", () => {
    const arms = [
      { n: 400, successes: 40 },
      { n: 400, successes: 48 },
    ];
    const r = computeAllocation({ policy: "thompson", arms, floor: 0.1, seed: 7, draws: 20000 });
    r.weights.forEach((w, i) => expect(w).toBeCloseTo(0.1 + 0.8 * r.probBest[i]!, 12));
    // P(best) vs the exact Beta–Binomial probability (Beta(49, 353) vs Beta(41, 361)) ≈ 0.81
    expect(r.probBest[1]).toBeGreaterThan(0.75);
    expect(r.probBest[1]).toBeLessThan(0.87);
  });

  it("ucb1 puts (1 − (k−1)·floor) on the arm with the highest index", () => {
    const r = computeAllocation({
      policy: "ucb1",
      arms: [
        { n: 200, successes: 20 },
        { n: 800, successes: 120 },
        { n: 200, successes: 30 },
      ],
      floor: 0.05,
    });
    // indexes: 0.1 + sqrt(2 ln 1200 / 200) = 0.4766, 0.15 + sqrt(2 ln 1200/800) = 0.3383, 0.15 + 0.3766 = 0.5266
    expect(r.weights[2]).toBeCloseTo(0.9, 12);
    expect(r.weights[0]).toBeCloseTo(0.05, 12);
  });

  it("epsilon_greedy gives ε/k to every arm and the rest to the best observed mean", () => {
    const r = computeAllocation({
      policy: "epsilon_greedy",
      arms: [
        { n: 200, successes: 20 },
        { n: 200, successes: 40 },
      ],
      epsilon: 0.2,
      floor: 0,
    });
    expect(r.weights[0]).toBeCloseTo(0.1, 12);
    expect(r.weights[1]).toBeCloseTo(0.9, 12);
  });

  it("accepts continuous rewards in [0, 1] via the expected Bernoulli-trick posterior", () => {
    const r = computeAllocation({
      policy: "thompson",
      arms: [
        { n: 300, sum: 150, sumSquares: 90 },
        { n: 300, sum: 180, sumSquares: 120 },
      ],
    });
    expect(r.posteriorMeans[0]).toBeCloseTo(151 / 302, 12);
    expect(r.posteriorMeans[1]).toBeCloseTo(181 / 302, 12);
    expect(r.probBest[1]).toBeGreaterThan(0.99);
  });

  it("is deterministic for a seed", () => {
    const input = {
      policy: "thompson" as const,
      arms: [
        { n: 150, successes: 20 },
        { n: 150, successes: 22 },
      ],
      seed: 3,
    };
    expect(computeAllocation(input)).toEqual(computeAllocation(input));
  });

  it("validates input and names the argument", () => {
    const arms = [
      { n: 10, successes: 1 },
      { n: 10, successes: 2 },
    ];
    expect(argError(() => computeAllocation({ policy: "greedy" as never, arms }))).toBe("policy");
    expect(argError(() => computeAllocation({ policy: "thompson", arms: [arms[0]!] }))).toBe("arms");
    expect(argError(() => computeAllocation({ policy: "thompson", arms, floor: 0.6 }))).toBe("floor");
    expect(argError(() => computeAllocation({ policy: "thompson", arms, burnIn: -1 }))).toBe("burnIn");
    expect(argError(() => computeAllocation({ policy: "thompson", arms, epsilon: 2 }))).toBe("epsilon");
    expect(argError(() => computeAllocation({ policy: "thompson", arms, draws: 0 }))).toBe("draws");
    expect(argError(() => computeAllocation({ policy: "thompson", arms, seed: 1.5 }))).toBe("seed");
    expect(argError(() => computeAllocation({ policy: "thompson", arms: [{ n: 10, successes: 11 }, arms[1]!] }))).toBe(
      "arms[0].successes",
    );
    // rewards outside [0, 1]
    expect(
      argError(() => computeAllocation({ policy: "thompson", arms: [{ n: 10, sum: 12, sumSquares: 20 }, arms[1]!] })),
    ).toBe("arms[0].sum");
    expect(
      argError(() => computeAllocation({ policy: "thompson", arms: [{ n: 10, sum: 5, sumSquares: 8 }, arms[1]!] })),
    ).toBe("arms[0].sumSquares");
    expect(argError(() => computeAllocation({ policy: "thompson", arms: [{ n: 1.5, successes: 1 }, arms[1]!] }))).toBe(
      "arms[0].n",
    );
  });
});

describe("computeAllocation — properties", () => {
  it("weights always sum to 1, respect the floor, and stay equal during burn-in", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<AllocationPolicy>("thompson", "ucb1", "epsilon_greedy"),
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([n, rate]) => ({
            n,
            successes: Math.round(n * rate),
          })),
          { minLength: 2, maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (policy, arms, burnIn, floorShare) => {
          const floor = floorShare / arms.length;
          const r = computeAllocation({ policy, arms, burnIn, floor, draws: 200 });
          expect(sum(r.weights)).toBeCloseTo(1, 9);
          for (const w of r.weights) expect(w).toBeGreaterThanOrEqual(floor - 1e-9);
          expect(r.adapted).toBe(arms.every((a) => a.n >= burnIn));
          if (!r.adapted) r.weights.forEach((w) => expect(w).toBeCloseTo(1 / arms.length, 12));
          expect(sum(r.probBest)).toBeCloseTo(1, 9);
        },
      ),
      { numRuns: 150, seed: 19 },
    );
  });
});
