import { describe, expect, it } from "vitest";
import { StatsInputError, compareScores } from "./index";

const base = [0.61, 0.72, 0.55, 0.8, 0.67, 0.7, 0.59, 0.75, 0.64, 0.69, 0.71, 0.58];

describe("compareScores verdicts", () => {
  it("improvement / regression / trivial / no change", () => {
    const better = base.map((v, i) => v + 0.1 + (i % 3) * 0.01);
    expect(compareScores(base, better).conclusion).toBe("improvement");
    expect(compareScores(better, base).conclusion).toBe("regression");
    expect(compareScores(base, better, { higherIsBetter: false }).conclusion).toBe("regression");
    expect(compareScores(base, better, { minEffect: 0.5 }).conclusion).toBe("significant_but_trivial");
    const noise = base.map((v, i) => v + (i % 2 ? 0.01 : -0.01));
    expect(compareScores(base, noise).conclusion).toBe("no_change");
    expect(compareScores(base, base)).toMatchObject({ conclusion: "no_change", delta: 0, p: 1 });
  });
  it("fewer than 10 pairs → insufficient_data (test still reported)", () => {
    const r = compareScores(
      base.slice(0, 9),
      base.slice(0, 9).map((v) => v + 0.2),
    );
    expect(r.conclusion).toBe("insufficient_data");
    expect(r.n).toBe(9);
    expect(r.p).not.toBeNull();
    expect(compareScores([1], [2])).toMatchObject({ conclusion: "insufficient_data", p: null, ci: null });
  });
  it("unpaired uses Welch", () => {
    const r = compareScores(
      base,
      [...base, 0.9].map((v) => v + 0.15),
      { paired: false },
    );
    expect(r.test).toBe("welch_t");
    expect(r.conclusion).toBe("improvement");
  });
  it("bad input throws typed errors", () => {
    expect(() => compareScores(base, base.slice(1))).toThrow(/candidate/);
    expect(() => compareScores([], [])).toThrow(StatsInputError);
    expect(() => compareScores([Number.NaN], [1])).toThrow(/baseline/);
  });
});
