import type { ApiKeyScope } from "@yardstick/db";
import { authenticateApiKey, type TAuthenticatedKey } from "./services/api-keys";
import { apiEnv } from "./env";
import { createRateLimiter, type TRateLimiter } from "./rate-limit";
import { isDatabaseUnavailable, isUnstorableValue } from "./database-errors";

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/** A client mistake or a refusal with its status; the helper turns it into a JSON error. */
export class PublicApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Thrown by handlers when the database cannot be reached: 503 + Retry-After, nothing acknowledged. */
export class ServiceUnavailableError extends Error {}

let limiter: TRateLimiter | undefined;
function rateLimiter(): TRateLimiter {
  limiter ??= createRateLimiter({ perMinute: apiEnv().rateLimitPerMinute });
  return limiter;
}

/** Reads a JSON body, enforcing a byte limit while streaming (413) and valid JSON (400). */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes) throw new PublicApiError(413, `Request body exceeds ${maxBytes} bytes`);
  const bytes = await readLimited(req, maxBytes);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new PublicApiError(400, "Request body is not valid JSON");
  }
}

export async function readLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new PublicApiError(413, `Request body exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function isConnectionError(err: unknown): boolean {
  return err instanceof ServiceUnavailableError || isDatabaseUnavailable(err);
}

/**
 * The one helper every /api/public route goes through: authenticate the key, check its scope
 * (any of `scopes`), rate-limit per key, then call the handler. Errors are JSON `{ error }`;
 * a database outage is 503 with Retry-After; unexpected failures never leak internals.
 */
// Keys travel as bearer tokens, never cookies, so any origin may call the public API (a browser
// page posts feedback with a feedback-scoped key).
const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, content-encoding, if-none-match",
  "access-control-expose-headers": "etag, retry-after",
  "access-control-max-age": "86400",
};

/** Answers CORS preflight requests for /api/public routes. */
export function corsPreflight(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

export function publicRoute(
  scopes: ApiKeyScope | ApiKeyScope[],
  handler: (req: Request, key: TAuthenticatedKey) => Promise<Response>,
  opts: { rateLimit?: boolean } = {},
): (req: Request) => Promise<Response> {
  const inner = publicRouteInner(scopes, handler, opts);
  return async (req) => {
    const res = await inner(req);
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.headers.set(k, v);
    return res;
  };
}

function publicRouteInner(
  scopes: ApiKeyScope | ApiKeyScope[],
  handler: (req: Request, key: TAuthenticatedKey) => Promise<Response>,
  opts: { rateLimit?: boolean },
): (req: Request) => Promise<Response> {
  const accepted = Array.isArray(scopes) ? scopes : [scopes];
  return async (req) => {
    try {
      const auth = await authenticateApiKey(req.headers.get("authorization"), accepted);
      if (!auth.ok) return jsonResponse(auth.status, { error: auth.error });
      if (opts.rateLimit !== false) {
        const rl = rateLimiter().take(auth.key.id);
        if (!rl.ok) {
          return jsonResponse(
            429,
            { error: "Rate limit exceeded for this API key" },
            { "retry-after": String(rl.retryAfterS) },
          );
        }
      }
      return await handler(req, auth.key);
    } catch (err) {
      if (err instanceof PublicApiError) return jsonResponse(err.status, { error: err.message }, err.headers);
      if (isConnectionError(err)) {
        console.error("public api: database unavailable", (err as Error).message);
        return jsonResponse(503, { error: "Database unavailable, retry later" }, { "retry-after": "5" });
      }
      // Validation names the field first; this is the net for text it missed (never a 500 for a client's value).
      if (isUnstorableValue(err)) {
        console.error("public api: unstorable value reached the database", (err as Error).message);
        return jsonResponse(400, { error: "A value contains a NUL character (\\u0000), which cannot be stored" });
      }
      console.error("public api: handler failed", err);
      return jsonResponse(500, { error: "Internal server error" });
    }
  };
}
