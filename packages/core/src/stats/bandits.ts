/**
 * Beta–Binomial Bayesian comparison and bandit helpers.
 */
import { betaCdf, betaln } from "./dist";
import { StatsInputError } from "./errors";
import { createBetaSampler, createRng, DEFAULT_SEED } from "./rng";
import { positiveInt, positiveNumber, probability } from "./validate";

function isInt(x: number): boolean {
  return Number.isInteger(x);
}

/**
 * Σ_{i=0}^{a2−1} B(a1+i, b1+b2) / ((b2+i) · B(1+i, b2) · B(a1, b1))
 * = P(X2 > X1) for X1 ~ Beta(a1, b1), X2 ~ Beta(a2, b2), a2 integer
 * (Evan Miller, "Formulas for Bayesian A/B Testing", 2015).
 */
function millerSum(a1: number, b1: number, a2: number, b2: number): number {
  const c = betaln(a1, b1);
  let total = 0;
  for (let i = 0; i < a2; i++) {
    total += Math.exp(betaln(a1 + i, b1 + b2) - Math.log(b2 + i) - betaln(1 + i, b2) - c);
  }
  return total;
}

/** ∫₀¹ f_B(x) F_A(x) dx by adaptive Simpson (only when no parameter is an integer). */
function quadProb(aA: number, bA: number, aB: number, bB: number): number {
  const lnB = betaln(aB, bB);
  const f = (x: number): number => {
    if (x <= 0 || x >= 1) return 0;
    const pdf = Math.exp((aB - 1) * Math.log(x) + (bB - 1) * Math.log1p(-x) - lnB);
    return pdf * betaCdf(x, aA, bA);
  };
  const simpson = (a: number, b: number, fa: number, fm: number, fb: number): number =>
    ((b - a) / 6) * (fa + 4 * fm + fb);
  const rec = (
    a: number,
    b: number,
    fa: number,
    fm: number,
    fb: number,
    whole: number,
    eps: number,
    depth: number,
  ): number => {
    const m = (a + b) / 2;
    const lm = (a + m) / 2;
    const rm = (m + b) / 2;
    const flm = f(lm);
    const frm = f(rm);
    const left = simpson(a, m, fa, flm, fm);
    const right = simpson(m, b, fm, frm, fb);
    if (depth <= 0 || Math.abs(left + right - whole) <= 15 * eps) return left + right + (left + right - whole) / 15;
    return rec(a, m, fa, flm, fm, left, eps / 2, depth - 1) + rec(m, b, fm, frm, fb, right, eps / 2, depth - 1);
  };
  // split at many points so narrow posteriors are not missed
  const K = 64;
  let total = 0;
  for (let k = 0; k < K; k++) {
    const a = k / K;
    const b = (k + 1) / K;
    const fa = f(a);
    const fb = f(b);
    const fm = f((a + b) / 2);
    total += rec(a, b, fa, fm, fb, simpson(a, b, fa, fm, fb), 1e-14, 40);
  }
  return Math.min(1, Math.max(0, total));
}

/**
 * P(p_B > p_A) for independent posteriors p_A ~ Beta(aA, bA), p_B ~ Beta(aB, bB).
 * Closed form (Evan Miller's sum) when any parameter is an integer, choosing
 * the shortest sum; numerical integration otherwise.
 */
export function betaProbBGreaterA(aA: number, bA: number, aB: number, bB: number): number {
  const a1 = positiveNumber("aA", aA);
  const b1 = positiveNumber("bA", bA);
  const a2 = positiveNumber("aB", aB);
  const b2 = positiveNumber("bB", bB);
  // Equivalent sums: over aB (direct), aA (complement), bA (direct, via 1−p), bB (complement, via 1−p).
  const options: { len: number; run: () => number }[] = [];
  if (isInt(a2)) options.push({ len: a2, run: () => millerSum(a1, b1, a2, b2) });
  if (isInt(a1)) options.push({ len: a1, run: () => 1 - millerSum(a2, b2, a1, b1) });
  if (isInt(b1)) options.push({ len: b1, run: () => millerSum(b2, a2, b1, a1) });
  if (isInt(b2)) options.push({ len: b2, run: () => 1 - millerSum(b1, a1, b2, a2) });
  if (options.length === 0) return quadProb(a1, b1, a2, b2);
  options.sort((x, y) => x.len - y.len);
  const p = options[0]!.run();
  return Math.min(1, Math.max(0, p));
}

export interface ThompsonOptions {
  /** Monte Carlo draws (default 10 000). */
  draws?: number;
  seed?: number;
}

