import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";

// `never` parameters: accepts Next-typed handlers (NextRequest) as well as plain fetch handlers.
type THandler = (req: never, ctx: never) => Promise<Response> | Response;

/** Serves fetch-style route handlers ({GET, POST, PUT}) at `path` over real HTTP, as Next does. */
export async function serveRoute(path: string, handlers: Partial<Record<"GET" | "POST" | "PUT", THandler>>) {
  const server: Server = createServer((req, res) => void serve(req, res));
  async function serve(req: IncomingMessage, res: ServerResponse) {
    const handler = handlers[(req.method ?? "") as "GET" | "POST" | "PUT"];
    if ((req.url ?? "").split("?")[0] !== path || !handler) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream),
      duplex: "half",
    } as RequestInit);
    const response = await (handler as (r: Request, c: unknown) => Promise<Response>)(request, {
      params: Promise.resolve({}),
    });
    const out: Record<string, string> = {};
    response.headers.forEach((v, k) => (out[k] = v));
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
