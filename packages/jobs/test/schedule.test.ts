import { describe, expect, it } from "vitest";
import { latestCronTick, retryAt, sleepUntil } from "../src/embedded/schedule";

const at = (iso: string) => new Date(iso);

describe("sleepUntil", () => {
  it("reads the SDK's time strings and ISO dates", () => {
    const now = at("2026-01-01T00:00:00Z");
    expect(sleepUntil("1h30m", now)).toEqual(at("2026-01-01T01:30:00Z"));
    expect(sleepUntil("2d", now)).toEqual(at("2026-01-03T00:00:00Z"));
    expect(sleepUntil("1w", now)).toEqual(at("2026-01-08T00:00:00Z"));
    expect(sleepUntil("1500ms", now)).toEqual(at("2026-01-01T00:00:01.500Z"));
    expect(sleepUntil("2026-02-01T10:00:00.000Z", now)).toEqual(at("2026-02-01T10:00:00Z"));
  });
  it("refuses what it cannot read", () => {
    expect(() => sleepUntil("soon", new Date())).toThrow(/unreadable sleep "soon"/);
  });
});

describe("retryAt", () => {
  const now = at("2026-01-01T00:00:00Z");
  it("honours Retry-After in seconds or as a date, never in the past", () => {
    expect(retryAt(now, 0, "300")).toEqual(at("2026-01-01T00:05:00Z"));
    expect(retryAt(now, 3, "2026-01-01T02:00:00Z")).toEqual(at("2026-01-01T02:00:00Z"));
    expect(retryAt(now, 0, "2025-01-01T00:00:00Z")).toEqual(now);
  });
  it("backs off exponentially with jitter, capped at ten minutes", () => {
    for (const [attempt, base] of [
      [0, 10_000],
      [1, 20_000],
      [3, 80_000],
      [12, 600_000],
    ] as const) {
      const d = retryAt(now, attempt, null).getTime() - now.getTime();
      expect(d).toBeGreaterThanOrEqual(base * 0.8);
      expect(d).toBeLessThanOrEqual(base * 1.2);
    }
  });
});

describe("latestCronTick", () => {
  it("finds the latest tick in (after, upTo], including one exactly at upTo", () => {
    expect(latestCronTick("*/10 * * * *", at("2026-01-01T00:00:00Z"), at("2026-01-01T00:09:59Z"))).toBeNull();
    expect(latestCronTick("*/10 * * * *", at("2026-01-01T00:00:00Z"), at("2026-01-01T00:10:00Z"))).toEqual(
      at("2026-01-01T00:10:00Z"),
    );
    expect(latestCronTick("*/10 * * * *", at("2026-01-01T00:10:00Z"), at("2026-01-01T00:10:00Z"))).toBeNull();
  });
  it("replays no missed ticks: only the latest fires", () => {
    expect(latestCronTick("0 * * * *", at("2026-01-01T00:00:00Z"), at("2026-01-03T05:30:00Z"))).toEqual(
      at("2026-01-03T05:00:00Z"),
    );
  });
  it("reads schedules in UTC unless a TZ= prefix says otherwise", () => {
    expect(latestCronTick("0 9 * * *", at("2026-01-01T00:00:00Z"), at("2026-01-01T12:00:00Z"))).toEqual(
      at("2026-01-01T09:00:00Z"),
    );
    expect(latestCronTick("TZ=Europe/Paris 0 9 * * *", at("2026-01-01T00:00:00Z"), at("2026-01-01T12:00:00Z"))).toEqual(
      at("2026-01-01T08:00:00Z"),
    );
  });
});
