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
 * The load comes from bench/open-loop.c (built with the system C compiler; bench/open-loop.ts on
 * Node when there is none), the server runs with the web server's Node flags (node-flags.ts), and
 * this process lowers its own priority while it waits (see deprioritizeThisProcess).
 *
 * Env: BENCH_RPS (1000), BENCH_SECONDS (30), BENCH_DATABASE_URL / TEST_DATABASE_URL (a scratch
 * database is created and dropped), BENCH_PORT (3298), BENCH_READ_PATH=1 (edited weights: every
 * request reads the stored row), BENCH_CLIENT=c|node (the load generator; default c, falling back
 * to node), BENCH_SERVER_FLAGS / BENCH_CLIENT_FLAGS (more Node flags for the server / the Node
 * client, e.g. "--max-semi-space-size=64"), BENCH_PIN=1 (taskset: server on CPU 1, client on 0),
 * BENCH_TRACE_DIR (a folder: per-request CSVs of both sides and the server's GC pauses and
 * event-loop gaps, to line a slow request up with its cause; with BENCH_HEAP_PROFILE=1 or =live
 * also the server's allocation profile), BENCH_PROFILE_DIR (the server's --cpu-prof).
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from "node:child_process";
import { getPriority, loadavg, setPriority, tmpdir } from "node:os";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { createServer } from "node:http";
import { appendFileSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, createScratchDatabase } from "@yardstick/db/admin";
import { closeDb, createDb, setDb } from "@yardstick/db";
import { createCaller, publicRoutes, routeHandler } from "@yardstick/api";
import { webServerNodeFlags } from "@yardstick/server";
import { signUp } from "@yardstick/server/services/users";
import { Yardstick } from "@yardstick/sdk";
import { percentile } from "./lib";

const SERVER =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const RPS = Number(process.env.BENCH_RPS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const READ_PATH = process.env.BENCH_READ_PATH === "1";
const PORT = Number(process.env.BENCH_PORT ?? 3298);
const KEY = "support-tone";
// V8 flags for the server and the load generator (e.g. "--max-semi-space-size=64"), to measure GC settings.
// The server gets the web server's own flags first (single-threaded GC on ≤ 2 cores, as `npm start`
// gives them; YARDSTICK_SINGLE_THREADED_GC=0 turns it off), then BENCH_SERVER_FLAGS.
const SERVER_FLAGS = [...webServerNodeFlags(), ...(process.env.BENCH_SERVER_FLAGS ?? "").split(" ").filter(Boolean)];
const CLIENT_FLAGS = (process.env.BENCH_CLIENT_FLAGS ?? "").split(" ").filter(Boolean);
// BENCH_PIN=1: the server on CPU 1 and the load generator on CPU 0 (taskset), as if the client ran
// on another machine; Postgres may use both.
const PIN = process.env.BENCH_PIN === "1";
const CLIENT = process.env.BENCH_CLIENT ?? "auto";

/** node with these arguments, under `taskset -c <cpu>` when pinning. */
function spawnNode(cpu: number, args: string[], options: SpawnOptions) {
  return spawnOn(cpu, process.execPath, args, options);
}

function spawnOn(cpu: number, command: string, args: string[], options: SpawnOptions) {
  return PIN ? spawn("taskset", ["-c", String(cpu), command, ...args], options) : spawn(command, args, options);
}

/**
 * The load generator: bench/open-loop.c built with the system C compiler (BENCH_CLIENT=c, the
 * default), else bench/open-loop.ts on Node (BENCH_CLIENT=node, or no compiler). Both take the
 * same OPEN_LOOP_* settings and print the same JSON line.
 */
function loadGenerator(): { kind: "c" | "node"; command: string; args: string[] } {
  const node = {
    kind: "node" as const,
    command: process.execPath,
    args: [...CLIENT_FLAGS, "--import", "tsx", fileURLToPath(new URL("./open-loop.ts", import.meta.url))],
  };
  if (CLIENT === "node") return node;
  const binary = join(mkdtempSync(join(tmpdir(), "yardstick-open-loop-")), "open-loop");
  const source = fileURLToPath(new URL("./open-loop.c", import.meta.url));
  const built = spawnSync(process.env.CC || "cc", ["-O2", "-o", binary, source, "-lm"], { encoding: "utf8" });
  if (built.status === 0) return { kind: "c", command: binary, args: [] };
  if (CLIENT === "c")
    throw new Error(`BENCH_CLIENT=c: building bench/open-loop.c failed: ${built.stderr || built.error}`);
  console.log(`no C load generator (${(built.stderr || String(built.error)).trim().split("\n")[0]}); using Node's`);
  return node;
}
// The server process authenticates the key with the same secret this process created it under.
process.env.YARDSTICK_SECRET ??= "bench-secret-0123456789abcdef";

/** GC pauses of 5 ms or more in this process (ms, rounded), as they happen. */
function watchGcPauses(): number[] {
  const pauses: number[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration >= 5) pauses.push(Math.round(e.duration));
  }).observe({ entryTypes: ["gc"] });
  return pauses;
}

