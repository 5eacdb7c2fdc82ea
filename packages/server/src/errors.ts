/**
 * The one domain error. Services throw it with a code; each adapter maps the code to its own
 * protocol (packages/api: tRPC codes and HTTP statuses). Never branch on message text.
 */
export type AppErrorCode =
  | "invalid_input" // the caller sent something wrong; `field` names it when known
  | "unauthorized" // not signed in / no or bad credentials
  | "forbidden" // signed in, not allowed
  | "not_found"
  | "conflict" // state clash: a duplicate, an id that exists
  | "precondition_failed" // the request is valid but the state does not allow it yet
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited" // `retryAfterS` says when to try again
  | "unavailable"; // a dependency (the database) is down; `retryAfterS`

export class AppError extends Error {
  readonly field?: string;
  readonly retryAfterS?: number;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** The form field or request path the error belongs to (`batch.3.body.output`), or options. */
    fieldOrOptions?:
      string | { field?: string; retryAfterS?: number; headers?: Record<string, string>; cause?: unknown },
  ) {
    const opts = typeof fieldOrOptions === "string" ? { field: fieldOrOptions } : (fieldOrOptions ?? {});
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "AppError";
    this.field = opts.field;
    this.retryAfterS = opts.retryAfterS;
    this.headers = opts.headers;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Too many attempts: adapters answer 429 with `Retry-After: retryAfterS`. */
export class RateLimitedError extends AppError {
  constructor(retryAfterS: number) {
    super("rate_limited", `Too many attempts, try again in ${retryAfterS} s`, { retryAfterS });
    this.name = "RateLimitedError";
  }
}
