import { describe, expect, it } from "vitest";
import { mdeTwoProportions, sampleSizeTwoMeans, sampleSizeTwoProportions } from "./index";
import { expectClose } from "./test-helpers";

describe("power", () => {
  it("two means: d = 0.5 → 62.8 per arm (normal approximation)", () => {
    const r = sampleSizeTwoMeans(0.5);
    expectClose(r.exact, (2 * (1.959963984540054 + 0.8416212335729143) ** 2) / 0.25, 1e-9);
    expect(r.nPerArm).toBe(63);
  });
  it("MDE inverts the sample-size formula", () => {
    const n = sampleSizeTwoProportions(0.45, 0.52).exact;
    const r = mdeTwoProportions(0.45, n);
    expectClose(r.p2, 0.52, 1e-9);
    expectClose(r.relative, 0.07 / 0.45, 1e-8);
  });
  it("validates inputs", () => {
    expect(() => sampleSizeTwoProportions(0.5, 0.5)).toThrow(/p2/);
    expect(() => sampleSizeTwoProportions(0.5, 0.6, { power: 1 })).toThrow(/power/);
    expect(() => mdeTwoProportions(0.5, 1)).toThrow(/nPerArm/);
  });
});
