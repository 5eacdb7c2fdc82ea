/** Typed service errors; one tRPC middleware maps them to TRPCError (never by message text). */
export type AppErrorCode =
  "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Optional form field the error belongs to, for inline display. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** Too many attempts: the HTTP layer answers 429 with `Retry-After: retryAfterS`. */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterS: number) {
    super("TOO_MANY_REQUESTS", `Too many attempts, try again in ${retryAfterS} s`);
    this.name = "RateLimitedError";
  }
}
