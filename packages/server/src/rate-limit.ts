/**
 * Per-key token bucket, in process memory. One instance: exact. Several instances behind a load
 * balancer: each enforces its own share (documented in the README).
 */
export type TRateLimiter = { take: (key: string, now?: number) => { ok: true } | { ok: false; retryAfterS: number } };

export function createRateLimiter(opts: { perMinute: number; burst?: number }): TRateLimiter {
  const capacity = opts.burst ?? opts.perMinute;
  const refillPerMs = opts.perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, now = Date.now()) {
      const b = buckets.get(key) ?? { tokens: capacity, at: now };
      b.tokens = Math.min(capacity, b.tokens + (now - b.at) * refillPerMs);
      b.at = now;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / refillPerMs / 1000)) };
    },
  };
}
