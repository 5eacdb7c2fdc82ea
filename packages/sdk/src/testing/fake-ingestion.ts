import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { ZIngestionEvent, formatZodIssues, type TIngestionEvent } from "@yardstick/contracts/ingest";

// A stand-in for POST /api/public/ingestion: records every request, checks every event against
// the shared contract exactly as the server does, and answers as scripted.

export type TFakeIngestionReply =
  /** 207 with a success for each event, except those listed as per-event errors. */
  | { kind: "207"; eventErrors?: Record<string, { status: number; message: string }> }
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  /** Destroys the socket without answering. */
  | { kind: "close" };

export type TRecordedIngestion = {
  at: number;
  headers: IncomingHttpHeaders;
  /** Raw events as received (before any parsing). */
  batch: unknown[];
  /** Events that parsed with ZIngestionEvent. */
  events: TIngestionEvent[];
  reply: TFakeIngestionReply["kind"] | number;
};

export interface FakeIngestion {
  /** Pass as `baseUrl`. */
  url: string;
  requests: TRecordedIngestion[];
  /** Every received event that failed ZIngestionEvent, with the reason. Should stay empty. */
  invalid: { event: unknown; issues: string }[];
  /** Replies used in order, one per request; then `handler`, then a plain 207. */
  enqueue(...replies: TFakeIngestionReply[]): void;
  setHandler(fn: ((req: { batch: unknown[] }) => TFakeIngestionReply | undefined) | null): void;
  /** The events of requests answered with a 2xx, in arrival order. */
  delivered(): TIngestionEvent[];
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeIngestion(): Promise<FakeIngestion> {
  const requests: TRecordedIngestion[] = [];
  const invalid: { event: unknown; issues: string }[] = [];
  let queue: TFakeIngestionReply[] = [];
  let handler: ((req: { batch: unknown[] }) => TFakeIngestionReply | undefined) | null = null;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let batch: unknown[] = [];
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { batch?: unknown };
        if (Array.isArray(body.batch)) batch = body.batch;
      } catch {
        // recorded as an empty batch
      }
      const events: TIngestionEvent[] = [];
      const parseErrors: Record<string, { status: number; message: string }> = {};
      for (const raw of batch) {
        const r = ZIngestionEvent.safeParse(raw);
        if (r.success) events.push(r.data);
        else {
          const issues = formatZodIssues(r.error);
          invalid.push({ event: raw, issues });
          const id = (raw as { id?: unknown } | null)?.id;
          if (typeof id === "string") parseErrors[id] = { status: 400, message: issues };
        }
      }
      const reply = queue.shift() ?? handler?.({ batch }) ?? { kind: "207" };
      requests.push({
        at: Date.now(),
        headers: req.headers,
        batch,
        events,
        reply: reply.kind === "status" ? reply.status : reply.kind,
      });
      if (req.url !== "/api/public/ingestion" || req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      if (reply.kind === "close") {
        req.socket.destroy();
        return;
      }
      if (reply.kind === "status") {
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end(reply.body ?? "");
        return;
      }
      const errors = { ...parseErrors, ...reply.eventErrors };
      const successes = events.filter((e) => !errors[e.id]).map((e) => ({ id: e.id, status: 201 }));
      const errorList = Object.entries(errors).map(([id, e]) => ({ id, ...e }));
      res.writeHead(207, { "content-type": "application/json" }).end(JSON.stringify({ successes, errors: errorList }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    invalid,
    enqueue: (...replies) => void queue.push(...replies),
    setHandler: (fn) => void (handler = fn),
    delivered: () => requests.filter((r) => r.reply === "207").flatMap((r) => r.events),
    async waitForRequests(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} requests, got ${requests.length}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        queue = [];
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on which nothing listens: connections are refused. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
