export type TYardstickErrorCode =
  /** The options given to `new Yardstick()` are invalid; the client is a no-op. */
  | "invalid_config"
  /** A body failed the shared zod contract at enqueue time; the event was dropped. */
  | "invalid_event"
  /** One serialized event is larger than the server accepts; it was dropped. */
  | "event_too_large"
  /** The server refused one event of a batch (a per-event 4xx in the 207 answer). Final. */
  | "event_rejected"
  /** A whole request failed for good (400/401/403, or retries exhausted). Its events are counted as failed. */
  | "request_failed"
  /** The queue was full; the oldest events were dropped. */
  | "queue_overflow"
  /** A bug in the SDK, caught so that it does not reach the host. */
  | "internal";

/** Handed to `onError`; never thrown. */
export class YardstickError extends Error {
  override readonly name = "YardstickError";
  readonly code: TYardstickErrorCode;
  /** HTTP status, when the error came from the server. */
  readonly status?: number;
  /** Ids of the ingestion events concerned. */
  readonly eventIds: string[];

  constructor(
    code: TYardstickErrorCode,
    message: string,
    opts: { status?: number; eventIds?: string[]; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    if (opts.status !== undefined) this.status = opts.status;
    this.eventIds = opts.eventIds ?? [];
  }
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
