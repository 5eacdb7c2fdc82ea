/**
 * True when an error means the database cannot be reached (the request may be retried later),
 * as opposed to a bug or a client mistake. Adapters answer 503 with Retry-After for these.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    // node network errors; Postgres "connection exception" (08), "operator intervention" (57P),
    // "insufficient resources" (53) classes
    if (typeof code === "string" && /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|08|57P|53)/.test(code)) return true;
    const message = (e as Error)?.message ?? "";
    if (message.includes("Connection terminated") || message.includes("timeout exceeded when trying to connect"))
      return true;
  }
  return false;
}
