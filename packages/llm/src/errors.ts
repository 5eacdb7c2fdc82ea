export type TLlmErrorKind =
  | "auth"
  | "rate_limit"
  | "overloaded"
  | "bad_request"
  | "timeout"
  | "server"
  | "network"
  // The caller's own AbortSignal fired: never retried.
  | "aborted";

const RETRYABLE: Record<TLlmErrorKind, boolean> = {
  auth: false,
  rate_limit: true,
  overloaded: true,
  bad_request: false,
  timeout: true,
  server: true,
  network: true,
  aborted: false,
};

export interface LlmErrorInit {
  kind: TLlmErrorKind;
  message: string;
  status?: number;
  retryAfterMs?: number;
  provider?: string;
  /** Overrides the kind's default, e.g. a stream that already emitted text must not be replayed. */
  retryable?: boolean;
  cause?: unknown;
}

export class LlmError extends Error {
  readonly kind: TLlmErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly provider?: string;

  constructor(init: LlmErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "LlmError";
    this.kind = init.kind;
    this.retryable = init.retryable ?? RETRYABLE[init.kind];
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.provider !== undefined) this.provider = init.provider;
  }
}

export function isLlmError(err: unknown): err is LlmError {
  return err instanceof LlmError;
}

/** Classification is by HTTP status only, never by message text. */
export function kindFromStatus(status: number): TLlmErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 408) return "timeout";
  if (status === 429) return "rate_limit";
  if (status === 529) return "overloaded";
  // 409 is a transient lock conflict on Anthropic's side; the SDK retries it too.
  if (status === 409) return "server";
  if (status >= 500) return "server";
  return "bad_request";
}

const MAX_PROVIDER_MESSAGE = 300;

/**
 * A provider's error text as it may be shown to a person: never the provider's body verbatim.
 * HTML pages (a proxy, a wrong base URL) become a short note; control characters go; the rest is
 * one line of at most 300 characters.
 */
export function providerMessage(raw: string): string {
  if (/<\s*(!doctype|html|head|body)\b/i.test(raw)) return "the provider answered with an HTML page instead of JSON";
  const line = raw
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return line.length > MAX_PROVIDER_MESSAGE ? `${line.slice(0, MAX_PROVIDER_MESSAGE - 1)}…` : line;
}

export function errorFromStatus(
  status: number,
  opts: { message?: string; retryAfterMs?: number; provider?: string; cause?: unknown } = {},
): LlmError {
  const kind = kindFromStatus(status);
  return new LlmError({
    kind,
    status,
    message: opts.message ? providerMessage(opts.message) : `HTTP ${status}`,
    ...(opts.retryAfterMs !== undefined && { retryAfterMs: opts.retryAfterMs }),
    ...(opts.provider !== undefined && { provider: opts.provider }),
    cause: opts.cause,
  });
}

type THeaderSource = Headers | Record<string, string | string[] | undefined> | null | undefined;

function header(headers: THeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Milliseconds the server asked us to wait: `retry-after-ms` (Anthropic/OpenAI extension) first,
 * then `retry-after` as delta-seconds or an HTTP date. Undefined when absent or unusable.
 */
export function parseRetryAfter(headers: THeaderSource, now: number = Date.now()): number | undefined {
  const ms = header(headers, "retry-after-ms");
  if (ms !== undefined && ms.trim() !== "") {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  const ra = header(headers, "retry-after");
  if (ra === undefined || ra.trim() === "") return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(ra);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
