import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface TRecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
  /** The API key presented (x-api-key or Authorization: Bearer), if any. */
  apiKey: string | undefined;
  receivedAt: number;
}

export async function readRequest(req: IncomingMessage): Promise<TRecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  let body: unknown;
  try {
    body = raw === "" ? undefined : JSON.parse(raw);
  } catch {
    body = undefined;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "")?.[1];
  return {
    method: req.method ?? "GET",
    path: (req.url ?? "/").split("?")[0] ?? "/",
    headers,
    body,
    apiKey: headers["x-api-key"] || bearer || undefined,
    receivedAt: Date.now(),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function listen(server: Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${actual}`);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // Drop keep-alive and still-pending (deliberately slow) requests so close() returns at once.
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Counts requests in flight, for concurrency-limit assertions. */
export function inFlightCounter() {
  let current = 0;
  let max = 0;
  return {
    enter(res: ServerResponse) {
      current++;
      max = Math.max(max, current);
      let left = false;
      const leave = () => {
        if (!left) {
          left = true;
          current--;
        }
      };
      res.once("finish", leave);
      res.once("close", leave);
    },
    get current() {
      return current;
    },
    get max() {
      return max;
    },
    resetMax() {
      max = current;
    },
  };
}
