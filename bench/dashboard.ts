/**
 * bench:dashboard — dashboard load time over BENCH_ROWS generations (default 1,000,000) spread
 * over 30 days, written through the ingest service (the public ingest path minus HTTP), then the
 * roll-ups rebuilt. Each filter set is loaded BENCH_RUNS times (default 20) through the tRPC
 * procedure the page uses (dashboards.get: every panel in one call), and the same numbers computed
 * from raw rows (BENCH_RAW_RUNS, default 3) as the baseline. Percentile error: sketch p50/p95/p99
 * of trace latency per day and of generation latency over the window against exact
 * percentile_disc from SQL. Last line: one JSON object.
 *
 * Postgres: BENCH_DATABASE_URL / TEST_DATABASE_URL server (a scratch database is created and
 * dropped), default postgresql://postgres@127.0.0.1:5432/postgres.
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import pg from "pg";
import { applyMigrations, createScratchDatabase } from "@yardstick/db/admin";
import { closeDb, createDb, setDb } from "@yardstick/db";
import { createCaller } from "@yardstick/api";
import { mulberry } from "@yardstick/core/dashboards";
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { getDashboard, rebuildProjectRollups } from "@yardstick/server/services/dashboards";
import { signUp } from "@yardstick/server/services/users";
import { percentile } from "./lib";
import { bulkLoad, LOAD_MODE } from "./bulk-load";

const SERVER =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const RAW_RUNS = Number(process.env.BENCH_RAW_RUNS ?? 3);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 4);
const REUSE = process.env.BENCH_REUSE_DB;
// Also time the hourly-only roll-up path (before the daily tables) against the default, alternating.
const COMPARE_HOURLY = process.env.BENCH_COMPARE_HOURLY !== "0";
const BATCH_EVENTS = 1000;
const DAY = 86_400_000;

const MODELS = [
  { name: "claude-sonnet-4-5", share: 0.55, mu: 7.3, cost: 0.004 },
  { name: "claude-haiku-4-5", share: 0.35, mu: 6.4, cost: 0.0008 },
  { name: "claude-opus-4-1", share: 0.1, mu: 8.0, cost: 0.02 },
];
const NAMES = ["support-chat", "summarise", "classify", "draft-reply"];
const RELEASES = ["v1.0", "v1.1", "v1.2", "v2.0"];

type TEvent = { id: string; timestamp: string; type: string; body: Record<string, unknown> };

/** One trace with 1–3 generations (about 2 on average), scores on a share, feedback on a share. */
function traceEvents(
  rand: () => number,
  start: number,
  span: number,
  i: number,
): { events: TEvent[]; generations: number } {
  // Diurnal traffic: more in working hours (UTC).
  let ts = start + Math.floor(rand() * span);
  const hour = new Date(ts).getUTCHours();
  if ((hour < 7 || hour > 20) && rand() < 0.5) ts = start + Math.floor(rand() * span);
  const age = (ts - start) / span;
  const release = RELEASES[Math.min(3, Math.floor(age * 4))]!;
  const promptVersion = 1 + Math.min(2, Math.floor(age * 3));
  // Zipf-like users: a few heavy users, a long tail.
  const user = `user-${Math.floor(Math.pow(rand(), 3) * 5000)}`;
  // Deterministic ids (UUID-shaped, as clients send): both loaders write the same traces.
  const traceId = `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
  const iso = (ms: number) => new Date(ms).toISOString();
  const e = (type: string, body: Record<string, unknown>): TEvent => ({
    id: randomUUID(),
    timestamp: iso(ts),
    type,
    body,
  });
  const events: TEvent[] = [
    e("trace-create", {
      id: traceId,
      timestamp: iso(ts),
      name: NAMES[i % NAMES.length],
      userId: user,
      release,
      environment: rand() < 0.9 ? "production" : "staging",
      tags: rand() < 0.1 ? ["vip"] : [],
    }),
  ];
  const n = 1 + Math.floor(rand() * 3);
  let t = ts;
  for (let g = 0; g < n; g++) {
    const r = rand();
    const model = r < MODELS[0]!.share ? MODELS[0]! : r < MODELS[0]!.share + MODELS[1]!.share ? MODELS[1]! : MODELS[2]!;
    const u = Math.max(rand(), 1e-9);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    const latency = Math.max(1, Math.round(Math.exp(model.mu + 0.6 * z)));
    const input = 200 + Math.floor(rand() * 3000);
    const output = 50 + Math.floor(rand() * 800);
    events.push(
      e("generation-create", {
        traceId,
        name: "llm-call",
        model: model.name,
        startTime: iso(t),
        endTime: iso(t + latency),
        usage: { input, output, cacheRead: rand() < 0.4 ? 1000 : 0, cacheWrite: rand() < 0.05 ? 500 : 0 },
        cost: { total: (model.cost * (input + 4 * output)) / 1000 },
        level: rand() < 0.05 ? "ERROR" : undefined,
        promptName: "support-answer",
        promptVersion,
      }),
    );
    t += latency;
  }
  if (rand() < 0.3)
    events.push(
      e("score-create", {
        traceId,
        name: "helpfulness",
        value: Math.min(1, Math.max(0, 0.7 + 0.2 * (rand() - 0.5) * 2)),
      }),
    );
  if (rand() < 0.1) events.push(e("score-create", { traceId, name: "safety", value: rand() < 0.02 ? 0 : 1 }));
  if (rand() < 0.1)
    events.push(
      e("feedback-create", {
        traceId,
        thumbs: rand() < 0.8 ? "up" : "down",
        ...(rand() < 0.3 ? { rating: 1 + Math.floor(rand() * 5) } : {}),
      }),
    );
  return { events, generations: n };
}

/** Numbers that differ beyond float summation order (relative 1e-9), and any other difference. */
function numberDiffs(x: unknown, y: unknown, path = "$", out: string[] = []): string[] {
  if (out.length > 10) return out;
  if (typeof x === "number" && typeof y === "number") {
    if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))) out.push(`${path}: ${x} != ${y}`);
  } else if (x instanceof Date && y instanceof Date) {
    if (x.getTime() !== y.getTime()) out.push(`${path}: ${x.toISOString()} != ${y.toISOString()}`);
  } else if (x && y && typeof x === "object" && typeof y === "object") {
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)]))
      numberDiffs((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`, out);
  } else if (x !== y) out.push(`${path}: ${JSON.stringify(x)} != ${JSON.stringify(y)}`);
  return out;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function main() {
  const scratch = REUSE
    ? { url: Object.assign(new URL(SERVER), { pathname: `/${REUSE}` }).toString(), drop: async () => {} }
    : await createScratchDatabase(SERVER, "yardstick_benchdash");
  const dbName = new URL(scratch.url).pathname.slice(1);
  // Roomy pool: a raw comparison runs two sides × ten queries at once.
  const db = createDb(scratch.url, { poolMax: 40 });
  try {
    await applyMigrations(scratch.url);
    process.env.YARDSTICK_SECRET = "bench-secret-0123456789abcdef";
    setDb(db);
    const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
    let caller: ReturnType<typeof createCaller>;
    let project: { id: string };
    // 30 days ending at the last full hour (or BENCH_END), so the window holds every row.
    let end =
      Math.floor((process.env.BENCH_END ? Date.parse(process.env.BENCH_END) : Date.now()) / 3600_000) * 3600_000;
    let start = end - 30 * DAY;
    let load = { ms: 0 };
    let rollup = { ms: 0, value: { hours: 0 } };
    let events = 0;
    if (REUSE) {
      const u = await pool.query<{ id: string }>(`SELECT id FROM "User" WHERE email = 'bench@example.test'`);
      caller = createCaller({ userId: u.rows[0]!.id });
      const pr = await pool.query<{ id: string; end: Date }>(
        `SELECT p.id, date_trunc('hour', (SELECT max("timestamp") FROM "Trace" t WHERE t."projectId" = p.id)) + interval '1 hour' AS end
           FROM "Project" p WHERE p.name = 'dashboards'`,
      );
      project = { id: pr.rows[0]!.id };
      end = pr.rows[0]!.end.getTime();
      start = end - 30 * DAY;
      console.log(`reusing ${dbName}: nothing loaded`);
    } else {
      const user = await signUp({ name: "Bench", email: "bench@example.test", password: "bench-password" });
      if (!user) throw new Error("bench user exists");
      caller = createCaller({ userId: user.id });
      const org = await caller.organizations.create({ name: "Bench" });
      project = await caller.projects.create({ organizationId: org.id, name: "dashboards" });
      const key = { id: "bench", projectId: project.id, scopes: ["ingest" as const] };

      // One seeded stream, batches made in order: batch k is the same whichever writer sends it,
      // and the same in both loaders.
      let generations = 0;
      function* batches(): Generator<TEvent[]> {
        const rand = mulberry(1000);
        let next = 0;
        while (generations < ROWS) {
          const batch: TEvent[] = [];
          while (batch.length < BATCH_EVENTS - 8 && generations < ROWS) {
            const t = traceEvents(rand, start, end - start - 60_000, next++);
            batch.push(...t.events);
            generations += t.generations;
          }
          events += batch.length;
          yield batch;
        }
      }
      console.log(`loading ${ROWS} generations (${LOAD_MODE} loader)…`);
      load = await timed(async () => {
        if (LOAD_MODE === "fast") {
          await bulkLoad(scratch.url, project.id, batches());
          return;
        }
        const it = batches();
        await Promise.all(
          Array.from({ length: WRITERS }, async () => {
            for (let b = it.next(); !b.done; b = it.next()) {
              const res = await ingestEvents(key, { batch: b.value });
              if (res.errors.length) throw new Error(`ingest errors: ${JSON.stringify(res.errors.slice(0, 3))}`);
              if (Math.floor((events - b.value.length) / 200_000) !== Math.floor(events / 200_000)) {
                console.log(`  ingested ${events} events, ${generations} generations`);
              }
            }
          }),
        );
      });
      console.log(`load: ${events} events, ${generations} generations in ${(load.ms / 1000).toFixed(1)} s`);
      await pool.query("VACUUM ANALYZE");
      rollup = await timed(() => rebuildProjectRollups(project.id));
      await pool.query("VACUUM ANALYZE");
      console.log(`roll-ups: ${rollup.value.hours} hours rebuilt in ${(rollup.ms / 1000).toFixed(1)} s`);
    }

    const range = { range: "custom" as const, from: new Date(start), to: new Date(end) };
    const variants: Array<[string, Record<string, unknown>]> = [
      ["all", {}],
      ["release", { filters: { release: "v1.1" } }],
      ["model", { filters: { model: "claude-haiku-4-5" } }],
      [
        "env+name+prompt",
        {
          filters: { environment: "production", name: "support-chat", promptName: "support-answer", promptVersion: 2 },
        },
      ],
      ["compare releases", { compare: { dimension: "release", a: "v1.0", b: "v2.0" } }],
    ];
    // BENCH_VARIANTS=release,model: only these filter sets (e.g. one raw-SQL baseline at 10M, where
    // each raw load takes minutes).
    const only = process.env.BENCH_VARIANTS?.split(",").map((x) => x.trim());
    if (only) variants.splice(0, variants.length, ...variants.filter(([label]) => only.includes(label)));
    const loads: number[] = [];
    const raws: number[] = [];
    const perVariant: Array<Record<string, unknown>> = [];
    const mismatches: string[] = [];
    for (const [label, extra] of variants) {
      const query = { ...range, ...extra };
      await caller.dashboards.get({ projectId: project.id, query }); // warm
      const mine: number[] = [];
      for (let i = 0; i < RUNS; i++)
        mine.push((await timed(() => caller.dashboards.get({ projectId: project.id, query }))).ms);
      const rawMine: number[] = [];
      for (let i = 0; i < RAW_RUNS; i++)
        rawMine.push((await timed(() => getDashboard(project.id, query, { source: "raw" }))).ms);
      // Before/after in the same conditions: the service with the daily tables (default) and with
      // the hourly tables only (the path before them), alternating; and whether both agree.
      const ab: { daily: number[]; hourly: number[] } = { daily: [], hourly: [] };
      if (COMPARE_HOURLY) {
        for (let i = 0; i < RUNS; i++) {
          ab.daily.push((await timed(() => getDashboard(project.id, query))).ms);
          ab.hourly.push((await timed(() => getDashboard(project.id, query, { source: "rollup-hourly" }))).ms);
        }
        const [x, y] = await Promise.all([
          getDashboard(project.id, query),
          getDashboard(project.id, query, { source: "rollup-hourly" }),
        ]);
        const diffs = numberDiffs({ p: x.panels, c: x.compare }, { p: y.panels, c: y.compare });
        if (diffs.length) mismatches.push(`${label}: ${diffs.slice(0, 3).join("; ")}`);
        ab.daily.sort((p, q) => p - q);
        ab.hourly.sort((p, q) => p - q);
      }
      mine.sort((a, b) => a - b);
      rawMine.sort((a, b) => a - b);
      loads.push(...mine);
      raws.push(...rawMine);
      perVariant.push({
        name: label,
        p50Ms: Math.round(percentile(mine, 50)),
        p95Ms: Math.round(percentile(mine, 95)),
        rawP95Ms: rawMine.length ? Math.round(percentile(rawMine, 95)) : null,
        ...(COMPARE_HOURLY
          ? {
              serviceDailyP50Ms: Math.round(percentile(ab.daily, 50)),
              serviceDailyP95Ms: Math.round(percentile(ab.daily, 95)),
              serviceHourlyP50Ms: Math.round(percentile(ab.hourly, 50)),
              serviceHourlyP95Ms: Math.round(percentile(ab.hourly, 95)),
            }
          : {}),
      });
      if (COMPARE_HOURLY)
        console.log(
          `${"".padEnd(18)} service A/B: daily p95 ${percentile(ab.daily, 95).toFixed(0)} ms, hourly-only p95 ${percentile(ab.hourly, 95).toFixed(0)} ms`,
        );
      console.log(
        `${label.padEnd(18)} p50 ${percentile(mine, 50).toFixed(0)} ms  p95 ${percentile(mine, 95).toFixed(0)} ms  raw p95 ${percentile(rawMine, 95).toFixed(0)} ms`,
      );
    }
    loads.sort((a, b) => a - b);
    raws.sort((a, b) => a - b);
    if (mismatches.length) console.log(`daily vs hourly-only differ:\n  ${mismatches.join("\n  ")}`);

    // Percentile error: sketch vs exact percentile_disc, per day (traces) and over the window (generations).
    const d = await caller.dashboards.get({ projectId: project.id, query: range });
    const { rows: exactDays } = await pool.query<{ t: Date; q: number[] }>(
      `SELECT date_trunc('day', "timestamp") AS t, percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY "latencyMs") AS q
         FROM "Trace" WHERE "projectId" = $1 AND "latencyMs" IS NOT NULL AND "timestamp" >= $2 AND "timestamp" < $3 GROUP BY 1`,
      [project.id, new Date(start), new Date(end)],
    );
    let maxErr = 0;
    for (const e of exactDays) {
      const p = d.panels.latency.traces.find((x) => x.t === new Date(e.t).toISOString());
      if (!p) continue;
      [p.p50, p.p95, p.p99].forEach((v, i) => {
        if (v !== null && e.q[i]! > 0) maxErr = Math.max(maxErr, Math.abs(v - e.q[i]!) / e.q[i]!);
      });
    }
    const { rows: exactGen } = await pool.query<{ t: Date; q: number[] }>(
      `SELECT date_trunc('day', t."timestamp") AS t,
              percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (o."endTime" - o."startTime")) * 1000) AS q
         FROM "Observation" o JOIN "Trace" t ON t."projectId" = o."projectId" AND t.id = o."traceId"
        WHERE o."projectId" = $1 AND o.type = 'GENERATION' AND o."endTime" IS NOT NULL GROUP BY 1`,
      [project.id],
    );
    for (const e of exactGen) {
      const p = d.panels.latency.generations.find((x) => x.t === new Date(e.t).toISOString());
      if (!p) continue;
      [p.p50, p.p95, p.p99].forEach((v, i) => {
        if (v !== null && e.q[i]! > 0) maxErr = Math.max(maxErr, Math.abs(v - e.q[i]!) / e.q[i]!);
      });
    }
    const { rows: nRows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Observation" WHERE "projectId" = $1 AND type = 'GENERATION'`,
      [project.id],
    );
    // BENCH_PANELS_OUT=<file>: every variant's panels as JSON (bench/compare-panels.ts compares two loads).
    if (process.env.BENCH_PANELS_OUT) {
      const out: Record<string, unknown> = {};
      for (const [label, extra] of variants)
        out[label] = await caller.dashboards.get({ projectId: project.id, query: { ...range, ...extra } });
      writeFileSync(process.env.BENCH_PANELS_OUT, JSON.stringify(out));
    }
    const dbBytes = Number((await pool.query(`SELECT pg_database_size(current_database()) AS b`)).rows[0].b);
    await pool.end();
    const result = {
      bench: "dashboard",
      rows: nRows[0]!.n,
      traces: d.panels.totals.traces,
      days: 30,
      runsPerVariant: RUNS,
      variants: perVariant,
      p50Ms: Math.round(percentile(loads, 50)),
      p95Ms: Math.round(percentile(loads, 95)),
      rawP95Ms: raws.length ? Math.round(percentile(raws, 95)) : null,
      dailyMatchesHourly: COMPARE_HOURLY ? mismatches.length === 0 : null,
      percentileErrorPct: Number((maxErr * 100).toFixed(3)),
      percentilesChecked: (exactDays.length + exactGen.length) * 3,
      loader: REUSE ? "reused" : LOAD_MODE,
      loadSeconds: Number((load.ms / 1000).toFixed(1)),
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
      rollupBuildSeconds: Number((rollup.ms / 1000).toFixed(1)),
      dbGb: Number((dbBytes / 1e9).toFixed(2)),
    };
    console.log(JSON.stringify(result));
  } finally {
    await closeDb(db).catch(() => {});
    if (process.env.BENCH_KEEP_DB && !REUSE) console.log(`kept database ${dbName} (BENCH_REUSE_DB=${dbName})`);
    else await scratch.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
