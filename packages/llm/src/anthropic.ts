import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import { deadline, type Deadline } from "./abort";
import { createLimiter } from "./concurrency";
import { LlmError, errorFromStatus, parseRetryAfter, providerMessage, type TLlmErrorKind } from "./errors";
import { withRetry, type RetryOptions } from "./retry";
import {
  emptyUsage,
  parseCompleteRequest,
  type LlmProvider,
  type TCompleteRequest,
  type TCompleteResult,
  type TParsedCompleteRequest,
  type TStopReason,
  type TToolCall,
  type TUsage,
} from "./types";

export const ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com";

export interface AnthropicProviderOptions {
  apiKey: string;
  baseURL?: string;
  /** Per attempt, covering the whole response (streams included). Default 120 s. */
  timeoutMs?: number;
  /** Requests in flight at once through this provider instance. Default 4. */
  maxConcurrency?: number;
  maxRetries?: number;
  /** Backoff tuning and test hooks (sleep, random). */
  retry?: Omit<RetryOptions, "maxRetries" | "signal">;
  /** Used when the request has no params.maxTokens (the Messages API requires one). Default 1024. */
  defaultMaxTokens?: number;
  name?: string;
}

const PROVIDER = "anthropic";

type TBody = Anthropic.MessageCreateParamsNonStreaming;

export function toAnthropicBody(req: TParsedCompleteRequest, defaultMaxTokens: number): TBody {
  const p = req.params ?? {};
  // API version 2026-10-21 (sent by SDK 1.x) answers 400 to any sampling parameter, even at its
  // default; fail here, before a network call, with a message that says why.
  const sampling = (["temperature", "topP"] as const).filter((k) => p[k] !== undefined);
  if (sampling.length) {
    throw new LlmError({
      kind: "bad_request",
      provider: PROVIDER,
      message: `Anthropic API version 2026-10-21 does not accept sampling parameters (${sampling.join(", ")}); remove them for Claude models`,
    });
  }
  const body: TBody = {
    model: req.model,
    max_tokens: p.maxTokens ?? defaultMaxTokens,
    messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
  };
  if (typeof req.system === "string") {
    if (req.system !== "") body.system = req.system;
  } else if (req.system?.length) {
    body.system = req.system.map((b): Anthropic.TextBlockParam => ({
      type: "text",
      text: b.text,
      ...(b.cache && { cache_control: { type: "ephemeral" } }),
    }));
  }
  if (p.stop?.length) body.stop_sequences = p.stop;
  if (req.tools?.length) {
    body.tools = req.tools.map((t): Anthropic.Tool => ({
      name: t.name,
      ...(t.description !== undefined && { description: t.description }),
      input_schema: t.inputSchema as Anthropic.Tool.InputSchema,
    }));
  }
  if (req.toolChoice) {
    body.tool_choice =
      req.toolChoice.type === "tool" ? { type: "tool", name: req.toolChoice.name } : { type: req.toolChoice.type };
  }
  return body;
}

export function normaliseAnthropicStop(reason: string | null | undefined): TStopReason {
  switch (reason) {
    case "end_turn":
    case "max_tokens":
    case "stop_sequence":
    case "tool_use":
    case "refusal":
      return reason;
    default:
      return "other";
  }
}

interface TRawUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** Later usage reports (message_delta) overwrite only the counts they carry. */
function mergeUsage(into: TUsage, u: TRawUsage | null | undefined): TUsage {
  if (!u) return into;
  if (typeof u.input_tokens === "number") into.inputTokens = u.input_tokens;
  if (typeof u.output_tokens === "number") into.outputTokens = u.output_tokens;
  if (typeof u.cache_read_input_tokens === "number") into.cacheReadTokens = u.cache_read_input_tokens;
  if (typeof u.cache_creation_input_tokens === "number") into.cacheWriteTokens = u.cache_creation_input_tokens;
  return into;
}

