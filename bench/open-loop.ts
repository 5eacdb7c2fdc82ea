/**
 * An open-loop HTTP load generator in its own process (like wrk2): POSTs to OPEN_LOOP_URL at
 * OPEN_LOOP_RPS requests a second for OPEN_LOOP_SECONDS after OPEN_LOOP_WARMUP_SECONDS of warm-up
 * at the same rate, each request timed from when it was due (a late send counts against the
 * latency). Bodies come from OPEN_LOOP_BODY, a JSON template whose "{unit}" is replaced by a unit
 * id: 70 % new units, 30 % returning ones. Prints one JSON line: latency percentiles, how late
 * requests were sent, and this process's GC pauses. OPEN_LOOP_AFTER_WARMUP_GET: a URL fetched
 * between warm-up and measurement (the bench's server resets its own figures there).
 *
 * It imports nothing but Node: run inside the bench's own process (Prisma, the tRPC caller and the
 * set-up data on its heap), the client's scavenges took 12–35 ms each and showed up as latency.
 */
import http from "node:http";
import { writeFileSync } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";

const url = new URL(process.env.OPEN_LOOP_URL!);
const AUTH = process.env.OPEN_LOOP_AUTH ?? "";
const RPS = Number(process.env.OPEN_LOOP_RPS ?? 1000);
const SECONDS = Number(process.env.OPEN_LOOP_SECONDS ?? 30);
const WARMUP_SECONDS = Number(process.env.OPEN_LOOP_WARMUP_SECONDS ?? 5);
const TEMPLATE = process.env.OPEN_LOOP_BODY ?? '{"unit":"{unit}"}';

let measuring = false;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let seq = 0;

function unitFor(): string {
  const i = seq++;
  // 30 % returning units (an earlier unit id), 70 % new ones
  return i > 100 && i % 10 < 3 ? `u-${Math.floor(((i * 0.6180339887) % 1) * i)}` : `u-${i}`;
}

// OPEN_LOOP_DUMP: a CSV of every measured request (sent at, epoch ms; late; from send; a reused socket or not)
const DUMP = process.env.OPEN_LOOP_DUMP;
const dump: string[] = [];

function post(dueAt: number, late: Float64Array, n: number, done: (ms: number, fromSendMs: number) => void) {
  const sentAt = performance.now();
  late[n] = sentAt - dueAt;
  const body = TEMPLATE.replace("{unit}", unitFor());
  const req = http.request(
    {
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: "POST",
      agent,
      headers: {
        "x-bench-n": n,
        authorization: AUTH,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      },
    },
    (res) => {
      res.resume();
      res.on("end", () => {
        const now = performance.now();
        if (DUMP && measuring)
          dump.push(
            `${n},${(performance.timeOrigin + sentAt).toFixed(2)},${(sentAt - dueAt).toFixed(2)},${(now - sentAt).toFixed(2)},${req.reusedSocket ? 1 : 0}`,
          );
        done(res.statusCode === 200 ? now - dueAt : -1, now - sentAt);
      });
    },
  );
  req.on("error", () => done(-1, 0));
  req.end(body);
}

type TRun = { latencies: Float64Array; fromSend: Float64Array; late: Float64Array; errors: number; seconds: number };

function openLoop(seconds: number): Promise<TRun> {
  return new Promise((resolve) => {
    const total = Math.round(RPS * seconds);
    const latencies = new Float64Array(total);
    const fromSend = new Float64Array(total);
    const late = new Float64Array(total);
    let ok = 0;
    let errors = 0;
    let sent = 0;
    let pending = 0;
    const started = performance.now();
    const finished = (ms: number, fromSendMs: number) => {
      if (ms < 0) errors++;
      else {
        fromSend[ok] = fromSendMs;
        latencies[ok++] = ms;
      }
      if (--pending === 0 && sent >= total)
        resolve({
          latencies: latencies.subarray(0, ok),
          fromSend: fromSend.subarray(0, ok),
          late,
          errors,
          seconds: (performance.now() - started) / 1000,
        });
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RPS));
      while (sent < due) {
        const n = sent++;
        pending++;
        post(started + (n * 1000) / RPS, late, n, finished);
      }
      // a 1 ms timer, not setImmediate: a spinning client would take a core from the server
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

const pct = (sorted: Float64Array, p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : 0;
const r2 = (x: number) => Math.round(x * 100) / 100;

async function main() {
  if (WARMUP_SECONDS > 0) await openLoop(WARMUP_SECONDS);
  if (process.env.OPEN_LOOP_AFTER_WARMUP_GET) await fetch(process.env.OPEN_LOOP_AFTER_WARMUP_GET);
  const gcPauses: number[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration >= 5) gcPauses.push(Math.round(e.duration));
  }).observe({ entryTypes: ["gc"] });
  measuring = true;
  const run = await openLoop(SECONDS);
  if (DUMP) writeFileSync(DUMP, `n,sentAtEpochMs,lateMs,fromSendMs,reusedSocket\n${dump.join("\n")}\n`);
  const lat = run.latencies.sort();
  const late = run.late.sort();
  const fromSend = run.fromSend.sort();
  const out = {
    requests: lat.length + run.errors,
    seconds: r2(run.seconds),
    errors: run.errors,
    p50Ms: r2(pct(lat, 50)),
    p95Ms: r2(pct(lat, 95)),
    p99Ms: r2(pct(lat, 99)),
    maxMs: r2(lat.at(-1) ?? 0),
    // from when the request was handed to the HTTP client: the server's and the network's part only
    fromSendP50Ms: r2(pct(fromSend, 50)),
    fromSendP99Ms: r2(pct(fromSend, 99)),
    lateP50Ms: r2(pct(late, 50)),
    lateP99Ms: r2(pct(late, 99)),
    gcPauses,
  };
  agent.destroy();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main();
