/**
 * Seeded pseudo-random numbers for resampling and simulation.
 * Mersenne Twister (MT19937, @stdlib/random-base-mt19937): reproducible for a
 * given seed across platforms and Node versions.
 */
import mt19937 from "@stdlib/random-base-mt19937";
import betaRandom from "@stdlib/random-base-beta";
import { nonNegativeInt } from "./validate";

export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Uniform integer on [0, n). */
  int(n: number): number;
}

/** Default seed so results are reproducible even when callers omit one. */
export const DEFAULT_SEED = 20240607;

function mt(seed: number): () => number {
  // MT19937 seeds must be in [1, 2^32 - 1].
  return mt19937.factory({ seed: (seed % 4294967295) + 1 });
}

/** 53-bit uniform on [0, 1) from two 32-bit MT19937 outputs (same recipe as genrand_res53). */
function uniform53(seed: number, gen: () => number = mt(seed)): () => number {
  return () => {
    const a = gen() >>> 5;
    const b = gen() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };
}

export function createRng(seed: number = DEFAULT_SEED, name = "seed"): Rng {
  const s = nonNegativeInt(name, seed);
  // MT19937 seeds must be in [1, 2^32 - 1].
  const gen = mt(s);
  const normalized = uniform53(s, gen);
  return {
    uniform: () => normalized(),
    // one 32-bit draw per index (bias < n / 2^32, negligible for resampling)
    int: (n: number) => Math.floor((gen() * n) / 4294967296),
  };
}

/** Seeded Beta(alpha, beta) sampler, driven by an MT19937 stream. */
export function createBetaSampler(seed: number = DEFAULT_SEED, name = "seed"): (a: number, b: number) => number {
  const s = nonNegativeInt(name, seed);
  const sampler = betaRandom.factory({ prng: uniform53(s) });
  return (a: number, b: number) => sampler(a, b);
}
