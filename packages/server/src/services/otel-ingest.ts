import { gunzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { MAX_INGEST_BATCH_EVENTS, MAX_INGEST_JSON_DEPTH, formatZodIssues } from "@yardstick/contracts/ingest";
import { ZOtlpTraceRequest, type TOtlpKeyValue } from "@yardstick/contracts/otlp";
import { otelSpansToEvents, type TOtelAttributes, type TOtelSpan } from "@yardstick/core/ingest";
import { demoteDuplicateClientGenerations } from "@yardstick/db";
import { AppError } from "../errors";
import type { TAuthenticatedKey } from "./api-keys";
import { ingestEvents } from "./ingestion";

// OTLP/HTTP decoding. Protobuf uses OpenTelemetry's own generated protobufjs module (shipped in
// @opentelemetry/otlp-transformer ≤ 0.57, the last release that includes the decoders);
// JSON follows the OTLP/JSON mapping (hex ids, enums as numbers, 64-bit ints as strings).

type TPath = (string | number)[];
const bad = (path: TPath, message: string) =>
  new AppError("invalid_input", `Invalid OTLP request: ${path.join(".")}: ${message}`);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const isInt = (x: unknown): x is string | number =>
  (typeof x === "string" && /^-?\d{1,20}$/.test(x)) || (typeof x === "number" && Number.isInteger(x));

/**
 * An OTLP AnyValue as plain JSON. Checked here, with its path, because AnyValue nests (arrays,
 * key-value lists): a wrong type is a 400, and nesting is bounded so that hostile depth cannot
 * overflow the stack.
 */
function anyValue(v: unknown, path: TPath, depth: number): unknown {
  if (v === undefined) return null;
  if (!isObject(v)) throw bad(path, "must be an AnyValue object");
  if (depth > MAX_INGEST_JSON_DEPTH) throw bad(path, `nested deeper than ${MAX_INGEST_JSON_DEPTH} levels`);
  const field = <T>(name: string, ok: (x: unknown) => x is T, what: string): T => {
    if (!ok(v[name])) throw bad([...path, name], `must be ${what}`);
    return v[name] as T;
  };
  if (v.stringValue !== undefined) return field("stringValue", (x) => typeof x === "string", "a string");
  if (v.boolValue !== undefined) return field("boolValue", (x) => typeof x === "boolean", "a boolean");
  if (v.intValue !== undefined) return Number(field("intValue", isInt, "an integer or its decimal string"));
  if (v.doubleValue !== undefined) return field("doubleValue", (x) => typeof x === "number", "a number");
  if (v.bytesValue !== undefined) return field("bytesValue", (x) => typeof x === "string", "a string");
  for (const name of ["arrayValue", "kvlistValue"] as const) {
    if (v[name] === undefined) continue;
    const values = field(name, isObject, "an object").values ?? [];
    if (!Array.isArray(values)) throw bad([...path, name, "values"], "must be an array");
    const at = [...path, name, "values"];
    return name === "arrayValue"
      ? values.map((x, i) => anyValue(x, [...at, i], depth + 1))
      : attributes(values as TOtlpKeyValue[], at, depth + 1);
  }
  return null;
}

function attributes(kvs: TOtlpKeyValue[] | undefined, path: TPath, depth = 1): TOtelAttributes {
  const out: TOtelAttributes = {};
  (kvs ?? []).forEach((kv, i) => {
    if (!isObject(kv) || typeof kv.key !== "string") throw bad([...path, i, "key"], "must be a string");
    out[kv.key] = anyValue(kv.value, [...path, i, "value"], depth);
  });
  return out;
}

let protoRoot:
  { opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtoType } } } } } } | undefined;
type ProtoType = { decode(buf: Uint8Array): unknown; toObject(m: unknown, o: Record<string, unknown>): unknown };

function exportTraceServiceRequest(): ProtoType {
  if (!protoRoot) {
    const require = createRequire(import.meta.url);
    protoRoot = require("@opentelemetry/otlp-transformer/build/src/generated/root.js");
  }
  return protoRoot!.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
}

function hex(id: unknown): string {
  if (typeof id === "string")
    return /^[0-9a-f]*$/i.test(id) ? id.toLowerCase() : Buffer.from(id, "base64").toString("hex");
  if (id instanceof Uint8Array) return Buffer.from(id).toString("hex");
  return "";
}

