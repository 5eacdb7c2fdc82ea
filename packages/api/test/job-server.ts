import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { EmbeddedExecutor, type TExecutorOptions } from "@yardstick/jobs/embedded";

// The real job path for integration tests: an embedded executor (real clock, polling) and the
// app's /api/inngest handlers (serveHandlers(), as apps/web mounts them) over HTTP.
//
// The Inngest client reads INNGEST_* when @yardstick/jobs is first imported, so a test file
// starts the executor before its imports:
//   const jobs = await vi.hoisted(async () => (await import("./job-server")).startJobServer());
//   beforeAll(() => jobs.serveApp()); afterAll(() => jobs.stop());

export async function startJobServer(opts: Partial<TExecutorOptions> = {}) {
  const signingKey = `signkey-test-${randomBytes(32).toString("hex")}`;
  const eventKey = randomBytes(16).toString("hex");
  const executor = await EmbeddedExecutor.start({ signingKey, eventKey, pollMs: 50, log: () => {}, ...opts });
  const saved = { ...process.env };
  Object.assign(process.env, {
    INNGEST_BASE_URL: executor.url,
    INNGEST_SIGNING_KEY: signingKey,
    INNGEST_EVENT_KEY: eventKey,
  });
  let close: (() => Promise<void>) | null = null;
  return {
    executor,
    signingKey,
    eventKey,
    /** Serves the app's functions and syncs them to the executor (call in beforeAll). */
    async serveApp() {
      const { serveHandlers } = await import("@yardstick/jobs");
      const app = await serveRoute("/api/inngest", serveHandlers());
      close = app.close;
      await executor.sync(app.url);
      return app.url;
    },
    async stop() {
      await executor.stop();
      await close?.();
      for (const k of ["INNGEST_BASE_URL", "INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY"]) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    },
  };
}

type THandler = (req: Request, ctx: unknown) => Promise<Response> | Response;

/** Fetch-style route handlers ({GET, POST, PUT}) at `path` over real HTTP, as Next serves them. */
export async function serveRoute(path: string, handlers: Partial<Record<"GET" | "POST" | "PUT", unknown>>) {
  async function serve(req: IncomingMessage, res: ServerResponse) {
    const handler = handlers[(req.method ?? "") as "GET" | "POST" | "PUT"] as THandler | undefined;
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
    const out: Record<string, string> = {};
    response.headers.forEach((v, k) => (out[k] = v));
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  }
  const server = createServer((req, res) => void serve(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
