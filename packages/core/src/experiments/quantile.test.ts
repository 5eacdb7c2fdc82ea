import { describe, expect, it } from "vitest";
import { quantile, quantileInPlace } from "./quantile";

describe("quantile", () => {
  it("matches numpy's linear interpolation (np.percentile([1..10], 10) = 1.9)", () => {
    expect(quantile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.1)).toBeCloseTo(1.9, 12);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.95)).toBe(5);
    expect(quantile([], 0.5)).toBeNull();
  });

  it("selection gives the same value as sorting, on many random samples with ties", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let t = 0; t < 300; t++) {
      const n = 1 + Math.floor(rand() * 40);
      const xs = Array.from({ length: n }, () => Math.floor(rand() * 6) / 5);
      for (const q of [0, 0.1, 0.5, 0.95, 1])
        expect(quantileInPlace(Float64Array.from(xs), q)).toBeCloseTo(quantile(xs, q)!, 12);
    }
  });
});
