import { z } from "zod";
import { MAX_INGEST_BODY_BYTES } from "@yardstick/contracts/ingest";
import type { TRouteDef } from "./define-route";
import { publicRoutes } from "./routes";

// The OpenAPI 3.1 document of /api/public, generated from the route definitions (routes.ts):
// the same zod schemas the routes parse requests with, and typed response bodies.

type TJsonSchema = Record<string, unknown> & { properties?: Record<string, TJsonSchema>; required?: string[] };

const schema = (s: z.ZodType, io: "input" | "output" = "input") =>
  z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as TJsonSchema;

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid request (the message names the field)",
  401: "Missing, unknown or revoked API key",
  403: "The key lacks the scope",
  404: "Not found",
  409: "Conflict with what is stored",
  413: `Body over ${MAX_INGEST_BODY_BYTES} bytes`,
  415: "Unsupported content type",
  429: "Rate limit exceeded; see Retry-After",
  503: "Database unavailable; nothing was stored; see Retry-After",
};

const errorResponse = (code: number) => ({
  description: ERROR_TEXT[code] ?? "Error",
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

function parameters(def: TRouteDef<never, never, never>) {
  const out: Array<Record<string, unknown>> = [];
  for (const [where, s] of [
    ["path", def.params],
    ["query", def.query],
  ] as const) {
    if (!s) continue;
    const js = schema(s);
    for (const [name, p] of Object.entries(js.properties ?? {})) {
      out.push({ name, in: where, required: where === "path" || (js.required ?? []).includes(name), schema: p });
    }
  }
  return out;
}

function operation(def: TRouteDef<never, never, never>) {
  const r = def.response;
  const content = r.schema
    ? { "application/json": { schema: schema(r.schema, "output") } }
    : Object.fromEntries((r.contentTypes ?? []).map((t) => [t, {}]));
  const errors = [...new Set([...(def.errors ?? []), 401, 403, ...(def.rateLimit === false ? [] : [429]), 503])].sort();
  const body = def.body;
  return {
    summary: def.summary,
    ...(def.description ? { description: def.description } : {}),
    "x-scopes": def.scopes,
    ...(def.basicAuth ? { security: [{ bearer: [] }, { basic: [] }] } : {}),
    parameters: parameters(def),
    ...(body
      ? {
          requestBody: {
            required: true,
            content:
              body.kind === "json"
                ? { "application/json": { schema: schema(body.documented ?? body.schema) } }
                : Object.fromEntries(body.contentTypes.map((t) => [t, {}])),
          },
        }
      : {}),
    responses: {
      [String(r.status)]: { description: r.description, content },
      ...Object.fromEntries(Object.entries(def.otherResponses ?? {}).map(([c, d]) => [c, { description: d }])),
      ...Object.fromEntries(errors.map((c) => [String(c), errorResponse(c)])),
    },
  };
}

export function buildOpenApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of publicRoutes as unknown as readonly TRouteDef<never, never, never>[]) {
    paths[def.path] = { ...paths[def.path], [def.method.toLowerCase()]: operation(def) };
  }
  paths["/api/health"] = {
    get: {
      summary: "Liveness and database check",
      security: [],
      responses: {
        "200": { description: "ok", content: { "application/json": { schema: schema(ZHealth, "output") } } },
        "503": {
          description: "database unreachable",
          content: { "application/json": { schema: schema(ZHealth, "output") } },
        },
      },
    },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Yardstick public API",
      version: "1.0.0",
      description:
        "Ingest traces, generations, scores and feedback; read traces and prompts. Authenticate with `Authorization: Bearer <api key>`. " +
        "Keys carry scopes: `ingest` (all ingestion), `feedback` (browser-safe: only feedback-create and score-create for existing traces), `read`, `run` (start experiment runs and push datasets, read runs, prompts and datasets). " +
        "Each operation lists the scopes it accepts in `x-scopes`.",
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A project API key (ys_…)" },
        basic: {
          type: "http",
          scheme: "basic",
          description:
            "Langfuse-style key pair, on the ingestion and OTLP routes: username (public key) = the key's prefix " +
            "(its first 11 characters, ys_ + 8), password (secret key) = the full key",
        },
      },
      schemas: { Error: schema(ZError) },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

const ZError = z.object({ error: z.string(), field: z.string().optional() });
export const ZHealth = z.object({ status: z.enum(["ok", "error"]), db: z.enum(["ok", "unreachable"]) });
