import { describe, expect, it } from "vitest";
import { StatsInputError, chiSquare2x2, fisherExact, mcnemar, srmCheck, twoProportionZTest } from "./index";

describe("2×2 tables", () => {
  it("rejects negative counts, non-integers for Fisher, and empty margins", () => {
    expect(() =>
      chiSquare2x2([
        [-1, 2],
        [3, 4],
      ]),
    ).toThrow(/table\[0\]\[0\]/);
    expect(() =>
      fisherExact([
        [1.5, 2],
        [3, 4],
      ]),
    ).toThrow(StatsInputError);
    expect(() =>
      fisherExact([
        [0, 0],
        [3, 4],
      ]),
    ).toThrow(/table:/);
  });
  it("balanced table: Fisher p = 1, chi2 = 0", () => {
    expect(
      fisherExact([
        [5, 5],
        [5, 5],
      ]).p,
    ).toBe(1);
    expect(
      chiSquare2x2(
        [
          [5, 5],
          [5, 5],
        ],
        { yates: false },
      ).chi2,
    ).toBe(0);
  });
  it("odds ratio is Infinity when b·c = 0", () => {
    expect(
      fisherExact([
        [3, 0],
        [1, 4],
      ]).oddsRatio,
    ).toBe(Infinity);
  });
});

describe("two-proportion z", () => {
  it("identical all-success arms → z = 0, p = 1", () => {
    expect(twoProportionZTest(10, 10, 20, 20)).toMatchObject({ z: 0, p: 1 });
  });
  it("validates x ≤ n", () => {
    expect(() => twoProportionZTest(11, 10, 1, 2)).toThrow(/x1/);
  });
});

describe("McNemar", () => {
  it("no discordant pairs → p = 1", () => {
    expect(mcnemar(0, 0)).toEqual({ statistic: 0, p: 1 });
    expect(mcnemar(0, 0, { exact: false })).toEqual({ statistic: 0, p: 1 });
  });
  it("exact binomial p = 2·P(X ≤ 0 | n = 6) = 2/64", () => {
    expect(mcnemar(0, 6).p).toBeCloseTo(2 / 64, 15);
  });
});

describe("SRM", () => {
  it("rejects weights not summing to 1 and negative counts", () => {
    expect(() => srmCheck([100, 100], [0.5, 0.6])).toThrow(/weights/);
    expect(() => srmCheck([100, -1], [0.5, 0.5])).toThrow(/observed/);
    expect(() => srmCheck([100, 100, 5], [0.5, 0.5])).toThrow(/weights/);
  });
  it("flags a gross mismatch", () => {
    const r = srmCheck([6000, 4000], [0.5, 0.5]);
    expect(r.flagged).toBe(true);
    expect(r.p).toBeGreaterThan(0);
  });
  it("3-arm uneven weights", () => {
    const r = srmCheck([500, 250, 250], [0.5, 0.25, 0.25]);
    expect(r).toMatchObject({ chi2: 0, dof: 2, p: 1, flagged: false });
  });
});
