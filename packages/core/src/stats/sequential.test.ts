import { describe, expect, it } from "vitest";
import { msprt, sequentialCI } from "./index";
import { expectClose } from "./test-helpers";

describe("sequentialCI", () => {
  it("is wider than the fixed-horizon interval and p is consistent with the CI", () => {
    const r = sequentialCI({ estimate: 0.1, stdError: 0.03, n: 2000 });
    expect(r.halfwidth).toBeGreaterThan(r.fixedHalfwidth);
    // p ≤ alpha exactly when the sequence at alpha excludes 0
    expect(r.p <= 0.05).toBe(r.ci[0] > 0);
    const edge = sequentialCI({ estimate: r.halfwidth, stdError: 0.03, n: 2000 });
    expectClose(edge.p, 0.05, 1e-10);
  });
});

describe("msprt", () => {
  it("always-valid p is non-increasing and matches the closed form", () => {
    const looks = [
      { estimate: 0.02, stdError: 0.05 },
      { estimate: 0.08, stdError: 0.03 },
      { estimate: 0.03, stdError: 0.02 },
    ];
    const r = msprt(looks, { tau: 0.05 });
    for (let i = 1; i < r.p.length; i++) expect(r.p[i]!).toBeLessThanOrEqual(r.p[i - 1]!);
    const V = 0.05 ** 2;
    const t2 = 0.05 ** 2;
    const lr0 = Math.sqrt(V / (V + t2)) * Math.exp((t2 * 0.02 ** 2) / (2 * V * (V + t2)));
    expectClose(r.lr[0]!, lr0, 1e-12);
    expectClose(r.p[0]!, Math.min(1, 1 / lr0), 1e-12);
  });
  it("requires tau", () => {
    expect(() => msprt([{ estimate: 0, stdError: 1 }], { tau: 0 })).toThrow(/tau/);
  });
});
