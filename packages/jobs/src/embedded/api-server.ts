import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { z } from "zod";
import type { TEventInput } from "./executor";
import { isAuthorized } from "./signing";

// The executor's HTTP API, the part of the Inngest server the SDK calls: event ingestion
// (POST /e/{eventKey}) and sync (POST /fn/register). Any other path answers 404 and is recorded.

const ZEvent = z.object({
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  data: z.record(z.string(), z.unknown()).optional(),
  ts: z.number().optional(),
  user: z.unknown().optional(),
  v: z.string().optional(),
});

export type TApiServer = { url: string; unhandled: string[]; close: () => Promise<void> };

export async function startApiServer(opts: {
  host: string;
  port: number;
  signingKey: string;
  eventKey: string;
  onEvents: (events: TEventInput[]) => Promise<string[]>;
  onRegister: (body: unknown) => Promise<void>;
}): Promise<TApiServer> {
  const unhandled: string[] = [];
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown;
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
    } catch {
      return reply(res, 400, { error: "body is not JSON", status: 400 });
    }
    const eventPath = /^\/e\/([^/]+)$/.exec(path);
    if (req.method === "POST" && eventPath) {
      if (decodeURIComponent(eventPath[1]!) !== opts.eventKey)
        return reply(res, 401, { error: "Event key not found", status: 401 });
      const parsed = z
        .array(ZEvent)
        .min(1)
        .safeParse(Array.isArray(body) ? body : [body]);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return reply(res, 400, { error: `${issue?.path.join(".")}: ${issue?.message}`, status: 400 });
      }
      return reply(res, 200, { ids: await opts.onEvents(parsed.data), status: 200 });
    }
    if (req.method === "POST" && path === "/fn/register") {
      if (!isAuthorized(req.headers.authorization, opts.signingKey))
        return reply(res, 401, { error: "unauthorized", status: 401 });
      try {
        await opts.onRegister(body);
      } catch (err) {
        return reply(res, 400, { error: (err as Error).message, status: 400 });
      }
      return reply(res, 200, { ok: true, modified: true });
    }
    unhandled.push(`${req.method} ${path}`);
    return reply(res, 404, { error: `${req.method} ${path} is not implemented by the embedded executor`, status: 404 });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => reply(res, 500, { error: err.message, status: 500 }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host, resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://${opts.host}:${port}`,
    unhandled,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
