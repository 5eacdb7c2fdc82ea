import { describe, expect, it } from "vitest";
import { mulberry } from "./rng";
import {
  SKETCH_GAMMA,
  bucketOf,
  exactQuantile,
  mergeSketch,
  sketchCount,
  sketchFromArrays,
  sketchOf,
  sketchQuantile,
  sketchToArrays,
} from "./latency-sketch";

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("latency sketch", () => {
  it("keeps every quantile within 1% of the exact value (log-normal latencies)", () => {
    const rand = mulberry(7);
    const values = Array.from({ length: 50_000 }, () => {
      // Box-Muller: log-normal around 800 ms with a long tail
      const u = Math.max(rand(), 1e-12);
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
      return Math.round(Math.exp(6.7 + 0.9 * z));
    });
    const s = sketchOf(values);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
      const exact = exactQuantile(sorted, q)!;
      expect(relErr(sketchQuantile(s, q)!, exact)).toBeLessThanOrEqual((SKETCH_GAMMA - 1) / (SKETCH_GAMMA + 1) + 1e-12);
    }
  });

  it("merging two sketches equals the sketch of the union", () => {
    const a = [1, 5, 10, 200, 3000];
    const b = [0, 7, 7, 64000, 0.4];
    const merged = mergeSketch(sketchOf(a), sketchOf(b));
    expect(merged).toEqual(sketchOf([...a, ...b]));
    expect(sketchCount(merged)).toBe(10);
    expect(sketchQuantile(merged, 0)).toBe(0);
  });

  it("round-trips through the array form used by roll-ups", () => {
    const s = sketchOf([3, 3, 900, 12]);
    const { buckets, counts } = sketchToArrays(s);
    expect(buckets).toEqual([...buckets].sort((x, y) => x - y));
    expect(sketchFromArrays(buckets, counts)).toEqual(s);
  });

  it("uses the percentile_disc rank rule and answers null when empty", () => {
    expect(sketchQuantile(new Map(), 0.5)).toBeNull();
    const s = sketchOf([10, 20, 30, 40]);
    // percentile_disc(0.5) of 10,20,30,40 is 20
    expect(relErr(sketchQuantile(s, 0.5)!, 20)).toBeLessThan(0.01);
    expect(relErr(sketchQuantile(s, 0.51)!, 30)).toBeLessThan(0.01);
  });

  it("matches the bucket formula the SQL uses at bucket edges", () => {
    expect(bucketOf(1)).toBe(0);
    expect(bucketOf(SKETCH_GAMMA)).toBe(1);
    expect(bucketOf(0)).toBeLessThan(-1000);
  });
});
