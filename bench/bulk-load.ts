/**
 * The benches' fast loader (BENCH_LOAD=fast, the default): the same events the ingest path gets,
 * turned into rows by the ingest path's own pure steps (zod parse, mergeIngestionEvents, pricing,
 * trace roll-ups, stub traces, the jsonb documents of ingest-sql.ts), then streamed to Postgres
 * with COPY (one `psql` per table) instead of one upsert statement per batch. What differs from
 * ingestEvents, on purpose:
 * - secondary indexes and primary keys of Trace, Observation, Score, Feedback and IngestedEvent
 *   are dropped for the load and built again after it (same definitions, read from pg_indexes);
 * - the roll-up dirty-mark triggers are off during the load (the dashboard bench rebuilds every
 *   roll-up hour from raw rows afterwards, with the real rebuild code);
 * - the candidate queue is not fed (it reads feedback and scores; no bench query reads it);
 * - every batch is self-contained (whole traces), so no merge with stored rows is needed — the
 *   path ingestBatch's one-statement fast path takes too.
 * Rows are what the INSERTs of ingest-sql.ts (tins, oins, s, f, e) would write; a unit of the
 * benches (BENCH_ROWS=20000 … BENCH_VERIFY) compares both loaders' databases.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { ZIngestionEvent, type TIngestionEvent } from "@yardstick/contracts/ingest";
import { mergeIngestionEvents } from "@yardstick/core/ingest";
import { computeCost, createPriceResolver } from "@yardstick/core/cost";
import { listProjectModelPrices, type TCostFn } from "@yardstick/db";
import {
  EMPTY_ROLLUP,
  NO_COST,
  byId,
  priceRows,
  rollupsFromBatch,
  traceRowsFor,
} from "../packages/db/src/repos/ingest-rows";

export type TLoadMode = "fast" | "ingest";
export const LOAD_MODE: TLoadMode = process.env.BENCH_LOAD === "ingest" ? "ingest" : "fast";

const TABLES = ["Trace", "Observation", "Score", "Feedback", "IngestedEvent"] as const;

const TRACE_COLS = [
  "projectId", "id", "timestamp", "name", "userId", "sessionId", "release", "version", "environment", "tags",
  "metadata", "input", "output", "latencyMs", "totalCost", "inputTokens", "outputTokens", "observationCount",
  "hasError", "models", "prompts", "updatedAt",
]; // prettier-ignore
const OBS_COLS = [
  "projectId", "id", "traceId", "type", "parentObservationId", "name", "startTime", "endTime",
  "completionStartTime", "level", "statusMessage", "model", "modelParameters", "input", "output", "metadata",
  "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "totalTokens", "inputCost", "outputCost",
  "cacheReadCost", "cacheWriteCost", "totalCost", "costSource", "promptName", "promptVersion", "updatedAt",
]; // prettier-ignore
const SCORE_COLS = ["projectId", "id", "traceId", "observationId", "name", "value", "stringValue", "dataType", "source", "comment", "timestamp"]; // prettier-ignore
const FEEDBACK_COLS = ["projectId", "id", "traceId", "observationId", "thumbs", "rating", "comment", "tags", "userId", "timestamp"]; // prettier-ignore
const EVENT_COLS = ["projectId", "eventId"];

// COPY text format: \N is NULL; backslash, tab, newline and carriage return are escaped.
const esc = (s: string) =>
  s.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!);
const val = (v: unknown): string => {
  if (v === undefined || v === null) return "\\N";
  if (typeof v === "string") return esc(v);
  if (typeof v === "boolean") return v ? "t" : "f";
  return String(v);
};
const json = (v: unknown) => (v === undefined || v === null ? "\\N" : esc(JSON.stringify(v)));
/** A text[] literal: every element quoted. */
const arr = (a: string[] | undefined | null): string =>
  a ? esc(`{${a.map((x) => `"${x.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`) : "\\N";
const sortedDistinct = (a: string[]) => [...new Set(a)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

async function costFnFor(projectId: string): Promise<TCostFn> {
  const resolve = createPriceResolver(await listProjectModelPrices(projectId));
  return (g) => {
    const price = resolve(g.model, g.startTime);
    if (!price) return undefined;
    return computeCost(
      {
        inputTokens: g.inputTokens ?? 0,
        outputTokens: g.outputTokens ?? 0,
        cacheReadTokens: g.cacheReadTokens ?? 0,
        cacheWriteTokens: g.cacheWriteTokens ?? 0,
      },
      price,
    );
  };
}

/**
 * One batch of events → COPY lines per table, exactly as ingest-sql.ts's INSERTs map the
 * documents (traceDoc, observationDoc, scoreDoc, feedbackDoc name the same fields). `validate`
 * runs the events through the ingest zod schema first (the loader does for its first batch: the
 * events have no transforms or defaults, so parsing returns them unchanged).
 */
function batchLines(projectId: string, raw: unknown[], costFn: TCostFn, now: string, validate: boolean) {
  const events = validate ? raw.map((e) => ZIngestionEvent.parse(e)) : (raw as TIngestionEvent[]);
  const rows = mergeIngestionEvents(events, randomUUID);
  const observations = byId(rows.observations);
  const costs = priceRows(observations, costFn);
  const rollups = rollupsFromBatch(observations, costs);
  const traces = traceRowsFor(rows.traces, observations);
  const p = esc(projectId);
  const iso = (d: Date | undefined) => (d ? d.toISOString() : "\\N");
  const t = traces.map((r) => {
    const u = rollups.get(r.id) ?? EMPTY_ROLLUP;
    return [
      p, val(r.id), iso(r.timestamp ?? r.eventTimestamp), val(r.name), val(r.userId), val(r.sessionId), val(r.release),
      val(r.version), val(r.environment ?? "default"), arr(r.tags ?? []), json(r.metadata), json(r.input), json(r.output),
      val(u.lat), val(u.cost), val(u.itok), val(u.otok), val(u.n), val(u.err),
      arr(sortedDistinct(u.models)), arr(sortedDistinct(u.prompts)), now,
    ].join("\t");
  }); // prettier-ignore
  const o = observations.map((r) => {
    const k = costs.get(r.id) ?? NO_COST;
    return [
      p, val(r.id), val(r.traceId), val(r.type), val(r.parentObservationId), val(r.name), iso(r.startTime ?? r.eventTimestamp),
      iso(r.endTime), iso(r.completionStartTime), val(r.level ?? "DEFAULT"), val(r.statusMessage), val(r.model),
      json(r.modelParameters), json(r.input), json(r.output), json(r.metadata), val(r.inputTokens), val(r.outputTokens),
      val(r.cacheReadTokens), val(r.cacheWriteTokens), val(r.totalTokens), val(k.ic), val(k.oc), val(k.crc), val(k.cwc),
      val(k.tc), val(k.src), val(r.promptName), val(r.promptVersion), now,
    ].join("\t");
  }); // prettier-ignore
  const s = rows.scores.map((r) =>
    [p, val(r.id), val(r.traceId), val(r.observationId), val(r.name), val(r.value), val(r.stringValue), val(r.dataType), "API", val(r.comment), iso(r.timestamp)].join("\t"),
  ); // prettier-ignore
  const f = rows.feedback.map((r) =>
    [p, val(r.id), val(r.traceId), val(r.observationId), val(r.thumbs), val(r.rating), val(r.comment), arr(r.tags ?? []), val(r.userId), iso(r.timestamp)].join("\t"),
  ); // prettier-ignore
  const e = [...new Set(events.map((x) => x.id))].map((id) => `${p}\t${esc(id)}`);
  return { Trace: t, Observation: o, Score: s, Feedback: f, IngestedEvent: e, traces: rows.traces.length };
}

/** A COPY … FROM STDIN through psql; write() honours back-pressure. */
function copyStream(url: string, table: string, cols: string[]) {
  const child: ChildProcess = spawn(
    "psql",
    [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", `COPY "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) FROM STDIN`],
    { stdio: ["pipe", "ignore", "inherit"] },
  );
  const done = new Promise<void>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`COPY ${table}: psql exited ${code}`)))),
  );
  let failed: Error | null = null;
  done.catch((e: Error) => (failed = e));
  return {
    async write(lines: string[]) {
      if (failed) throw failed;
      if (!lines.length) return;
      if (!child.stdin!.write(lines.join("\n") + "\n"))
        await new Promise<void>((r) => child.stdin!.once("drain", () => r()));
    },
    async end() {
      child.stdin!.end();
      await done;
    },
  };
}

/**
 * Loads `batches` (arrays of raw ingest events, each holding whole traces) into the project.
 * Returns seconds spent writing rows and building indexes.
 */
export async function bulkLoad(
  url: string,
  projectId: string,
  batches: Iterable<unknown[]>,
  log: (msg: string) => void = console.log,
): Promise<{ seconds: number; rowSeconds: number; indexSeconds: number; traces: number; events: number }> {
  const started = performance.now();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows: idx } = await admin.query<{ table: string; name: string; def: string; con: string | null }>(
      `SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(i.oid) AS def,
              (SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.conindid = i.oid AND c.contype = 'p') AS con
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1)`,
      [TABLES],
    );
    for (const t of TABLES) await admin.query(`ALTER TABLE "${t}" DISABLE TRIGGER USER`);
    for (const i of idx) {
      if (i.con) await admin.query(`ALTER TABLE "${i.table}" DROP CONSTRAINT "${i.name}"`);
      else await admin.query(`DROP INDEX "${i.name}"`);
    }
    const costFn = await costFnFor(projectId);
    const now = new Date().toISOString();
    const streams = {
      Trace: copyStream(url, "Trace", TRACE_COLS),
      Observation: copyStream(url, "Observation", OBS_COLS),
      Score: copyStream(url, "Score", SCORE_COLS),
      Feedback: copyStream(url, "Feedback", FEEDBACK_COLS),
      IngestedEvent: copyStream(url, "IngestedEvent", EVENT_COLS),
    };
    let traces = 0;
    let events = 0;
    let lastLog = performance.now();
    for (const batch of batches) {
      const lines = batchLines(projectId, batch, costFn, now, events === 0);
      traces += lines.traces;
      events += batch.length;
      await Promise.all(TABLES.map((t) => streams[t].write(lines[t])));
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        log(`  copied ${traces} traces (${events} events) in ${((lastLog - started) / 1000).toFixed(0)} s`);
      }
    }
    await Promise.all(TABLES.map((t) => streams[t].end()));
    const rowsDone = performance.now();
    log(`  rows written in ${((rowsDone - started) / 1000).toFixed(0)} s; building ${idx.length} indexes…`);
    await admin.query("SET maintenance_work_mem = '1GB'");
    // Keys first (what the GIN and other indexes do not need), then the rest.
    for (const i of [...idx].sort((a, b) => Number(!a.con) - Number(!b.con))) {
      const t0 = performance.now();
      if (i.con) await admin.query(`ALTER TABLE "${i.table}" ADD CONSTRAINT "${i.name}" ${i.con}`);
      else await admin.query(i.def);
      log(`    ${i.name} ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    for (const t of TABLES) await admin.query(`ALTER TABLE "${t}" ENABLE TRIGGER USER`);
    const end = performance.now();
    return {
      seconds: (end - started) / 1000,
      rowSeconds: (rowsDone - started) / 1000,
      indexSeconds: (end - rowsDone) / 1000,
      traces,
      events,
    };
  } finally {
    await admin.end();
  }
}
