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
