import {
  type CallRecorder,
  invokeRecorded,
  type TAnthropicUsage,
  type TFn,
  type TMessageLike,
  type TWrapAnthropicOptions,
} from "./anthropic-shared";
import { tracedStream } from "./anthropic-stream";
import type { Yardstick } from "./client";

// Traces `messages.create` and `messages.stream` of an @anthropic-ai/sdk client. The host gets the
// very objects the SDK returns (an APIPromise, a Stream, a MessageStream) and the very errors it
// throws; every line of tracing is fenced so that a bug here can only lose a generation.
// The types are structural so that @anthropic-ai/sdk stays an optional peer dependency.

/** Rebuilds the message from raw stream events (create({stream: true})). */
class StreamAccumulator {
  message: TMessageLike | undefined;
  private readonly json = new Map<number, string>();

  /** Returns true for a content delta (the first one marks the first token). */
  add(ev: unknown): boolean {
    const e = ev as {
      type?: string;
      index?: number;
      message?: TMessageLike;
      content_block?: object;
      delta?: Record<string, unknown>;
      usage?: TAnthropicUsage;
    };
    switch (e.type) {
      case "message_start":
        if (e.message)
          this.message = { ...e.message, content: [...(e.message.content ?? [])], usage: { ...e.message.usage } };
        return false;
      case "content_block_start":
        if (this.message?.content && typeof e.index === "number" && e.content_block)
          this.message.content[e.index] = { ...e.content_block };
        return false;
      case "content_block_delta": {
        const block =
          typeof e.index === "number"
            ? (this.message?.content?.[e.index] as Record<string, unknown> | undefined)
            : undefined;
        const d = e.delta ?? {};
        if (block) {
          if (d.type === "text_delta" && typeof d.text === "string")
            block.text = `${typeof block.text === "string" ? block.text : ""}${d.text}`;
          else if (d.type === "thinking_delta" && typeof d.thinking === "string")
            block.thinking = `${typeof block.thinking === "string" ? block.thinking : ""}${d.thinking}`;
          else if (d.type === "input_json_delta" && typeof d.partial_json === "string" && typeof e.index === "number")
            this.json.set(e.index, (this.json.get(e.index) ?? "") + d.partial_json);
        }
        return true;
      }
      case "content_block_stop": {
        const partial = typeof e.index === "number" ? this.json.get(e.index) : undefined;
        const block =
          typeof e.index === "number"
            ? (this.message?.content?.[e.index] as Record<string, unknown> | undefined)
            : undefined;
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
    const { params, call, result } = invokeRecorded(ys, opts, "create", target, original, args);
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
