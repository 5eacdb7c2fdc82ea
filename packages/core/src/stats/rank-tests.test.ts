import { describe, expect, it } from "vitest";
import { StatsInputError, ks2Sample, mannWhitneyU, wilcoxonSignedRank } from "./index";
import { expectClose } from "./test-helpers";

describe("Wilcoxon signed-rank edge cases", () => {
  it("all differences zero → statistic 0, p = 1", () => {
    expect(wilcoxonSignedRank([1, 2, 3], [1, 2, 3])).toMatchObject({ statistic: 0, p: 1 });
  });
  it("n = 1 exact: p = 1", () => {
    expect(wilcoxonSignedRank([2], [1]).p).toBe(1);
  });
  it("exact distribution: n = 5 all positive → p = 2/32", () => {
    const r = wilcoxonSignedRank([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]);
    expect(r.method).toBe("exact");
    expectClose(r.p, 2 / 32, 1e-15);
  });
  it("auto switches to asymptotic above 50 pairs", () => {
    const a = Array.from({ length: 60 }, (_, i) => i + 0.5);
    const b = Array.from({ length: 60 }, (_, i) => i + ((i * 7) % 5) * 0.3);
    expect(wilcoxonSignedRank(a, b).method).toBe("asymptotic");
  });
  it("unequal lengths throw naming b", () => {
    expect(() => wilcoxonSignedRank([1, 2], [1])).toThrow(/b:/);
  });
});

describe("Mann–Whitney edge cases", () => {
  it("all values tied → p = 1", () => {
    expect(mannWhitneyU([3, 3, 3], [3, 3]).p).toBe(1);
  });
  it("complete separation with n = 3, 3: exact p = 2/20", () => {
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(r.method).toBe("exact");
    expect(r.u1).toBe(0);
    expect(r.u2).toBe(9);
    expectClose(r.p, 0.1, 1e-14);
  });
  it("rejects NaN", () => {
    expect(() => mannWhitneyU([1, Number.NaN], [2])).toThrow(StatsInputError);
  });
});

describe("KS edge cases", () => {
  it("identical samples → D = 0, p = 1", () => {
    expect(ks2Sample([1, 2, 3], [1, 2, 3])).toMatchObject({ d: 0, p: 1 });
  });
  it("n1 = n2 = 1 asymptotic stays finite", () => {
    const r = ks2Sample([0], [1], { method: "asymptotic" });
    expect(Number.isFinite(r.p)).toBe(true);
  });
  it("empty input throws", () => {
    expect(() => ks2Sample([], [1])).toThrow(/a:/);
  });
});
