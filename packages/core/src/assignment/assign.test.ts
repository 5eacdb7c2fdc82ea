import { describe, expect, it } from "vitest";
import { StatsInputError } from "../stats/errors";
import { srmCheck } from "../stats/srm";
import { assignVariant, bucketSeed, hash, interleavingOrder } from "./index";

describe("assignVariant", () => {
  it("agrees with GrowthBook's run cases", () => {
    // "Uses seed with weights/coverage": id 1, seed foo, v2, 50/50, coverage 0.99 → 1
    expect(assignVariant({ seed: "foo", unitId: "1", hashVersion: 2, weights: [0.5, 0.5], coverage: 0.99 })).toBe(1);
    // "empty experiment rule - c/a/b": seed = key "feature", v1, 3 equal variations
    const w3 = [1 / 3, 1 / 3, 1 / 3];
    expect(assignVariant({ seed: "feature", unitId: "123", hashVersion: 1, weights: w3 })).toBe(2);
    expect(assignVariant({ seed: "feature", unitId: "456", hashVersion: 1, weights: w3 })).toBe(0);
    expect(assignVariant({ seed: "feature", unitId: "fds", hashVersion: 1, weights: w3 })).toBe(1);
    // "creates experiments properly": v2 bucket 0.5231 with weights 0.1/0.9 and coverage 0.99 → 1
    expect(assignVariant({ seed: "feature", unitId: "123", hashVersion: 2, weights: [0.1, 0.9], coverage: 0.99 })).toBe(
      1,
    );
    // "skips experiment on coverage": 4 variations, coverage 0.01, id 123 (v1 bucket 0.863 is outside)
    expect(
      assignVariant({
        seed: "feature",
        unitId: "123",
        hashVersion: 1,
        weights: [0.25, 0.25, 0.25, 0.25],
        coverage: 0.01,
      }),
    ).toBe(-1);
  });

  it("is deterministic and defaults to hash v2, bucketVersion 0, full coverage", () => {
    const a = assignVariant({ seed: "exp-1", unitId: "user-42", weights: [0.5, 0.5] });
    for (let i = 0; i < 5; i++)
      expect(assignVariant({ seed: "exp-1", unitId: "user-42", weights: [0.5, 0.5] })).toBe(a);
    const n = hash("exp-1", "user-42", 2)!;
    expect(a).toBe(n < 0.5 ? 0 : 1);
  });

  it("lands 100k unit ids within tolerance of the weights", () => {
    const weights = [0.2, 0.3, 0.5];
    const counts = [0, 0, 0];
    const N = 100_000;
    for (let i = 0; i < N; i++) counts[assignVariant({ seed: "dist", unitId: `u${i}`, weights })]! += 1;
    weights.forEach((w, i) => expect(Math.abs(counts[i]! / N - w)).toBeLessThan(0.006));
    // and the split passes a chi-square goodness-of-fit test (no SRM from the hash itself)
    expect(srmCheck(counts, weights).p).toBeGreaterThan(0.001);
  });

  it("coverage excludes the right share and includes a stable subset", () => {
    const N = 50_000;
    let out = 0;
    for (let i = 0; i < N; i++) {
      const at50 = assignVariant({ seed: "cov", unitId: `u${i}`, weights: [0.5, 0.5], coverage: 0.5 });
      if (at50 === -1) out++;
      else {
        // stickiness: raising coverage never moves an included unit
        expect(assignVariant({ seed: "cov", unitId: `u${i}`, weights: [0.5, 0.5], coverage: 0.8 })).toBe(at50);
        expect(assignVariant({ seed: "cov", unitId: `u${i}`, weights: [0.5, 0.5], coverage: 1 })).toBe(at50);
      }
    }
    expect(Math.abs(out / N - 0.5)).toBeLessThan(0.01);
  });

  it("bucketVersion re-buckets everyone (≈ independent reshuffle), 0 keeps GrowthBook's seed", () => {
    expect(bucketSeed("s", 0)).toBe("s");
    expect(bucketSeed("s", 2)).toBe("s:b2");
    const N = 20_000;
    let same = 0;
    for (let i = 0; i < N; i++) {
      const a = assignVariant({ seed: "rb", unitId: `u${i}`, weights: [0.5, 0.5] });
      const b = assignVariant({ seed: "rb", unitId: `u${i}`, weights: [0.5, 0.5], bucketVersion: 1 });
      if (a === b) same++;
    }
    // independent 50/50 assignments agree half the time
    expect(Math.abs(same / N - 0.5)).toBeLessThan(0.02);
  });

  it("different experiments (seeds) are independent", () => {
    const N = 20_000;
    const table = [
      [0, 0],
      [0, 0],
    ];
    for (let i = 0; i < N; i++) {
      const a = assignVariant({ seed: "exp-a", unitId: `u${i}`, weights: [0.5, 0.5] });
      const b = assignVariant({ seed: "exp-b", unitId: `u${i}`, weights: [0.5, 0.5] });
      table[a]![b]! += 1;
    }
    for (const row of table) for (const c of row) expect(Math.abs(c / N - 0.25)).toBeLessThan(0.015);
  });

  it("validates input and names the argument", () => {
    const bad = (input: unknown, arg: string) => {
      try {
        assignVariant(input as never);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(StatsInputError);
        expect((e as StatsInputError).argument).toBe(arg);
      }
    };
    bad({ seed: "", unitId: "u", weights: [0.5, 0.5] }, "seed");
    bad({ seed: "s", unitId: "", weights: [0.5, 0.5] }, "unitId");
    bad({ seed: "s", unitId: "u", weights: [0.5, 0.4] }, "weights");
    bad({ seed: "s", unitId: "u", weights: [1] }, "weights");
    bad({ seed: "s", unitId: "u", weights: [0.5, -0.5, 1] }, "weights");
    bad({ seed: "s", unitId: "u", weights: [0.5, 0.5], coverage: 1.2 }, "coverage");
    bad({ seed: "s", unitId: "u", weights: [0.5, 0.5], hashVersion: 3 }, "hashVersion");
    bad({ seed: "s", unitId: "u", weights: [0.5, 0.5], bucketVersion: -1 }, "bucketVersion");
    bad(null, "input");
  });

  it("a zero weight never receives units", () => {
    for (let i = 0; i < 2000; i++)
      expect(assignVariant({ seed: "z", unitId: `u${i}`, weights: [0.5, 0, 0.5] })).not.toBe(1);
  });
});

describe("interleavingOrder", () => {
  it("is deterministic per (seed, unit, request) and balanced across requests", () => {
    expect(interleavingOrder("s", "u", "r1")).toEqual(interleavingOrder("s", "u", "r1"));
    let aFirst = 0;
    const N = 20_000;
    for (let i = 0; i < N; i++) {
      const o = interleavingOrder("s", "u", `r${i}`);
      expect(o[0] + o[1]).toBe(1);
      if (o[0] === 0) aFirst++;
    }
    expect(Math.abs(aFirst / N - 0.5)).toBeLessThan(0.015);
  });
  it("validates", () => {
    expect(() => interleavingOrder("s", "u", "")).toThrow(StatsInputError);
  });
});
