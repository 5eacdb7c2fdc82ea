import { LlmError, isLlmError } from "./errors";

export interface RetryOptions {
  /** Retries after the first attempt (so up to maxRetries + 1 attempts). */
  maxRetries?: number;
  baseMs?: number;
  maxMs?: number;
  /** [0, 1); injectable for tests. */
  random?: () => number;
  /** Injectable for tests; must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: LlmError }) => void;
}

export const RETRY_DEFAULTS = { maxRetries: 4, baseMs: 500, maxMs: 30_000 } as const;

/**
 * Full-jitter exponential backoff (random in [0, base·2^attempt), capped at maxMs). A server's
 * Retry-After is a floor: we never come back sooner than asked, but still cap at maxMs.
 */
export function backoffDelay(
  attempt: number,
  error: { retryAfterMs?: number | undefined },
  opts: { baseMs?: number; maxMs?: number; random?: () => number } = {},
): number {
  const baseMs = opts.baseMs ?? RETRY_DEFAULTS.baseMs;
  const maxMs = opts.maxMs ?? RETRY_DEFAULTS.maxMs;
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  const jittered = Math.floor(random() * ceiling);
  if (error.retryAfterMs === undefined) return jittered;
  return Math.min(maxMs, Math.max(error.retryAfterMs, jittered));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function abortedError(): LlmError {
  return new LlmError({ kind: "aborted", message: "Request aborted by caller" });
}

/** Runs `fn`, retrying only `LlmError`s marked retryable. Anything else is rethrown at once. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const maxRetries = opts.maxRetries ?? RETRY_DEFAULTS.maxRetries;
  const doSleep = opts.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw abortedError();
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isLlmError(err) || !err.retryable || attempt >= maxRetries) throw err;
      const delayMs = backoffDelay(attempt, err, opts);
      opts.onRetry?.({ attempt, delayMs, error: err });
      await doSleep(delayMs, opts.signal);
    }
  }
}
