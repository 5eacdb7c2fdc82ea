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

/** A scripted reply. `delayMs` holds the response back (before any byte is sent). */
export type TFakeAnthropicReply =
  | { type: "text"; text: string; stopReason?: string; delayMs?: number }
  | { type: "tool_use"; name: string; input: unknown; id?: string; text?: string; delayMs?: number }
  | {
      type: "error";
      status: number;
      /** Seconds, sent as `Retry-After`. */
      retryAfter?: number;
      /** Sent as `retry-after-ms`. */
      retryAfterMs?: number;
      message?: string;
      delayMs?: number;
    };

export type TFakeAnthropicHandler = (
  req: TRecordedRequest,
) => TFakeAnthropicReply | undefined | Promise<TFakeAnthropicReply | undefined>;

export interface FakeAnthropicOptions {
  port?: number;
  /** When set, any other key gets 401; otherwise any non-empty key is accepted. */
  apiKey?: string;
}

export interface FakeAnthropic {
  /** Pass as the SDK's baseURL. */
  url: string;
  requests: TRecordedRequest[];
  /** Replies are used in order, one per /v1/messages request, before the handler and the default echo. */
  enqueue(...replies: TFakeAnthropicReply[]): void;
  /** Called for each request when the queue is empty; return undefined for the default echo. */
  setHandler(fn: TFakeAnthropicHandler | null): void;
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Forget recorded requests, queued replies, handler, seen cache prefixes and the in-flight maximum. */
  reset(): void;
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

// API version 2026-10-21 rejects these even at default values; the fake does too.
const REMOVED_PARAMS = ["temperature", "top_p", "top_k"];

interface TBlock {
  type: "text" | "tool_use";
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((b) => (b && typeof b === "object" && "text" in b && typeof b.text === "string" ? b.text : ""))
      .join("");
  }
  return "";
}

