import { describe, expect, it } from "vitest";
import {
  StatsInputError,
  chiSquareGoodnessOfFit,
  cusum,
  jsDistance,
  klDivergence,
  pageHinkley,
  psi,
  wassersteinNormed,
  zScoreAnomaly,
} from "./index";

describe("distribution distances", () => {
  it("identical histograms → 0", () => {
    expect(jsDistance([1, 2, 3], [2, 4, 6])).toBe(0);
    expect(psi([1, 2, 3], [2, 4, 6])).toBe(0);
    expect(klDivergence([1, 2, 3], [2, 4, 6])).toBe(0);
    expect(wassersteinNormed([1, 2, 3], [1, 2, 3])).toBe(0);
  });
  it("disjoint support: JS base 2 = 1, KL = Infinity, PSI uses eps", () => {
    expect(jsDistance([1, 0], [0, 1], { base: 2 })).toBeCloseTo(1, 12);
    expect(klDivergence([1, 0], [0, 1])).toBe(Infinity);
    expect(Number.isFinite(psi([1, 0], [0, 1]))).toBe(true);
  });
  it("rejects negative counts, mismatched bins and all-zero histograms", () => {
    expect(() => psi([1, -1], [1, 1])).toThrow(/ref/);
    expect(() => jsDistance([1, 2], [1, 2, 3])).toThrow(/q/);
    expect(() => klDivergence([0, 0], [1, 1])).toThrow(StatsInputError);
    expect(() => chiSquareGoodnessOfFit([5, 5], [1, 0])).toThrow(/ref/);
  });
});

describe("anomaly and change detection", () => {
  it("zScoreAnomaly", () => {
    const r = zScoreAnomaly(10, [1, 2, 3, 2, 1, 2]);
    expect(r.isAnomaly).toBe(true);
    expect(zScoreAnomaly(2, [2, 2, 2])).toMatchObject({ z: 0, isAnomaly: false });
    expect(zScoreAnomaly(3, [2, 2, 2]).z).toBe(Infinity);
    expect(() => zScoreAnomaly(1, [1])).toThrow(/history/);
  });
  it("CUSUM with no alarm", () => {
    expect(cusum([0, 0, 0], { k: 0.5, h: 1 })).toEqual({ s: [0, 0, 0], alarmIndex: null });
  });
  it("Page–Hinkley detects an upward shift", () => {
    const x = [...Array(50).fill(0), ...Array(50).fill(1)];
    const r = pageHinkley(x, { delta: 0.05, lambda: 5 });
    expect(r.alarmIndex).not.toBeNull();
    expect(r.alarmIndex!).toBeGreaterThanOrEqual(50);
    expect(r.ph.slice(0, 50).every((v) => v === 0)).toBe(true);
  });
});
