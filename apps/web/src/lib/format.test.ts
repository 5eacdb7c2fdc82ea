import { describe, expect, it } from "vitest";
import { capitalize, formatRelative, pluralize } from "./format";
import {
  durationMs,
  formatCost,
  formatDuration,
  formatInteger,
  formatPricePer1M,
  formatTokens,
  formatUtcDay,
  pluralizeCount,
} from "./metrics-format";

const NOW = new Date("2026-11-23T12:00:00Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

describe("formatRelative", () => {
  it.each([
    [ago(0), "just now"],
    [ago(59), "just now"],
    [ago(60), "1 minute ago"],
    [ago(5 * 60), "5 minutes ago"],
    [ago(3 * 3600), "3 hours ago"],
    [ago(24 * 3600), "yesterday"],
    [ago(3 * 24 * 3600), "3 days ago"],
    [ago(14 * 24 * 3600), "2 weeks ago"],
    [ago(400 * 24 * 3600), "last year"],
    [ago(-6 * 24 * 3600), "in 6 days"],
  ])("%s → %s", (d, text) => {
    expect(formatRelative(d, NOW)).toBe(text);
  });

  it("accepts ISO strings as sent over the wire", () => {
    expect(formatRelative("2026-11-23T11:00:00Z", NOW)).toBe("1 hour ago");
  });
});

describe("pluralize / pluralizeCount / capitalize", () => {
  it("uses the singular for exactly one", () => {
    expect(pluralize(1, "session")).toBe("1 session");
    expect(pluralize(0, "session")).toBe("0 sessions");
    expect(pluralize(2, "entry", "entries")).toBe("2 entries");
    expect(pluralizeCount(12345, "trace")).toBe("12,345 traces");
    expect(pluralizeCount(1, "trace")).toBe("1 trace");
  });

  it("capitalizes the first letter only", () => {
    expect(capitalize("organization")).toBe("Organization");
    expect(capitalize("pROJECT")).toBe("PROJECT");
    expect(capitalize("")).toBe("");
  });
});

describe("formatCost", () => {
  it.each<[number | null | undefined, string]>([
    [null, "—"],
    [undefined, "—"],
    [Number.NaN, "—"],
    [0, "$0"],
    [0.00004, "<$0.0001"],
    [0.0096, "$0.0096"],
    [0.005, "$0.005"],
    [0.01, "$0.01"],
    [0.1234, "$0.1234"],
    [0.5, "$0.50"],
    [12.4, "$12.40"],
    [1234.567, "$1,234.57"],
  ])("%s → %s", (usd, text) => {
    expect(formatCost(usd)).toBe(text);
  });
});

describe("formatPricePer1M", () => {
  it("shows whole dollars bare and keeps at least cents otherwise", () => {
    expect(formatPricePer1M(3)).toBe("$3");
    expect(formatPricePer1M(0.3)).toBe("$0.30");
    expect(formatPricePer1M(0.075)).toBe("$0.075");
    expect(formatPricePer1M(0)).toBe("$0");
    expect(formatPricePer1M(null)).toBe("—");
  });
});

describe("formatDuration", () => {
  it.each<[number | null | undefined, string]>([
    [null, "—"],
    [Number.NaN, "—"],
    [0, "0ms"],
    [839.6, "840ms"],
    [1240, "1.24s"],
    [12_345, "12.3s"],
    [125_000, "2m 05s"],
    [3_780_000, "1h 3m"],
  ])("%s → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("formatTokens / formatInteger / durationMs", () => {
  it("groups small counts and abbreviates large ones", () => {
    expect(formatTokens(1200)).toBe("1,200");
    expect(formatTokens(9999)).toBe("9,999");
    expect(formatTokens(12_345)).toBe("12.3K");
    expect(formatTokens(2_500_000)).toBe("2.5M");
    expect(formatTokens(undefined)).toBe("—");
    expect(formatInteger(1234567)).toBe("1,234,567");
  });

  it("measures between two times, or null without an end", () => {
    expect(durationMs("2026-01-01T00:00:00Z", "2026-01-01T00:00:01.5Z")).toBe(1500);
    expect(durationMs(new Date(0), null)).toBeNull();
  });
});

describe("formatUtcDay", () => {
  it("shows a stored calendar day without shifting it into the local zone", () => {
    expect(formatUtcDay("2026-02-17")).toBe("Feb 17, 2026");
    expect(formatUtcDay(new Date("2026-02-17T00:00:00Z"))).toBe("Feb 17, 2026");
  });
});
