import { ZGenerationBody, ZTraceBody, type TIngestionEvent } from "@yardstick/contracts/ingest";
import { nanosToIso, parseMaybeJson, str } from "./otel-conventions/attrs";
import { genAi, isGenAiSpan } from "./otel-conventions/gen-ai";
import { general } from "./otel-conventions/general";
import { langfuse } from "./otel-conventions/langfuse";
import { openInference } from "./otel-conventions/openinference";
import { traceloop } from "./otel-conventions/traceloop";
import { vercelAi } from "./otel-conventions/vercel-ai";
import type {
  TConvention,
  TObservationFields,
  TOtelAttributes,
  TOtelSpan,
  TTraceFields,
} from "./otel-conventions/types";

export { isGenAiSpan, nanosToIso, type TOtelAttributes, type TOtelSpan };

// OpenTelemetry spans → Yardstick ingestion events. Each span is read by every attribute
// convention it carries; where two describe the same field, the first in PRECEDENCE wins:
// what the application set explicitly (Langfuse) over what an instrumentation framework records
// (OpenInference, the AI SDK, OpenLLMetry) over the generic GenAI semantic conventions. Attributes
// no convention maps, and mapped values that do not fit a field, stay in the observation's
// metadata: a span is never refused for its attributes. Event ids derive from trace and span ids,
// so an exporter's retry stores nothing twice.

export const PRECEDENCE: TConvention[] = [langfuse, openInference, vercelAi, traceloop, genAi, general];

const STATUS_ERROR = 2;
const GENERATION_ONLY = [
  "model",
  "modelParameters",
  "usage",
  "cost",
  "promptName",
  "promptVersion",
  "completionStartTime",
] as const;

type TRead = {
  span: TOtelSpan;
  /** The convention that decided the observation type (undefined: none did, gen_ai detection or a plain span). */
  typedBy?: string;
  observation: TObservationFields;
  trace: TTraceFields;
  metadata: Record<string, unknown>;
};

/** A JSON-looking attribute that does not parse: no convention could read it, so it stays in metadata. */
const brokenJson = (v: unknown) => typeof v === "string" && /^\s*[[{]/.test(v) && parseMaybeJson(v) === v;

function firstDefined<T extends object>(parts: T[]): T {
  const out = {} as T;
  for (const p of parts)
    for (const [k, v] of Object.entries(p))
      if (v !== undefined && out[k as keyof T] === undefined) out[k as keyof T] = v;
  return out;
}

function readSpan(span: TOtelSpan): TRead {
  const matched = PRECEDENCE.filter((c) => c.matches(span.attributes));
  const results = matched.map((c) => c.map(span));
  const metadata: Record<string, unknown> = Object.fromEntries(
    Object.entries(span.attributes).filter(([k, v]) => !matched.some((c) => c.consumes(k)) || brokenJson(v)),
  );
  for (const r of [...results].reverse()) Object.assign(metadata, r.metadata);
  const observation = firstDefined(results.map((r) => r.observation));
  // usage and cost merge key by key across conventions (e.g. tokens from one, cache from another)
  for (const f of ["usage", "cost"] as const) {
    const merged = firstDefined(results.map((r) => r.observation[f] ?? {}));
    observation[f] = Object.keys(merged).length ? merged : undefined;
  }
  const traceMeta = firstDefined(results.map((r) => r.trace.metadata ?? {}));
  const trace = {
    ...firstDefined(results.map((r) => r.trace)),
    metadata: Object.keys(traceMeta).length ? traceMeta : undefined,
  };
  const typedBy = matched.find((_, i) => results[i]!.observation.type !== undefined)?.name;
  if (!observation.type) observation.type = isGenAiSpan(span.attributes) ? "GENERATION" : "SPAN";
  return { span, typedBy, observation, trace, metadata };
}

/**
 * A provider SDK's own HTTP-level span (the Anthropic SDK traces its calls whenever a tracer
 * provider is registered) describes the same call as the instrumentation's generation around or
 * beside it: it becomes a span, so tokens and cost count once. Decided within one export request.
 */
function demoteClientDuplicates(reads: TRead[]): void {
  const clientCall = (r: TRead) =>
    r.span.attributes["http.request.method"] !== undefined || r.span.attributes["url.full"] !== undefined;
  const generations = reads.filter((r) => r.observation.type === "GENERATION" && !clientCall(r));
  for (const r of reads) {
    const plain = !r.typedBy || r.typedBy === "gen_ai";
    if (r.observation.type !== "GENERATION" || !plain || !clientCall(r)) continue;
    const start = BigInt(r.span.startTimeUnixNano);
    const twin = generations.find(
      (g) =>
        g !== r &&
        g.span.traceId === r.span.traceId &&
        (g.span.spanId === r.span.parentSpanId ||
          (g.span.parentSpanId === r.span.parentSpanId &&
            BigInt(g.span.startTimeUnixNano) <= start &&
            BigInt(g.span.endTimeUnixNano ?? g.span.startTimeUnixNano) >= start)),
    );
    if (!twin) continue;
    r.observation.type = "SPAN";
    r.metadata["yardstick.duplicate_of"] = twin.span.spanId;
  }
}

/** Keeps each field only if it fits the event schema; a misfit goes to metadata under `unmapped`. */
function fit(
  schema: typeof ZGenerationBody | typeof ZTraceBody,
  fields: Record<string, unknown>,
  unmapped: Record<string, unknown>,
) {
  const shape = schema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || !shape[k]) continue;
    const parsed = shape[k].safeParse(v);
    if (parsed.success) out[k] = parsed.data;
    else unmapped[k] = v;
  }
  return out;
}

