import { describe, expect, it } from "vitest";
import { StatsInputError, bootstrapCI } from "./index";

describe("bootstrapCI", () => {
  const values = Array.from({ length: 200 }, (_, i) => Math.sin(i) * 2 + 1);

  it("is reproducible for a seed and changes with the seed", () => {
    const a = bootstrapCI(values, "mean", { resamples: 2000, seed: 42 });
    const b = bootstrapCI(values, "mean", { resamples: 2000, seed: 42 });
    const c = bootstrapCI(values, "mean", { resamples: 2000, seed: 43 });
    expect(a).toEqual(b);
    expect(c.ci).not.toEqual(a.ci);
  });

  it("percentile CI of the mean is close to the normal-theory CI", () => {
    const r = bootstrapCI(values, "mean", { resamples: 5000, seed: 1 });
    const m = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
    const half = (1.96 * sd) / Math.sqrt(values.length);
    expect(r.estimate).toBeCloseTo(m, 12);
    expect(Math.abs(r.ci[0] - (m - half))).toBeLessThan(0.1 * half);
    expect(Math.abs(r.ci[1] - (m + half))).toBeLessThan(0.1 * half);
  });

  it("pairs: meanDiff is mean(y − x); custom statistics receive both columns", () => {
    const pairs = values.map((v, i) => [v, v + 0.5 + (i % 3) * 0.1] as [number, number]);
    const r = bootstrapCI(pairs, "meanDiff", { resamples: 1000, seed: 3 });
    expect(r.estimate).toBeCloseTo(0.5 + (0 + 0.1 + 0.2) / 3, 2);
    const custom = bootstrapCI(pairs, (x: Float64Array, y: Float64Array) => y[0]! - x[0]!, { resamples: 100, seed: 3 });
    expect(Number.isFinite(custom.ci[0])).toBe(true);
  });

  it("10 000 resamples × 1 000 pairs runs quickly (informational timing)", () => {
    const pairs = Array.from({ length: 1000 }, (_, i) => [i % 2, (i * 7) % 3 === 0 ? 1 : 0] as [number, number]);
    const t0 = performance.now();
    const r = bootstrapCI(pairs, "meanDiff", { resamples: 10000, seed: 9 });
    const ms = performance.now() - t0;
    console.info(`bootstrapCI 10k × 1k pairs: ${ms.toFixed(0)} ms`);
    expect(r.ci[0]).toBeLessThanOrEqual(r.estimate);
    expect(r.ci[1]).toBeGreaterThanOrEqual(r.estimate);
  });

  it("rejects empty data, NaN and a non-finite statistic", () => {
    expect(() => bootstrapCI([], "mean")).toThrow(StatsInputError);
    expect(() => bootstrapCI([1, Number.NaN], "mean")).toThrow(/data/);
    expect(() => bootstrapCI([1, 2], () => Number.NaN)).toThrow(/statistic/);
    expect(() => bootstrapCI([1, 2], "meanDiff")).toThrow(/statistic/);
  });
});
