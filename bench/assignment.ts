/**
 * bench:assignment — POST /api/public/assignments at a fixed rate (default 1,000 requests/s for
 * 30 s, open loop: requests are sent on schedule whatever the answers do) against the route served
 * over real HTTP on 127.0.0.1 by a separate server process (the route definition and handler the
 * Next.js route file mounts, on Node's http server, as packages/api/test/http-server.ts serves them),
 * on a real Postgres. 70 % of requests are new units (an assignment is written), 30 % returning
 * units (the stored assignment is read). Then local evaluation in the SDK: p50/p99 of getVariant
 * with `assignmentMode: "local"` in µs. Prints p50Ms, p99Ms, errors, the load average; the last
 * line is one JSON object. Target: p99 < 10 ms.
 *
 * Env: BENCH_RPS (1000), BENCH_SECONDS (30), BENCH_DATABASE_URL / TEST_DATABASE_URL (a scratch
 * database is created and dropped), BENCH_PORT (3298).
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { loadavg } from "node:os";
import { createServer } from "node:http";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { applyMigrations, createScratchDatabase } from "@yardstick/db/admin";
import { closeDb, createDb, setDb } from "@yardstick/db";
import { createCaller, publicRoutes, routeHandler } from "@yardstick/api";
import { signUp } from "@yardstick/server/services/users";
import { Yardstick } from "@yardstick/sdk";
import { percentile } from "./lib";

const SERVER =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const RPS = Number(process.env.BENCH_RPS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const PORT = Number(process.env.BENCH_PORT ?? 3298);
const KEY = "support-tone";
// The server process authenticates the key with the same secret this process created it under.
process.env.YARDSTICK_SECRET ??= "bench-secret-0123456789abcdef";

/** Server mode: serve the assignment and config routes on PORT with the database in DATABASE_URL. */
async function serve() {
  setDb(createDb(process.env.DATABASE_URL!, { poolMax: 10 }));
  const routes: Record<string, (req: Request) => Promise<Response>> = {
    "/api/public/assignments": routeHandler(publicRoutes.assignRoute),
    "/api/public/assignments/config": routeHandler(publicRoutes.experimentConfigRoute),
    "/api/public/assignments/exposures": routeHandler(publicRoutes.exposuresRoute),
  };
  const server = createServer((req, res) => {
    void (async () => {
      const handler = routes[(req.url ?? "").split("?")[0]!];
      if (!handler) return void res.writeHead(404).end();
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers,
        body: req.method === "GET" ? undefined : (Readable.toWeb(req) as ReadableStream),
        duplex: "half",
      } as RequestInit);
      const response = await handler(request);
      const out: Record<string, string> = {};
      response.headers.forEach((v, k) => (out[k] = v));
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(PORT, "127.0.0.1", r));
  process.on("SIGTERM", () => process.exit(0)); // exit normally so --cpu-prof writes its profile
  process.stdout.write("ready\n");
}

function startServer(databaseUrl: string): Promise<ChildProcess> {
  const prof = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", fileURLToPath(import.meta.url), "--serve"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, YARDSTICK_RATE_LIMIT_PER_MINUTE: "10000000" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function main() {
  const scratch = await createScratchDatabase(SERVER, "yardstick_bench");
  const db = createDb(scratch.url, { poolMax: 4 });
  let child: ChildProcess | undefined;
  try {
    await applyMigrations(scratch.url);
    setDb(db);
    const user = await signUp({ name: "Bench", email: "bench@example.test", password: "bench-password" });
    const caller = createCaller({ userId: user!.id });
    const org = await caller.organizations.create({ name: "Bench" });
    const project = await caller.projects.create({ organizationId: org.id, name: "Bench" });
    const projectId = project.id;
    const base = { messages: [{ role: "user" as const, content: "{{q}}" }], model: "claude-haiku-4-5", params: {} };
    const v1 = await caller.prompts.createVersion({
      projectId,
      name: "p",
      system: "Brief.",
      ...base,
      commitMessage: "1",
    });
    const v2 = await caller.prompts.createVersion({
      projectId,
      name: "p",
      system: "Warm.",
      ...base,
      commitMessage: "2",
    });
    const e = await caller.onlineExperiments.create({
      projectId,
      key: KEY,
      name: "Bench",
      unitType: "userId",
      primaryMetric: { kind: "thumbs_up_rate" },
      promptId: v1.prompt.id,
      variants: [
        { key: "control", name: "A", promptVersionId: v1.version.id, weight: 0.5 },
        { key: "warm", name: "B", promptVersionId: v2.version.id, weight: 0.5 },
      ],
    });
    await caller.onlineExperiments.start({ projectId, experimentId: e.id });
    const secret = (await caller.apiKeys.create({ projectId, name: "bench", scopes: ["assign"] })).secret;

    child = await startServer(scratch.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    let seq = 0;
    const post = (unit: string) =>
      new Promise<number>((resolve) => {
        const body = JSON.stringify({ unit: { id: unit }, experiments: [KEY] });
        const t0 = performance.now();
        const req = http.request(
          {
            host: "127.0.0.1",
            port: PORT,
            path: "/api/public/assignments",
            method: "POST",
            agent,
            headers: {
              authorization: `Bearer ${secret}`,
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
            },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode === 200 ? performance.now() - t0 : -1));
          },
        );
        req.on("error", () => resolve(-1));
        req.end(body);
      });
    const unitFor = () => {
      const i = seq++;
      // 30 % returning units (an earlier unit id), 70 % new ones
      return i > 100 && i % 10 < 3 ? `u-${Math.floor(((i * 0.6180339887) % 1) * i)}` : `u-${i}`;
    };

    // warm-up: connections, caches, prepared statements
    await Promise.all(Array.from({ length: 200 }, () => post(unitFor())));

    const latencies: number[] = [];
    let errors = 0;
    const inflight: Array<Promise<void>> = [];
    const started = performance.now();
    const total = RPS * SECONDS;
    let sent = 0;
    await new Promise<void>((done) => {
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RPS));
        while (sent < due) {
          sent++;
          inflight.push(
            post(unitFor()).then((ms) => {
              if (ms < 0) errors++;
              else latencies.push(ms);
            }),
          );
        }
        if (sent >= total) return done();
        setImmediate(tick);
      };
      tick();
    });
    await Promise.all(inflight);
    const elapsedS = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const p50Ms = percentile(latencies, 50);
    const p99Ms = percentile(latencies, 99);
    const load = loadavg().map((x) => Math.round(x * 100) / 100);
    console.log(`requests ${sent} in ${elapsedS.toFixed(1)} s (${Math.round(sent / elapsedS)}/s), errors ${errors}`);
    console.log(
      `p50 ${p50Ms.toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms, p99 ${p99Ms.toFixed(2)} ms, max ${latencies.at(-1)?.toFixed(1)} ms`,
    );
    console.log(`load average ${load.join(" ")} (${(await import("node:os")).cpus().length} cores)`);
    agent.destroy();

    // local evaluation in the SDK: config cached, hash evaluated in process
    const ys = new Yardstick({ baseUrl: `http://127.0.0.1:${PORT}`, apiKey: secret, assignmentMode: "local" });
    await ys.getVariant(KEY, { id: "warm-up" });
    const us: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const t0 = performance.now();
      await ys.getVariant(KEY, { id: `local-${i}` });
      us.push((performance.now() - t0) * 1000);
    }
    us.sort((a, b) => a - b);
    const localP50Us = percentile(us, 50);
    const localP99Us = percentile(us, 99);
    console.log(
      `local evaluation: p50 ${localP50Us.toFixed(1)} µs, p99 ${localP99Us.toFixed(1)} µs (50,000 getVariant calls)`,
    );
    await ys.flush();
    await ys.shutdown();

    console.log(
      JSON.stringify({
        bench: "assignment",
        rps: RPS,
        seconds: SECONDS,
        requests: sent,
        achievedRps: Math.round(sent / elapsedS),
        errors,
        p50Ms: Math.round(p50Ms * 100) / 100,
        p99Ms: Math.round(p99Ms * 100) / 100,
        targetP99Ms: 10,
        localP50Us: Math.round(localP50Us * 10) / 10,
        localP99Us: Math.round(localP99Us * 10) / 10,
        loadAverage: load,
      }),
    );
  } finally {
    child?.kill();
    await closeDb(db);
    await scratch.drop();
  }
}

if (process.argv.includes("--serve")) void serve();
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
