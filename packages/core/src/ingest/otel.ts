import type { TIngestionEvent } from "@yardstick/contracts/ingest";

// OpenTelemetry spans → Yardstick ingestion events. Spans that follow the GenAI semantic
// conventions (gen_ai.*) become generations; every other span becomes a span. Resource
// attributes go to the trace's metadata. Event ids are derived from trace and span ids, so an
// exporter's retry stores nothing twice.

export type TOtelAttributes = Record<string, unknown>;
export type TOtelSpan = {
  traceId: string; // hex
  spanId: string; // hex
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string; // decimal string (64-bit)
  endTimeUnixNano?: string;
  attributes: TOtelAttributes;
  status?: { code?: number; message?: string };
  events?: Array<{ name: string; timeUnixNano?: string; attributes: TOtelAttributes }>;
  resource: TOtelAttributes;
  scope?: { name?: string; version?: string };
};

const STATUS_ERROR = 2;

export function nanosToIso(nanos: string | undefined): string | undefined {
  if (!nanos || nanos === "0") return undefined;
  const ms = BigInt(nanos) / 1_000_000n;
  return new Date(Number(ms)).toISOString();
}

const str = (v: unknown) => (typeof v === "string" && v.length ? v : undefined);
const num = (v: unknown) => {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};
const int = (v: unknown) => {
  const n = num(v);
  return n !== undefined && n >= 0 ? Math.round(n) : undefined;
};

function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

