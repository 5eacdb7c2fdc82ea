import { describe, expect, it } from "vitest";
import { leftIsA, pairInputKey, pairTraces, preferenceFromScreen, preferenceSummary } from "./pairwise";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe("pairwise queues", () => {
  it("pairs A and B traces on the normalised input, oldest first; unmatched inputs wait", () => {
    const a = [
      { id: "a1", timestamp: at(1), input: "How do I reset my password??" },
      { id: "a2", timestamp: at(2), input: { messages: [{ role: "user", content: "refund policy" }] } },
      { id: "a3", timestamp: at(3), input: "only A saw this" },
      { id: "a4", timestamp: at(4), input: "how do i reset my password" },
    ];
    const b = [
      { id: "b2", timestamp: at(9), input: "Refund policy" },
      { id: "b1", timestamp: at(5), input: "how do I reset my password" },
      { id: "b9", timestamp: at(6), input: "only B saw this" },
    ];
    const pairs = pairTraces(a, b, "q1");
    const byA = Object.fromEntries(pairs.map((p) => [p.traceIdA, p.traceIdB]));
    expect(byA).toEqual({ a1: "b1", a2: "b2" });
    expect(pairInputKey("How do I reset my password??")).toBe("how do i reset my password");
    // deterministic: the same inputs give the same pairs in the same order
    expect(pairTraces([...a].reverse(), [...b].reverse(), "q1")).toEqual(pairs);
  });

  it("the order is fixed per (item, reviewer) and balanced across items", () => {
    expect(leftIsA("item-1", "u1")).toBe(leftIsA("item-1", "u1"));
    const n = 2000;
    const aLeft = Array.from({ length: n }, (_, i) => leftIsA(`item-${i}`, "reviewer")).filter(Boolean).length;
    expect(aLeft / n).toBeGreaterThan(0.45);
    expect(aLeft / n).toBeLessThan(0.55);
    // two reviewers do not always see the same order
    const differ = Array.from({ length: 200 }, (_, i) => leftIsA(`i${i}`, "u1") !== leftIsA(`i${i}`, "u2")).filter(
      Boolean,
    ).length;
    expect(differ).toBeGreaterThan(60);
  });

  it("maps a screen choice back to A / B by the order shown", () => {
    expect(preferenceFromScreen("left", true)).toBe("A");
    expect(preferenceFromScreen("left", false)).toBe("B");
    expect(preferenceFromScreen("right", true)).toBe("B");
    expect(preferenceFromScreen("right", false)).toBe("A");
    expect(preferenceFromScreen("tie", false)).toBe("tie");
    expect(preferenceFromScreen("both_bad", true)).toBe("both_bad");
  });

  it("summarises B's win rate with a Wilson interval; ties and both-bad kept apart", () => {
    const s = preferenceSummary(["B", "B", "B", "A", "tie", "both_bad"]);
    expect(s).toMatchObject({ n: 6, winsA: 1, winsB: 3, ties: 1, bothBad: 1 });
    expect(s.winRateB!.estimate).toBeCloseTo(0.75);
    // Wilson 95% for 3/4 (scipy/statsmodels proportion_confint method="wilson")
    expect(s.winRateB!.lower).toBeCloseTo(0.3006, 3);
    expect(s.winRateB!.upper).toBeCloseTo(0.9544, 3);
    expect(s.winRateBWithTies).toBeCloseTo(3.5 / 5);
    expect(preferenceSummary([]).winRateB).toBeNull();
  });
});
