/**
 * Regret of an allocation: Σ_t (max_a μ_a − μ_{chosen_t}) = Σ_a n_a (max_b μ_b − μ_a).
 * With true means (simulation) it is the true regret; with observed data it is ESTIMATED
 * from posterior means (1 + Σr) / (2 + n) under the Beta(1, 1) prior used by the allocator.
 */
import { StatsInputError } from "../stats/errors";
import { isObject, readUnitReward } from "./summaries";
import type { ArmStats, RegretResult } from "./types";

export type RegretInput =
  /** Observed arms (rewards in [0, 1]); regret estimated from posterior means, counts = arms' n. */
  | { arms: readonly ArmStats[] }
  /** Known means (e.g. the simulation's true rates) and pulls per arm. */
  | { means: readonly number[]; counts: readonly number[] };

export function regret(input: RegretInput): RegretResult {
  if (!isObject(input)) throw new StatsInputError("input", "must be an object");
  let means: number[];
  let counts: number[];
  if ("arms" in input) {
    if (!Array.isArray(input.arms) || input.arms.length < 1)
      throw new StatsInputError("arms", "needs at least one arm");
    const arms = input.arms.map((a, i) => readUnitReward(`arms[${i}]`, a));
    means = arms.map(({ n, sum }) => (1 + sum) / (2 + n));
    counts = arms.map(({ n }) => n);
  } else {
    const m: unknown = input.means;
    const c: unknown = input.counts;
    if (!Array.isArray(m) || m.length < 1) throw new StatsInputError("means", "needs at least one arm");
    if (!Array.isArray(c) || c.length !== m.length)
      throw new StatsInputError("counts", `must have one count per arm (${m.length})`);
    means = m.map((v: unknown, i) => {
      if (typeof v !== "number" || !Number.isFinite(v))
        throw new StatsInputError("means", `element ${i} is not a finite number`);
      return v;
    });
    counts = c.map((v: unknown, i) => {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
        throw new StatsInputError("counts", `element ${i} must be a finite number ≥ 0`);
      return v;
    });
  }
  let bestArm = 0;
  for (let i = 1; i < means.length; i++) if (means[i]! > means[bestArm]!) bestArm = i;
  const best = means[bestArm]!;
  const perArm = means.map((mu, i) => counts[i]! * (best - mu));
  return { total: perArm.reduce((s, v) => s + v, 0), perArm, means, bestArm };
}
