/**
 * bench:explorer — the trace explorer's read API at scale. Loads BENCH_TRACES traces (default
 * 1,000,000; each a trace, a span, a generation and a score: four events) through the ingest
 * service (ingestEvents: validation, merge, pricing, roll-ups; the public route minus HTTP) in
 * batches of 1,000 events, then runs every filter and sort 20 times through the
 * `GET /api/public/traces` route handler (key auth, zod, service, SQL) and the explorer's totals.
 * Prints per query p50Ms/p95Ms/rows, the overall p95Ms, and bytes per trace of each table and
 * index. Last line: one JSON object.
 *
 * Postgres: BENCH_DATABASE_URL / TEST_DATABASE_URL server. A scratch database is created and
 * dropped, unless BENCH_KEEP_DB=1 (kept; its name printed) or BENCH_REUSE_DB=<name> (an earlier
 * kept database: pending migrations are applied, nothing is loaded).
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { applyMigrations, createScratchDatabase } from "@yardstick/db/admin";
import { closeDb, createDb, setDb } from "@yardstick/db";
import { createCaller, publicRoutes, routeHandler } from "@yardstick/api";
import { createApiKey } from "@yardstick/server/services/api-keys";
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { signUp } from "@yardstick/server/services/users";
import { percentile } from "./lib";
import { bulkLoad, LOAD_MODE } from "./bulk-load";

const SERVER =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const TRACES = Number(process.env.BENCH_TRACES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 2);
const REUSE = process.env.BENCH_REUSE_DB;
const TRACES_PER_BATCH = 250; // 1,000 events, the ingest limit
const DAY = 86_400_000;
const NOW = Date.parse("2026-12-01T00:00:00Z");
const MODELS = ["claude-sonnet-4-6", "claude-haiku-4-5", "gpt-4o-mini", "claude-opus-4-1"];
const MODEL_SHARE = [0.5, 0.3, 0.15, 0.05];
const NAMES = ["support-chat", "search", "summarize", "classify", "rare-flow"];
const NAME_SHARE = [0.6, 0.2, 0.1, 0.09, 0.01];

/** Deterministic pseudo-random in [0, 1) from an integer (no state: batches build in any order). */
function rand(i: number, salt: number): number {
  let x = (i * 2654435761 + salt * 40503) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296;
}
const pick = <T>(items: T[], shares: number[], r: number): T => {
  let acc = 0;
  for (let k = 0; k < items.length; k++) if (r < (acc += shares[k]!)) return items[k]!;
  return items[items.length - 1]!;
};

/** Trace i: 30 days, 4 models, 5,000 users, 20 releases, 3 prompts × 4 versions, 2% errors. */
function traceEvents(i: number) {
  const id = `t${i}`;
  const ts = NOW - Math.floor(rand(i, 1) * 30 * DAY);
  const at = (ms: number) => new Date(ts + ms).toISOString();
  const latency = Math.floor(200 + rand(i, 2) ** 3 * 20_000);
  const model = pick(MODELS, MODEL_SHARE, rand(i, 3));
  const prompt = ["answer", "route", "extract"][i % 3]!;
  const e = (type: string, body: Record<string, unknown>) => ({ id: randomUUID(), timestamp: at(0), type, body });
  return [
    e("trace-create", {
      id,
      timestamp: at(0),
      name: pick(NAMES, NAME_SHARE, rand(i, 4)),
      userId: `user-${Math.floor(rand(i, 5) * 5000)}`,
      sessionId: `s-${Math.floor(i / 4)}`,
      environment: rand(i, 6) < 0.9 ? "production" : "staging",
      release: `r-${Math.floor(rand(i, 7) * 20)}`,
      tags: rand(i, 8) < 0.03 ? ["vip", "beta"] : ["beta"],
      input: { question: `Question ${i}: where is my order?` },
      output: { answer: "It ships today." },
    }),
    e("span-create", { id: `${id}-s`, traceId: id, name: "retrieve", startTime: at(0), endTime: at(80) }),
    e("generation-create", {
      id: `${id}-g`,
      traceId: id,
      name: "answer",
      model,
      startTime: at(90),
      endTime: at(latency),
      level: rand(i, 9) < 0.02 ? "ERROR" : "DEFAULT",
      promptName: prompt,
      promptVersion: 1 + Math.floor(rand(i, 10) * 4),
      usage: { input: 100 * (1 + Math.floor(rand(i, 11) * 40)), output: 10 * (1 + Math.floor(rand(i, 12) * 50)) },
    }),
    // Ten values only: many ties for the score filters.
    e("score-create", { traceId: id, name: "helpfulness", value: Math.floor(rand(i, 13) * 11) / 10 }),
  ];
}