/** OpenLLMetry-style indexed attributes: gen_ai.prompt.0.role / .content → [{role, content}]. */
function indexedMessages(attrs: TOtelAttributes, prefix: string): Array<Record<string, unknown>> | undefined {
  const out: Array<Record<string, unknown>> = [];
  const re = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)\\.(.+)$`);
  for (const [k, v] of Object.entries(attrs)) {
    const m = re.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    (out[i] ??= {})[m[2]!] = v;
  }
  return out.length ? out.filter(Boolean) : undefined;
}

export function isGenAiSpan(attrs: TOtelAttributes): boolean {
  return Object.keys(attrs).some(
    (k) =>
      k.startsWith("gen_ai.operation.name") ||
      k.startsWith("gen_ai.request.model") ||
      k === "gen_ai.system" ||
      k === "gen_ai.provider.name",
  );
}

const PARAMS: Record<string, string> = {
  "gen_ai.request.temperature": "temperature",
  "gen_ai.request.max_tokens": "max_tokens",
  "gen_ai.request.top_p": "top_p",
  "gen_ai.request.top_k": "top_k",
  "gen_ai.request.frequency_penalty": "frequency_penalty",
  "gen_ai.request.presence_penalty": "presence_penalty",
  "gen_ai.request.seed": "seed",
  "gen_ai.request.stop_sequences": "stop",
};

function genAiFields(span: TOtelSpan) {
  const a = span.attributes;
  const modelParameters: Record<string, unknown> = {};
  for (const [k, name] of Object.entries(PARAMS)) if (a[k] !== undefined) modelParameters[name] = a[k];
  const eventMessages = (span.events ?? [])
    .filter((e) => /^gen_ai\.(system|user|assistant|tool)\.message$/.test(e.name))
    .map((e) => ({ role: e.name.split(".")[1], ...(e.attributes ?? {}) }));
  const choice = (span.events ?? []).filter((e) => e.name === "gen_ai.choice").map((e) => e.attributes);
  const input =
    parseMaybeJson(a["gen_ai.input.messages"]) ??
    parseMaybeJson(a["gen_ai.prompt"]) ??
    indexedMessages(a, "gen_ai.prompt") ??
    (eventMessages.length ? eventMessages : undefined);
  const system = parseMaybeJson(a["gen_ai.system_instructions"]);
  const output =
    parseMaybeJson(a["gen_ai.output.messages"]) ??
    parseMaybeJson(a["gen_ai.completion"]) ??
    indexedMessages(a, "gen_ai.completion") ??
    (choice.length ? choice : undefined);
  const usage = {
    input: int(a["gen_ai.usage.input_tokens"] ?? a["gen_ai.usage.prompt_tokens"]),
    output: int(a["gen_ai.usage.output_tokens"] ?? a["gen_ai.usage.completion_tokens"]),
    cacheRead: int(a["gen_ai.usage.cache_read_input_tokens"] ?? a["gen_ai.usage.cache_read.input_tokens"]),
    cacheWrite: int(a["gen_ai.usage.cache_creation_input_tokens"] ?? a["gen_ai.usage.cache_creation.input_tokens"]),
  };
  const definedUsage = Object.fromEntries(Object.entries(usage).filter(([, v]) => v !== undefined));
  return {
    model: str(a["gen_ai.response.model"]) ?? str(a["gen_ai.request.model"]),
    modelParameters: Object.keys(modelParameters).length ? modelParameters : undefined,
    input: system !== undefined && input !== undefined ? { system, messages: input } : (input ?? system),
    output,
    usage: Object.keys(definedUsage).length ? definedUsage : undefined,
  };
}

const CONSUMED =
  /^gen_ai\.(request\.|response\.model|usage\.|prompt|completion|input\.messages|output\.messages|system_instructions)/;

function spanMetadata(span: TOtelSpan): Record<string, unknown> | undefined {
  const rest = Object.fromEntries(Object.entries(span.attributes).filter(([k]) => !CONSUMED.test(k)));
  if (span.scope?.name) rest["otel.scope.name"] = span.scope.name;
  if (span.kind !== undefined) rest["otel.span.kind"] = span.kind;
  return Object.keys(rest).length ? rest : undefined;
}

/** Trace-level fields come from the root span (or the first span seen) and the resource. */
export function otelSpansToEvents(spans: TOtelSpan[], receivedAt: string): TIngestionEvent[] {
  const events: TIngestionEvent[] = [];
  const traces = new Map<string, TOtelSpan>();
  for (const s of spans) {
    const prev = traces.get(s.traceId);
    if (!prev || (!s.parentSpanId && prev.parentSpanId)) traces.set(s.traceId, s);
  }
  for (const [traceId, root] of traces) {
    const a = { ...root.resource, ...root.attributes };
    const env = str(root.resource["deployment.environment.name"]) ?? str(root.resource["deployment.environment"]);
    events.push({
      id: `otel-trace-${traceId}-${root.spanId}`,
      timestamp: receivedAt,
      type: "trace-create",
      body: {
        id: traceId,
        ...(root.parentSpanId ? {} : { name: root.name }),
        timestamp: nanosToIso(root.startTimeUnixNano),
        userId: str(a["user.id"]) ?? str(a["enduser.id"]),
        sessionId: str(a["session.id"]),
        release: str(root.resource["service.version"]),
        environment: env && /^[a-z0-9][a-z0-9_-]{0,39}$/.test(env) ? env : undefined,
        metadata: Object.keys(root.resource).length ? { resource: root.resource } : undefined,
      },
    } as TIngestionEvent);
  }
  for (const s of spans) {
    const base = {
      id: s.spanId,
      traceId: s.traceId,
      parentObservationId: s.parentSpanId || undefined,
      name: s.name,
      startTime: nanosToIso(s.startTimeUnixNano),
      endTime: nanosToIso(s.endTimeUnixNano),
      level: s.status?.code === STATUS_ERROR ? ("ERROR" as const) : undefined,
      statusMessage: s.status?.message || undefined,
      metadata: spanMetadata(s),
    };
    const gen = isGenAiSpan(s.attributes);
    events.push({
      id: `otel-span-${s.traceId}-${s.spanId}`,
      timestamp: receivedAt,
      type: gen ? "generation-create" : "span-create",
      body: gen ? { ...base, ...genAiFields(s) } : base,
    } as TIngestionEvent);
  }
  // undefined fields would fail nothing, but keep the events tidy for storage and tests
  return events.map((e) => ({ ...e, body: JSON.parse(JSON.stringify(e.body)) }) as TIngestionEvent);
}
