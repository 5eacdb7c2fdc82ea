import { createHash } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import {
  closeServer,
  delay,
  estimateTokens,
  inFlightCounter,
  listen,
  readRequest,
  sendJson,
  type TRecordedRequest,
} from "./http-util";

export type TFakeOpenAIReply =
  | { type: "text"; text: string; finishReason?: string; delayMs?: number }
  /** `arguments` as an object is JSON-encoded; a string is sent as is (to test malformed JSON). */
  | { type: "tool_calls"; calls: Array<{ name: string; arguments: unknown; id?: string }>; delayMs?: number }
  | { type: "error"; status: number; retryAfter?: number; message?: string; delayMs?: number };

export type TFakeOpenAIHandler = (
  req: TRecordedRequest,
) => TFakeOpenAIReply | undefined | Promise<TFakeOpenAIReply | undefined>;

export interface FakeOpenAIOptions {
  port?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`; otherwise no auth is required (like Ollama). */
  apiKey?: string;
}

export interface FakeOpenAI {
  /** Server root; the provider appends /v1. */
  url: string;
  requests: TRecordedRequest[];
  /** Replies for /v1/chat/completions, used in order before the handler and the default echo. */
  enqueue(...replies: TFakeOpenAIReply[]): void;
  setHandler(fn: TFakeOpenAIHandler | null): void;
  /** Answers every /v1/embeddings request with this status (null, the default: embeds). */
  failEmbeddings(status: number | null): void;
  readonly maxInFlight: number;
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_EMBEDDING_DIM = 64;

/** Deterministic embedding: hashed bag of lower-cased words, L2-normalised. Shared words → closer vectors. */
export function fakeEmbedding(text: string, dim = FAKE_EMBEDDING_DIM): number[] {
  const v = new Array<number>(dim).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const h = createHash("sha256").update(word).digest();
    const i = h.readUInt32BE(0) % dim;
    v[i] = (v[i] ?? 0) + ((h[4] ?? 0) & 1 ? 1 : -1);
  }
  const norm = Math.hypot(...v);
  return norm === 0 ? v : v.map((x) => x / norm);
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: TRecordedRequest[] = [];
  let queue: TFakeOpenAIReply[] = [];
  let handler: TFakeOpenAIHandler | null = null;
  let embeddingsStatus: number | null = null;
  let ids = 0;
  const flight = inFlightCounter();

  const sendError = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    sendJson(
      res,
      status,
      { error: { message, type: status === 401 ? "invalid_api_key" : "invalid_request_error", code: null } },
      headers,
    );

  const server = createServer((req, res) => {
    void (async () => {
      flight.enter(res);
      const rec = await readRequest(req);
      requests.push(rec);
      if (opts.apiKey !== undefined && rec.headers.authorization !== `Bearer ${opts.apiKey}`)
        return sendError(res, 401, "Invalid API key");
      const body = (rec.body ?? {}) as Record<string, unknown>;

      if (rec.method === "POST" && rec.path === "/v1/embeddings") {
        if (embeddingsStatus !== null) return sendError(res, embeddingsStatus, `Injected ${embeddingsStatus}`);
        const input = typeof body.input === "string" ? [body.input] : body.input;
        if (typeof body.model !== "string" || !Array.isArray(input) || !input.every((s) => typeof s === "string")) {
          return sendError(res, 400, "model and input (string or string[]) are required");
        }
        return sendJson(res, 200, {
          object: "list",
          model: body.model,
          data: input.map((s: string, index) => ({ object: "embedding", index, embedding: fakeEmbedding(s) })),
          usage: { prompt_tokens: input.reduce((n: number, s: string) => n + estimateTokens(s), 0), total_tokens: 0 },
        });
      }

      if (rec.method !== "POST" || rec.path !== "/v1/chat/completions")
        return sendError(res, 404, `No route ${rec.method} ${rec.path}`);

      const reply = queue.shift() ?? (await handler?.(rec));
      if (reply?.delayMs) await delay(reply.delayMs);
      if (res.destroyed) return;
      if (reply?.type === "error") {
        return sendError(
          res,
          reply.status,
          reply.message ?? `Injected ${reply.status}`,
          reply.retryAfter !== undefined ? { "retry-after": String(reply.retryAfter) } : {},
        );
      }
      const messages = Array.isArray(body.messages)
        ? (body.messages as Array<{ role?: string; content?: unknown }>)
        : [];
      if (typeof body.model !== "string" || messages.length === 0)
        return sendError(res, 400, "model and messages are required");
      if (body.stream === true) return sendError(res, 400, "The fake does not stream");

      const prompt = messages.map((m) => (typeof m.content === "string" ? m.content : "")).join("");
      const lastUser = [...messages].reverse().find((m) => m.role === "user");
      const r = reply ?? {
        type: "text" as const,
        text: `echo: ${typeof lastUser?.content === "string" ? lastUser.content : ""}`,
      };
      const message =
        r.type === "text"
          ? { role: "assistant", content: r.text }
          : {
              role: "assistant",
              content: null,
              tool_calls: r.calls.map((c) => ({
                id: c.id ?? `call_fake_${++ids}`,
                type: "function",
                function: {
                  name: c.name,
                  arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments),
                },
              })),
            };
      const completion = estimateTokens(r.type === "text" ? r.text : JSON.stringify(message.tool_calls));
      sendJson(res, 200, {
        id: `chatcmpl-fake-${++ids}`,
        object: "chat.completion",
        created: 0,
        model: body.model,
        choices: [{ index: 0, message, finish_reason: r.type === "text" ? (r.finishReason ?? "stop") : "tool_calls" }],
        usage: {
          prompt_tokens: estimateTokens(prompt),
          completion_tokens: completion,
          total_tokens: estimateTokens(prompt) + completion,
        },
      });
    })();
  });

  const url = await listen(server, opts.port ?? 0);
  return {
    url,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    setHandler: (fn) => void (handler = fn),
    failEmbeddings: (status) => void (embeddingsStatus = status),
    get maxInFlight() {
      return flight.max;
    },
    reset() {
      requests.length = 0;
      queue = [];
      handler = null;
      embeddingsStatus = null;
      flight.resetMax();
    },
    close: () => closeServer(server),
  };
}
