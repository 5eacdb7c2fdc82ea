import { StatsInputError } from "./errors";

/** Finite numeric array with at least `min` entries. */
export function finiteArray(name: string, x: unknown, min = 1): number[] {
  if (!Array.isArray(x)) throw new StatsInputError(name, "must be an array of numbers");
  if (x.length < min) {
    throw new StatsInputError(name, `needs at least ${min} value${min === 1 ? "" : "s"}, got ${x.length}`);
  }
  for (let i = 0; i < x.length; i++) {
    const v: unknown = x[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new StatsInputError(name, `element ${i} is not a finite number (${String(v)})`);
    }
  }
  return x as number[];
}

export function sameLength(nameA: string, a: readonly number[], nameB: string, b: readonly number[]): void {
  if (a.length !== b.length) {
    throw new StatsInputError(nameB, `must have the same length as ${nameA} (${a.length}), got ${b.length}`);
  }
}

export function finiteNumber(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new StatsInputError(name, `must be a finite number, got ${String(v)}`);
  }
  return v;
}

export function positiveNumber(name: string, v: unknown): number {
  const x = finiteNumber(name, v);
  if (x <= 0) throw new StatsInputError(name, `must be > 0, got ${x}`);
  return x;
}

export function nonNegativeNumber(name: string, v: unknown): number {
  const x = finiteNumber(name, v);
  if (x < 0) throw new StatsInputError(name, `must be >= 0, got ${x}`);
  return x;
}

export function nonNegativeInt(name: string, v: unknown): number {
  const x = finiteNumber(name, v);
  if (!Number.isInteger(x) || x < 0) throw new StatsInputError(name, `must be a non-negative integer, got ${x}`);
  return x;
}

export function positiveInt(name: string, v: unknown): number {
  const x = nonNegativeInt(name, v);
  if (x === 0) throw new StatsInputError(name, "must be a positive integer, got 0");
  return x;
}

/** Strictly inside (0, 1): significance levels, power. */
export function openUnit(name: string, v: unknown): number {
  const x = finiteNumber(name, v);
  if (!(x > 0 && x < 1)) throw new StatsInputError(name, `must be in (0, 1), got ${x}`);
  return x;
}

/** In [0, 1]: probabilities. */
export function probability(name: string, v: unknown): number {
  const x = finiteNumber(name, v);
  if (x < 0 || x > 1) throw new StatsInputError(name, `must be in [0, 1], got ${x}`);
  return x;
}

export function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    throw new StatsInputError(name, `must be one of ${allowed.map((s) => `"${s}"`).join(", ")}, got ${String(v)}`);
  }
  return v as T;
}

export function bool(name: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new StatsInputError(name, `must be a boolean, got ${String(v)}`);
  return v;
}

/** Non-negative finite counts (not necessarily integers), at least one positive. */
export function countArray(name: string, x: unknown, min = 1): number[] {
  const arr = finiteArray(name, x, min);
  let total = 0;
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i] as number;
    if (v < 0) throw new StatsInputError(name, `element ${i} is negative (${v})`);
    total += v;
  }
  if (total <= 0) throw new StatsInputError(name, "must have a positive total");
  return arr;
}

/** Counts normalised to proportions (validated first). */
export function toProportions(name: string, x: unknown, min = 1): number[] {
  const arr = countArray(name, x, min);
  const total = arr.reduce((s, v) => s + v, 0);
  return arr.map((v) => v / total);
}
