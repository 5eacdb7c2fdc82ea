// What both halves of wrapAnthropic share: options, structural types, usage and input mapping, and the CallRecorder.
import type { TUsage } from "@yardstick/contracts/ingest";
import type { Yardstick } from "./client";
import { describeError } from "./errors";
import type { GenerationClient, SpanClient, TraceClient } from "./objects";

export type TWrapAnthropicOptions = {
  /** Name of the trace created for each call (when neither `parent` nor `traceId` is given). */
  traceName?: string;
  /** Record the generations in this existing trace instead of one new trace per call. */
  traceId?: string;
  /** Record the generations under this trace or span. Wins over `traceId`. */
  parent?: TraceClient | SpanClient;
  /** Name of each generation; defaults to `anthropic.messages.create` / `anthropic.messages.stream`. */
  generationName?: string;
  /** Added to each generation's metadata. */
  metadata?: Record<string, unknown>;
  /** Set on the trace created per call. */
  userId?: string;
  sessionId?: string;
  tags?: string[];
};

export type TAnthropicUsage = {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
};
export type TMessageLike = {
  id?: string;
  model?: string;
  role?: string;
  content?: unknown[];
  stop_reason?: string | null;
  usage?: TAnthropicUsage | null;
};
export type TParams = Record<string, unknown>;
export type TFn = (this: unknown, ...args: unknown[]) => unknown;

/** Anthropic usage → Yardstick usage. `input_tokens` already excludes cache reads and writes. */
export function anthropicUsage(u: TAnthropicUsage | null | undefined): TUsage | undefined {
  if (!u || typeof u !== "object") return undefined;
  const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined);
  const parts = {
    input: n(u.input_tokens),
    output: n(u.output_tokens),
    cacheRead: n(u.cache_read_input_tokens),
    cacheWrite: n(u.cache_creation_input_tokens),
  };
  const usage: TUsage = {};
  let total = 0;
  for (const [k, v] of Object.entries(parts)) {
    if (v === undefined) continue;
    usage[k as keyof typeof parts] = v;
    total += v;
  }
  if (Object.keys(usage).length === 0) return undefined;
  usage.total = total;
  return usage;
}

const SCALAR_PARAMS = [
  "max_tokens",
  "temperature",
  "top_p",
  "top_k",
  "stream",
  "service_tier",
  "speed",
  "inference_geo",
];

/** The request's sampling knobs, reduced to what ZModelParameters accepts. */
export function anthropicModelParameters(params: TParams): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const k of SCALAR_PARAMS) {
    const v = params[k];
    if (typeof v === "number" || typeof v === "boolean") out[k] = v;
    else if (typeof v === "string") out[k] = v.slice(0, 10_000);
  }
  const stops = params.stop_sequences;
  if (Array.isArray(stops))
    out.stop_sequences = stops
      .filter((s): s is string => typeof s === "string")
      .slice(0, 100)
      .map((s) => s.slice(0, 1000));
  const thinking = params.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  if (thinking && typeof thinking.type === "string") {
    out.thinking = thinking.type.slice(0, 200);
    if (typeof thinking.budget_tokens === "number") out.thinking_budget_tokens = thinking.budget_tokens;
  }
  const toolChoice = params.tool_choice as { type?: unknown } | undefined;
  if (toolChoice && typeof toolChoice.type === "string") out.tool_choice = toolChoice.type.slice(0, 200);
  return out;
}

/** Base64 payloads (images, PDFs) would blow the event size limit; keep their size only. */
function redactBinary(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactBinary(v, depth + 1));
  const o = value as Record<string, unknown>;
  if (o.type === "base64" && typeof o.data === "string" && o.data.length > 256) {
    return { ...o, data: `[base64, ${o.data.length} chars]` };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = redactBinary(v, depth + 1);
  return out;
}

function anthropicInput(params: TParams): Record<string, unknown> {
  const input: Record<string, unknown> = { messages: redactBinary(params.messages) };
  if (params.system !== undefined) input.system = redactBinary(params.system);
  if (params.tools !== undefined) input.tools = params.tools;
  return input;
}

function errorStatus(e: unknown): string {
  const status = (e as { status?: unknown } | null)?.status;
  return typeof status === "number" ? ` (HTTP ${status})` : "";
}

/** One traced call: a generation started at the call and ended exactly once. */
export class CallRecorder {
  private gen: GenerationClient | undefined;
  private ended = false;
  private completionStartTime: string | undefined;

  constructor(
    private readonly ys: Yardstick,
    opts: TWrapAnthropicOptions,
    params: TParams,
    kind: "create" | "stream",
  ) {
    const name = opts.generationName ?? `anthropic.messages.${kind}`;
    const parent: TraceClient | SpanClient =
      opts.parent ??
      (opts.traceId
        ? ys.traceById(opts.traceId)
        : ys.trace({ name: opts.traceName ?? name, userId: opts.userId, sessionId: opts.sessionId, tags: opts.tags }));
    const modelParameters = anthropicModelParameters(params);
    if (kind === "stream") modelParameters.stream = true;
    this.gen = parent.generation({
      name,
      model: typeof params.model === "string" && params.model ? params.model.slice(0, 200) : undefined,
      modelParameters,
      input: anthropicInput(params),
      metadata: opts.metadata,
    });
  }

  firstToken(): void {
    this.completionStartTime ??= new Date().toISOString();
  }

  succeed(message: TMessageLike | undefined, incomplete?: string): void {
    this.finish(message, incomplete ? { level: "WARNING", statusMessage: incomplete } : {});
  }

  fail(error: unknown, partial?: TMessageLike): void {
    this.finish(partial, {
      level: "ERROR",
      statusMessage: `${describeError(error)}${errorStatus(error)}`.slice(0, 10_000),
    });
  }

  private finish(
    message: TMessageLike | undefined,
    status: { level?: "WARNING" | "ERROR"; statusMessage?: string },
  ): void {
    if (this.ended || !this.gen) return;
    this.ended = true;
    try {
      const metadata: Record<string, unknown> = {};
      if (message?.id) metadata.messageId = message.id;
      if (message?.stop_reason) metadata.stopReason = message.stop_reason;
      this.gen.end({
        ...status,
        ...(message?.content ? { output: { role: "assistant", content: message.content } } : {}),
        ...(typeof message?.model === "string" && message.model ? { model: message.model.slice(0, 200) } : {}),
        usage: anthropicUsage(message?.usage),
        completionStartTime: this.completionStartTime,
        metadata: Object.keys(metadata).length ? metadata : undefined,
      });
    } catch (e) {
      this.ys.reportInternal("wrapAnthropic", e);
    }
  }
}

/**
 * Starts recording a call (a failure to record is reported, never thrown into the host) and runs
 * the original method on the real resource; a synchronous throw is recorded and rethrown.
 */
export function invokeRecorded(
  ys: Yardstick,
  opts: TWrapAnthropicOptions,
  kind: "create" | "stream",
  target: object,
  original: TFn,
  args: unknown[],
): { params: TParams; call: CallRecorder | undefined; result: unknown } {
  const params = (args[0] ?? {}) as TParams;
  let call: CallRecorder | undefined;
  try {
    call = new CallRecorder(ys, opts, params, kind);
  } catch (e) {
    ys.reportInternal("wrapAnthropic", e);
  }
  let result: unknown;
  try {
    // `this` stays the real resource, so nothing inside the SDK sees our proxy.
    result = original.apply(target, args);
  } catch (e) {
    call?.fail(e);
    throw e;
  }
  return { params, call, result };
}
