import { describe, expect, it } from "vitest";
import { createRng } from "../stats/rng";
import { StatsInputError } from "../stats/errors";
import { analyzeOnlineExperiment, computeAllocation, ipwEstimates, type IpwRow } from "./index";

describe("ipwEstimates — hand-computed", () => {
  it("Hájek mean, sandwich SE, Kish effective n", () => {
    const rows: IpwRow[] = [
      { variantIndex: 0, reward: 1, propensity: 0.5 },
      { variantIndex: 0, reward: 0, propensity: 0.25 },
      { variantIndex: 0, reward: 1, propensity: 0.8 },
      { variantIndex: 1, reward: 0.5, propensity: 0.5 },
    ];
    const r = ipwEstimates(rows, { numArms: 3 });
    const a = r.arms[0]!;
    // w = 2, 4, 1.25; Σw = 7.25; Σw·r = 3.25
    const mu = 3.25 / 7.25;
    expect(a.mean).toBeCloseTo(mu, 15);
    const ss = 4 * (1 - mu) ** 2 + 16 * mu ** 2 + 1.5625 * (1 - mu) ** 2;
    expect(a.stdError).toBeCloseTo(Math.sqrt((ss / 7.25 ** 2) * 1.5), 15);
    expect(a.effectiveN).toBeCloseTo(7.25 ** 2 / (4 + 16 + 1.5625), 12);
    expect(a.naiveMean).toBeCloseTo(2 / 3, 15);
    expect(r.arms[1]).toMatchObject({ n: 1, mean: 0.5, stdError: null, ci: null });
    expect(r.arms[2]).toMatchObject({ n: 0, mean: null });
  });

  it("equal propensities reduce to the plain mean", () => {
    const rows: IpwRow[] = [0.1, 0.4, 0.9, 0.3].map((reward) => ({ variantIndex: 0, reward, propensity: 0.5 }));
    expect(ipwEstimates(rows).arms[0]!.mean).toBeCloseTo(0.425, 15);
  });

  it("validates", () => {
    const arg = (rows: unknown) => {
      try {
        ipwEstimates(rows as IpwRow[]);
      } catch (e) {
        expect(e).toBeInstanceOf(StatsInputError);
        return (e as StatsInputError).argument;
      }
      return "none";
    };
    expect(arg([])).toBe("rows");
    expect(arg([{ variantIndex: 0, reward: 1, propensity: 0 }])).toBe("rows[0].propensity");
    expect(arg([{ variantIndex: -1, reward: 1, propensity: 0.5 }])).toBe("rows[0].variantIndex");
    expect(arg([{ variantIndex: 0, reward: Number.NaN, propensity: 0.5 }])).toBe("rows[0].reward");
  });
});

/**
 * Seeded simulation of a Thompson-sampling experiment (the real computeAllocation, batches of
 * 100 units, burn-in 50, floor 0.05). Unit t gets reward Bernoulli(rate(arm, t)); its
 * propensity is the weight of its arm in the batch it was assigned in.
 */
function simulate(
  seed: number,
  rate: (arm: number, t: number) => number,
  k: number,
  units: number,
  batch: number,
): IpwRow[] {
  const rng = createRng(seed);
  const n = new Array<number>(k).fill(0);
  const s = new Array<number>(k).fill(0);
  const rows: IpwRow[] = [];
  let weights = new Array<number>(k).fill(1 / k);
  for (let t = 0; t < units; t++) {
    if (t % batch === 0 && t > 0) {
      weights = computeAllocation({
        policy: "thompson",
        arms: n.map((ni, i) => ({ n: ni, successes: s[i]! })),
        burnIn: 50,
        floor: 0.05,
        draws: 500,
        seed: seed * 1000 + t,
      }).weights;
    }
    let u = rng.uniform();
    let a = 0;
    while (a < k - 1 && u >= weights[a]!) {
      u -= weights[a]!;
      a++;
    }
    const reward = rng.uniform() < rate(a, t) ? 1 : 0;
    n[a]! += 1;
    s[a]! += reward;
    rows.push({ variantIndex: a, reward, propensity: weights[a]! });
  }
  return rows;
}

