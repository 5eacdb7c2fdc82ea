/**
 * Per-key token bucket, in process memory. One instance: exact. Several instances behind a load
 * balancer: each enforces its own share (documented in the README).
 */
export type TRateLimiter = {
  take: (key: string, now?: number) => { ok: true } | { ok: false; retryAfterS: number };
  /** Gives back a token taken for an attempt that should not count (e.g. a correct password). */
  refund: (key: string) => void;
  /** Keys currently remembered. */
  size: () => number;
};

// Buckets that have refilled are forgotten now and then, so keys an attacker sprays (emails, IPs)
// do not pile up in memory.
const SWEEP_EVERY = 1_000;

export function createRateLimiter(opts: { perMinute: number; burst?: number }): TRateLimiter {
  const capacity = opts.burst ?? opts.perMinute;
  const refillPerMs = opts.perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let takes = 0;
  const sweep = (now: number) => {
    for (const [key, b] of buckets) {
      if (b.tokens + (now - b.at) * refillPerMs >= capacity) buckets.delete(key);
    }
  };
  return {
    take(key, now = Date.now()) {
      if (++takes % SWEEP_EVERY === 0) sweep(now);
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
    refund(key) {
      const b = buckets.get(key);
      if (b) b.tokens = Math.min(capacity, b.tokens + 1);
    },
    size: () => buckets.size,
  };
}