function observationEvent(r: TRead, receivedAt: string): TIngestionEvent {
  const s = r.span;
  const { type, kind, ...fields } = r.observation;
  const metadata: Record<string, unknown> = { ...r.metadata };
  if (kind) metadata["observation.type"] = kind;
  if (s.scope?.name) metadata["otel.scope.name"] = s.scope.name;
  if (s.kind !== undefined) metadata["otel.span.kind"] = s.kind;
  if (type !== "GENERATION") {
    // a span or event has no model fields: what a convention said about them stays visible
    for (const f of GENERATION_ONLY) if (fields[f] !== undefined) metadata[f] = fields[f];
    for (const f of GENERATION_ONLY) delete fields[f];
  }
  const unmapped: Record<string, unknown> = {};
  const body = fit(
    ZGenerationBody,
    {
      id: s.spanId,
      traceId: s.traceId,
      parentObservationId: s.parentSpanId || undefined,
      name: s.name,
      startTime: nanosToIso(s.startTimeUnixNano),
      endTime: type === "EVENT" ? undefined : nanosToIso(s.endTimeUnixNano),
      ...fields,
      level: fields.level ?? (s.status?.code === STATUS_ERROR ? "ERROR" : undefined),
      statusMessage: fields.statusMessage ?? (s.status?.message || undefined),
    },
    unmapped,
  );
  if (Object.keys(unmapped).length) metadata.unmapped = unmapped;
  if (Object.keys(metadata).length) body.metadata = metadata;
  const eventType = type === "GENERATION" ? "generation-create" : type === "EVENT" ? "event-create" : "span-create";
  return { id: `otel-span-${s.traceId}-${s.spanId}`, timestamp: receivedAt, type: eventType, body } as TIngestionEvent;
}

/**
 * Trace fields: the root span's conventions first (or, without the root in this request, the
 * first span's), then the other spans' (Langfuse propagates user and session to every span).
 */
function traceEvent(traceId: string, reads: TRead[], receivedAt: string): TIngestionEvent {
  const root = reads.find((r) => !r.span.parentSpanId) ?? reads[0]!;
  const ordered = [root, ...reads.filter((r) => r !== root)];
  const t = firstDefined(ordered.map((r) => r.trace));
  const meta = firstDefined(ordered.map((r) => r.trace.metadata ?? {}));
  const resource = root.span.resource;
  const env = str(resource["deployment.environment.name"]) ?? str(resource["deployment.environment"]);
  const isRoot = !root.span.parentSpanId;
  const unmapped: Record<string, unknown> = {};
  const body = fit(
    ZTraceBody,
    {
      id: traceId,
      timestamp: nanosToIso(root.span.startTimeUnixNano),
      name: root.trace.name ?? t.name ?? (isRoot ? root.span.name : undefined),
      userId: t.userId ?? str(resource["user.id"]),
      sessionId: t.sessionId ?? str(resource["session.id"]),
      tags: t.tags,
      release: t.release ?? str(resource["service.version"]),
      version: t.version,
      environment: t.environment ?? env,
      input: t.input ?? (isRoot ? root.observation.input : undefined),
      output: t.output ?? (isRoot ? root.observation.output : undefined),
    },
    unmapped,
  );
  const metadata: Record<string, unknown> = { ...meta };
  if (Object.keys(resource).length) metadata.resource = resource;
  if (Object.keys(unmapped).length) metadata.unmapped = unmapped;
  if (Object.keys(metadata).length) body.metadata = metadata;
  return {
    id: `otel-trace-${traceId}-${root.span.spanId}`,
    timestamp: receivedAt,
    type: "trace-create",
    body,
  } as TIngestionEvent;
}

export function otelSpansToEvents(spans: TOtelSpan[], receivedAt: string): TIngestionEvent[] {
  const reads = spans.map(readSpan);
  demoteClientDuplicates(reads);
  const byTrace = new Map<string, TRead[]>();
  for (const r of reads) {
    const list = byTrace.get(r.span.traceId);
    if (list) list.push(r);
    else byTrace.set(r.span.traceId, [r]);
  }
  const events: TIngestionEvent[] = [];
  for (const [traceId, list] of byTrace) events.push(traceEvent(traceId, list, receivedAt));
  for (const r of reads) events.push(observationEvent(r, receivedAt));
  // undefined fields would fail nothing, but keep the events tidy for storage and tests
  return events.map((e) => ({ ...e, body: JSON.parse(JSON.stringify(e.body)) }) as TIngestionEvent);
}
