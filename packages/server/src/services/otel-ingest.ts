import { gunzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { MAX_INGEST_BATCH_EVENTS } from "@yardstick/contracts/ingest";
import { otelSpansToEvents, type TOtelAttributes, type TOtelSpan } from "@yardstick/core/ingest";
import { AppError } from "../errors";
import type { TAuthenticatedKey } from "./api-keys";
import { ingestEvents } from "./ingestion";

// OTLP/HTTP decoding. Protobuf uses OpenTelemetry's own generated protobufjs module (shipped in
// @opentelemetry/otlp-transformer ≤ 0.57, the last release that includes the decoders);
// JSON follows the OTLP/JSON mapping (hex ids, enums as numbers, 64-bit ints as strings).

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
};
type KeyValue = { key: string; value?: AnyValue };

function anyValue(v: AnyValue | undefined): unknown {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(anyValue);
  if (v.kvlistValue) return attributes(v.kvlistValue.values);
  if (v.bytesValue !== undefined) return v.bytesValue;
  return null;
}

function attributes(kvs: KeyValue[] | undefined): TOtelAttributes {
  const out: TOtelAttributes = {};
  for (const kv of kvs ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

type OtlpRequest = {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: Array<{
      scope?: { name?: string; version?: string };
      spans?: Array<{
        traceId?: string;
        spanId?: string;
        parentSpanId?: string;
        name?: string;
        kind?: number;
        startTimeUnixNano?: string | number;
        endTimeUnixNano?: string | number;
        attributes?: KeyValue[];
        status?: { code?: number; message?: string };
        events?: Array<{ name?: string; timeUnixNano?: string | number; attributes?: KeyValue[] }>;
      }>;
    }>;
  }>;
};

let protoRoot:
  { opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtoType } } } } } } | undefined;
type ProtoType = { decode(buf: Uint8Array): unknown; toObject(m: unknown, o: Record<string, unknown>): OtlpRequest };

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
): OtlpRequest {
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
      return JSON.parse(body.toString("utf8")) as OtlpRequest;
    } catch {
      throw new AppError("invalid_input", "Body is not valid JSON");
    }
  }
  throw new AppError("unsupported_media_type", "Content-Type must be application/x-protobuf or application/json");
}

export function flattenOtlp(req: OtlpRequest): TOtelSpan[] {
  const spans: TOtelSpan[] = [];
  if (!req || typeof req !== "object" || (req.resourceSpans !== undefined && !Array.isArray(req.resourceSpans))) {
    throw new AppError("invalid_input", "resourceSpans must be an array");
  }
  for (const rs of req.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const traceId = hex(s.traceId);
        const spanId = hex(s.spanId);
        if (!traceId || !spanId) throw new AppError("invalid_input", "every span needs traceId and spanId");
        spans.push({
          traceId,
          spanId,
          parentSpanId: hex(s.parentSpanId) || undefined,
          name: s.name ?? "",
          kind: s.kind,
          startTimeUnixNano: String(s.startTimeUnixNano ?? "0"),
          endTimeUnixNano: s.endTimeUnixNano === undefined ? undefined : String(s.endTimeUnixNano),
          attributes: attributes(s.attributes),
          status: s.status,
          events: (s.events ?? []).map((e) => ({
            name: e.name ?? "",
            timeUnixNano: String(e.timeUnixNano ?? ""),
            attributes: attributes(e.attributes),
          })),
          resource,
          scope: ss.scope,
        });
      }
    }
  }
  return spans;
}

/** Stores the spans through the same validated, idempotent path as batch ingest. */
export async function ingestOtlpTraces(key: TAuthenticatedKey, req: OtlpRequest) {
  const spans = flattenOtlp(req);
  if (!spans.length) return { rejectedSpans: 0, errorMessage: undefined as string | undefined };
  const events = otelSpansToEvents(spans, new Date().toISOString());
  const errors: Array<{ id: string; message: string }> = [];
  for (let i = 0; i < events.length; i += MAX_INGEST_BATCH_EVENTS) {
    const result = await ingestEvents(key, { batch: events.slice(i, i + MAX_INGEST_BATCH_EVENTS) });
    errors.push(...result.errors);
  }
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