// BENCH_TRACE_DIR: the server writes server.csv (every request: in at, epoch ms; time inside) and
// stalls.csv (GC pauses and event-loop gaps ≥ 3 ms, epoch ms); the client writes client.csv.
const TRACE_DIR = process.env.BENCH_TRACE_DIR;
const HEAP_PROFILE = ["1", "live"].includes(process.env.BENCH_HEAP_PROFILE ?? "");
const HEAP_PROFILE_LIVE = process.env.BENCH_HEAP_PROFILE === "live";

/** Server-side trace lines (BENCH_TRACE_DIR), written when the bench asks for its timings. */
function traceServer() {
  const requests: string[] = [];
  const stalls: string[] = [];
  if (!TRACE_DIR)
    return { request: (_n: unknown, _t0: number, _ms: number) => {}, start: async () => {}, flush: async () => {} };
  // BENCH_HEAP_PROFILE=1: also server.heapprofile, where the measured requests allocated (sampled every 4 KB, collected
  // objects included; open it in Chrome DevTools' Memory tab)
  const inspector = new Session();
  inspector.connect();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.duration >= 3)
        stalls.push(`gc,${(performance.timeOrigin + e.startTime).toFixed(2)},${e.duration.toFixed(2)}`);
  }).observe({ entryTypes: ["gc"] });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last >= 4)
      stalls.push(`gap,${(performance.timeOrigin + last).toFixed(2)},${(now - last - 1).toFixed(2)}`);
    last = now;
  }, 1).unref();
  return {
    request: (n: unknown, t0: number, ms: number) =>
      requests.push(`${String(n)},${(performance.timeOrigin + t0).toFixed(2)},${ms.toFixed(2)}`),
    start: async () => {
      if (!HEAP_PROFILE) return;
      await inspector.post("HeapProfiler.enable");
      await inspector.post("HeapProfiler.startSampling", {
        samplingInterval: 4096,
        // BENCH_HEAP_PROFILE=live: only what is still on the heap when the run ends (what outlived
        // the scavenges: garbage promoted to the old space included, until a mark-compact)
        includeObjectsCollectedByMajorGC: !HEAP_PROFILE_LIVE,
        includeObjectsCollectedByMinorGC: !HEAP_PROFILE_LIVE,
      });
    },
    flush: async () => {
      if (HEAP_PROFILE) {
        const { profile } = await inspector.post("HeapProfiler.stopSampling");
        writeFileSync(`${TRACE_DIR}/server.heapprofile`, JSON.stringify(profile));
      }
      writeFileSync(`${TRACE_DIR}/server.csv`, `n,inAtEpochMs,serverMs\n${requests.splice(0).join("\n")}\n`);
      writeFileSync(`${TRACE_DIR}/stalls.csv`, `kind,atEpochMs,ms\n${stalls.splice(0).join("\n")}\n`);
    },
  };
}

/**
 * Every thread of this process to nice 19 (Linux niceness is per thread), e.g. while it only waits
 * for the server and the load generator: on 2 cores its idle-time GCs (seen in perf sched: the main
 * and four V8 threads busy for 200 ms) took the CPU from the server. Returns what to restore.
 */