export function decodeOtlpTraces(
  raw: Uint8Array,
  contentType: string,
  contentEncoding: string | null,
  maxBytes: number,
): unknown {
  let body = Buffer.from(raw);
  if (contentEncoding && /gzip/i.test(contentEncoding)) {
    try {
      body = gunzipSync(body, { maxOutputLength: maxBytes });
    } catch (err) {
      const tooBig = (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
      throw new AppError(
        tooBig ? "payload_too_large" : "invalid_input",
        tooBig ? `Decompressed body exceeds ${maxBytes} bytes` : "Body is not valid gzip",
      );
    }
  }
  if (/application\/x-protobuf|application\/protobuf/i.test(contentType)) {
    const T = exportTraceServiceRequest();
    try {
      return T.toObject(T.decode(body), { longs: String, enums: Number, bytes: String, defaults: false, arrays: true });
    } catch {
      throw new AppError("invalid_input", "Body is not a valid OTLP ExportTraceServiceRequest (protobuf)");
    }
  }
  if (/application\/json/i.test(contentType)) {
    try {
      return JSON.parse(body.toString("utf8")) as unknown;
    } catch {
      throw new AppError("invalid_input", "Body is not valid JSON");
    }
  }
  throw new AppError("unsupported_media_type", "Content-Type must be application/x-protobuf or application/json");
}

/** The decoded request (JSON or protobuf) checked against the OTLP shape, flattened to spans. */
export function flattenOtlp(body: unknown): TOtelSpan[] {
  const parsed = ZOtlpTraceRequest.safeParse(body);
  if (!parsed.success) throw new AppError("invalid_input", `Invalid OTLP request: ${formatZodIssues(parsed.error)}`);
  const spans: TOtelSpan[] = [];
  (parsed.data.resourceSpans ?? []).forEach((rs, r) => {
    const resource = attributes(rs.resource?.attributes, ["resourceSpans", r, "resource", "attributes"]);
    (rs.scopeSpans ?? []).forEach((ss, sc) => {
      (ss.spans ?? []).forEach((s, i) => {
        const path = ["resourceSpans", r, "scopeSpans", sc, "spans", i];
        const traceId = hex(s.traceId);
        const spanId = hex(s.spanId);
        if (!traceId || !spanId) throw bad([...path, traceId ? "spanId" : "traceId"], "every span needs an id");
        spans.push({
          traceId,
          spanId,
          parentSpanId: hex(s.parentSpanId) || undefined,
          name: s.name ?? "",
          kind: s.kind,
          startTimeUnixNano: String(s.startTimeUnixNano ?? "0"),
          endTimeUnixNano: s.endTimeUnixNano === undefined ? undefined : String(s.endTimeUnixNano),
          attributes: attributes(s.attributes, [...path, "attributes"]),
          status: s.status,
          events: (s.events ?? []).map((e, j) => ({
            name: e.name ?? "",
            timeUnixNano: e.timeUnixNano === undefined ? undefined : String(e.timeUnixNano),
            attributes: attributes(e.attributes, [...path, "events", j, "attributes"]),
          })),
          resource,
          scope: ss.scope,
        });
      });
    });
  });
  return spans;
}

/** Stores the spans through the same validated, idempotent path as batch ingest. */
export async function ingestOtlpTraces(key: TAuthenticatedKey, req: unknown) {
  const spans = flattenOtlp(req);
  if (!spans.length) return { rejectedSpans: 0, errorMessage: undefined as string | undefined };
  const events = otelSpansToEvents(spans, new Date().toISOString());
  const errors: Array<{ id: string; message: string }> = [];
  for (let i = 0; i < events.length; i += MAX_INGEST_BATCH_EVENTS) {
    const result = await ingestEvents(key, { batch: events.slice(i, i + MAX_INGEST_BATCH_EVENTS) });
    errors.push(...result.errors);
  }
  // spans of one trace may come in separate requests (SimpleSpanProcessor): match duplicates in storage too
  // (only traces that got a generation in this request: either side of a duplicate pair is one)
  const withGeneration = events.filter((e) => e.type === "generation-create").map((e) => e.body.traceId);
  await demoteDuplicateClientGenerations(key.projectId, [...new Set(withGeneration)]);
  const rejected = errors.filter((e) => e.id.startsWith("otel-span-")).length;
  return {
    rejectedSpans: rejected,
    errorMessage: errors.length
      ? errors
          .slice(0, 3)
          .map((e) => e.message)
          .join("; ")
      : undefined,
  };
}

/** OTLP success body: empty ExportTraceServiceResponse, or partialSuccess when spans were rejected. */
export function encodeOtlpResponse(
  result: { rejectedSpans: number; errorMessage?: string },
  contentType: string,
): { body: Uint8Array | string; contentType: string } {
  const partial = result.rejectedSpans
    ? { partialSuccess: { rejectedSpans: result.rejectedSpans, errorMessage: result.errorMessage ?? "" } }
    : {};
  if (/protobuf/i.test(contentType)) {
    exportTraceServiceRequest();
    const Res = (
      protoRoot as unknown as {
        opentelemetry: {
          proto: {
            collector: {
              trace: {
                v1: {
                  ExportTraceServiceResponse: {
                    encode(m: unknown): { finish(): Uint8Array };
                    fromObject(o: unknown): unknown;
                  };
                };
              };
            };
          };
        };
      }
    ).opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
    return { body: Res.encode(Res.fromObject(partial)).finish(), contentType: "application/x-protobuf" };
  }
  return { body: JSON.stringify(partial), contentType: "application/json" };
}