type TQuery = { name: string; query: Record<string, string>; pages?: number };
const WEEK_AGO = new Date(NOW - 7 * DAY).toISOString();
const QUERIES: TQuery[] = [
  { name: "newest", query: {} },
  { name: "oldest", query: { order: "asc" } },
  { name: "newest page 3", query: {}, pages: 3 },
  { name: "7-day window", query: { from: WEEK_AGO } },
  { name: "name (1%)", query: { name: "rare-flow" } },
  { name: "user", query: { userId: "user-4242" } },
  { name: "session", query: { sessionId: "s-1234" } },
  { name: "tag (3%)", query: { tags: "vip" } },
  { name: "model (5%)", query: { model: "claude-opus-4-1" } },
  { name: "model (5%) + 7 days", query: { model: "claude-opus-4-1", from: WEEK_AGO } },
  { name: "environment (10%)", query: { environment: "staging" } },
  { name: "release (5%)", query: { release: "r-7" } },
  { name: "prompt version", query: { promptName: "route", promptVersion: "3" } },
  { name: "prompt name + 7 days", query: { promptName: "extract", from: WEEK_AGO } },
  { name: "errors only (2%)", query: { hasError: "true" } },
  { name: "errors + 7 days", query: { hasError: "true", from: WEEK_AGO } },
  { name: "min latency 15s", query: { minLatencyMs: "15000" } },
  { name: "min cost", query: { minCost: "0.05" } },
  { name: "score range", query: { scoreName: "helpfulness", scoreMin: "0.9", scoreMax: "1" } },
  { name: "score range + 7 days", query: { scoreName: "helpfulness", scoreMin: "0.9", scoreMax: "1", from: WEEK_AGO } },
  { name: "score exact", query: { scoreName: "helpfulness", scoreMin: "0.3", scoreMax: "0.3" } },
  { name: "min latency + tag", query: { minLatencyMs: "2000", tags: "vip" } },
  // Rare or empty results: a plan that walks the time index looking for matches reads everything.
  { name: "no match: model", query: { model: "no-such-model" } },
  { name: "no match: environment", query: { environment: "dev" } },
  { name: "no match: release", query: { release: "r-999" } },
  { name: "no match: min latency", query: { minLatencyMs: "60000" } },
  { name: "no match: min cost", query: { minCost: "1000" } },
  { name: "no match: score range", query: { scoreName: "helpfulness", scoreMin: "0.95", scoreMax: "0.99" } },
  { name: "no match: prompt version", query: { promptName: "route", promptVersion: "9" } },
  { name: "rare: errors + opus", query: { hasError: "true", model: "claude-opus-4-1" } },
  { name: "rare: errors, 1 hour", query: { hasError: "true", from: new Date(NOW - 3_600_000).toISOString() } },
  { name: "sort cost", query: { sort: "cost" } },
  { name: "sort cost page 3", query: { sort: "cost" }, pages: 3 },
  { name: "sort cost asc", query: { sort: "cost", order: "asc" } },
  { name: "sort latency", query: { sort: "latency" } },
  { name: "sort latency page 3", query: { sort: "latency" }, pages: 3 },
  { name: "7 days by latency", query: { from: WEEK_AGO, sort: "latency" } },
  { name: "7 days by cost", query: { from: WEEK_AGO, sort: "cost" } },
  { name: "model by cost", query: { model: "claude-opus-4-1", sort: "cost" } },
];

/** Every trace's events in order, 1,000 traces per batch (the fast loader's batches). */
function* fastBatches() {
  for (let b = 0; b * 1000 < TRACES; b++) {
    const batch = [];
    for (let i = b * 1000; i < Math.min(TRACES, (b + 1) * 1000); i++) batch.push(...traceEvents(i));
    yield batch;
  }
}