function runSims(rate: (arm: number, t: number) => number, truth: number[], sims: number, units: number) {
  const ipwSum = truth.map(() => 0);
  const naiveSum = truth.map(() => 0);
  let covered = 0;
  let coverTotal = 0;
  for (let sim = 0; sim < sims; sim++) {
    const est = ipwEstimates(simulate(sim + 1, rate, truth.length, units, 100), { numArms: truth.length });
    est.arms.forEach((a, i) => {
      ipwSum[i]! += a.mean!;
      naiveSum[i]! += a.naiveMean!;
      if (a.ci) {
        coverTotal++;
        if (a.ci.lower <= truth[i]! && truth[i]! <= a.ci.upper) covered++;
      }
    });
  }
  return {
    ipwBias: ipwSum.map((v, i) => v / sims - truth[i]!),
    naiveBias: naiveSum.map((v, i) => v / sims - truth[i]!),
    coverage: covered / coverTotal,
  };
}

describe("IPW under adaptive allocation (seeded simulations)", () => {
  it("stationary arms 0.30 / 0.35 / 0.50: Hájek IPW is unbiased and its CIs cover ≈ 95%", () => {
    const truth = [0.3, 0.35, 0.5];
    const r = runSims((a) => truth[a]!, truth, 150, 1500);
    // Monte Carlo SE of an average over 150 sims is ≈ 0.004–0.006 for the starved arms
    for (const b of r.ipwBias) expect(Math.abs(b)).toBeLessThan(0.015);
    expect(r.coverage).toBeGreaterThan(0.9);
    expect(r.coverage).toBeLessThan(0.99);
  }, 60_000);

  it("drifting base rate: plain arm means are biased (each arm is seen in a different period), IPW is not", () => {
    // rate rises from base to base + 0.3 over the experiment; the estimand is the average over all units
    const base = [0.2, 0.25, 0.4];
    const T = 1500;
    const rate = (a: number, t: number): number => base[a]! + (0.3 * t) / T;
    const truth = base.map((b) => b + (0.3 * (T - 1)) / (2 * T));
    const r = runSims(rate, truth, 150, T);
    // (seeded run: IPW bias ≈ +0.014 / +0.001 / +0.002, plain-mean bias ≈ −0.05 / −0.06 / +0.014)
    for (const b of r.ipwBias) expect(Math.abs(b)).toBeLessThan(0.025);
    // the losers get their traffic early (low base rate) → under-estimated; the winner late → over-estimated
    expect(r.naiveBias[0]!).toBeLessThan(-0.03);
    expect(r.naiveBias[1]!).toBeLessThan(-0.03);
    expect(r.naiveBias[2]!).toBeGreaterThan(0.005);
    for (const i of [0, 1]) expect(Math.abs(r.ipwBias[i]!)).toBeLessThan(Math.abs(r.naiveBias[i]!) / 2);
  }, 60_000);

  it("readout uses IPW estimates for the primary when rows are given", () => {
    const truth = [0.3, 0.35, 0.5];
    const rows = simulate(999, (a) => truth[a]!, 3, 1500, 100);
    const counts = [0, 1, 2].map((i) => rows.filter((r) => r.variantIndex === i));
    const r = analyzeOnlineExperiment({
      variants: ["control", "B", "C"].map((key, i) => ({
        key,
        isControl: i === 0,
        exposures: counts[i]!.length,
        expectedWeight: counts[i]!.length / rows.length,
      })),
      primary: {
        name: "thumbs-up rate",
        kind: "rate",
        higherIsBetter: true,
        perVariant: counts.map((c) => ({ n: c.length, successes: c.reduce((s, x) => s + x.reward, 0) })),
      },
      ipw: rows,
    });
    const ipw = ipwEstimates(rows, { numArms: 3 });
    expect(r.primary.estimator).toBe("ipw");
    r.primary.variants.forEach((v, i) => expect(v.estimate).toBeCloseTo(ipw.arms[i]!.mean!, 15));
    const c = r.primary.comparisons.find((x) => x.key === "C")!;
    expect(c.difference).toBeCloseTo(ipw.arms[2]!.mean! - ipw.arms[0]!.mean!, 15);
    expect(c.stdError).toBeCloseTo(Math.hypot(ipw.arms[2]!.stdError!, ipw.arms[0]!.stdError!), 15);
  });
});
