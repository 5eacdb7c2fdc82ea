import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

// A tiny stand-in for the Anthropic Messages API (POST /v1/messages, JSON or SSE), enough for
// the real @anthropic-ai/sdk to run against.

export type TFakeMessagesReply =
  | {
      kind: "message";
      text: string;
      usage?: {
        input_tokens: number;
        output_tokens: number;
        cache_read_input_tokens: number;
        cache_creation_input_tokens: number;
      };
      /** Pause between SSE events, so that first-token and end times differ. */
      sseGapMs?: number;
    }
  | { kind: "error"; status: number; type?: string; message: string };

export interface FakeMessages {
  url: string;
  requests: Record<string, unknown>[];
  enqueue(...replies: TFakeMessagesReply[]): void;
  close(): Promise<void>;
}

const DEFAULT_USAGE = {
  input_tokens: 12,
  output_tokens: 7,
  cache_read_input_tokens: 300,
  cache_creation_input_tokens: 40,
};

export async function startFakeMessages(): Promise<FakeMessages> {
  const requests: Record<string, unknown>[] = [];
  const queue: TFakeMessagesReply[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
        requests.push(body);
        if (req.method !== "POST" || req.url?.split("?")[0] !== "/v1/messages") {
          res.writeHead(404).end();
          return;
        }
        const reply = queue.shift() ?? { kind: "message", text: "Hello from the fake." };
        if (reply.kind === "error") {
          res.writeHead(reply.status, { "content-type": "application/json", "request-id": "req_err" }).end(
            JSON.stringify({
              type: "error",
              error: { type: reply.type ?? "invalid_request_error", message: reply.message },
            }),
          );
          return;
        }
        const usage = reply.usage ?? DEFAULT_USAGE;
        const id = `msg_${++n}`;
        const model = typeof body.model === "string" ? `${body.model}-20260101` : "claude-fake";
        if (body.stream !== true) {
          res.writeHead(200, { "content-type": "application/json", "request-id": `req_${n}` }).end(
            JSON.stringify({
              id,
              type: "message",
              role: "assistant",
              model,
              content: [{ type: "text", text: reply.text }],
              stop_reason: "end_turn",
              stop_sequence: null,
              usage,
            }),
          );
          return;
        }
        res.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          "request-id": `req_${n}`,
        });
        const send = (type: string, data: object) =>
          res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
        const gap = () => new Promise((r) => setTimeout(r, reply.sseGapMs ?? 0));
        send("message_start", {
          message: {
            id,
            type: "message",
            role: "assistant",
            model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { ...usage, output_tokens: 1 },
          },
        });
        send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
        await gap();
        const half = Math.ceil(reply.text.length / 2);
        for (const piece of [reply.text.slice(0, half), reply.text.slice(half)]) {
          send("content_block_delta", { index: 0, delta: { type: "text_delta", text: piece } });
          await gap();
        }
        send("content_block_stop", { index: 0 });
        send("message_delta", {
          delta: { stop_reason: "end_turn", stop_sequence: null },
          usage: { output_tokens: usage.output_tokens },
        });
        send("message_stop", {});
        res.end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
