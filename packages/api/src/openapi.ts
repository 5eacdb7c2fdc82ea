import { z } from "zod";
import {
  MAX_INGEST_BATCH_EVENTS,
  MAX_INGEST_BODY_BYTES,
  ZIngestionEvent,
  ZIngestionResponse,
  ZTraceFilter,
  ZTraceListQuery,
} from "@yardstick/core/ingest";

// The OpenAPI document of /api/public, generated from the same zod schemas the routes parse with.

const schema = (s: z.ZodType, io: "input" | "output" = "input") =>
  z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;

const ZError = z.object({ error: z.string() });

function queryParameters() {
  const filter = schema(ZTraceFilter) as { properties?: Record<string, Record<string, unknown>> };
  const list = schema(ZTraceListQuery) as { properties?: Record<string, Record<string, unknown>> };
  const props = { ...(filter.properties ?? {}), ...(list.properties ?? {}) };
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: "query",
    required: false,
    schema: name === "tags" ? { type: "string", description: "comma-separated; every tag must be present" } : s,
  }));
}

const errorResponses = (codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description:
          {
            400: "Invalid request (the message names the field)",
            401: "Missing, unknown or revoked API key",
            403: "The key lacks the scope",
            404: "Not found",
            413: `Body over ${MAX_INGEST_BODY_BYTES} bytes`,
            415: "Unsupported content type",
            429: "Rate limit exceeded; see Retry-After",
            503: "Database unavailable; nothing was stored; see Retry-After",
          }[c] ?? "Error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );

export function buildOpenApiDocument(serverUrl?: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Yardstick public API",
      version: "1.0.0",
      description:
        "Ingest traces, generations, scores and feedback; read traces. Authenticate with `Authorization: Bearer <api key>`. " +
        "Keys carry scopes: `ingest` (all ingestion), `feedback` (browser-safe: only feedback-create and score-create for existing traces), `read`.",
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A project API key (ys_…)" } },
      schemas: {
        Error: schema(ZError),
        IngestionEvent: schema(ZIngestionEvent),
        IngestionResponse: schema(ZIngestionResponse, "output"),
      },
    },
    security: [{ bearer: [] }],
    paths: {
      "/api/public/ingestion": {
        post: {
          summary: "Ingest a batch of events",
          description:
            `Up to ${MAX_INGEST_BATCH_EVENTS} events, ${MAX_INGEST_BODY_BYTES} bytes. Each event is validated on its own; ` +
            "the answer is 207 with per-event results (201 stored, 200 already stored — the event id makes retries idempotent). " +
            "Acknowledged events are durably stored.",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  additionalProperties: false,
                  required: ["batch"],
                  properties: {
                    batch: {
                      type: "array",
                      minItems: 1,
                      maxItems: MAX_INGEST_BATCH_EVENTS,
                      items: { $ref: "#/components/schemas/IngestionEvent" },
                    },
                    metadata: { type: "object" },
                  },
                },
              },
            },
          },
          responses: {
            "207": {
              description: "Per-event results",
              content: { "application/json": { schema: { $ref: "#/components/schemas/IngestionResponse" } } },
            },
            ...errorResponses([400, 401, 403, 413, 429, 503]),
          },
        },
      },
      "/api/public/otel/v1/traces": {
        post: {
          summary: "OTLP/HTTP trace export",
          description:
            "OpenTelemetry ExportTraceServiceRequest as application/x-protobuf or application/json, optionally Content-Encoding: gzip. " +
            "Spans with gen_ai.* attributes become generations; resource attributes become trace metadata. Needs the `ingest` scope.",
          requestBody: { required: true, content: { "application/x-protobuf": {}, "application/json": {} } },
          responses: {
            "200": { description: "ExportTraceServiceResponse (partialSuccess when spans were rejected)" },
            ...errorResponses([400, 401, 403, 413, 415, 429, 503]),
          },
        },
      },
      "/api/public/traces": {
        get: {
          summary: "List traces",
          description:
            "The explorer's filters; keyset pagination: pass `nextCursor` back as `cursor`. Needs the `read` scope.",
          parameters: queryParameters(),
          responses: {
            "200": {
              description: "A page of traces",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      traces: { type: "array", items: { type: "object" } },
                      nextCursor: { type: ["string", "null"] },
                    },
                  },
                },
              },
            },
            ...errorResponses([400, 401, 403, 429, 503]),
          },
        },
      },
      "/api/public/traces/{traceId}": {
        get: {
          summary: "Get a trace with its observations, scores and feedback",
          parameters: [{ name: "traceId", in: "path", required: true, schema: { type: "string", maxLength: 200 } }],
          responses: {
            "200": { description: "The trace", content: { "application/json": { schema: { type: "object" } } } },
            ...errorResponses([400, 401, 403, 404, 429, 503]),
          },
        },
      },
      "/api/public/prompts/{name}": {
        get: {
          summary: "A prompt version for applications",
          description:
            "By label (default `production`; `latest` = newest version) or `version=N` (not both). Strong ETag; send If-None-Match for 304. " +
            "Cache-Control: private, max-age=30, stale-while-revalidate=300. Needs the `read` scope.",
          parameters: [
            { name: "name", in: "path", required: true, schema: { type: "string", pattern: "^[a-zA-Z0-9._-]{1,100}$" } },
            { name: "label", in: "query", required: false, schema: { type: "string" } },
            { name: "version", in: "query", required: false, schema: { type: "integer", minimum: 1 } },
          ],
          responses: {
            "200": {
              description: "The prompt version: name, version, labels, system, messages, model, params, tools, variables",
              content: { "application/json": { schema: { type: "object" } } },
            },
            "304": { description: "Not modified (If-None-Match matched the ETag)" },
            ...errorResponses([400, 401, 403, 404, 429, 503]),
          },
        },
      },
      "/api/public/project": {
        get: {
          summary: "The key's project and scopes",
          responses: {
            "200": { description: "Project", content: { "application/json": { schema: { type: "object" } } } },
            ...errorResponses([401, 403]),
          },
        },
      },
      "/api/health": {
        get: {
          summary: "Liveness and database check",
          security: [],
          responses: { "200": { description: "ok" }, "503": { description: "database unreachable" } },
        },
      },
    },
  };
}
