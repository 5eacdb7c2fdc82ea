import { describe, expect, it } from "vitest";
import { estimatesBy, hajekEstimate } from "./estimates";
import { ciHalfWidth, planLayers } from "./planner";
import { decideSample, sampleUnit } from "./sampling";
import { ZOnlineSampling } from "@yardstick/contracts/online-evals";

describe("hajekEstimate", () => {
  it("matches a hand computation", () => {
    // π = 0.5, 0.5, 1: N̂ = 5; ȳ = (2/0.5 + 4/0.5 + 5)/5 = 17/5 = 3.4
    // V = (1/25)·[(0.5/0.25)(2−3.4)² + (0.5/0.25)(4−3.4)² + 0] = (1/25)·2·(1.96 + 0.36) = 0.1856
    const e = hajekEstimate([
      { value: 2, inclusionProb: 0.5 },
      { value: 4, inclusionProb: 0.5 },
      { value: 5, inclusionProb: 1 },
    ])!;
    expect(e.n).toBe(3);
    expect(e.populationEstimate).toBeCloseTo(5, 12);
    expect(e.mean).toBeCloseTo(3.4, 12);
    expect(e.se).toBeCloseTo(Math.sqrt(0.1856), 12);
    expect(e.naiveMean).toBeCloseTo(11 / 3, 12);
    expect(hajekEstimate([])).toBeNull();
  });

  it("corrects over-sampling: a stratified sample recovers the population mean and its CI covers it", () => {
    // Population: 20,000 traces of model A scoring ~4, 1,000 of model B scoring ~2; B sampled 10× more.
    const sampling = ZOnlineSampling.parse({
      rate: 0.05,
      strata: { field: "model", rates: [{ value: "B", rate: 0.5 }] },
    });
    let covered = 0;
    const reps = 40;
    const popMean = (20_000 * 4 + 1_000 * 2) / 21_000;
    for (let rep = 0; rep < reps; rep++) {
      const rows: Array<{ value: number; inclusionProb: number }> = [];
      for (let i = 0; i < 21_000; i++) {
        const model = i < 20_000 ? "A" : "B";
        const noise = (sampleUnit("noise", `${rep}-${i}`) - 0.5) * 2;
        const value = (model === "A" ? 4 : 2) + noise;
        const d = decideSample(sampling, `rep-${rep}`, {
          id: `t${i}`,
          hasError: false,
          latencyMs: null,
          models: [model],
          prompts: [],
          tags: [],
          name: null,
          environment: "default",
          release: null,
          outputText: "",
          negativeFeedback: false,
        });
        if (d.sampled) rows.push({ value, inclusionProb: d.inclusionProb });
      }
      const e = hajekEstimate(rows)!;
      expect(Math.abs(e.naiveMean - popMean)).toBeGreaterThan(0.3); // the unweighted mean is biased
      if (e.ciLow <= popMean && popMean <= e.ciHigh) covered++;
    }
    expect(covered / reps).toBeGreaterThanOrEqual(0.85); // nominal 95%
  });

  it("groups by key", () => {
    const g = estimatesBy(
      [
        { value: 1, inclusionProb: 1, k: "b" },
        { value: 3, inclusionProb: 1, k: "a" },
      ],
      (r) => r.k,
    );
    expect(g.map((x) => [x.key, x.estimate.mean])).toEqual([
      ["a", 3],
      ["b", 1],
    ]);
  });
});

describe("planLayers", () => {
  it("computes monthly calls, dollars, hours and CI widths", () => {
    const plan = planLayers({
      tracesPerDay: 1000,
      deterministicRate: 1,
      judgeRate: 0.1,
      humanReviewRate: 0.01,
      reviewMinutes: 3,
      scoreSd: 1,
      judge: {
        inputTokens: 1000,
        outputTokens: 200,
        callsPerTrace: 1,
        inputPerMTok: 3,
        outputPerMTok: 15,
        source: "measured_online",
        measuredCalls: 10,
      },
    });
    const [det, judge, human] = plan.layers;
    expect(judge!.callsPerMonth).toBe(3000);
    // per call: 1000·3/1e6 + 200·15/1e6 = 0.006 → 3000 calls = $18
    expect(judge!.dollarsPerMonth).toBeCloseTo(18, 9);
    expect(human!.hoursPerMonth).toBeCloseTo((300 * 3) / 60, 9);
    expect(det!.ciHalfWidthDaily).toBe(0); // a census
    expect(judge!.ciHalfWidthDaily).toBeCloseTo(ciHalfWidth(1, 100, 1000)!, 12);
    expect(ciHalfWidth(1, 100, 1e12)).toBeCloseTo(0.196, 3);
    expect(ciHalfWidth(1, 0, 10)).toBeNull();
  });
});
