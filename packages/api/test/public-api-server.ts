import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { publicRoutes, routeHandler, type TRouteDef } from "../src/index";

// Every /api/public route over real HTTP, matched by its OpenAPI path (`{id}` = one segment) and
// method, with the path parameters Next would pass: what an external client (the CLI) talks to.

type TRoute = { method: string; re: RegExp; names: string[]; handle: ReturnType<typeof routeHandler> };

function compile(def: TRouteDef<never, never, never>): TRoute {
  const names: string[] = [];
  const re = new RegExp(
    "^" +
      def.path.replace(/\{(\w+)\}/g, (_, n: string) => {
        names.push(n);
        return "([^/]+)";
      }) +
      "$",
  );
  return { method: def.method, re, names, handle: routeHandler(def) };
}

export async function servePublicApi(): Promise<{ url: string; close: () => Promise<void> }> {
  const routes = (publicRoutes.publicRoutes as unknown as TRouteDef<never, never, never>[]).map(compile);
  async function serve(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "").split("?")[0]!;
    let match: { route: TRoute; params: Record<string, string> } | null = null;
    for (const route of routes) {
      const m = route.re.exec(path);
      if (!m || route.method !== req.method) continue;
      match = { route, params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
      break;
    }
    if (!match) return void res.writeHead(404, { "content-type": "text/plain" }).end("no such route");
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "GET" ? undefined : (Readable.toWeb(req) as ReadableStream),
      duplex: "half",
    } as RequestInit);
    const response = await match.route.handle(request, { params: Promise.resolve(match.params) });
    const out: Record<string, string> = {};
    response.headers.forEach((v, k) => (out[k] = v));
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  }
  const server = createServer((req, res) => void serve(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
