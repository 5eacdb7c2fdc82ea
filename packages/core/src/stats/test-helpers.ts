import { expect } from "vitest";

/** |actual − expected| ≤ rel·|expected| (+ abs floor for expected ≈ 0). */
export function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  const tol = Math.max(rel * Math.abs(expected), abs);
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(`expected ${actual} to be within ${tol} of ${expected} (diff ${Math.abs(actual - expected)})`);
  }
  expect(true).toBe(true);
}

export function expectAllClose(actual: readonly number[], expected: readonly number[], rel: number, abs = 0): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expectClose(v, expected[i] as number, rel, abs));
}
