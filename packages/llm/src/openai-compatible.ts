import { z } from "zod";
import { deadline, type Deadline } from "./abort";
import { createLimiter } from "./concurrency";
import { LlmError, errorFromStatus, parseRetryAfter } from "./errors";
import { withRetry, type RetryOptions } from "./retry";
import {
  ZEmbedInput,
  parseCompleteRequest,
  type LlmProvider,
  type TCompleteRequest,
  type TCompleteResult,
  type TEmbedResult,
  type TParsedCompleteRequest,
  type TStopReason,
  type TToolCall,
} from "./types";

export interface OpenAICompatibleProviderOptions {
  /** Server root, e.g. http://127.0.0.1:11434 (Ollama). A trailing `/v1` is accepted too. */
  baseURL: string;
  apiKey?: string;
  timeoutMs?: number;
  maxConcurrency?: number;
  maxRetries?: number;
  retry?: Omit<RetryOptions, "maxRetries" | "signal">;
  /** Sent as max_tokens when the request has none; unset means the server decides. */
  defaultMaxTokens?: number;
  defaultEmbeddingModel?: string;
  name?: string;
}

const PROVIDER = "openai-compatible";

const ZChatResponse = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({
                id: z.string().optional(),
                function: z.object({
                  name: z.string(),
                  arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
                }),
              }),
            )
            .nullish(),
        }),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().nullish(),
      completion_tokens: z.number().nullish(),
      prompt_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
    })
    .nullish(),
});

const ZEmbeddingsResponse = z.object({
  model: z.string().optional(),
  data: z.array(z.object({ index: z.number().int(), embedding: z.array(z.number()) })),
  usage: z.object({ prompt_tokens: z.number().nullish() }).nullish(),
});

export function openAIBaseURL(baseURL: string): string {
  const trimmed = baseURL.replace(/\/+$/, "");
  return trimmed.endsWith("/v1") ? trimmed : `${trimmed}/v1`;
}

export function toOpenAIBody(req: TParsedCompleteRequest, defaultMaxTokens?: number): Record<string, unknown> {
  const p = req.params ?? {};
  const messages: Array<{ role: string; content: string }> = [];
  const system = typeof req.system === "string" ? req.system : req.system?.map((b) => b.text).join("\n\n");
  if (system) messages.push({ role: "system", content: system });
  for (const m of req.messages) messages.push({ role: m.role, content: m.content });
  const body: Record<string, unknown> = { model: req.model, messages };
  const maxTokens = p.maxTokens ?? defaultMaxTokens;
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.stop?.length) body.stop = p.stop;
  if (req.tools?.length) {
    body.tools = req.tools.map((t) => ({
      type: "function",
      function: {
        name: t.name,
        ...(t.description !== undefined && { description: t.description }),
        parameters: t.inputSchema,
      },
    }));
  }
  if (req.toolChoice) {
    body.tool_choice =
      req.toolChoice.type === "auto"
        ? "auto"
        : req.toolChoice.type === "any"
          ? "required"
          : { type: "function", function: { name: req.toolChoice.name } };
  }
  return body;
}

export function normaliseOpenAIStop(reason: string | null | undefined): TStopReason {
  switch (reason) {
    case "stop":
      return "end_turn";
    case "length":
      return "max_tokens";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "content_filter":
      return "refusal";
    default:
      return "other";
  }
}

/** Arguments that are not valid JSON (common with small local models) are kept as the raw string. */
function parseArguments(args: string | Record<string, unknown> | null | undefined): unknown {
  if (args == null || args === "") return {};
  if (typeof args !== "string") return args;
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

export function fromOpenAIResponse(json: unknown, latencyMs: number, fallbackModel: string): TCompleteResult {
  const parsed = ZChatResponse.safeParse(json);
  if (!parsed.success) throw malformed("chat completion");
  const r = parsed.data;
  const choice = r.choices[0]!;
  const toolCalls: TToolCall[] = (choice.message.tool_calls ?? []).map((c, i) => ({
    id: c.id ?? `call_${i}`,
    name: c.function.name,
    input: parseArguments(c.function.arguments),
  }));
  const prompt = r.usage?.prompt_tokens ?? 0;
  const cached = r.usage?.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    text: choice.message.content ?? "",
    toolCalls,
    usage: {
      inputTokens: Math.max(0, prompt - cached),
      outputTokens: r.usage?.completion_tokens ?? 0,
      cacheReadTokens: cached,
      cacheWriteTokens: 0,
    },
    latencyMs,
    model: r.model ?? fallbackModel,
    stopReason: normaliseOpenAIStop(choice.finish_reason),
  };
}

