import { createServer, type Server } from "node:http";
import { Readable } from "node:stream";

/** Serves fetch-style route handlers over real HTTP on 127.0.0.1 (as Next's route handlers are); "/a/*" serves "/a/<segment>". */
export async function serveRoutes(
  routes: Record<string, (req: Request) => Promise<Response>>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "").split("?")[0]!;
      // "/a/*" serves any "/a/<segment>" (a dynamic route segment)
      const handler = routes[path] ?? routes[path.replace(/\/[^/]*$/, "/*")];
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream),
        duplex: "half",
      } as RequestInit);
      const response = await handler(request);
      const out: Record<string, string> = {};
      response.headers.forEach((v, k) => (out[k] = v));
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections(); // exporters keep connections alive; do not wait out their idle timeout
      }),
  };
}
