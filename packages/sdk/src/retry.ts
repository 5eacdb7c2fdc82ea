// Backoff for whole-request failures: exponential with full jitter (AWS architecture blog),
// never shorter than the server's Retry-After.

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;
/** A Retry-After longer than this is treated as this: a misconfigured proxy must not park the queue for hours. */
export const RETRY_AFTER_CAP_MS = 60_000;

/** Full jitter: uniform in [0, min(cap, base * 2^attempt)]. `attempt` counts from 0. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP-date; undefined when absent or unparseable. */
export function parseRetryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.min(RETRY_AFTER_CAP_MS, Math.round(Number(value) * 1000));
  if (!/[a-z]/i.test(value)) return undefined; // "-3" would parse as a year
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, date - now));
}

/** The delay before retry number `attempt` (0-based): the jittered backoff, or Retry-After when longer. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random?: () => number): number {
  const backoff = backoffDelayMs(attempt, random);
  return retryAfterMs !== undefined && retryAfterMs > backoff ? retryAfterMs : backoff;
}
