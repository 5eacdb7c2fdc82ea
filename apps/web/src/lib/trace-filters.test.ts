import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  DEFAULT_RANGE,
  FILTER_KEYS,
  rangeDates,
  rangeOf,
  readFilters,
  toListInput,
  tracesHref,
  writeFilters,
  type TFilterState,
} from "./trace-filters";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const HOUR = 3600_000;

describe("readFilters / writeFilters", () => {
  it("reads only known, non-empty parameters", () => {
    const state = readFilters(new URLSearchParams("name=chat&user=&evil=1&errors=1&sort=cost"));
    expect(state).toEqual({ name: "chat", errors: "1", sort: "cost" });
  });

  it("writes trimmed values in a stable order and leaves out empty ones", () => {
    expect(writeFilters({ user: " u1 ", name: "chat", tags: "  ", range: "24h" })).toBe("range=24h&name=chat&user=u1");
    expect(writeFilters({})).toBe("");
  });

  it("round-trips every filter through the URL, escaping included", () => {
    const state: TFilterState = Object.fromEntries(FILTER_KEYS.map((k, i) => [k, `${k} & value=${i}/?#`]));
    expect(readFilters(new URLSearchParams(writeFilters(state)))).toEqual(state);
  });
});

describe("rangeOf", () => {
  it.each<[TFilterState, string]>([
    [{}, DEFAULT_RANGE],
    [{ range: "1h" }, "1h"],
    [{ range: "all" }, "all"],
    [{ range: "custom" }, "custom"],
    [{ from: "2026-11-01T00:00" }, "custom"],
    [{ range: "2y" }, DEFAULT_RANGE],
    [{ range: "2y", to: "2026-11-01T00:00" }, "custom"],
    [{ range: "toString" }, DEFAULT_RANGE],
  ])("%j → %s", (state, range) => {
    expect(rangeOf(state)).toBe(range);
  });

  it("defaults to the last 7 days", () => {
    expect(DEFAULT_RANGE).toBe("7d");
  });
});

describe("rangeDates", () => {
  it("counts presets back from now, with no upper bound", () => {
    expect(rangeDates("1h", {}, NOW)).toEqual({ from: new Date(NOW - HOUR) });
    expect(rangeDates("24h", {}, NOW)).toEqual({ from: new Date(NOW - 24 * HOUR) });
    expect(rangeDates("30d", {}, NOW)).toEqual({ from: new Date(NOW - 30 * 24 * HOUR) });
  });

  it("has no bounds for all time", () => {
    expect(rangeDates("all", {}, NOW)).toEqual({});
  });

  it("uses the custom inputs, ignoring ones that are not dates", () => {
    const r = rangeDates("custom", { from: "2026-11-01T08:30", to: "not a date" }, NOW);
    expect(r.from).toEqual(new Date("2026-11-01T08:30"));
    expect(r.to).toBeUndefined();
    expect(rangeDates("custom", {}, NOW)).toEqual({ from: undefined, to: undefined });
  });

  it("ignores custom inputs for a preset", () => {
    expect(rangeDates("1h", { from: "2020-01-01T00:00" }, NOW)).toEqual({ from: new Date(NOW - HOUR) });
  });
});

describe("toListInput", () => {
  it("lists the last 7 days, newest first, 50 at a time, when nothing is set", () => {
    const input = toListInput({}, NOW);
    expect(input.list).toEqual({ sort: "timestamp", order: "desc", limit: 50 });
    expect(input.filter.from).toEqual(new Date(NOW - 7 * 24 * HOUR));
    const set = Object.entries(input.filter).filter(([, v]) => v !== undefined);
    expect(set.map(([k]) => k)).toEqual(["from"]);
  });

  it("maps URL names to the API's filter fields", () => {
    const { filter } = toListInput(
      { range: "all", name: "chat", user: "u1", session: "s1", model: "claude", env: "prod", release: "v2" },
      NOW,
    );
    expect(filter).toMatchObject({
      name: "chat",
      userId: "u1",
      sessionId: "s1",
      model: "claude",
      environment: "prod",
      release: "v2",
    });
    expect(filter.from).toBeUndefined();
  });

  it("splits tags on commas, trimmed, dropping empty ones", () => {
    expect(toListInput({ tags: " a, ,b ,," }, NOW).filter.tags).toEqual(["a", "b"]);
    expect(toListInput({ tags: " , " }, NOW).filter.tags).toBeUndefined();
  });

  it("filters errors only for errors=1", () => {
    expect(toListInput({ errors: "1" }, NOW).filter.hasError).toBe(true);
    expect(toListInput({ errors: "0" }, NOW).filter.hasError).toBeUndefined();
    expect(toListInput({ errors: "true" }, NOW).filter.hasError).toBeUndefined();
  });

  it("takes minimum latency and cost only as non-negative numbers", () => {
    expect(toListInput({ minLatency: "250", minCost: "0.01" }, NOW).filter).toMatchObject({
      minLatencyMs: 250,
      minCost: 0.01,
    });
    for (const bad of ["-1", "abc", " ", "Infinity"]) {
      const { filter } = toListInput({ minLatency: bad, minCost: bad }, NOW);
      expect(filter.minLatencyMs, bad).toBeUndefined();
      expect(filter.minCost, bad).toBeUndefined();
    }
    expect(toListInput({ minLatency: "0" }, NOW).filter.minLatencyMs).toBe(0);
  });

  it("bounds a score only when a score name is set; bounds may be negative", () => {
    expect(toListInput({ scoreMin: "0.5", scoreMax: "1" }, NOW).filter).toMatchObject({
      scoreName: undefined,
      scoreMin: undefined,
      scoreMax: undefined,
    });
    expect(toListInput({ score: "helpful", scoreMin: "-1", scoreMax: "x" }, NOW).filter).toMatchObject({
      scoreName: "helpful",
      scoreMin: -1,
      scoreMax: undefined,
    });
  });

  it("sorts by latency or cost, ascending on request, and by time otherwise", () => {
    expect(toListInput({ sort: "latency", order: "asc" }, NOW).list).toMatchObject({ sort: "latency", order: "asc" });
    expect(toListInput({ sort: "cost" }, NOW).list).toMatchObject({ sort: "cost", order: "desc" });
    expect(toListInput({ sort: "name", order: "up" }, NOW).list).toMatchObject({ sort: "timestamp", order: "desc" });
  });

  it("pins relative ranges to `now`, so the same state gives the same query", () => {
    expect(toListInput({ range: "24h" }, NOW)).toEqual(toListInput({ range: "24h" }, NOW));
    expect(toListInput({ range: "24h" }, NOW + 1).filter.from).toEqual(new Date(NOW + 1 - 24 * HOUR));
  });
});

describe("activeFilterCount", () => {
  it("counts filters but not the time range or sort", () => {
    expect(activeFilterCount({})).toBe(0);
    expect(activeFilterCount({ range: "1h", from: "x", to: "y", sort: "cost", order: "asc" })).toBe(0);
    expect(activeFilterCount({ name: "a", user: "b", errors: "1", score: "s", scoreMin: "1" })).toBe(4);
  });
});

describe("tracesHref", () => {
  it("links to the traces list with the given filters", () => {
    expect(tracesHref("p1", {})).toBe("/projects/p1/traces");
    expect(tracesHref("p1", { user: "user@example.com", range: "30d" })).toBe(
      "/projects/p1/traces?range=30d&user=user%40example.com",
    );
    expect(tracesHref("p1", { user: "u", range: undefined })).toBe("/projects/p1/traces?user=u");
  });
});
