import { describe, expect, it } from "vitest";
import { evaluateGate, isGatingRegression } from "./gate";
import { artifactFixture, comparisonFixture, metricFixture } from "./test-fixtures";

describe("evaluateGate", () => {
  it("passes with every gate green: a row per grader overall and per partition", () => {
    const r = evaluateGate({ name: "g", artifact: artifactFixture({ threshold: 0.9 }), candidateArm: 1 });
    expect(r.verdict).toBe("PASS");
    expect(r.rows.map((x) => [x.grader, x.partition, x.verdict])).toEqual([
      ["exact", "all", "pass"],
      ["exact", "golden", "pass"],
      ["exact", "distribution", "info"],
    ]);
    expect(r.candidate).toBe("answerer v2 (staging)");
  });

  it("fails on a threshold with the numbers and the failing cases", () => {
    const r = evaluateGate({ name: "g", artifact: artifactFixture({ overall: 0.8, threshold: 0.9 }), candidateArm: 1 });
    expect(r.verdict).toBe("FAIL");
    expect(r.failures).toEqual(["exact pass rate 0.800 is below the threshold 0.900 (5 cases failed)"]);
    expect(r.rows[0]!.worstCases).toEqual(["item-007"]);
  });

  it("fails on the golden partition", () => {
    const r = evaluateGate({ name: "g", artifact: artifactFixture({ golden: 0.75 }), candidateArm: 1 });
    expect(r.failures).toEqual(["exact golden pass rate 0.750: the golden partition must pass 100%"]);
    expect(r.rows.find((x) => x.partition === "golden")!.worstCases).toEqual(["item-001"]);
  });

  it("fails on a significant regression beyond the minimum effect, naming the metric", () => {
    const r = evaluateGate({
      name: "g",
      artifact: artifactFixture(),
      candidateArm: 1,
      comparison: comparisonFixture([metricFixture()]),
      minEffect: 0.05,
    });
    expect(r.verdict).toBe("FAIL");
    expect(r.failures[0]).toBe(
      "exact pass rate fell 1.000 → 0.200 (Δ −0.800, 95% CI [−0.900, −0.700], p = 2.0e-6 adjusted): a significant regression beyond the minimum effect 0.05",
    );
    expect(r.rows[0]).toMatchObject({ delta: -0.8, p: 2e-6, worstCases: ["item-010"] });
    expect(r.baseline).toBe("answerer v1 (production)");
  });

  it("passes a significant drop smaller than --min-effect, and an insignificant one", () => {
    const small = metricFixture({ delta: -0.03, candidate: 0.97 });
    expect(isGatingRegression(small, 0.05)).toBe(false);
    expect(isGatingRegression(small)).toBe(true); // the project's 0.02
    expect(isGatingRegression(metricFixture({ conclusion: "no_change" }))).toBe(false);
    expect(isGatingRegression(metricFixture({ conclusion: "insufficient_data" }))).toBe(false);
    // "trivial" under the project's bar still fails a stricter CLI bar
    expect(isGatingRegression(metricFixture({ conclusion: "significant_but_trivial", delta: -0.03 }), 0.01)).toBe(true);
    expect(isGatingRegression(metricFixture({ conclusion: "improvement", delta: 0.3 }))).toBe(false);
  });

  it("fails a run whose candidate arm answered nothing", () => {
    const a = artifactFixture();
    a.arms[0]!.verdict = "FAIL";
    expect(evaluateGate({ name: "g", artifact: a, candidateArm: 1 }).failures).toEqual([
      "no case produced an output (every case errored)",
    ]);
  });

  it("fills partition rows from the per-partition comparisons without gating on them", () => {
    const dist = {
      ...comparisonFixture([metricFixture({ delta: -0.9, ci: [-1, -0.8] })]),
      partition: "distribution" as const,
    };
    const r = evaluateGate({
      name: "g",
      artifact: artifactFixture(),
      candidateArm: 1,
      comparison: comparisonFixture([metricFixture({ conclusion: "no_change", delta: -0.01 })]),
      partitionComparisons: { distribution: dist },
    });
    expect(r.rows.find((x) => x.partition === "distribution")).toMatchObject({
      delta: -0.9,
      ci: [-1, -0.8],
      conclusion: "regression",
      verdict: "info",
    });
    expect(r.verdict).toBe("PASS");
  });
});
