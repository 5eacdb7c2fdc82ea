import { createServer, type Server } from "node:http";
import { Readable } from "node:stream";

type THandler = (req: Request, ctx: unknown) => Promise<Response> | Response;

/** Serves fetch-style route handlers ({GET, POST, PUT}) at `path` over real HTTP, as Next does. */
export async function serveRoute(path: string, handlers: Record<string, THandler>) {
  const server: Server = createServer(async (req, res) => {
    const handler = handlers[req.method ?? ""];
    if ((req.url ?? "").split("?")[0] !== path || !handler) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream),
      duplex: "half",
    } as RequestInit);
    const response = await handler(request, { params: Promise.resolve({}) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
