import { describe, expect, it } from "vitest";
import { bootstrapCI } from "../stats/bootstrap";
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, createRunAggregator } from "./aggregate";
import { config, grader, rec } from "./test-fixtures";

const s = (score: number, passed = score >= 0.5) => ({ score, passed });

describe("run aggregation", () => {
  it("averages repeats per item before means, p10 and the bootstrap; sums tokens and cost", () => {
    const agg = createRunAggregator(config([grader("judge")]));
    // Item scores (mean of repeats): a 0.75, b 0.5, c 1, d 0 (d errored once: one score, counted failed).
    const cases = [
      rec({ itemKey: "a", repeat: 0, graders: [s(1)], latencyMs: 100 }),
      rec({ itemKey: "a", repeat: 1, graders: [s(0.5)], latencyMs: 200 }),
      rec({ itemKey: "b", repeat: 0, graders: [s(0.25)], latencyMs: 300 }),
      rec({ itemKey: "b", repeat: 1, graders: [s(0.75)], latencyMs: 400, cached: true }),
      rec({ itemKey: "c", repeat: 0, graders: [s(1)], latencyMs: 500, partition: "golden" }),
      rec({ itemKey: "c", repeat: 1, graders: [s(1)], latencyMs: 600, partition: "golden" }),
      rec({ itemKey: "d", repeat: 0, graders: [s(0)], latencyMs: 700 }),
      rec({
        itemKey: "d",
        repeat: 1,
        error: true,
        graders: [],
        latencyMs: null,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
      }),
    ];
    for (const c of cases) agg.add(c);
    const [a] = agg.result();
    const o = a!.overall;
    expect(o).toMatchObject({ cases: 8, items: 4, errorCases: 1, cachedCases: 1, inputTokens: 70, outputTokens: 35 });
    expect(o.costUsd).toBeCloseTo(0.007, 10);
    // Every grader passed in 5 of 8 cases (a0, a1, b1, c0, c1).
    expect(o.passRate).toBe(5 / 8);
    // numpy: percentile([100..700 step 100], 50) = 400, 95 → 670.
    expect(o.latencyMs).toEqual({ p50: 400, p95: 670 });
    const g = o.graders[0]!;
    expect(g.errors).toBe(1);
    expect(g.meanScore!.estimate).toBeCloseTo((0.75 + 0.5 + 1 + 0) / 4, 12);
    // Pass fractions per item: a 1, b 0.5, c 1, d 0.
    expect(g.passRate!.estimate).toBeCloseTo(0.625, 12);
    // np.percentile([0, 0.5, 0.75, 1], 10) = 0.15
    expect(g.p10Score!.estimate).toBeCloseTo(0.15, 12);
    const ci = bootstrapCI([0.75, 0.5, 1, 0], "mean", { resamples: BOOTSTRAP_RESAMPLES, seed: BOOTSTRAP_SEED }).ci;
    expect(g.meanScore!.ci).toEqual(ci);
    expect(g.p10Score!.ci![0]).toBeLessThanOrEqual(0.15);
    expect(g.p10Score!.ci![1]).toBeGreaterThanOrEqual(0.15);

    expect(Object.keys(a!.partitions)).toEqual(["distribution", "golden"]);
    expect(a!.partitions.golden).toMatchObject({ cases: 2, items: 1, passRate: 1 });
    expect(a!.partitions.golden!.graders[0]!.meanScore).toEqual({ estimate: 1, ci: null });
    // The grader did not pass b0, d0 and errored d1.
    expect(a!.graderFailures[0]).toEqual({
      count: 3,
      cases: [
        { itemKey: "b", repeat: 0 },
        { itemKey: "d", repeat: 0 },
        { itemKey: "d", repeat: 1 },
      ],
    });
    expect(a!.goldenFailures.count).toBe(0);
  });

  it("keeps arms apart and refuses a case of an arm the run does not have", () => {
    const agg = createRunAggregator(config([grader("g")], 2));
    agg.add(rec({ itemKey: "x", arm: 0 }));
    agg.add(rec({ itemKey: "x", arm: 1, graders: [s(0)] }));
    const [a0, a1] = agg.result();
    expect(a0!.overall.passRate).toBe(1);
    expect(a1!.overall.passRate).toBe(0);
    expect(() => agg.add(rec({ itemKey: "x", arm: 2 }))).toThrow(RangeError);
  });
});
