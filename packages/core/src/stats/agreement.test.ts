import { describe, expect, it } from "vitest";
import { StatsInputError, cohensKappa, krippendorffAlpha } from "./index";
import { expectClose } from "./test-helpers";

describe("Cohen's kappa", () => {
  // expected values from sklearn's cohen_kappa_score formula
  const r1 = [1, 2, 3, 4, 5, 3, 2, 1, 4, 5, 3, 3];
  const r2 = [1, 3, 3, 5, 5, 2, 2, 1, 3, 4, 3, 1];
  it("unweighted, linear, quadratic", () => {
    expectClose(cohensKappa(r1, r2).kappa, 0.3571428571428571, 1e-12);
    expectClose(cohensKappa(r1, r2, { weights: "linear" }).kappa, 0.6111111111111112, 1e-12);
    expectClose(cohensKappa(r1, r2, { weights: "quadratic" }).kappa, 0.7906976744186046, 1e-12);
  });
  it("perfect agreement → 1; single shared label → typed error", () => {
    expect(cohensKappa(["a", "b"], ["a", "b"]).kappa).toBe(1);
    expect(() => cohensKappa([1, 1], [1, 1])).toThrow(StatsInputError);
  });
});

describe("Krippendorff's alpha", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", worked example
  const N = null;
  const data = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
  ];
  it("matches the published 0.743 / 0.815 / 0.849", () => {
    expect(krippendorffAlpha(data, "nominal")).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(data, "ordinal")).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(data, "interval")).toBeCloseTo(0.849, 3);
  });
  it("perfect agreement → 1; validates shape", () => {
    expect(
      krippendorffAlpha([
        [1, 2, 3],
        [1, 2, 3],
      ]),
    ).toBe(1);
    expect(() => krippendorffAlpha([[1, 2], [1]])).toThrow(/data/);
    expect(() =>
      krippendorffAlpha([
        [1, N],
        [N, 2],
      ]),
    ).toThrow(StatsInputError);
  });
});