export async function startFakeAnthropic(opts: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const requests: TRecordedRequest[] = [];
  let queue: TFakeAnthropicReply[] = [];
  let handler: TFakeAnthropicHandler | null = null;
  let seenPrefixes = new Set<string>();
  let ids = 0;
  const flight = inFlightCounter();

  const errorBody = (status: number, message: string) => ({
    type: "error",
    error: { type: ERROR_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error"), message },
    request_id: `req_fake_${++ids}`,
  });

  const sendError = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    sendJson(res, status, errorBody(status, message), { "request-id": `req_fake_${ids}`, ...headers });

  /** Cache simulation: the prefix up to the last system block with cache_control is written once, then read. */
  function usageFor(body: Record<string, unknown>) {
    const system = body.system;
    let prefix = "";
    let rest = "";
    if (Array.isArray(system)) {
      const lastCached = system.map((b) => Boolean(b?.cache_control)).lastIndexOf(true);
      system.forEach((b, i) => {
        const t = typeof b?.text === "string" ? b.text : "";
        if (i <= lastCached) prefix += t;
        else rest += t;
      });
    } else if (typeof system === "string") {
      rest += system;
    }
    const messages = Array.isArray(body.messages) ? body.messages : [];
    for (const m of messages) rest += textOf(m?.content);
    let cacheRead = 0;
    let cacheWrite = 0;
    if (prefix) {
      const key = `${String(body.model)}\u0000${prefix}`;
      if (seenPrefixes.has(key)) cacheRead = estimateTokens(prefix);
      else {
        seenPrefixes.add(key);
        cacheWrite = estimateTokens(prefix);
      }
    }
    return {
      input_tokens: estimateTokens(rest),
      cache_creation_input_tokens: cacheWrite,
      cache_read_input_tokens: cacheRead,
    };
  }

  function blocksFor(reply: Exclude<TFakeAnthropicReply, { type: "error" }>): { blocks: TBlock[]; stopReason: string } {
    if (reply.type === "text")
      return { blocks: [{ type: "text", text: reply.text }], stopReason: reply.stopReason ?? "end_turn" };
    const blocks: TBlock[] = [];
    if (reply.text) blocks.push({ type: "text", text: reply.text });
    blocks.push({ type: "tool_use", id: reply.id ?? `toolu_fake_${++ids}`, name: reply.name, input: reply.input });
    return { blocks, stopReason: "tool_use" };
  }

  function outputTokens(blocks: TBlock[]): number {
    return Math.max(
      1,
      blocks.reduce(
        (n, b) => n + estimateTokens(b.type === "text" ? (b.text ?? "") : JSON.stringify(b.input ?? {})),
        0,
      ),
    );
  }

  function writeStream(
    res: ServerResponse,
    model: string,
    blocks: TBlock[],
    stopReason: string,
    usage: ReturnType<typeof usageFor>,
  ) {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "request-id": `req_fake_${++ids}`,
    });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send("message_start", {
      type: "message_start",
      message: {
        id: `msg_fake_${++ids}`,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    });
    send("ping", { type: "ping" });
    blocks.forEach((b, index) => {
      if (b.type === "text") {
        send("content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } });
        // Word-sized deltas, so clients see several chunks.
        for (const piece of (b.text ?? "").match(/\S+\s*|\s+/g) ?? []) {
          send("content_block_delta", {
            type: "content_block_delta",
            index,
            delta: { type: "text_delta", text: piece },
          });
        }
      } else {
        send("content_block_start", {
          type: "content_block_start",
          index,
          content_block: { type: "tool_use", id: b.id, name: b.name, input: {} },
        });
        const json = JSON.stringify(b.input ?? {});
        for (let i = 0; i < json.length; i += 8) {
          send("content_block_delta", {
            type: "content_block_delta",
            index,
            delta: { type: "input_json_delta", partial_json: json.slice(i, i + 8) },
          });
        }
      }
      send("content_block_stop", { type: "content_block_stop", index });
    });
    send("message_delta", {
      type: "message_delta",
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens(blocks) },
    });
    send("message_stop", { type: "message_stop" });
    res.end();
  }

  const server = createServer((req, res) => {
    void (async () => {
      flight.enter(res);
      const rec = await readRequest(req);
      requests.push(rec);
      if (rec.method !== "POST" || rec.path !== "/v1/messages")
        return sendError(res, 404, `No route ${rec.method} ${rec.path}`);
      if (!rec.apiKey) return sendError(res, 401, "Missing API key");
      if (opts.apiKey !== undefined && rec.apiKey !== opts.apiKey) return sendError(res, 401, "Invalid API key");

      const reply = queue.shift() ?? (await handler?.(rec));
      if (reply?.delayMs) await delay(reply.delayMs);
      if (res.destroyed) return;

      if (reply?.type === "error") {
        const headers: Record<string, string> = {};
        if (reply.retryAfter !== undefined) headers["retry-after"] = String(reply.retryAfter);
        if (reply.retryAfterMs !== undefined) headers["retry-after-ms"] = String(reply.retryAfterMs);
        return sendError(res, reply.status, reply.message ?? `Injected ${reply.status}`, headers);
      }

      const body = (rec.body ?? {}) as Record<string, unknown>;
      if (typeof body.model !== "string" || !Array.isArray(body.messages) || typeof body.max_tokens !== "number") {
        return sendError(res, 400, "model, messages and max_tokens are required");
      }
      const removed = REMOVED_PARAMS.find((k) => k in body);
      if (removed) return sendError(res, 400, `${removed}: Extra inputs are not permitted`);

      const lastUser = [...body.messages].reverse().find((m) => m?.role === "user");
      const { blocks, stopReason } = blocksFor(reply ?? { type: "text", text: `echo: ${textOf(lastUser?.content)}` });
      const usage = usageFor(body);
      if (body.stream === true) return writeStream(res, body.model, blocks, stopReason, usage);
      sendJson(
        res,
        200,
        {
          id: `msg_fake_${++ids}`,
          type: "message",
          role: "assistant",
          model: body.model,
          content: blocks,
          stop_reason: stopReason,
          stop_sequence: null,
          usage: { ...usage, output_tokens: outputTokens(blocks) },
        },
        { "request-id": `req_fake_${ids}` },
      );
    })();
  });

  const url = await listen(server, opts.port ?? 0);
  return {
    url,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    setHandler: (fn) => void (handler = fn),
    get inFlight() {
      return flight.current;
    },
    get maxInFlight() {
      return flight.max;
    },
    reset() {
      requests.length = 0;
      queue = [];
      handler = null;
      seenPrefixes = new Set();
      flight.resetMax();
    },
    close: () => closeServer(server),
  };
}