function deprioritizeThisProcess(): Array<[number, number]> {
  const before: Array<[number, number]> = [];
  let tids: number[];
  try {
    tids = readdirSync("/proc/self/task").map(Number);
  } catch {
    return before; // not Linux
  }
  for (const tid of tids) {
    try {
      before.push([tid, getPriority(tid)]);
      setPriority(tid, 19);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return before;
}

function restorePriorities(before: Array<[number, number]>) {
  for (const [tid, p] of before) {
    try {
      setPriority(tid, p);
    } catch {
      // not allowed without privileges, or the thread ended
    }
  }
}

/** Server mode: serve the assignment and config routes on PORT with the database in DATABASE_URL. */
async function serve() {
  setDb(createDb(process.env.DATABASE_URL!, { poolMax: 10 }));
  const routes: Record<string, (req: Request) => Promise<Response>> = {
    "/api/public/assignments": routeHandler(publicRoutes.assignRoute),
    "/api/public/assignments/config": routeHandler(publicRoutes.experimentConfigRoute),
    "/api/public/assignments/exposures": routeHandler(publicRoutes.exposuresRoute),
  };
  const serverMs: number[] = []; // request in → response written, inside this process
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const gcPauses = watchGcPauses();
  const trace = traceServer();
  let measuring = false;
  const server = createServer((req, res) => {
    void (async () => {
      const t0 = performance.now();
      if (req.url === "/bench/server-timings") {
        if (measuring) await trace.flush();
        else await trace.start();
        measuring = true;
        const sorted = serverMs.splice(0).sort((a, b) => a - b);
        const body = {
          p50Ms: percentile(sorted, 50),
          p99Ms: percentile(sorted, 99),
          loopDelayP99Ms: loop.percentile(99) / 1e6,
          gcPauses: gcPauses.splice(0),
        };
        loop.reset();
        return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      }
      const handler = routes[(req.url ?? "").split("?")[0]!];
      if (!handler) return void res.writeHead(404).end();
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      // the body read whole, then handed over (a request is a few hundred bytes; Readable.toWeb's
      // stream adapter cost more than the route itself)
      const chunks: Buffer[] = [];
      if (req.method !== "GET") for await (const c of req) chunks.push(c as Buffer);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers,
        body: req.method === "GET" ? undefined : Buffer.concat(chunks),
      });
      const response = await handler(request);
      const out: Record<string, string> = {};
      response.headers.forEach((v, k) => (out[k] = v));
      const payload = Buffer.from(await response.arrayBuffer());
      out["content-length"] = String(payload.length);
      res.writeHead(response.status, out);
      res.end(payload);
      serverMs.push(performance.now() - t0);
      if (measuring) trace.request(req.headers["x-bench-n"], t0, performance.now() - t0);
    })();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(PORT, "127.0.0.1", r));
  process.on("SIGTERM", () => process.exit(0)); // exit normally so --cpu-prof writes its profile
  process.stdout.write("ready\n");
}

type TOpenLoop = {
  requests: number;
  seconds: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  fromSendP50Ms: number;
  fromSendP99Ms: number;
  lateP50Ms: number;
  lateP99Ms: number;
  gcPauses: number[];
  /** connections the C generator opened */
  connections?: number;
};

/** The load, from its own lean process (see loadGenerator); the server's figures restart after its warm-up. */
function openLoop(secret: string, generator: ReturnType<typeof loadGenerator>): Promise<TOpenLoop> {
  const child = spawnOn(0, generator.command, generator.args, {
    env: {
      ...process.env,
      OPEN_LOOP_URL: `http://127.0.0.1:${PORT}/api/public/assignments`,
      OPEN_LOOP_AUTH: `Bearer ${secret}`,
      OPEN_LOOP_RPS: String(RPS),
      OPEN_LOOP_SECONDS: String(SECONDS),
      OPEN_LOOP_WARMUP_SECONDS: String(WARMUP_SECONDS),
      OPEN_LOOP_AFTER_WARMUP_GET: `http://127.0.0.1:${PORT}/bench/server-timings`,
      ...(TRACE_DIR ? { OPEN_LOOP_DUMP: `${TRACE_DIR}/client.csv` } : {}),
      OPEN_LOOP_BODY: JSON.stringify({ unit: { id: "{unit}" }, experiments: [KEY] }),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").at(-1)!) as TOpenLoop)
        : reject(new Error(`open loop exited ${code}`)),
    ),
  );
}

function startServer(databaseUrl: string): Promise<ChildProcess> {
  const prof = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawnNode(1, [...prof, ...SERVER_FLAGS, "--import", "tsx", fileURLToPath(import.meta.url), "--serve"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, YARDSTICK_RATE_LIMIT_PER_MINUTE: "10000000" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve(child);
      if (TRACE_DIR) appendFileSync(`${TRACE_DIR}/server-stdout.log`, d); // e.g. --trace-gc lines
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
    const definition = (weightB: number) => ({
      projectId,
      key: KEY,
      name: "Bench",
      unitType: "userId" as const,
      primaryMetric: { kind: "thumbs_up_rate" as const },
      promptId: v1.prompt.id,
      variants: [
        { key: "control", name: "A", promptVersionId: v1.version.id, weight: 1 - weightB },
        { key: "warm", name: "B", promptVersionId: v2.version.id, weight: weightB },
      ],
    });
    const e = await caller.onlineExperiments.create(definition(0.5));
    await caller.onlineExperiments.start({ projectId, experimentId: e.id });
    // BENCH_READ_PATH=1: weights edited once running, so every request reads the stored row first
    // (as bandits do) instead of answering by the hash
    if (READ_PATH) await caller.onlineExperiments.update({ ...definition(0.6), experimentId: e.id });
    const secret = (await caller.apiKeys.create({ projectId, name: "bench", scopes: ["assign"] })).secret;

    const generator = loadGenerator();
    child = await startServer(scratch.url);
    // This process only waits while the load runs; its threads (V8's, tsx's loader thread) would
    // otherwise take the CPU from the server at idle-time GCs.
    const running = openLoop(secret, generator); // spawned first: a child would inherit the niceness
    const priorities = deprioritizeThisProcess();
    const load = await running;
    restorePriorities(priorities);
    const loadAvg = loadavg().map((x) => Math.round(x * 100) / 100);
    const { p50Ms, p99Ms, errors } = load;
    const sent = load.requests;
    console.log(
      `load generator: ${generator.kind === "c" ? `bench/open-loop.c (${load.connections} connections)` : "bench/open-loop.ts"}`,
    );
    console.log(
      `requests ${sent} in ${load.seconds.toFixed(1)} s (${Math.round(sent / load.seconds)}/s), errors ${errors}`,
    );
    console.log(
      `p50 ${p50Ms.toFixed(2)} ms, p95 ${load.p95Ms.toFixed(2)} ms, p99 ${p99Ms.toFixed(2)} ms, max ${load.maxMs.toFixed(1)} ms`,
    );
    console.log(`server node flags: ${SERVER_FLAGS.join(" ") || "(none)"}`);
    console.log(`load average ${loadAvg.join(" ")} (${(await import("node:os")).cpus().length} cores)`);
    const server = (await (await fetch(`http://127.0.0.1:${PORT}/bench/server-timings`)).json()) as {
      p50Ms: number;
      p99Ms: number;
      loopDelayP99Ms: number;
      gcPauses: number[];
    };
    console.log(
      `inside the server process (request in → response written): p50 ${server.p50Ms.toFixed(2)} ms, p99 ${server.p99Ms.toFixed(2)} ms; event-loop delay p99 ${server.loopDelayP99Ms.toFixed(2)} ms`,
    );
    console.log(`GC pauses ≥ 5 ms: server ${JSON.stringify(server.gcPauses)}, client ${JSON.stringify(load.gcPauses)}`);
    console.log(`client sent late by: p50 ${load.lateP50Ms.toFixed(2)} ms, p99 ${load.lateP99Ms.toFixed(2)} ms`);
    console.log(
      `from the send (without the client's lateness): p50 ${load.fromSendP50Ms.toFixed(2)} ms, p99 ${load.fromSendP99Ms.toFixed(2)} ms`,
    );

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
        path: READ_PATH ? "read-stored" : "hash",
        client: generator.kind,
        serverFlags: SERVER_FLAGS.join(" "),
        rps: RPS,
        seconds: SECONDS,
        requests: sent,
        achievedRps: Math.round(sent / load.seconds),
        errors,
        p50Ms: Math.round(p50Ms * 100) / 100,
        p99Ms: Math.round(p99Ms * 100) / 100,
        fromSendP50Ms: load.fromSendP50Ms,
        fromSendP99Ms: load.fromSendP99Ms,
        serverP50Ms: Math.round(server.p50Ms * 100) / 100,
        serverP99Ms: Math.round(server.p99Ms * 100) / 100,
        targetP99Ms: 10,
        localP50Us: Math.round(localP50Us * 10) / 10,
        localP99Us: Math.round(localP99Us * 10) / 10,
        loadAverage: loadAvg,
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