function notAMessage(): LlmError {
  return new LlmError({
    kind: "server",
    retryable: false,
    message:
      "The Anthropic endpoint answered 200 with something that is not a Messages API response; check the provider's base URL",
    provider: PROVIDER,
  });
}

export function fromAnthropicMessage(
  msg: Anthropic.Message,
  latencyMs: number,
  fallbackModel: string,
): TCompleteResult {
  // A proxy or a wrong base URL can answer 200 with an HTML page: the SDK then hands back text.
  if (typeof msg !== "object" || msg === null || !Array.isArray((msg as { content?: unknown }).content)) {
    throw notAMessage();
  }
  let text = "";
  const toolCalls: TToolCall[] = [];
  for (const block of msg.content) {
    if (block.type === "text") text += block.text;
    else if (block.type === "tool_use") toolCalls.push({ id: block.id, name: block.name, input: block.input });
  }
  return {
    text,
    toolCalls,
    usage: mergeUsage(emptyUsage(), msg.usage),
    latencyMs,
    model: msg.model || fallbackModel,
    stopReason: normaliseAnthropicStop(msg.stop_reason),
  };
}

// Errors raised inside an SSE stream have no HTTP status; the body's `error.type` is the stable field.
const KIND_BY_ERROR_TYPE: Record<string, TLlmErrorKind> = {
  invalid_request_error: "bad_request",
  authentication_error: "auth",
  permission_error: "auth",
  not_found_error: "bad_request",
  request_too_large: "bad_request",
  rate_limit_error: "rate_limit",
  overloaded_error: "overloaded",
  api_error: "server",
  timeout_error: "timeout",
};

/** Maps anything the SDK throws to an LlmError; unknown non-SDK errors (bugs) pass through untouched. */
export function toLlmError(err: unknown, d?: Deadline): unknown {
  if (err instanceof LlmError) return err;
  // Cause first: an abort surfaces as various error types depending on when it hit.
  if (d?.callerAborted())
    return new LlmError({ kind: "aborted", message: "Request aborted by caller", provider: PROVIDER, cause: err });
  if (d?.timedOut() || err instanceof APIConnectionTimeoutError) {
    return new LlmError({ kind: "timeout", message: "Anthropic request timed out", provider: PROVIDER, cause: err });
  }
  if (err instanceof APIUserAbortError)
    return new LlmError({ kind: "aborted", message: "Request aborted", provider: PROVIDER, cause: err });
  if (err instanceof APIConnectionError) {
    return new LlmError({
      kind: "network",
      message: `Anthropic connection failed: ${err.message}`,
      provider: PROVIDER,
      cause: err,
    });
  }
  if (err instanceof APIError) {
    // SDK 1.x exposes response headers as a fetch `Headers` object on APIError.headers.
    const retryAfterMs = parseRetryAfter(err.headers);
    const message = providerMessage(err.apiMessage ?? err.message);
    if (typeof err.status === "number")
      return errorFromStatus(err.status, { message, retryAfterMs, provider: PROVIDER, cause: err });
    const kind = (err.type && KIND_BY_ERROR_TYPE[err.type]) || "server";
    return new LlmError({
      kind,
      message,
      provider: PROVIDER,
      cause: err,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    });
  }
  if (err instanceof Error && err.name === "AbortError") {
    return new LlmError({ kind: "aborted", message: "Request aborted", provider: PROVIDER, cause: err });
  }
  return err;
}

