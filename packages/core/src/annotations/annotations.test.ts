import { describe, expect, it } from "vitest";
import { krippendorffAlpha } from "../stats/agreement";
import { checkLabel, errorTrigger, queueAgreement, randomSample, sampleDraw, stratifiedSample, stratumOf } from ".";

const rows = (n: number, stratum: string | null = null, prefix = "t") =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, stratum }));

describe("sampling", () => {
  it("draws are stable per (queue, trace) and spread over [0, 1)", () => {
    expect(sampleDraw("q1", "t1")).toBe(sampleDraw("q1", "t1"));
    expect(sampleDraw("q1", "t1")).not.toBe(sampleDraw("q2", "t1"));
    const draws = rows(2000).map((r) => sampleDraw("q", r.id));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((s, d) => s + d, 0) / draws.length).toBeCloseTo(0.5, 1);
  });

  it("random sampling takes about `rate` of the rows, the same ones every time", () => {
    const all = rows(4000);
    const a = randomSample(all, 0.1, "queue");
    expect(a.length).toBeGreaterThan(320);
    expect(a.length).toBeLessThan(480);
    expect(randomSample(all, 0.1, "queue")).toEqual(a);
    expect(randomSample(all, 1, "queue")).toHaveLength(4000);
  });

  it("stratified sampling covers a low-volume stratum a plain 5% sample would usually miss", () => {
    const all = [...rows(1000, "big", "b"), ...rows(3, "tiny", "s")];
    const picked = stratifiedSample(all, { rate: 0.05, minPerStratum: 2 }, "queue");
    const tiny = picked.filter((r) => r.stratum === "tiny");
    expect(tiny.length).toBeGreaterThanOrEqual(2);
    const big = picked.filter((r) => r.stratum === "big").length;
    expect(big).toBeGreaterThan(25);
    expect(big).toBeLessThan(80);
    // round robin: the small stratum is among the first picks, so a daily cap keeps it
    expect(picked.slice(0, 4).some((r) => r.stratum === "tiny")).toBe(true);
  });

  it("stratified top-up counts what the stratum already got today", () => {
    const all = rows(3, "tiny");
    expect(stratifiedSample(all, { rate: 0, minPerStratum: 2 }, "q")).toHaveLength(2);
    expect(stratifiedSample(all, { rate: 0, minPerStratum: 2, already: new Map([["tiny", 2]]) }, "q")).toHaveLength(0);
  });

  it("strata of a trace by field; error triggers", () => {
    const t = { tags: ["b", "a"], userId: "u1", models: ["m1"], name: "chat", environment: "prod", release: null };
    expect(stratumOf(t, "tags")).toBe("a");
    expect(stratumOf(t, "model")).toBe("m1");
    expect(stratumOf(t, "release")).toBeNull();
    expect(errorTrigger({ hasError: true, outputTokens: 50, observationCount: 1 }, {})).toBe("error");
    expect(errorTrigger({ hasError: false, outputTokens: 2, observationCount: 1 }, { minOutputTokens: 5 })).toBe(
      "short output",
    );
    expect(errorTrigger({ hasError: false, outputTokens: 900, observationCount: 1 }, { maxOutputTokens: 800 })).toBe(
      "long output",
    );
    expect(
      errorTrigger(
        { hasError: false, outputTokens: 50, observationCount: 1 },
        { minOutputTokens: 5, maxOutputTokens: 800 },
      ),
    ).toBeNull();
  });
});

describe("labels", () => {
  it("checks a value against the score config and decides pass/fail", () => {
    const num = { name: "quality", type: "numeric" as const, min: 1, max: 5, passAtLeast: 3 };
    expect(checkLabel(num, 2)).toEqual({ value: 2, stringValue: null, failed: true });
    expect(checkLabel(num, 4)).toEqual({ value: 4, stringValue: null, failed: false });
    expect(checkLabel(num, 7)).toEqual({ error: "quality must be between 1 and 5" });
    const cat = { name: "verdict", type: "categorical" as const, options: ["good", "ok", "bad"], failing: ["bad"] };
    expect(checkLabel(cat, "bad")).toEqual({ value: null, stringValue: "bad", failed: true });
    expect(checkLabel(cat, "meh")).toEqual({ error: "verdict must be one of: good, ok, bad" });
    const bool = { name: "correct", type: "boolean" as const };
    expect(checkLabel(bool, false)).toEqual({ value: 0, stringValue: null, failed: true });
    expect(checkLabel(bool, 1)).toEqual({ error: "correct must be true or false" });
  });

  it("agreement is Krippendorff's α over items with two or more reviewers, with a bootstrap CI", () => {
    const labels = [
      ["i1", 1, 1],
      ["i2", 2, 2],
      ["i3", 3, 3],
      ["i4", 4, 3],
      ["i5", 5, 5],
      ["i6", 1, 2],
      ["i7", 2, 2],
      ["i8", 4, 4],
    ].flatMap(([item, a, b]) => [
      { itemId: item as string, userId: "ann", key: a as number },
      { itemId: item as string, userId: "bob", key: b as number },
    ]);
    labels.push({ itemId: "solo", userId: "ann", key: 5 });
    const r = queueAgreement(labels, "interval", { resamples: 300 });
    const expected = krippendorffAlpha(
      [
        [1, 2, 3, 4, 5, 1, 2, 4],
        [1, 2, 3, 3, 5, 2, 2, 4],
      ],
      "interval",
    );
    expect(r.alpha).toBeCloseTo(expected, 12);
    expect(r.units).toBe(8);
    expect(r.reviewers).toBe(2);
    expect(r.ci![0]).toBeLessThanOrEqual(r.alpha!);
    expect(r.ci![1]).toBeGreaterThanOrEqual(r.alpha!);
    expect(r.alpha).toBeGreaterThan(0.8);
  });

  it("no agreement without two reviewers on at least two items", () => {
    expect(queueAgreement([{ itemId: "i", userId: "a", key: 1 }], "nominal").alpha).toBeNull();
  });
});
