import { describe, expect, it } from "vitest";
import { LlmError, errorFromStatus, kindFromStatus, parseRetryAfter } from "./errors";

describe("kindFromStatus", () => {
  it.each([
    [400, "bad_request"],
    [401, "auth"],
    [403, "auth"],
    [404, "bad_request"],
    [408, "timeout"],
    [413, "bad_request"],
    [422, "bad_request"],
    [429, "rate_limit"],
    [500, "server"],
    [502, "server"],
    [503, "server"],
    [529, "overloaded"],
  ] as const)("%i → %s", (status, kind) => {
    expect(kindFromStatus(status)).toBe(kind);
  });

  it("marks retryability by kind", () => {
    expect(errorFromStatus(429).retryable).toBe(true);
    expect(errorFromStatus(529).retryable).toBe(true);
    expect(errorFromStatus(503).retryable).toBe(true);
    expect(errorFromStatus(400).retryable).toBe(false);
    expect(errorFromStatus(401).retryable).toBe(false);
    expect(errorFromStatus(429, { retryAfterMs: 5 })).toMatchObject({ status: 429, retryAfterMs: 5 });
    expect(errorFromStatus(500)).toBeInstanceOf(LlmError);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "1" }))).toBe(1000);
    expect(parseRetryAfter(new Headers({ "retry-after": "0.5" }))).toBe(500);
  });
  it("prefers retry-after-ms", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "3", "retry-after-ms": "250" }))).toBe(250);
  });
  it("reads an HTTP date", () => {
    const now = Date.parse("2026-11-23T10:00:00Z");
    expect(parseRetryAfter(new Headers({ "retry-after": "Mon, 23 Nov 2026 10:00:02 GMT" }), now)).toBe(2000);
    expect(parseRetryAfter(new Headers({ "retry-after": "Mon, 23 Nov 2026 09:00:00 GMT" }), now)).toBe(0);
  });
  it("ignores absent or unusable values", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter(new Headers())).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "-4" }))).toBeUndefined();
  });
  it("accepts plain header records", () => {
    expect(parseRetryAfter({ "retry-after": "2" })).toBe(2000);
  });
});
