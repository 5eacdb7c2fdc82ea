/**
 * bench:bandit — regret of adaptive allocation through the REAL computeAllocation
 * (@yardstick/core/online-experiments), against uniform (50/50/… A/B) allocation.
 *
 * Simulation: 3 Bernoulli arms with rates 0.10 / 0.12 / 0.15, BENCH_UNITS units (default 20 000),
 * BENCH_SEEDS seeds (default 20). Weights are recomputed every BENCH_BATCH units (default 200 —
 * a realistic "re-allocate every few minutes" cadence: the product's cron recomputes weights
 * from roll-ups, not per request), with the product defaults burnIn = 100 samples per arm and
 * floor = 0.05, plus the same policies with floor = 0. Each unit is assigned by sampling an
 * arm from the current weights; rewards are Bernoulli(rate).
 *
 * Regret per run = Σ_a n_a (0.15 − rate_a) (true rates, via `regret`). Printed per policy: mean
 * and sd of regret over seeds, ratio to the uniform runs' mean regret, how often the best arm is
 * identified at the end (highest posterior mean; highest P(best)), the best arm's final share,
 * and seconds. Target: Thompson regret ≤ 30% of uniform. Last line: one JSON object.
 */
import { performance } from "node:perf_hooks";
import {
  computeAllocation,
  regret,
  ALLOCATION_DEFAULTS,
  type AllocationPolicy,
} from "@yardstick/core/online-experiments";
import { mulberry } from "@yardstick/core/dashboards";

const RATES = [0.1, 0.12, 0.15];
const UNITS = Number(process.env.BENCH_UNITS ?? 20_000);
const SEEDS = Number(process.env.BENCH_SEEDS ?? 20);
const BATCH = Number(process.env.BENCH_BATCH ?? 200);
const DRAWS = Number(process.env.BENCH_DRAWS ?? ALLOCATION_DEFAULTS.draws);
const BURN_IN = ALLOCATION_DEFAULTS.burnIn;
const TARGET = 0.3;

type Strategy = { name: string; policy: AllocationPolicy | "uniform"; floor: number };

const STRATEGIES: Strategy[] = [
  { name: "uniform", policy: "uniform", floor: 0 },
  { name: "thompson", policy: "thompson", floor: ALLOCATION_DEFAULTS.floor },
  { name: "ucb1", policy: "ucb1", floor: ALLOCATION_DEFAULTS.floor },
  { name: "epsilon_greedy", policy: "epsilon_greedy", floor: ALLOCATION_DEFAULTS.floor },
  { name: "thompson_floor0", policy: "thompson", floor: 0 },
  { name: "ucb1_floor0", policy: "ucb1", floor: 0 },
  { name: "epsilon_greedy_floor0", policy: "epsilon_greedy", floor: 0 },
];

interface Run {
  regret: number;
  bestByMean: boolean;
  bestByProbBest: boolean;
  bestShareLastBatch: number;
}

function runOnce(s: Strategy, seed: number): Run {
  const k = RATES.length;
  const uniform = mulberry(seed * 7919 + 17);
  const n = new Array<number>(k).fill(0);
  const succ = new Array<number>(k).fill(0);
  let weights = new Array<number>(k).fill(1 / k);
  let batch = 0;
  for (let t = 0; t < UNITS; t++) {
    if (t > 0 && t % BATCH === 0 && s.policy !== "uniform") {
      weights = computeAllocation({
        policy: s.policy,
        arms: n.map((ni, i) => ({ n: ni, successes: succ[i]! })),
        burnIn: BURN_IN,
        floor: s.floor,
        draws: DRAWS,
        seed: seed * 1000 + ++batch,
      }).weights;
    }
    let u = uniform();
    let a = 0;
    while (a < k - 1 && u >= weights[a]!) {
      u -= weights[a]!;
      a++;
    }
    n[a]! += 1;
    if (uniform() < RATES[a]!) succ[a]! += 1;
  }
  const final = computeAllocation({
    policy: "thompson",
    arms: n.map((ni, i) => ({ n: ni, successes: succ[i]! })),
    burnIn: 0,
    floor: 0,
    draws: DRAWS,
    seed,
  });
  const best = RATES.indexOf(Math.max(...RATES));
  const argmax = (x: number[]) => x.indexOf(Math.max(...x));
  return {
    regret: regret({ means: RATES, counts: n }).total,
    bestByMean: argmax(final.posteriorMeans) === best,
    bestByProbBest: argmax(final.probBest) === best,
    bestShareLastBatch: weights[best]!,
  };
}

const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
const sd = (x: number[]) => {
  const m = mean(x);
  return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, x.length - 1));
};

function main() {
  console.log(
    `bench:bandit — arms ${RATES.join(" / ")}, ${UNITS} units × ${SEEDS} seeds, re-allocate every ${BATCH} units, burnIn ${BURN_IN}, draws ${DRAWS}`,
  );
  const results: Record<
    string,
    {
      regretMean: number;
      regretSd: number;
      ratioToUniform: number;
      bestByMean: number;
      bestByProbBest: number;
      bestShareEnd: number;
      floor: number;
      seconds: number;
    }
  > = {};
  let uniformMean = NaN;
  for (const s of STRATEGIES) {
    const t0 = performance.now();
    const runs: Run[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) runs.push(runOnce(s, seed));
    const regrets = runs.map((r) => r.regret);
    const m = mean(regrets);
    if (s.policy === "uniform") uniformMean = m;
    const row = {
      floor: s.floor,
      regretMean: Number(m.toFixed(1)),
      regretSd: Number(sd(regrets).toFixed(1)),
      ratioToUniform: Number((m / uniformMean).toFixed(3)),
      bestByMean: runs.filter((r) => r.bestByMean).length / SEEDS,
      bestByProbBest: runs.filter((r) => r.bestByProbBest).length / SEEDS,
      bestShareEnd: Number(mean(runs.map((r) => r.bestShareLastBatch)).toFixed(3)),
      seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    };
    results[s.name] = row;
    console.log(
      `${s.name.padEnd(22)} floor ${String(s.floor).padEnd(4)} regret ${row.regretMean.toFixed(1).padStart(6)} ± ${row.regretSd
        .toFixed(1)
        .padStart(
          5,
        )}  ${(row.ratioToUniform * 100).toFixed(1).padStart(5)}% of uniform  best arm found ${(row.bestByMean * 100).toFixed(0)}% (P(best) ${(row.bestByProbBest * 100).toFixed(0)}%)  best-arm share at end ${row.bestShareEnd}  ${row.seconds}s`,
    );
  }
  const thompson = results.thompson!.ratioToUniform;
  const thompson0 = results.thompson_floor0!.ratioToUniform;
  console.log(
    `target: Thompson regret ≤ ${TARGET * 100}% of uniform — default floor ${ALLOCATION_DEFAULTS.floor}: ${(thompson * 100).toFixed(1)}% (${thompson <= TARGET ? "met" : "MISSED"}); floor 0: ${(thompson0 * 100).toFixed(1)}% (${thompson0 <= TARGET ? "met" : "MISSED"})`,
  );
  console.log(
    JSON.stringify({
      rates: RATES,
      units: UNITS,
      seeds: SEEDS,
      batch: BATCH,
      burnIn: BURN_IN,
      draws: DRAWS,
      target: TARGET,
      targetMet: thompson <= TARGET,
      targetMetFloor0: thompson0 <= TARGET,
      results,
    }),
  );
}

main();
