import { describe, expect, it } from "vitest";
import { hajekEstimate } from "../online-eval/estimates";
import { meanIntervalFromSums } from "../stats/intervals";
import { assessQuality, type TQualityInput } from "./quality";
import { emptyWeightedHistogram, kishScaled, mergeWeightedHistogram, type TWeightedScoreHistogram } from "./weighted";

type TJudged = { value: number; inclusionProb: number };

/** One row per judged trace, as the judgment query would add them up. */
function weightedOf(rows: readonly TJudged[], weighted = true): TWeightedScoreHistogram {
  const h = emptyWeightedHistogram();
  for (const r of rows) {
    const w = weighted ? 1 / r.inclusionProb : 1;
    mergeWeightedHistogram(h, {
      n: w,
      sum: w * r.value,
      sumSq: w * r.value * r.value,
      sumW2: w * w,
      judged: 1,
      b: [Math.floor(r.value * 100)],
      c: [w],
    });
  }
  return h;
}

/** A day of traffic: 30 ordinary traces judged at 5% (half 4s, half 5s), `lows` always-sampled 1s. */
const day = (lows: number, lowProb: number): TJudged[] => [
  ...Array.from({ length: 30 }, (_, i) => ({ value: i % 2 ? 5 : 4, inclusionProb: 0.05 })),
  ...Array.from({ length: lows }, () => ({ value: 1, inclusionProb: lowProb })),
];

describe("Kish-scaled design weights", () => {
  it("counts add up to n_eff = (Σw)²/Σw² and the mean is the Hájek mean", () => {
    const rows = [...day(20, 1), { value: 3, inclusionProb: 0.5 }];
    const k = kishScaled(weightedOf(rows));
    // Σw = 30·20 + 20 + 2 = 622, Σw² = 30·400 + 20 + 4 = 12024
    expect(k.nEff).toBeCloseTo((622 * 622) / 12024, 10);
    expect(k.n).toBe(k.nEff);
    expect([...k.buckets.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(k.nEff, 10);
    expect(k.sum / k.n).toBeCloseTo(hajekEstimate(rows)!.mean, 12);
    expect(k.judged).toBe(51);
  });

  it("leaves unweighted rows as they are", () => {
    const rows = day(5, 1);
    const k = kishScaled(weightedOf(rows, false));
    expect(k).toMatchObject({ n: 35, nEff: 35, judged: 35, sum: 30 * 4.5 + 5 });
    expect(k.buckets.get(100)).toBe(5);
    expect(kishScaled(emptyWeightedHistogram())).toMatchObject({ n: 0, sum: 0, nEff: 0 });
  });

  it("gives a t-interval on a fractional effective sample size", () => {
    expect(meanIntervalFromSums(2.5, 10, 42)).not.toBeNull();
    expect(() => meanIntervalFromSums(0.5, 1, 2)).toThrow();
  });

  it("an always-sampled share of low scores is no quality drop once weighted", () => {
    // Before: negative-feedback traces were sampled at the rate like the rest (1 judged per day);
    // in the window they are always sampled (20 a day, π = 1). The traffic is the same.
    const history = Array.from({ length: 7 }, () => day(1, 0.05));
    const windowRows = [...day(20, 1), ...day(20, 1)];
    const input = (weighted: boolean): TQualityInput => {
      const reference = kishScaled(weightedOf(history.flat(), weighted));
      const window = kishScaled(weightedOf(windowRows, weighted));
      const daily = (rows: TJudged[], t: string) => {
        const h = kishScaled(weightedOf(rows, weighted));
        // a touch of day-to-day noise so the history has a spread
        return { t, n: h.judged, mean: h.sum / h.n + (Number(t.slice(-1)) % 2 ? 0.02 : -0.02) };
      };
      return {
        name: "helpfulness",
        window,
        reference,
        history: history.map((rows, i) => daily(rows, `2026-01-0${i + 1}`)),
        windowDays: [daily(windowRows, "2026-01-08")],
        baseline: { kind: "reference", value: reference.sum / reference.n, label: "reference window" },
        badThreshold: null,
      };
    };
    const naive = assessQuality(input(false));
    expect(naive.severity).toBe("alert");
    const weighted = assessQuality(input(true));
    expect(weighted.severity).toBe("ok");
    expect(weighted.mean).toBeCloseTo(hajekEstimate(windowRows)!.mean, 12);
    expect(weighted.mean).toBeCloseTo(hajekEstimate(history.flat())!.mean, 12);
  });
});
