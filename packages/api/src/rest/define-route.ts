import type { z } from "zod";
import { formatZodIssues } from "@yardstick/contracts/ingest";
import type { TApiKeyScope } from "@yardstick/contracts/roles";
import {
  AppError,
  createRateLimiter,
  isDatabaseUnavailable,
  isUnstorableValue,
  serverEnv,
  type AppErrorCode,
  type TRateLimiter,
} from "@yardstick/server";
import { authenticateApiKey, type TAuthenticatedKey } from "@yardstick/server/services/api-keys";
import { CORS_HEADERS, jsonResponse, readJsonBody, readLimited } from "./http";

/**
 * One builder for every /api/public route: authenticate the key, check its scope, rate-limit per
 * key, parse path/query/body with zod, call a service, answer with a typed body. The same
 * definition generates the route's OpenAPI entry (openapi.ts), so the two cannot disagree.
 */
export type TRouteBody =
  /**
   * JSON, parsed with `schema` unless `validate: false` (the service validates per event);
   * `documented` replaces `schema` in the OpenAPI document when the two differ.
   */
  | { kind: "json"; schema: z.ZodType; maxBytes: number; validate?: boolean; documented?: z.ZodType }
  /** Raw bytes of one of `contentTypes` (e.g. OTLP protobuf). */
  | { kind: "raw"; contentTypes: string[]; maxBytes: number };

export type TRouteResult = { status?: number; body?: unknown; headers?: Record<string, string> } | Response;

export type TRouteContext<P, Q, B> = { req: Request; key: TAuthenticatedKey; params: P; query: Q; body: B };

export type TRouteDef<P = unknown, Q = unknown, B = unknown> = {
  method: "GET" | "POST";
  /** OpenAPI-style path: `/api/public/traces/{traceId}`. */
  path: string;
  summary: string;
  description?: string;
  scopes: TApiKeyScope[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: TRouteBody;
  response: { status: number; description: string; schema?: z.ZodType; contentTypes?: string[] };
  /** Other documented answers besides errors, e.g. `{ 304: "Not modified" }`. */
  otherResponses?: Record<number, string>;
  /** Error statuses the route can answer (401/403/429/503 are added for every keyed route). */
  errors?: number[];
  rateLimit?: boolean;
  /** Also accept HTTP Basic (public key = the key's prefix, secret = the key), as Langfuse's SDKs send it. */
  basicAuth?: boolean;
  handler: (ctx: TRouteContext<P, Q, B>) => Promise<TRouteResult>;
};

export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  def: TRouteDef<P, Q, B>,
): TRouteDef<P, Q, B> {
  return def;
}

export const STATUS_OF: Record<AppErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

let limiter: TRateLimiter | undefined;
function rateLimiter(): TRateLimiter {
  limiter ??= createRateLimiter({ perMinute: serverEnv().rateLimitPerMinute });
  return limiter;
}

function parseOrThrow<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError("invalid_input", `Invalid ${where}: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

async function readBody(req: Request, body: TRouteBody | undefined): Promise<unknown> {
  if (!body) return undefined;
  if (body.kind === "raw") {
    const type = req.headers.get("content-type") ?? "";
    if (!body.contentTypes.some((t) => type.toLowerCase().startsWith(t))) {
      throw new AppError("unsupported_media_type", `Content-Type must be ${body.contentTypes.join(" or ")}`);
    }
    return readLimited(req, body.maxBytes);
  }
  const json = await readJsonBody(req, body.maxBytes);
  return body.validate === false ? json : parseOrThrow(body.schema, json, "request body");
}

function toResponse(result: TRouteResult, def: TRouteDef<never, never, never>): Response {
  if (result instanceof Response) return result;
  const status = result.status ?? def.response.status;
  if (result.body === undefined) return new Response(null, { status, headers: result.headers });
  return jsonResponse(status, result.body, result.headers);
}

function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    const headers: Record<string, string> = { ...err.headers };
    if (err.retryAfterS !== undefined) headers["retry-after"] = String(err.retryAfterS);
    return jsonResponse(STATUS_OF[err.code], { error: err.message, ...(err.field && { field: err.field }) }, headers);
  }
  if (isDatabaseUnavailable(err)) {
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

type TNextContext = { params?: Promise<Record<string, string | string[]>> };

/** The Next.js handler of a route: `export const GET = routeHandler(tracesRoute)`. */
export function routeHandler<P, Q, B>(def: TRouteDef<P, Q, B>) {
  const d = def as unknown as TRouteDef<never, never, never>;
  const browserSafe = (def.scopes as readonly string[]).includes("feedback");
  return async (req: Request, ctx?: TNextContext): Promise<Response> => {
    let res: Response;
    try {
      const auth = await authenticateApiKey(req.headers.get("authorization"), def.scopes, {
        basic: def.basicAuth ?? false,
      });
      const limit = auth.ok && def.rateLimit !== false ? rateLimiter().take(auth.key.id) : { ok: true as const };
      if (!auth.ok) {
        res = jsonResponse(auth.status, { error: auth.error });
      } else if (browserSafe && req.headers.has("origin") && auth.key.scopes.some((s) => s !== "feedback")) {
        // A browser (it sends Origin) holding a key that can ingest or read: refused before anything is stored.
        res = jsonResponse(403, {
          error:
            "This key has the ingest or read scope and must stay on a server; a web page must use a key with only the feedback scope",
        });
      } else if (!limit.ok) {
        res = jsonResponse(
          429,
          { error: "Rate limit exceeded for this API key" },
          { "retry-after": String(limit.retryAfterS) },
        );
      } else {
        const params = parseOrThrow(def.params, (await ctx?.params) ?? {}, "path");
        const query = parseOrThrow(def.query, queryObject(new URL(req.url)), "query");
        const body = (await readBody(req, def.body)) as B;
        res = toResponse(await def.handler({ req, key: auth.key, params, query, body }), d);
      }
    } catch (err) {
      res = errorResponse(err);
    }
    if (browserSafe) for (const [k, v] of Object.entries(CORS_HEADERS)) res.headers.set(k, v);
    return res;
  };
}
