import { describe, expect, it } from "vitest";
import { meanIntervalFromSums, wilsonInterval } from "./intervals";

describe("wilsonInterval", () => {
  it("matches the closed form(method='wilson')", () => {
    // Wilson (1927) closed form, z = 1.959964: (0.49016247, 0.94331785)
    const w = wilsonInterval(8, 10)!;
    expect(w.estimate).toBe(0.8);
    expect(w.lower).toBeCloseTo(0.49016247, 6);
    expect(w.upper).toBeCloseTo(0.94331785, 6);
  });
  it("stays inside [0, 1] at the edges and is null for n = 0", () => {
    const w = wilsonInterval(0, 5)!;
    expect(w.lower).toBe(0);
    expect(w.upper).toBeCloseTo(0.43448246, 6);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow();
  });
});

describe("meanIntervalFromSums", () => {
  it("equals scipy t.interval on the raw values", () => {
    const xs = [1, 2, 3, 4, 5];
    const m = meanIntervalFromSums(
      5,
      15,
      xs.reduce((a, x) => a + x * x, 0),
    )!;
    // scipy.stats.t.interval(0.95, 4, loc=3, scale=sem([1..5])) = (1.03675684, 4.96324316)
    expect(m.estimate).toBe(3);
    expect(m.lower).toBeCloseTo(1.03675684, 6);
    expect(m.upper).toBeCloseTo(4.96324316, 6);
  });
  it("gives a point for n = 1 and null for n = 0", () => {
    expect(meanIntervalFromSums(1, 0.7, 0.49)).toEqual({ estimate: 0.7, lower: 0.7, upper: 0.7 });
    expect(meanIntervalFromSums(0, 0, 0)).toBeNull();
  });
});
