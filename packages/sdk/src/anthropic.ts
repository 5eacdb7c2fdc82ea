import type { TUsage } from "@yardstick/core/ingest";
import type { Yardstick } from "./client";
import { describeError } from "./errors";
import type { GenerationClient, SpanClient, TraceClient } from "./objects";

// Traces `messages.create` and `messages.stream` of an @anthropic-ai/sdk client. The host gets the
// very objects the SDK returns (an APIPromise, a Stream, a MessageStream) and the very errors it
// throws; every line of tracing is fenced so that a bug here can only lose a generation.
// The types are structural so that @anthropic-ai/sdk stays an optional peer dependency.

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

type TAnthropicUsage = {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
};
type TMessageLike = {
  id?: string;
  model?: string;
  role?: string;
  content?: unknown[];
  stop_reason?: string | null;
  usage?: TAnthropicUsage | null;
};
type TParams = Record<string, unknown>;
type TFn = (this: unknown, ...args: unknown[]) => unknown;

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

const SCALAR_PARAMS = ["max_tokens", "temperature", "top_p", "top_k", "stream", "service_tier", "speed", "inference_geo"];

/** The request's sampling knobs, reduced to what ZModelParameters accepts. */
export function anthropicModelParameters(params: TParams): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const k of SCALAR_PARAMS) {
    const v = params[k];
    if (typeof v === "number" || typeof v === "boolean") out[k] = v;
    else if (typeof v === "string") out[k] = v.slice(0, 10_000);
  }
  const stops = params.stop_sequences;
  if (Array.isArray(stops)) out.stop_sequences = stops.filter((s): s is string => typeof s === "string").slice(0, 100).map((s) => s.slice(0, 1000));
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
class CallRecorder {
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
    this.finish(partial, { level: "ERROR", statusMessage: `${describeError(error)}${errorStatus(error)}`.slice(0, 10_000) });
  }

  private finish(message: TMessageLike | undefined, status: { level?: "WARNING" | "ERROR"; statusMessage?: string }): void {
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

/** Rebuilds the message from raw stream events (create({stream: true})). */
class StreamAccumulator {
  message: TMessageLike | undefined;
  private readonly json = new Map<number, string>();

  /** Returns true for a content delta (the first one marks the first token). */
  add(ev: unknown): boolean {
    const e = ev as { type?: string; index?: number; message?: TMessageLike; content_block?: object; delta?: Record<string, unknown>; usage?: TAnthropicUsage };
    switch (e.type) {
      case "message_start":
        if (e.message) this.message = { ...e.message, content: [...(e.message.content ?? [])], usage: { ...e.message.usage } };
        return false;
      case "content_block_start":
        if (this.message?.content && typeof e.index === "number" && e.content_block) this.message.content[e.index] = { ...e.content_block };
        return false;
      case "content_block_delta": {
        const block = typeof e.index === "number" ? (this.message?.content?.[e.index] as Record<string, unknown> | undefined) : undefined;
        const d = e.delta ?? {};
        if (block) {
          if (d.type === "text_delta" && typeof d.text === "string") block.text = `${typeof block.text === "string" ? block.text : ""}${d.text}`;
          else if (d.type === "thinking_delta" && typeof d.thinking === "string")
            block.thinking = `${typeof block.thinking === "string" ? block.thinking : ""}${d.thinking}`;
          else if (d.type === "input_json_delta" && typeof d.partial_json === "string" && typeof e.index === "number")
            this.json.set(e.index, (this.json.get(e.index) ?? "") + d.partial_json);
        }
        return true;
      }
      case "content_block_stop": {
        const partial = typeof e.index === "number" ? this.json.get(e.index) : undefined;
        const block = typeof e.index === "number" ? (this.message?.content?.[e.index] as Record<string, unknown> | undefined) : undefined;
        if (partial !== undefined && block) {
          try {
            block.input = JSON.parse(partial);
          } catch {
            block.input = partial;
          }
        }
        return false;
      }
      case "message_delta":
        if (this.message) {
          const stop = e.delta?.stop_reason;
          if (typeof stop === "string") this.message.stop_reason = stop;
          // Counts in message_delta are cumulative; a null means "unchanged".
          const usage: Record<string, unknown> = { ...this.message.usage };
          for (const [k, v] of Object.entries(e.usage ?? {})) if (typeof v === "number") usage[k] = v;
          this.message.usage = usage as TAnthropicUsage;
        }
        return false;
      default:
        return false;
    }
  }
}

/** Wraps the Stream of create({stream: true}) so that iterating it (directly, via tee() or toReadableStream()) is observed. */
function observeRawStream(stream: unknown, call: CallRecorder): void {
  const s = stream as Record<symbol, unknown> | null;
  const original = s?.[Symbol.asyncIterator];
  if (!s || typeof original !== "function") {
    call.succeed(undefined);
    return;
  }
  const acc = new StreamAccumulator();
  const guard = (fn: () => void) => {
    try {
      fn();
    } catch {
      // observing must never break the host's iteration
    }
  };
  Object.defineProperty(s, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    value: function (this: unknown) {
      const it = (original as () => AsyncIterator<unknown>).call(s);
      const wrapped: AsyncIterableIterator<unknown> = {
        async next(...args: [] | [unknown]) {
          let r: IteratorResult<unknown>;
          try {
            r = await it.next(...args);
          } catch (e) {
            guard(() => call.fail(e, acc.message));
            throw e;
          }
          guard(() => {
            if (r.done) call.succeed(acc.message);
            else if (acc.add(r.value)) call.firstToken();
          });
          return r;
        },
        async return(value?: unknown) {
          guard(() => call.succeed(acc.message, "stream closed by the caller before the end"));
          return it.return ? it.return(value) : { done: true, value };
        },
        async throw(err?: unknown) {
          guard(() => call.fail(err, acc.message));
          if (it.throw) return it.throw(err);
          throw err;
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
      return wrapped;
    },
  });
}

type TApiPromiseLike = {
  _thenUnwrap?: (fn: (data: unknown) => unknown) => unknown;
  _responseProps?: () => Promise<unknown>;
  then?: (ok: (v: unknown) => unknown, err: (e: unknown) => unknown) => unknown;
};

function tracedCreate(target: object, original: TFn, ys: Yardstick, opts: TWrapAnthropicOptions): TFn {
  return function (this: unknown, ...args: unknown[]) {
    const params = (args[0] ?? {}) as TParams;
    let call: CallRecorder | undefined;
    try {
      call = new CallRecorder(ys, opts, params, "create");
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
    if (!call) return result;
    const rec = call;
    try {
      const p = result as TApiPromiseLike | null;
      const onData = (data: unknown) => {
        try {
          if (params.stream === true) observeRawStream(data, rec);
          else rec.succeed(data as TMessageLike);
        } catch (e) {
          ys.reportInternal("wrapAnthropic", e);
        }
        return data;
      };
      if (p && typeof p._thenUnwrap === "function") {
        // HTTP errors reject the response promise; observe it without consuming the body.
        if (typeof p._responseProps === "function") p._responseProps().then(undefined, (e: unknown) => rec.fail(e));
        // _thenUnwrap keeps the APIPromise (withResponse(), asResponse(), request ids) and stays lazy like the original.
        return p._thenUnwrap(onData);
      }
      if (p && typeof p.then === "function") p.then(onData, (e: unknown) => rec.fail(e));
    } catch (e) {
      ys.reportInternal("wrapAnthropic", e);
    }
    return result;
  };
}

type TMessageStreamLike = {
  on?: (event: string, fn: (...a: unknown[]) => void) => unknown;
  done?: () => Promise<void>;
  _emit?: (event: string, ...args: unknown[]) => unknown;
  errored?: boolean;
  aborted?: boolean;
  receivedMessages?: TMessageLike[];
  currentMessage?: TMessageLike;
};

function tracedStream(target: object, original: TFn, ys: Yardstick, opts: TWrapAnthropicOptions): TFn {
  return function (this: unknown, ...args: unknown[]) {
    const params = (args[0] ?? {}) as TParams;
    let call: CallRecorder | undefined;
    try {
      call = new CallRecorder(ys, opts, params, "stream");
    } catch (e) {
      ys.reportInternal("wrapAnthropic", e);
    }
    let result: unknown;
    try {
      result = original.apply(target, args);
    } catch (e) {
      call?.fail(e);
      throw e;
    }
    if (!call) return result;
    const rec = call;
    try {
      const s = result as TMessageStreamLike;
      if (typeof s?.on !== "function") return result;
      // An 'error' listener would silence the SDK's unhandled-rejection for hosts that ignore
      // errors, so the error is read off _emit instead and the end is observed with 'end'.
      let failure: { error: unknown } | undefined;
      const emit = s._emit;
      if (typeof emit === "function") {
        s._emit = function (this: unknown, event: string, ...rest: unknown[]) {
          if ((event === "error" || event === "abort") && !failure) failure = { error: rest[0] };
          return emit.call(this, event, ...rest);
        };
      }
      s.on("streamEvent", (ev: unknown) => {
        if ((ev as { type?: string } | null)?.type === "content_block_delta") rec.firstToken();
      });
      s.on("end", () => {
        try {
          if (failure) return rec.fail(failure.error, s.currentMessage);
          if (!s.errored && !s.aborted) return rec.succeed(s.receivedMessages?.at(-1) ?? s.currentMessage);
          // Without _emit (another SDK version) the error is read from done(); the end promise is already settled.
          void s.done?.().then(
            () => rec.succeed(s.currentMessage),
            (e: unknown) => rec.fail(e, s.currentMessage),
          );
        } catch (e) {
          ys.reportInternal("wrapAnthropic", e);
        }
      });
    } catch (e) {
      ys.reportInternal("wrapAnthropic", e);
    }
    return result;
  };
}

/**
 * Returns a proxy of an `Anthropic` client whose `messages.create` and `messages.stream` record a
 * generation each (model, parameters, input, output, usage with cache tokens, timings, errors).
 * The original client is left untouched; return values and errors reach the host unchanged.
 */
export function wrapAnthropic<T extends object>(client: T, ys: Yardstick, opts: TWrapAnthropicOptions = {}): T {
  try {
    const messages = (client as { messages?: unknown }).messages;
    if (!messages || typeof messages !== "object") return client;
    const m = messages as Record<string, unknown>;
    const create = typeof m.create === "function" ? tracedCreate(messages, m.create as TFn, ys, opts) : undefined;
    const stream = typeof m.stream === "function" ? tracedStream(messages, m.stream as TFn, ys, opts) : undefined;
    // Other methods (parse, countTokens...) are called with the proxy as `this`, so parse() → this.create() is traced too.
    const messagesProxy = new Proxy(messages, {
      get(target, prop, receiver) {
        if (prop === "create" && create) return create;
        if (prop === "stream" && stream) return stream;
        return Reflect.get(target, prop, receiver);
      },
    });
    const bound = new Map<PropertyKey, unknown>();
    return new Proxy(client, {
      get(target, prop) {
        if (prop === "messages") return messagesProxy;
        const v = Reflect.get(target, prop, target);
        // The client keeps #private fields: its methods must run on the real object.
        if (typeof v !== "function" || prop === "constructor") return v;
        if (!bound.has(prop)) bound.set(prop, (v as TFn).bind(target));
        return bound.get(prop);
      },
    });
  } catch (e) {
    ys.reportInternal("wrapAnthropic", e);
    return client;
  }
}