async function load(projectId: string, url: string) {
  if (LOAD_MODE === "fast") {
    const r = await bulkLoad(url, projectId, fastBatches());
    return {
      loader: "fast",
      seconds: Math.round(r.seconds),
      rowSeconds: Math.round(r.rowSeconds),
      indexSeconds: Math.round(r.indexSeconds),
      tracesPerSecond: Math.round(TRACES / r.seconds),
      eventsPerSecond: Math.round((TRACES * 4) / r.seconds),
    };
  }
  const key = { id: "bench", projectId, scopes: ["ingest" as const] };
  const batches = Math.ceil(TRACES / TRACES_PER_BATCH);
  let next = 0;
  const started = performance.now();
  let lastReport = started;
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      for (let b = next++; b < batches; b = next++) {
        const batch = [];
        for (let i = b * TRACES_PER_BATCH; i < Math.min(TRACES, (b + 1) * TRACES_PER_BATCH); i++)
          batch.push(...traceEvents(i));
        const res = await ingestEvents(key, { batch });
        if (res.errors.length) throw new Error(`ingest errors: ${JSON.stringify(res.errors.slice(0, 3))}`);
        if (performance.now() - lastReport > 30_000) {
          lastReport = performance.now();
          const s = (lastReport - started) / 1000;
          console.log(`  loaded ${(b + 1) * TRACES_PER_BATCH} traces in ${s.toFixed(0)} s`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    loader: "ingest",
    seconds,
    tracesPerSecond: Math.round(TRACES / seconds),
    eventsPerSecond: Math.round((TRACES * 4) / seconds),
  };
}

async function main() {
  process.env.YARDSTICK_SECRET = "bench-secret-0123456789abcdef";
  const base = new URL(SERVER);
  const scratch = REUSE
    ? { url: Object.assign(new URL(SERVER), { pathname: `/${REUSE}` }).toString(), drop: async () => {} }
    : await createScratchDatabase(SERVER, "yardstick_bench_explorer");
  const dbName = new URL(scratch.url).pathname.slice(1);
  const db = createDb(scratch.url, { poolMax: 4 });
  const admin = new pg.Client({ connectionString: scratch.url });
  try {
    await applyMigrations(scratch.url);
    setDb(db);
    await admin.connect();
    let projectId: string;
    let loadStats: Awaited<ReturnType<typeof load>> | null = null;
    if (REUSE) {
      projectId = (await admin.query(`SELECT id FROM "Project" WHERE name = 'explorer'`)).rows[0].id;
    } else {
      const user = await signUp({ name: "Bench", email: "bench@example.test", password: "bench-password" });
      if (!user) throw new Error("bench@example.test already exists");
      const caller = createCaller({ userId: user.id });
      const org = await caller.organizations.create({ name: "Bench" });
      projectId = (await caller.projects.create({ organizationId: org.id, name: "explorer" })).id;
      console.log(`loading ${TRACES} traces (${TRACES * 4} events) into ${dbName} (${LOAD_MODE} loader)…`);
      loadStats = await load(projectId, scratch.url);
      console.log(`loaded: ${loadStats.tracesPerSecond} traces/s (${loadStats.eventsPerSecond} events/s)`);
      await admin.query("VACUUM ANALYZE");
    }
    const ownerId = (await admin.query(`SELECT id FROM "User" LIMIT 1`)).rows[0].id;
    const { secret } = await createApiKey({ projectId, createdById: ownerId, name: randomUUID(), scopes: ["read"] });
    const list = routeHandler(publicRoutes.listTracesRoute);
    const get = async (query: Record<string, string>) => {
      const res = await list(
        new Request(`http://bench.local/api/public/traces?${new URLSearchParams(query)}`, {
          headers: { authorization: `Bearer ${secret}` },
        }),
      );
      const body = (await res.json()) as { traces?: unknown[]; nextCursor?: string | null; error?: string };
      if (res.status !== 200) throw new Error(`${res.status} ${body.error}`);
      return { rows: body.traces!.length, nextCursor: body.nextCursor ?? null };
    };

    const results: Array<{ name: string; p50Ms: number; p95Ms: number; rows: number; error?: string }> = [];
    const all: number[] = [];
    for (const q of QUERIES) {
      const times: number[] = [];
      let rows = 0;
      try {
        // The cursor of page n-1 is fetched once, outside the clock: the timed call is page n.
        const withCursor = (c: string | null): Record<string, string> => (c ? { ...q.query, cursor: c } : q.query);
        let cursor: string | null = null;
        for (let p = 1; p < (q.pages ?? 1); p++) cursor = (await get(withCursor(cursor))).nextCursor;
        const query = withCursor(cursor);
        await get(query); // warm
        for (let r = 0; r < RUNS; r++) {
          const t0 = performance.now();
          rows = (await get(query)).rows;
          times.push(performance.now() - t0);
        }
      } catch (err) {
        results.push({ name: q.name, p50Ms: NaN, p95Ms: NaN, rows: 0, error: (err as Error).message.slice(0, 120) });
        console.log(`${q.name.padEnd(26)} failed: ${(err as Error).message.slice(0, 120)}`);
        continue;
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      const r = {
        name: q.name,
        p50Ms: +percentile(times, 50).toFixed(1),
        p95Ms: +percentile(times, 95).toFixed(1),
        rows,
      };
      results.push(r);
      console.log(
        `${q.name.padEnd(26)} p50 ${String(r.p50Ms).padStart(7)} ms  p95 ${String(r.p95Ms).padStart(7)} ms  rows ${rows}`,
      );
    }
    all.sort((a, b) => a - b);

    const totals = await benchTotals(projectId, ownerId);

    const { rows: rels } = await admin.query<{ name: string; kind: string; table: string; bytes: string }>(
      `SELECT c.relname AS name, c.relkind AS kind, COALESCE(t.relname, c.relname) AS "table",
              CASE WHEN c.relkind = 'r' THEN pg_table_size(c.oid) ELSE pg_relation_size(c.oid) END AS bytes
         FROM pg_class c
         LEFT JOIN pg_index i ON i.indexrelid = c.oid
         LEFT JOIN pg_class t ON t.oid = i.indrelid
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i')
          AND COALESCE(t.relname, c.relname) IN ('Trace', 'Observation', 'Score', 'IngestedEvent')
        ORDER BY 3, 2 DESC, 1`,
    );
    const traceCount = Number((await admin.query(`SELECT count(*) FROM "Trace"`)).rows[0].count);
    const bytesPerTrace: Record<string, number> = {};
    for (const r of rels) bytesPerTrace[r.name] = Math.round(Number(r.bytes) / traceCount);
    const totalBytesPerTrace = Object.values(bytesPerTrace).reduce((s, b) => s + b, 0);
    console.log("bytes per trace (table incl. TOAST, and each index):");
    for (const [name, b] of Object.entries(bytesPerTrace)) console.log(`  ${name.padEnd(50)} ${b}`);
    console.log(`  ${"total".padEnd(50)} ${totalBytesPerTrace}`);
    console.log(`overall p95 ${percentile(all, 95).toFixed(1)} ms over ${all.length} calls`);
    if (process.env.BENCH_KEEP_DB && !REUSE) console.log(`kept database ${dbName} (BENCH_REUSE_DB=${dbName})`);

    console.log(
      JSON.stringify({
        bench: "explorer",
        traces: traceCount,
        load: loadStats,
        dbGb: Number(
          (Number((await admin.query(`SELECT pg_database_size(current_database()) AS b`)).rows[0].b) / 1e9).toFixed(2),
        ),
        loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
        p95Ms: +percentile(all, 95).toFixed(1),
        queries: results,
        totals,
        bytesPerTrace: { total: totalBytesPerTrace, ...bytesPerTrace },
      }),
    );
  } finally {
    await admin.end().catch(() => {});
    await closeDb(db);
    if (!process.env.BENCH_KEEP_DB && !REUSE) await scratch.drop();
    void base;
  }
}

/** The explorer's totals bar (tRPC traces.totals), when this checkout has it. */
async function benchTotals(projectId: string, userId: string) {
  const caller = createCaller({ userId }) as unknown as {
    traces: { totals?: (input: unknown) => Promise<unknown>; filterOptions: (input: unknown) => Promise<unknown> };
  };
  const out: Array<{ name: string; p50Ms: number; p95Ms: number }> = [];
  // The explorer's filter menus load with the page too.
  const menus: number[] = [];
  for (let r = 0; r < 6; r++) {
    const t0 = performance.now();
    await caller.traces.filterOptions({ projectId });
    if (r) menus.push(performance.now() - t0);
  }
  menus.sort((a, b) => a - b);
  out.push({
    name: "filter options",
    p50Ms: +percentile(menus, 50).toFixed(1),
    p95Ms: +percentile(menus, 95).toFixed(1),
  });
  console.log(`filter options p50 ${out[0]!.p50Ms} ms  p95 ${out[0]!.p95Ms} ms`);
  if (!caller.traces.totals) return out;
  for (const q of QUERIES.filter((x) => !x.pages && !x.query.sort && !x.query.order)) {
    const { from, ...rest } = q.query;
    const filter = { ...rest, ...(from ? { from } : {}) };
    const times: number[] = [];
    try {
      await caller.traces.totals({ projectId, filter });
      for (let r = 0; r < Math.min(RUNS, 5); r++) {
        const t0 = performance.now();
        await caller.traces.totals({ projectId, filter });
        times.push(performance.now() - t0);
      }
    } catch (err) {
      console.log(`totals ${q.name}: ${(err as Error).message.slice(0, 120)}`);
      continue;
    }
    times.sort((a, b) => a - b);
    const r = { name: q.name, p50Ms: +percentile(times, 50).toFixed(1), p95Ms: +percentile(times, 95).toFixed(1) };
    out.push(r);
    console.log(
      `totals ${q.name.padEnd(26)} p50 ${String(r.p50Ms).padStart(7)} ms  p95 ${String(r.p95Ms).padStart(7)} ms`,
    );
  }
  return out;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
