import { describe, expect, it } from "vitest";
import { StatsInputError, pairedTTest, studentTTest, welchTTest } from "./index";
import { expectClose } from "./test-helpers";

describe("t-tests edge cases", () => {
  it("identical paired samples: t = 0, p = 1 (scipy would give NaN)", () => {
    const r = pairedTTest([1, 2, 3], [1, 2, 3]);
    expect(r).toMatchObject({ t: 0, p: 1, meanDiff: 0, cohensDz: 0, ci: [0, 0] });
  });
  it("constant non-zero difference: t = Infinity, p = 0", () => {
    const r = pairedTTest([2, 3, 4], [1, 2, 3]);
    expect(r.t).toBe(Infinity);
    expect(r.p).toBe(0);
  });
  it("all-equal independent samples", () => {
    expect(welchTTest([5, 5, 5], [5, 5]).p).toBe(1);
    expect(studentTTest([5, 5, 5], [5, 5]).p).toBe(1);
  });
  it("n = 1 is rejected with a typed error naming the argument", () => {
    expect(() => pairedTTest([1], [2])).toThrow(StatsInputError);
    try {
      welchTTest([1, 2], [3]);
    } catch (e) {
      expect((e as StatsInputError).argument).toBe("b");
      expect((e as StatsInputError).code).toBe("INVALID_ARGUMENT");
    }
  });
  it("one-sided p-values are half the two-sided one on the matching side", () => {
    const a = [3.1, 2.4, 5.0, 4.4, 3.9];
    const b = [2.0, 2.5, 3.9, 3.1, 3.0];
    const two = pairedTTest(a, b).p;
    expectClose(pairedTTest(a, b, { alternative: "greater" }).p, two / 2, 1e-12);
    expectClose(pairedTTest(a, b, { alternative: "less" }).p, 1 - two / 2, 1e-12);
  });
  it("very large effect gives p near 0 without underflow to NaN", () => {
    const a = Array.from({ length: 200 }, (_, i) => 10 + (i % 7) * 0.01);
    const b = Array.from({ length: 200 }, (_, i) => (i % 5) * 0.01);
    const r = welchTTest(a, b);
    expect(r.p).toBeGreaterThanOrEqual(0);
    expect(r.p).toBeLessThan(1e-100);
  });
});
