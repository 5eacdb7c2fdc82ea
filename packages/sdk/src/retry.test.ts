import { describe, expect, it } from "vitest";
import { BACKOFF_CAP_MS, RETRY_AFTER_CAP_MS, backoffDelayMs, parseRetryAfterMs, retryDelayMs } from "./retry";

describe("parseRetryAfterMs", () => {
  it("reads delta-seconds", () => {
    expect(parseRetryAfterMs("1")).toBe(1000);
    expect(parseRetryAfterMs(" 2.5 ")).toBe(2500);
    expect(parseRetryAfterMs("0")).toBe(0);
  });
  it("reads an HTTP-date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfterMs("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfterMs("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0);
  });
  it("ignores what it cannot read and caps what is absurd", () => {
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs("soon")).toBeUndefined();
    expect(parseRetryAfterMs("-3")).toBeUndefined();
    expect(parseRetryAfterMs("86400")).toBe(RETRY_AFTER_CAP_MS);
  });
});

describe("backoff", () => {
  it("is full jitter under an exponential ceiling with a cap", () => {
    expect(backoffDelayMs(0, () => 0.999)).toBe(499);
    expect(backoffDelayMs(3, () => 0.5)).toBe(2000);
    expect(backoffDelayMs(30, () => 0.999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(backoffDelayMs(5, () => 0)).toBe(0);
  });
  it("waits for Retry-After when it is longer than the backoff", () => {
    expect(retryDelayMs(0, 1000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(6, 1000, () => 0.5)).toBe(15_000); // ceiling capped at 30 s
    expect(retryDelayMs(0, undefined, () => 0.5)).toBe(250);
  });
});
