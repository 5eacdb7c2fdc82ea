import { describe, expect, it } from "vitest";
import { StatsInputError } from "../stats/errors";
import { wilsonInterval } from "../stats/intervals";
import { analyzeInterleaving, regret, signTestP, type InterleavingRow } from "./index";

function rows(spec: [InterleavingRow["winner"], InterleavingRow["firstShown"], number][]): InterleavingRow[] {
  return spec.flatMap(([winner, firstShown, n]) => Array.from({ length: n }, () => ({ winner, firstShown })));
}

describe("signTestP (exact binomial, scipy.stats.binomtest)", () => {
  it.each([
    [60, 100, 0.05688793364098089],
    [30, 40, 0.0022214337732293643],
    [7, 10, 0.34375],
    [0, 5, 0.0625],
    [13, 20, 0.26317596435546875],
    [5, 10, 1],
    [0, 0, 1],
  ])("k=%i n=%i → %f", (k, n, p) => {
    expect(signTestP(k, n)).toBeCloseTo(p, 12);
  });
});

describe("analyzeInterleaving", () => {
  it("counts wins, ties, Wilson CI, sign test and position bias", () => {
    // B wins 30 (18 when B first, 12 when A first), A wins 10 (6 A first, 4 B first), 7 ties
    const r = analyzeInterleaving({
      rows: rows([
        ["B", "B", 18],
        ["B", "A", 12],
        ["A", "A", 6],
        ["A", "B", 4],
        ["tie", "A", 3],
        ["tie", "B", 4],
      ]),
    });
    expect(r).toMatchObject({ total: 47, ties: 7, winsA: 10, winsB: 30, decisive: 40 });
    expect(r.winRateB).toBe(0.75);
    expect(r.p).toBeCloseTo(0.0022214337732293643, 12);
    const w = wilsonInterval(30, 40)!;
    expect(r.ci).toEqual({ lower: w.lower, upper: w.upper });
    // Wilson 95% for 30/40 by hand: centre (0.75 + 1.92/40)/(1 + 3.84/40)
    expect(r.ci!.lower).toBeCloseTo(0.598, 3);
    expect(r.ci!.upper).toBeCloseTo(0.8581, 3);
    // first-shown wins: 18 (B first, B won) + 6 (A first, A won) = 24 of 40
    expect(r.positionBias.firstShownWins).toBe(24);
    expect(r.positionBias.share).toBe(0.6);
    expect(r.positionBias.p).toBeCloseTo(signTestP(24, 40), 15);
  });

  it("accepts aggregated counts with the same answer", () => {
    const a = analyzeInterleaving({
      rows: rows([
        ["B", "B", 5],
        ["A", "A", 2],
        ["tie", "A", 1],
      ]),
    });
    const b = analyzeInterleaving({
      counts: { aWinsAFirst: 2, aWinsBFirst: 0, bWinsAFirst: 0, bWinsBFirst: 5, ties: 1 },
    });
    expect(b).toEqual(a);
  });

  it("handles no decisive comparisons", () => {
    const r = analyzeInterleaving({ rows: rows([["tie", "A", 3]]) });
    expect(r).toMatchObject({ decisive: 0, winRateB: null, ci: null, p: 1 });
    expect(analyzeInterleaving({ rows: [] })).toMatchObject({ total: 0, p: 1 });
  });

  it("validates and names the field", () => {
    const arg = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(StatsInputError);
        return (e as StatsInputError).argument;
      }
      return "no error";
    };
    expect(arg(() => analyzeInterleaving({ rows: [{ winner: "C" as never, firstShown: "A" }] }))).toBe(
      "rows[0].winner",
    );
    expect(arg(() => analyzeInterleaving({ rows: [{ winner: "A", firstShown: "tie" as never }] }))).toBe(
      "rows[0].firstShown",
    );
    expect(arg(() => analyzeInterleaving({}))).toBe("rows");
    expect(
      arg(() =>
        analyzeInterleaving({ counts: { aWinsAFirst: -1, aWinsBFirst: 0, bWinsAFirst: 0, bWinsBFirst: 0, ties: 0 } }),
      ),
    ).toBe("counts.aWinsAFirst");
  });
});

describe("regret", () => {
  it("Σ n_a (max μ − μ_a) with known means", () => {
    const r = regret({ means: [0.1, 0.12, 0.15], counts: [100, 200, 700] });
    expect(r.total).toBeCloseTo(100 * 0.05 + 200 * 0.03, 12);
    expect(r.bestArm).toBe(2);
    expect(r.perArm[2]).toBe(0);
  });
  it("estimates from posterior means when given arms", () => {
    const r = regret({
      arms: [
        { n: 98, successes: 9 },
        { n: 198, successes: 39 },
      ],
    });
    expect(r.means).toEqual([10 / 100, 40 / 200]);
    expect(r.total).toBeCloseTo(98 * 0.1, 12);
  });
  it("validates", () => {
    expect(() => regret({ means: [0.1], counts: [1, 2] })).toThrow(StatsInputError);
    expect(() => regret({ means: [0.1, Number.NaN], counts: [1, 2] })).toThrow(StatsInputError);
  });
});
