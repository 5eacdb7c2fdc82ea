import { describe, expect, it } from "vitest";
import { barPosition, buildSpanRows, traceTimeline } from "./span-tree";
import type { TObservation } from "./trace-types";

const T0 = Date.UTC(2026, 0, 1);

function obs(id: string, parent: string | null, startMs: number, endMs: number | null = null): TObservation {
  return {
    id,
    traceId: "t1",
    parentObservationId: parent,
    type: "SPAN",
    name: id,
    startTime: new Date(T0 + startMs),
    endTime: endMs === null ? null : new Date(T0 + endMs),
    completionStartTime: null,
    level: "DEFAULT",
    statusMessage: null,
    model: null,
    modelParameters: null,
    input: null,
    output: null,
    metadata: null,
    inputTokens: null,
    outputTokens: null,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    totalTokens: null,
    inputCost: null,
    outputCost: null,
    cacheReadCost: null,
    cacheWriteCost: null,
    totalCost: null,
    costSource: null,
    promptName: null,
    promptVersion: null,
  };
}

const shape = (rows: ReturnType<typeof buildSpanRows>) =>
  rows.map((r) => `${"  ".repeat(r.depth)}${r.obs.id}:${r.childCount}`);

describe("buildSpanRows", () => {
  it("orders depth-first with siblings by start time, then id", () => {
    const rows = buildSpanRows([
      obs("gen", "root", 30),
      obs("retrieve", "root", 10),
      obs("root", null, 0),
      obs("embed", "retrieve", 12),
      obs("b", "root", 50),
      obs("a", "root", 50),
    ]);
    expect(shape(rows)).toEqual(["root:4", "  retrieve:1", "    embed:0", "  gen:0", "  a:0", "  b:0"]);
  });

  it("shows an observation whose parent is missing as a root instead of dropping it", () => {
    const rows = buildSpanRows([obs("root", null, 0), obs("orphan", "not-in-trace", 5)]);
    expect(shape(rows)).toEqual(["root:0", "orphan:0"]);
  });

  it("treats a self-parent as a root", () => {
    expect(shape(buildSpanRows([obs("self", "self", 0)]))).toEqual(["self:0"]);
  });

  it("lists every member of a parent cycle once, at the top level", () => {
    const rows = buildSpanRows([obs("root", null, 0), obs("a", "b", 1), obs("b", "a", 2)]);
    expect(rows.map((r) => r.obs.id).sort()).toEqual(["a", "b", "root"]);
    expect(rows.filter((r) => r.obs.id !== "root").every((r) => r.depth === 0)).toBe(true);
  });

  it("returns nothing for no observations", () => {
    expect(buildSpanRows([])).toEqual([]);
  });
});

describe("traceTimeline / barPosition", () => {
  it("spans from the earliest start to the latest end, at least the trace's latency", () => {
    expect(traceTimeline(new Date(T0), 100, [obs("a", null, -20, 50), obs("b", null, 10, 300)])).toEqual({
      start: T0 - 20,
      end: T0 + 300,
    });
    expect(traceTimeline(new Date(T0), 1000, [obs("a", null, 0, 10)])).toEqual({ start: T0, end: T0 + 1000 });
  });

  it("never has zero length, so bars can be placed", () => {
    expect(traceTimeline(new Date(T0), null, [])).toEqual({ start: T0, end: T0 + 1 });
  });

  it("places bars as percentages of the timeline", () => {
    const t = { start: T0, end: T0 + 1000 };
    expect(barPosition(obs("a", null, 250, 750), t)).toEqual({ left: 25, width: 50 });
  });

  it("keeps instantaneous and late bars visible and inside the timeline", () => {
    const t = { start: T0, end: T0 + 1000 };
    expect(barPosition(obs("event", null, 500), t)).toEqual({ left: 50, width: 0.6 });
    const last = barPosition(obs("late", null, 1000), t);
    expect(last.left).toBe(99.4);
    expect(last.left + last.width).toBeCloseTo(100);
  });
});
