// A child process of bench:experiment: `app` serves the app's /api/inngest handlers (the same
// serveHandlers() apps/web mounts) over HTTP; `executor` runs the embedded executor (as `npm start`
// does). Each prints one JSON line when ready; on SIGTERM it prints {"vmHwmKb": …} and exits.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Readable } from "node:stream";

const mode = process.argv[2];

function vmHwmKb() {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0);
}
process.on("SIGTERM", () => {
  const cpu = process.cpuUsage();
  // Live heap after a full collection (with --expose-gc): tells a leak from a heap V8 let grow.
  const mb = (n: number) => Math.round(n / 2 ** 20);
  const before = process.memoryUsage();
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const memory = { rss: mb(before.rss), heapTotal: mb(before.heapTotal), external: mb(before.external) };
  console.error(`${mode} memory at exit (MB): ${JSON.stringify(memory)}, live heap ${Math.round(heapMb)}`);
  console.log(JSON.stringify({ vmHwmKb: vmHwmKb(), cpuSeconds: (cpu.user + cpu.system) / 1e6, heapMb }));
  process.exit(0);
});

async function main() {
  // Dynamic, like the jobs imports below: one instance of @yardstick/db (bench/ is CommonJS).
  const { createDb, setDb } = await import("@yardstick/db");
  setDb(createDb(process.env.DATABASE_URL!, { poolMax: Number(process.env.BENCH_POOL ?? 8) }));
  if (mode === "executor") {
    const { EmbeddedExecutor } = await import("@yardstick/jobs/embedded");
    const ex = await EmbeddedExecutor.start({
      signingKey: process.env.INNGEST_SIGNING_KEY!,
      eventKey: process.env.INNGEST_EVENT_KEY!,
      // The executor's own poll interval (500 ms), as `npm start` runs it: events wake it at once.
      log: () => {},
    });
    console.log(JSON.stringify({ url: ex.url }));
  } else {
    const { serveHandlers } = await import("@yardstick/jobs");
    const handlers = serveHandlers() as unknown as Record<string, (r: Request, c: unknown) => Promise<Response>>;
    const serve = async (req: IncomingMessage, res: ServerResponse) => {
      const handler = handlers[req.method ?? ""];
      if (!handler) return void res.writeHead(404).end();
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const response = await handler(
        new Request(`http://${req.headers.host}${req.url}`, {
          method: req.method,
          headers,
          body: req.method === "GET" ? undefined : (Readable.toWeb(req) as ReadableStream),
          duplex: "half",
        } as RequestInit),
        { params: Promise.resolve({}) },
      );
      const out: Record<string, string> = {};
      response.headers.forEach((v, k) => (out[k] = v));
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    };
    const server = createServer((req, res) => void serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    console.log(JSON.stringify({ url: `http://127.0.0.1:${port}/api/inngest` }));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
