import { describe, expect, it } from "vitest";
import { bucketStarts, buildPanels, relativeChange, type TPanelInput } from "./panels";
import { sketchOf, sketchToArrays } from "./latency-sketch";

const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d));
const empty: TPanelInput = {
  traces: [],
  traceLatency: [],
  generations: [],
  genLatency: [],
  scores: [],
  safety: [],
  users: [],
  hourOfDay: [],
  topNames: [],
  topPrompts: [],
};

describe("buildPanels", () => {
  it("fills every bucket, so a quiet day is a zero and not a gap", () => {
    expect(bucketStarts(day(0), day(3), "day")).toHaveLength(3);
    const p = buildPanels(empty, day(0), day(3), "day");
    expect(p.cost.map((c) => c.total)).toEqual([0, 0, 0]);
    expect(p.feedback.every((f) => f.rate === null && f.lowSample)).toBe(true);
    expect(p.totals.p95LatencyMs).toBeNull();
  });

  it("derives rates with Wilson bands, cost per success and merged quantiles", () => {
    const sk = sketchToArrays(sketchOf([100, 200, 300, 400]));
    const p = buildPanels(
      {
        ...empty,
        traces: [
          {
            t: day(1),
            traces: 40,
            errors: 4,
            successes: 30,
            cost: 3,
            thumbsUp: 8,
            thumbsDown: 2,
            ratingN: 2,
            ratingSum: 9,
            ratingSumSq: 41,
            ratingCounts: [0, 0, 0, 1, 1],
          },
        ],
        traceLatency: [{ t: day(1), key: "", b: sk.buckets, c: sk.counts }],
        safety: [{ t: day(1), violations: 2, checks: 10 }],
        generations: [
          {
            t: day(1),
            model: "m",
            generations: 50,
            errors: 1,
            cost: 3,
            inputTokens: 1,
            outputTokens: 2,
            cacheReadTokens: 3,
            cacheWriteTokens: 4,
          },
        ],
      },
      day(0),
      day(2),
      "day",
    );
    expect(p.cost[1]).toMatchObject({ total: 3, m: 3, costPerTrace: 3 / 40, costPerSuccess: 0.1 });
    expect(p.errors[1]).toMatchObject({ rate: 0.1, safetyPer1000: 40, lowSample: false });
    expect(p.errors[1]!.lower!).toBeLessThan(0.1);
    expect(p.feedback[1]).toMatchObject({ rate: 0.8, n: 10, lowSample: true });
    expect(p.ratings).toMatchObject({ n: 2, mean: 4.5, counts: [0, 0, 0, 1, 1] });
    expect(Math.abs(p.latency.traces[1]!.p50! - 200) / 200).toBeLessThan(0.01);
    expect(p.latency.traces[0]!.p50).toBeNull();
  });

  it("relative change is null without a baseline", () => {
    expect(relativeChange(12, 10)).toBeCloseTo(0.2);
    expect(relativeChange(1, 0)).toBeNull();
    expect(relativeChange(null, 3)).toBeNull();
  });
});
