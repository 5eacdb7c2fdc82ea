/**
 * Adaptive traffic allocation for online experiments (multi-armed bandits).
 *
 * Posteriors: arm a ~ Beta(1 + S_a, 1 + n_a − S_a) with S_a = Σ rewards in [0, 1].
 * For binary rewards this is the exact Beta–Bernoulli posterior under a uniform
 * prior. For continuous rewards it is the EXPECTED posterior of the Bernoulli
 * trick (Agrawal & Goyal 2012: replace each reward r by a Bernoulli(r) draw —
 * the expected number of successes is Σr); it is conservative, since a reward
 * in [0, 1] with mean m has variance ≤ m(1 − m).
 *
 * Policies turn the posteriors into batch weights (re-allocate every batch):
 *   thompson        w_a = P(arm a is best)         (Monte Carlo, `draws` seeded draws)
 *   ucb1            w = one-hot on argmax UCB1 index  mean + sqrt(2 ln N / n)
 *   epsilon_greedy  w = ε/k everywhere + (1 − ε) on the arm with the best observed mean
 * then the floor is applied as a mixture with the uniform allocation,
 *   w'_a = floor + (1 − k·floor) · w_a,
 * so every arm keeps at least `floor` of the traffic and the weights still sum to 1.
 * Until every arm has `burnIn` samples the weights stay equal (adapted = false).
 */
import { thompsonProbBest, ucb1 } from "../stats/bandits";
import { StatsInputError } from "../stats/errors";
import { DEFAULT_SEED } from "../stats/rng";
import { isObject, readUnitReward } from "./summaries";
import type { AllocationInput, AllocationPolicy, AllocationResult } from "./types";

/** Defaults the product uses (the bench runs with these). */
export const ALLOCATION_DEFAULTS = { burnIn: 100, floor: 0.05, epsilon: 0.1, draws: 10000 } as const;

const POLICIES: readonly AllocationPolicy[] = ["thompson", "ucb1", "epsilon_greedy"];

function argmax(x: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if ((x[i] as number) > (x[best] as number)) best = i;
  return best;
}

function fmt(x: number): string {
  return x.toFixed(3);
}

/** New traffic weights for the next batch. Validates input; throws StatsInputError naming the argument. */
export function computeAllocation(input: AllocationInput): AllocationResult {
  if (!isObject(input)) throw new StatsInputError("input", "must be an object");
  const policy = input.policy;
  if (!POLICIES.includes(policy))
    throw new StatsInputError(
      "policy",
      `must be one of ${POLICIES.map((p) => `"${p}"`).join(", ")}, got ${String(policy)}`,
    );
  if (!Array.isArray(input.arms) || input.arms.length < 2) throw new StatsInputError("arms", "needs at least 2 arms");
  const arms = input.arms.map((a, i) => readUnitReward(`arms[${i}]`, a));
  const k = arms.length;
  const burnIn = input.burnIn ?? ALLOCATION_DEFAULTS.burnIn;
  if (typeof burnIn !== "number" || !Number.isInteger(burnIn) || burnIn < 0)
    throw new StatsInputError("burnIn", `must be a non-negative integer, got ${String(burnIn)}`);
  const floor = input.floor ?? ALLOCATION_DEFAULTS.floor;
  if (typeof floor !== "number" || !Number.isFinite(floor) || floor < 0 || floor > 1 / k + 1e-12)
    throw new StatsInputError("floor", `must be in [0, 1/${k}], got ${String(floor)}`);
  const epsilon = input.epsilon ?? ALLOCATION_DEFAULTS.epsilon;
  if (typeof epsilon !== "number" || !Number.isFinite(epsilon) || epsilon < 0 || epsilon > 1)
    throw new StatsInputError("epsilon", `must be in [0, 1], got ${String(epsilon)}`);
  const seed = input.seed ?? DEFAULT_SEED;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0)
    throw new StatsInputError("seed", `must be a non-negative integer, got ${String(seed)}`);
  const draws = input.draws ?? ALLOCATION_DEFAULTS.draws;
  if (typeof draws !== "number" || !Number.isInteger(draws) || draws < 1 || draws > 1_000_000)
    throw new StatsInputError("draws", `must be an integer in [1, 1000000], got ${String(draws)}`);

  const posteriors = arms.map(({ n, sum }) => [1 + sum, 1 + n - sum] as [number, number]);
  const posteriorMeans = arms.map(({ n, sum }) => (1 + sum) / (2 + n));
  const probBest = thompsonProbBest(posteriors, { draws, seed });

  const short = arms.findIndex(({ n }) => n < burnIn);
  if (short >= 0) {
    return {
      weights: new Array<number>(k).fill(1 / k),
      probBest,
      posteriorMeans,
      adapted: false,
      reason: `burn-in: arm ${short} has ${arms[short]!.n} of ${burnIn} samples; equal weights`,
    };
  }

  let raw: number[];
  let reason: string;
  if (policy === "thompson") {
    raw = probBest;
    reason = `thompson: weights follow P(best) (${probBest.map(fmt).join(", ")})`;
  } else if (policy === "ucb1") {
    // stats.ucb1 takes [successes, pulls]; fractional successes (Σr of continuous rewards) are accepted
    const { index, choice } = ucb1(arms.map(({ n, sum }) => [sum, n] as [number, number]));
    raw = arms.map((_, i) => (i === choice ? 1 : 0));
    reason = `ucb1: arm ${choice} has the highest index (${index.map(fmt).join(", ")})`;
  } else {
    const means = arms.map(({ n, sum }) => (n === 0 ? Infinity : sum / n));
    const greedy = argmax(means);
    raw = arms.map((_, i) => epsilon / k + (i === greedy ? 1 - epsilon : 0));
    reason = `epsilon_greedy: arm ${greedy} has the best observed mean; ε = ${epsilon}`;
  }
  const weights = raw.map((w) => floor + (1 - k * floor) * w);
  // renormalise away floating-point drift
  const total = weights.reduce((s, w) => s + w, 0);
  return {
    weights: weights.map((w) => w / total),
    probBest,
    posteriorMeans,
    adapted: true,
    reason: floor > 0 ? `${reason}; floor ${floor}` : reason,
  };
}