function malformed(what: string): LlmError {
  return new LlmError({
    kind: "server",
    retryable: false,
    message: `Malformed ${what} response from server`,
    provider: PROVIDER,
  });
}

function errorMessage(json: unknown, status: number): string {
  const e = (json as { error?: unknown } | null)?.error;
  if (typeof e === "string") return e;
  const m = (e as { message?: unknown } | undefined)?.message;
  return typeof m === "string" ? m : `HTTP ${status}`;
}

export function createOpenAICompatibleProvider(opts: OpenAICompatibleProviderOptions): LlmProvider {
  const root = openAIBaseURL(opts.baseURL);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const limiter = createLimiter(opts.maxConcurrency ?? 4);

  async function post(path: string, body: unknown, d: Deadline): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${root}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(opts.apiKey && { authorization: `Bearer ${opts.apiKey}` }),
        },
        body: JSON.stringify(body),
        signal: d.signal,
      });
    } catch (err) {
      throw classifyFetchError(err, d);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw classifyFetchError(err, d);
    }
    let json: unknown = undefined;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      if (res.ok) throw malformed(path);
    }
    if (!res.ok) {
      throw errorFromStatus(res.status, {
        message: errorMessage(json, res.status),
        retryAfterMs: parseRetryAfter(res.headers),
        provider: PROVIDER,
      });
    }
    return json;
  }

  const run = <T>(signal: AbortSignal | undefined, attempt: (d: Deadline) => Promise<T>): Promise<T> =>
    withRetry(
      () =>
        limiter.run(async () => {
          const d = deadline(timeoutMs, signal);
          try {
            return await attempt(d);
          } finally {
            d.dispose();
          }
        }, signal),
      { ...opts.retry, maxRetries: opts.maxRetries ?? 4, ...(signal && { signal }) },
    );

  return {
    name: opts.name ?? PROVIDER,

    async complete(input: TCompleteRequest) {
      const req = parseCompleteRequest(input, PROVIDER);
      const body = toOpenAIBody(req, opts.defaultMaxTokens);
      return run(req.signal, async (d) => {
        const started = performance.now();
        const json = await post("/chat/completions", body, d);
        return fromOpenAIResponse(json, Math.round(performance.now() - started), req.model);
      });
    },

    async embed(texts: string[], model?: string): Promise<TEmbedResult> {
      const input = ZEmbedInput.safeParse(texts);
      if (!input.success)
        throw new LlmError({ kind: "bad_request", message: "embed() needs 1-2048 strings", provider: PROVIDER });
      const useModel = model ?? opts.defaultEmbeddingModel;
      if (!useModel)
        throw new LlmError({ kind: "bad_request", message: "No embedding model given", provider: PROVIDER });
      return run(undefined, async (d) => {
        const started = performance.now();
        const parsed = ZEmbeddingsResponse.safeParse(
          await post("/embeddings", { model: useModel, input: input.data }, d),
        );
        if (!parsed.success || parsed.data.data.length !== texts.length) throw malformed("embeddings");
        const vectors = [...parsed.data.data].sort((a, b) => a.index - b.index).map((e) => e.embedding);
        return {
          vectors,
          model: parsed.data.model ?? useModel,
          usage: { inputTokens: parsed.data.usage?.prompt_tokens ?? 0 },
          latencyMs: Math.round(performance.now() - started),
        };
      });
    },
  };
}

function classifyFetchError(err: unknown, d: Deadline): LlmError {
  if (d.callerAborted())
    return new LlmError({ kind: "aborted", message: "Request aborted by caller", provider: PROVIDER, cause: err });
  if (d.timedOut())
    return new LlmError({ kind: "timeout", message: "Request timed out", provider: PROVIDER, cause: err });
  // fetch() rejects with a TypeError for DNS/connection failures.
  return new LlmError({
    kind: "network",
    message: `Connection failed: ${(err as Error)?.message ?? String(err)}`,
    provider: PROVIDER,
    cause: err,
  });
}