/**
 * Probability that each arm has the highest rate, estimated by Thompson
 * sampling from Beta posteriors `[alpha, beta]` (seeded, reproducible).
 * Monte Carlo error ≈ sqrt(p(1−p)/draws).
 */
export function thompsonProbBest(
  posteriors: readonly (readonly [number, number])[],
  opts: ThompsonOptions = {},
): number[] {
  if (!Array.isArray(posteriors) || posteriors.length < 1)
    throw new StatsInputError("posteriors", "needs at least one arm");
  const params = posteriors.map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2) throw new StatsInputError("posteriors", `arm ${i} must be [alpha, beta]`);
    return [positiveNumber(`posteriors[${i}][0]`, p[0]), positiveNumber(`posteriors[${i}][1]`, p[1])] as const;
  });
  const draws = opts.draws === undefined ? 10000 : positiveInt("draws", opts.draws);
  const sample = createBetaSampler(opts.seed ?? DEFAULT_SEED);
  const wins = new Array<number>(params.length).fill(0);
  for (let d = 0; d < draws; d++) {
    let best = -1;
    let bestV = -Infinity;
    for (let i = 0; i < params.length; i++) {
      const [a, b] = params[i]!;
      const v = sample(a, b);
      if (v > bestV) {
        bestV = v;
        best = i;
      }
    }
    wins[best] = (wins[best] as number) + 1;
  }
  return wins.map((w) => w / draws);
}

function readArms(arms: unknown): [number, number][] {
  if (!Array.isArray(arms) || arms.length < 1) throw new StatsInputError("arms", "needs at least one arm");
  return arms.map((arm, i) => {
    if (!Array.isArray(arm) || arm.length !== 2)
      throw new StatsInputError("arms", `arm ${i} must be [successes, pulls]`);
    const s = arm[0] as unknown;
    const n = arm[1] as unknown;
    if (typeof s !== "number" || !Number.isFinite(s) || s < 0)
      throw new StatsInputError(`arms[${i}][0]`, "successes must be a finite number ≥ 0");
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0)
      throw new StatsInputError(`arms[${i}][1]`, "pulls must be an integer ≥ 0");
    if (s > n) throw new StatsInputError(`arms[${i}][0]`, `successes (${s}) exceed pulls (${n})`);
    return [s, n] as [number, number];
  });
}

export interface Ucb1Result {
  /** mean_i + sqrt(2 ln N / n_i), N = total pulls; Infinity for unpulled arms. */
  index: number[];
  /** Arm with the largest index (lowest index on ties). */
  choice: number;
}

/** UCB1 (Auer et al. 2002) for arms given as [successes, pulls] with rewards in [0, 1]. */
export function ucb1(arms: readonly (readonly [number, number])[]): Ucb1Result {
  const a = readArms(arms);
  const N = a.reduce((s, [, n]) => s + n, 0);
  const logN = N > 0 ? Math.log(N) : 0;
  const index = a.map(([s, n]) => (n === 0 ? Infinity : s / n + Math.sqrt((2 * logN) / n)));
  let choice = 0;
  for (let i = 1; i < index.length; i++) if ((index[i] as number) > (index[choice] as number)) choice = i;
  return { index, choice };
}

export interface EpsilonGreedyOptions {
  /** Exploration probability (default 0.1). */
  epsilon?: number;
  /** Seed for this decision (vary it per decision, e.g. a request counter). */
  seed?: number;
  /** Alternative source of uniforms on [0, 1); takes precedence over `seed`. */
  random?: () => number;
}

/**
 * ε-greedy arm selection: with probability ε pick a uniformly random arm,
 * otherwise the arm with the highest observed mean (unpulled arms first).
 */
export function epsilonGreedy(
  arms: readonly (readonly [number, number])[],
  opts: EpsilonGreedyOptions = {},
): { choice: number; explored: boolean } {
  const a = readArms(arms);
  const epsilon = opts.epsilon === undefined ? 0.1 : probability("epsilon", opts.epsilon);
  const rng = opts.random ?? createRng(opts.seed ?? DEFAULT_SEED).uniform;
  if (rng() < epsilon) return { choice: Math.min(a.length - 1, Math.floor(rng() * a.length)), explored: true };
  let choice = 0;
  let best = -Infinity;
  a.forEach(([s, n], i) => {
    const m = n === 0 ? Infinity : s / n;
    if (m > best) {
      best = m;
      choice = i;
    }
  });
  return { choice, explored: false };
}
