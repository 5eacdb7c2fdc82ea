import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

describe("rate limiter", () => {
  it("allows the burst, then refuses with a Retry-After, then refills", () => {
    const rl = createRateLimiter({ perMinute: 60, burst: 3 });
    const t0 = 1_000_000;
    expect([rl.take("k", t0), rl.take("k", t0), rl.take("k", t0)].every((r) => r.ok)).toBe(true);
    expect(rl.take("k", t0)).toEqual({ ok: false, retryAfterS: 1 });
    expect(rl.take("other", t0).ok).toBe(true); // per key
    expect(rl.take("k", t0 + 1_000).ok).toBe(true); // one token per second
    expect(rl.take("k", t0 + 1_000).ok).toBe(false);
  });
});

describe("rate limiter refunds and sweeping", () => {
  it("a refunded token can be taken again; a refund never exceeds the burst", () => {
    const rl = createRateLimiter({ perMinute: 1, burst: 2 });
    const t0 = 5_000_000;
    expect(rl.take("k", t0).ok).toBe(true);
    expect(rl.take("k", t0).ok).toBe(true);
    expect(rl.take("k", t0).ok).toBe(false);
    rl.refund("k");
    expect(rl.take("k", t0).ok).toBe(true);
    rl.refund("k");
    rl.refund("k");
    rl.refund("k");
    expect([rl.take("k", t0).ok, rl.take("k", t0).ok, rl.take("k", t0).ok]).toEqual([true, true, false]);
  });

  it("forgets refilled buckets, so sprayed keys do not accumulate", () => {
    const rl = createRateLimiter({ perMinute: 60, burst: 1 });
    const t0 = 9_000_000;
    for (let i = 0; i < 999; i++) rl.take(`spray-${i}`, t0);
    expect(rl.size()).toBe(999);
    // An hour later every sprayed bucket is full again; the 1,000th take sweeps them, and a
    // sprayed key then starts from a full bucket, exactly as if it had been remembered.
    expect(rl.take("fresh", t0 + 3_600_000).ok).toBe(true);
    expect(rl.size()).toBe(1);
    expect(rl.take("spray-1", t0 + 3_600_000).ok).toBe(true);
    expect(rl.take("spray-1", t0 + 3_600_000).ok).toBe(false);
  });
});
