/** Typed service errors; one tRPC middleware maps them to TRPCError (never by message text). */
export type AppErrorCode =
  "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PRECONDITION_FAILED";

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