export function createAnthropicProvider(opts: AnthropicProviderOptions): LlmProvider {
  if (!opts.apiKey)
    throw new LlmError({ kind: "auth", message: "No Anthropic API key configured", provider: PROVIDER });
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const defaultMaxTokens = opts.defaultMaxTokens ?? 1024;
  const limiter = createLimiter(opts.maxConcurrency ?? 4);
  const client = new Anthropic({
    apiKey: opts.apiKey,
    // Explicit, so the SDK never falls back to its own env/profile lookup.
    baseURL: opts.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL,
    timeout: timeoutMs,
    // Ours are the only retries: Retry-After-aware, testable, and they release the concurrency slot while waiting.
    maxRetries: 0,
  });

  const run = <T>(req: TParsedCompleteRequest, attempt: (d: Deadline) => Promise<T>): Promise<T> =>
    withRetry(
      () =>
        limiter.run(async () => {
          const d = deadline(timeoutMs, req.signal);
          try {
            return await attempt(d);
          } catch (err) {
            throw toLlmError(err, d);
          } finally {
            d.dispose();
          }
        }, req.signal),
      { ...opts.retry, maxRetries: opts.maxRetries ?? 4, ...(req.signal && { signal: req.signal }) },
    );

  return {
    name: opts.name ?? PROVIDER,

    async complete(input: TCompleteRequest) {
      const req = parseCompleteRequest(input, PROVIDER);
      const body = toAnthropicBody(req, defaultMaxTokens);
      return run(req, async (d) => {
        const started = performance.now();
        const msg = await client.messages.create(body, { signal: d.signal, timeout: timeoutMs });
        return fromAnthropicMessage(msg, Math.round(performance.now() - started), req.model);
      });
    },

    async stream(input: TCompleteRequest, onText: (delta: string) => void) {
      const req = parseCompleteRequest(input, PROVIDER);
      const body = toAnthropicBody(req, defaultMaxTokens);
      return run(req, async (d) => {
        let emitted = false;
        try {
          const started = performance.now();
          const events = await client.messages.create(
            { ...body, stream: true },
            { signal: d.signal, timeout: timeoutMs },
          );
          let text = "";
          let model = req.model;
          let stopReason: TStopReason = "other";
          const usage = emptyUsage();
          const toolCalls: TToolCall[] = [];
          const partialTools = new Map<number, { id: string; name: string; json: string }>();
          let started_ = false;
          for await (const ev of events) {
            switch (ev.type) {
              case "message_start":
                started_ = true;
                model = ev.message.model || model;
                mergeUsage(usage, ev.message.usage);
                break;
              case "content_block_start":
                if (ev.content_block.type === "tool_use") {
                  partialTools.set(ev.index, { id: ev.content_block.id, name: ev.content_block.name, json: "" });
                } else if (ev.content_block.type === "text" && ev.content_block.text) {
                  text += ev.content_block.text;
                  emitted = true;
                  onText(ev.content_block.text);
                }
                break;
              case "content_block_delta":
                if (ev.delta.type === "text_delta") {
                  text += ev.delta.text;
                  emitted = true;
                  onText(ev.delta.text);
                } else if (ev.delta.type === "input_json_delta") {
                  const t = partialTools.get(ev.index);
                  if (t) t.json += ev.delta.partial_json;
                }
                break;
              case "content_block_stop": {
                const t = partialTools.get(ev.index);
                if (t) {
                  toolCalls.push({ id: t.id, name: t.name, input: t.json.trim() === "" ? {} : JSON.parse(t.json) });
                  partialTools.delete(ev.index);
                }
                break;
              }
              case "message_delta":
                stopReason = normaliseAnthropicStop(ev.delta.stop_reason);
                mergeUsage(usage, ev.usage);
                break;
              default:
                break;
            }
          }
          if (!started_) throw notAMessage();
          return { text, toolCalls, usage, latencyMs: Math.round(performance.now() - started), model, stopReason };
        } catch (err) {
          const mapped = toLlmError(err, d);
          // The caller has already seen part of the text: replaying would duplicate it.
          if (emitted && mapped instanceof LlmError && mapped.retryable) {
            throw new LlmError({
              kind: mapped.kind,
              message: `${mapped.message} (after partial output; not retried)`,
              retryable: false,
              provider: PROVIDER,
              cause: err,
              ...(mapped.status !== undefined && { status: mapped.status }),
            });
          }
          throw mapped;
        }
      });
    },
  };
}
