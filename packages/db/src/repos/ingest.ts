import type pg from "pg";
import { getPool } from "../client";

// Set-based writes for public ingest: one transaction per batch, a constant number of statements
// whatever the batch size. Traces and observations travel as one JSON document per statement
// (jsonb_to_recordset): one native JSON.stringify instead of escaping dozens of pg array literals,
// which was the app's hottest code at ingest.
// Row shapes mirror @yardstick/core/ingest (structural types: packages/db imports none of ours).

type Json = unknown;
export type TIngestTraceRow = {
  id: string;
  eventTimestamp: Date;
  timestamp?: Date;
  name?: string;
  userId?: string;
  sessionId?: string;
  release?: string;
  version?: string;
  environment?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
  input?: Json;
  output?: Json;
};
export type TIngestObservationRow = {
  id: string;
  traceId: string;
  type: "SPAN" | "GENERATION" | "EVENT";
  eventTimestamp: Date;
  parentObservationId?: string;
  name?: string;
  startTime?: Date;
  endTime?: Date;
  completionStartTime?: Date;
  level?: string;
  statusMessage?: string;
  model?: string;
  modelParameters?: Record<string, unknown>;
  input?: Json;
  output?: Json;
  metadata?: Record<string, unknown>;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  totalTokens?: number;
  inputCost?: number;
  outputCost?: number;
  cacheReadCost?: number;
  cacheWriteCost?: number;
  totalCost?: number;
  costSource?: string;
  promptName?: string;
  promptVersion?: number;
};
export type TIngestScoreRow = {
  id: string;
  traceId: string;
  observationId?: string;
  name: string;
  value: number | null;
  stringValue: string | null;
  dataType: string;
  comment?: string;
  timestamp: Date;
};
export type TIngestFeedbackRow = {
  id: string;
  traceId: string;
  thumbs?: number;
  rating?: number;
  comment?: string;
  userId?: string;
  timestamp: Date;
};
export type TIngestRows = {
  traces: TIngestTraceRow[];
  observations: TIngestObservationRow[];
  scores: TIngestScoreRow[];
  feedback: TIngestFeedbackRow[];
};
export type TGenerationForCost = {
  model: string;
  startTime: Date;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
};
export type TCostFn = (
  g: TGenerationForCost,
) =>
  | { inputCost: number; outputCost: number; cacheReadCost: number; cacheWriteCost: number; totalCost: number }
  | undefined;

const col = <T, V>(rows: T[], f: (r: T) => V | undefined): (V | null)[] => rows.map((r) => f(r) ?? null);
// Timestamps travel as ISO strings: pg's own Date serialisation (local time + offset) is a hot spot at ingest.

type TRowCost = { src?: string; ic?: number; oc?: number; crc?: number; cwc?: number; tc?: number };
const NO_COST: TRowCost = {};

/**
 * Generations that arrive complete (model + usage, no client cost) are priced here, in JS; the
 * rest are priced after the merge (priceGenerations), from what the database then holds.
 */
function priceRows(rows: TIngestObservationRow[], costFn: TCostFn): Map<string, TRowCost> {
  const out = new Map<string, TRowCost>();
  for (const r of rows) {
    if (r.costSource === "client") {
      out.set(r.id, {
        src: "client",
        ic: r.inputCost,
        oc: r.outputCost,
        crc: r.cacheReadCost,
        cwc: r.cacheWriteCost,
        tc: r.totalCost,
      });
      continue;
    }
    const hasUsage = [r.inputTokens, r.outputTokens, r.cacheReadTokens, r.cacheWriteTokens].some(
      (v) => v !== undefined,
    );
    if (r.type !== "GENERATION" || !r.model || !hasUsage) continue;
    const k = costFn({
      model: r.model,
      startTime: r.startTime ?? r.eventTimestamp,
      inputTokens: r.inputTokens ?? null,
      outputTokens: r.outputTokens ?? null,
      cacheReadTokens: r.cacheReadTokens ?? null,
      cacheWriteTokens: r.cacheWriteTokens ?? null,
    });
    if (k)
      out.set(r.id, {
        src: "computed",
        ic: k.inputCost,
        oc: k.outputCost,
        crc: k.cacheReadCost,
        cwc: k.cacheWriteCost,
        tc: k.totalCost,
      });
  }
  return out;
}

type TRollup = {
  lat: number | null;
  cost: number;
  itok: number;
  otok: number;
  n: number;
  err: boolean;
  models: string[];
};
const EMPTY_ROLLUP: TRollup = { lat: null, cost: 0, itok: 0, otok: 0, n: 0, err: false, models: [] };

/**
 * The trace roll-ups (as writeScoresFeedbackAndRollups computes them in SQL) from this batch's
 * observations alone. Exact for a trace this batch inserts when every one of its observations is
 * inserted by this batch too: then no other observation of it can exist. Written with the INSERT,
 * so such a trace is written once, not inserted and then updated.
 */
function rollupsFromBatch(rows: TIngestObservationRow[], costs: Map<string, TRowCost>): Map<string, TRollup> {
  const acc = new Map<string, TRollup & { min: number; max: number }>();
  for (const r of rows) {
    let a = acc.get(r.traceId);
    if (!a) acc.set(r.traceId, (a = { ...EMPTY_ROLLUP, models: [], min: Infinity, max: -Infinity }));
    const start = (r.startTime ?? r.eventTimestamp).getTime();
    a.min = Math.min(a.min, start);
    a.max = Math.max(a.max, (r.endTime ?? r.startTime ?? r.eventTimestamp).getTime());
    a.cost += costs.get(r.id)?.tc ?? 0;
    a.itok += (r.inputTokens ?? 0) + (r.cacheReadTokens ?? 0) + (r.cacheWriteTokens ?? 0);
    a.otok += r.outputTokens ?? 0;
    a.n++;
    a.err ||= r.level === "ERROR";
    if (r.model && !a.models.includes(r.model)) a.models.push(r.model);
  }
  return new Map([...acc].map(([id, { min, max, ...a }]) => [id, { ...a, lat: Math.round(max - min) }]));
}

/**
 * One statement per table: insert the rows that are new (complete, with defaults), and merge the
 * rows that already exist field by field (COALESCE keeps what an earlier event set). The UPDATE
 * runs on the statement's snapshot, so it never sees the rows the INSERT just created.
 * Observations' traces are created as stubs (timestamp = first observation) when missing.
 */
async function upsertTraces(
  c: pg.PoolClient,
  projectId: string,
  rows: TIngestTraceRow[],
  observations: TIngestObservationRow[],
  rollups: Map<string, TRollup>,
  depth = 0,
): Promise<Set<string>> {
  const stubs = new Map<string, Date>();
  const explicit = new Set(rows.map((r) => r.id));
  for (const o of observations) {
    if (explicit.has(o.traceId)) continue;
    const t = o.startTime ?? o.eventTimestamp;
    const prev = stubs.get(o.traceId);
    if (!prev || t < prev) stubs.set(o.traceId, t);
  }
  const all: TIngestTraceRow[] = [...rows, ...[...stubs].map(([id, at]) => ({ id, eventTimestamp: at }))];
  if (!all.length) return new Set();
  all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)); // stable lock order across concurrent batches
  const { rows: written } = await c.query<{ id: string; ins: boolean }>(
    `WITH v AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb)
         AS v(id text, ts timestamptz, first_ts timestamptz, name text, uid text, sid text, rel text, ver text, env text,
              tags text[], meta jsonb, input jsonb, output jsonb,
              lat int4, cost float8, itok int4, otok int4, n int4, err bool, models text[])
     ),
     ins AS (
       INSERT INTO "Trace" ("projectId", id, "timestamp", name, "userId", "sessionId", release, version, environment,
                            tags, metadata, input, output, "latencyMs", "totalCost", "inputTokens", "outputTokens",
                            "observationCount", "hasError", models, "updatedAt")
       SELECT $1, v.id, COALESCE(v.ts, v.first_ts), v.name, v.uid, v.sid, v.rel, v.ver, COALESCE(v.env, 'default'),
              COALESCE(v.tags, '{}'), v.meta, v.input, v.output, v.lat, v.cost, v.itok, v.otok,
              v.n, v.err, ARRAY(SELECT DISTINCT x FROM unnest(v.models) AS x ORDER BY x), now()
         FROM v
       ON CONFLICT DO NOTHING
       RETURNING id
     ),
     upd AS (
     UPDATE "Trace" t SET
       "timestamp" = COALESCE(v.ts, t."timestamp"),
       name = COALESCE(v.name, t.name),
       "userId" = COALESCE(v.uid, t."userId"),
       "sessionId" = COALESCE(v.sid, t."sessionId"),
       release = COALESCE(v.rel, t.release),
       version = COALESCE(v.ver, t.version),
       environment = COALESCE(v.env, t.environment),
       tags = CASE WHEN v.tags IS NULL THEN t.tags
                   ELSE ARRAY(SELECT DISTINCT x FROM unnest(t.tags || v.tags) AS x ORDER BY x) END,
       metadata = CASE WHEN v.meta IS NULL THEN t.metadata
                       WHEN jsonb_typeof(t.metadata) = 'object' THEN t.metadata || v.meta ELSE v.meta END,
       input = COALESCE(v.input, t.input),
       output = COALESCE(v.output, t.output),
       "updatedAt" = now()
     FROM v
     WHERE t."projectId" = $1 AND t.id = v.id AND v.id NOT IN (SELECT id FROM ins)
       AND (v.ts IS NOT NULL OR v.name IS NOT NULL OR v.uid IS NOT NULL OR v.sid IS NOT NULL OR v.rel IS NOT NULL
            OR v.ver IS NOT NULL OR v.env IS NOT NULL OR v.tags IS NOT NULL OR v.meta IS NOT NULL
            OR v.input IS NOT NULL OR v.output IS NOT NULL)
     RETURNING t.id
     )
     SELECT id, true AS ins FROM ins UNION ALL SELECT id, false FROM upd`,
    [
      projectId,
      JSON.stringify(
        all.map((r) => {
          const k = rollups.get(r.id) ?? EMPTY_ROLLUP;
          return {
            id: r.id,
            ts: r.timestamp,
            first_ts: r.timestamp ?? r.eventTimestamp,
            name: r.name,
            uid: r.userId,
            sid: r.sessionId,
            rel: r.release,
            ver: r.version,
            env: r.environment,
            tags: r.tags,
            meta: r.metadata,
            input: r.input,
            output: r.output,
            ...k,
          };
        }),
      ),
    ],
  );
  // A row inserted by a concurrent, not yet committed batch is invisible to this statement's
  // snapshot: the INSERT skips it and the UPDATE misses it. Re-apply those rows in a new
  // statement (which waits for and then sees the committed row), so concurrent batches never lose fields.
  const done = new Set(written.map((w) => w.id));
  const hasData = (r: TIngestTraceRow) =>
    Object.entries(r).some(([k, v]) => k !== "id" && k !== "eventTimestamp" && v !== undefined);
  const missed = rows.filter((r) => !done.has(r.id) && hasData(r));
  if (missed.length && depth < 3) await upsertTraces(c, projectId, missed, [], rollups, depth + 1);
  return new Set(written.filter((w) => w.ins).map((w) => w.id));
}

/**
 * Returns the ids of generations that already existed and were merged (they are priced
 * afterwards) and the traces of every merged observation (their roll-ups need the database's rows).
 */
async function upsertObservations(
  c: pg.PoolClient,
  projectId: string,
  rows: TIngestObservationRow[],
  costs: Map<string, TRowCost>,
  depth = 0,
): Promise<{ merged: string[]; mergedTraces: Set<string> }> {
  if (!rows.length) return { merged: [], mergedTraces: new Set() };
  rows = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const cost = rows.map((r) => costs.get(r.id) ?? NO_COST);
  const { rows: written } = await c.query<{ id: string; upd: boolean; gen: boolean }>(
    `WITH v AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb)
         AS v(id text, tid text, type text, parent text, name text, st timestamptz, et timestamptz, cst timestamptz,
              level text, msg text, model text, params jsonb, input jsonb, output jsonb, meta jsonb,
              it int4, ot int4, crt int4, cwt int4, tt int4, ic float8, oc float8, crc float8, cwc float8, tc float8,
              csrc text, pn text, pv int4, evts timestamptz)
     ),
     ins AS (
       INSERT INTO "Observation" ("projectId", id, "traceId", type, "parentObservationId", name, "startTime", "endTime",
              "completionStartTime", level, "statusMessage", model, "modelParameters", input, output, metadata,
              "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "totalTokens", "inputCost", "outputCost",
              "cacheReadCost", "cacheWriteCost", "totalCost", "costSource", "promptName", "promptVersion", "updatedAt")
       SELECT $1, v.id, v.tid, v.type::"ObservationType", v.parent, v.name, COALESCE(v.st, v.evts), v.et, v.cst,
              COALESCE(v.level, 'DEFAULT')::"ObservationLevel", v.msg, v.model, v.params, v.input, v.output, v.meta,
              v.it, v.ot, v.crt, v.cwt, v.tt, v.ic, v.oc, v.crc, v.cwc, v.tc, v.csrc, v.pn, v.pv, now()
         FROM v
       ON CONFLICT DO NOTHING
       RETURNING id
     ),
     upd AS (
     UPDATE "Observation" o SET
       "traceId" = v.tid,
       type = v.type::"ObservationType",
       "parentObservationId" = COALESCE(v.parent, o."parentObservationId"),
       name = COALESCE(v.name, o.name),
       "startTime" = COALESCE(v.st, o."startTime"),
       "endTime" = COALESCE(v.et, o."endTime"),
       "completionStartTime" = COALESCE(v.cst, o."completionStartTime"),
       level = COALESCE(v.level::"ObservationLevel", o.level),
       "statusMessage" = COALESCE(v.msg, o."statusMessage"),
       model = COALESCE(v.model, o.model),
       "modelParameters" = COALESCE(v.params, o."modelParameters"),
       input = COALESCE(v.input, o.input),
       output = COALESCE(v.output, o.output),
       metadata = CASE WHEN v.meta IS NULL THEN o.metadata
                       WHEN jsonb_typeof(o.metadata) = 'object' THEN o.metadata || v.meta ELSE v.meta END,
       "inputTokens" = COALESCE(v.it, o."inputTokens"),
       "outputTokens" = COALESCE(v.ot, o."outputTokens"),
       "cacheReadTokens" = COALESCE(v.crt, o."cacheReadTokens"),
       "cacheWriteTokens" = COALESCE(v.cwt, o."cacheWriteTokens"),
       "totalTokens" = COALESCE(v.tt, o."totalTokens"),
       "inputCost" = CASE WHEN v.csrc = 'client' THEN v.ic ELSE o."inputCost" END,
       "outputCost" = CASE WHEN v.csrc = 'client' THEN v.oc ELSE o."outputCost" END,
       "cacheReadCost" = CASE WHEN v.csrc = 'client' THEN v.crc ELSE o."cacheReadCost" END,
       "cacheWriteCost" = CASE WHEN v.csrc = 'client' THEN v.cwc ELSE o."cacheWriteCost" END,
       "totalCost" = CASE WHEN v.csrc = 'client' THEN v.tc ELSE o."totalCost" END,
       "costSource" = CASE WHEN v.csrc = 'client' OR o."costSource" = 'client' THEN 'client' ELSE o."costSource" END,
       "promptName" = COALESCE(v.pn, o."promptName"),
       "promptVersion" = COALESCE(v.pv, o."promptVersion"),
       "updatedAt" = now()
     FROM v
     WHERE o."projectId" = $1 AND o.id = v.id AND v.id NOT IN (SELECT id FROM ins)
     RETURNING o.id, o.type = 'GENERATION' AS gen
     )
     SELECT id, false AS upd, false AS gen FROM ins UNION ALL SELECT id, true, gen FROM upd`,
    [
      projectId,
      JSON.stringify(
        rows.map((r, i) => {
          const k = cost[i]!;
          return {
            id: r.id,
            tid: r.traceId,
            type: r.type,
            parent: r.parentObservationId,
            name: r.name,
            st: r.startTime,
            et: r.endTime,
            cst: r.completionStartTime,
            level: r.level,
            msg: r.statusMessage,
            model: r.model,
            params: r.modelParameters,
            input: r.input,
            output: r.output,
            meta: r.metadata,
            it: r.inputTokens,
            ot: r.outputTokens,
            crt: r.cacheReadTokens,
            cwt: r.cacheWriteTokens,
            tt: r.totalTokens,
            ic: k.ic,
            oc: k.oc,
            crc: k.crc,
            cwc: k.cwc,
            tc: k.tc,
            csrc: k.src,
            pn: r.promptName,
            pv: r.promptVersion,
            evts: r.eventTimestamp,
          };
        }),
      ),
    ],
  );
  const merged = written.filter((w) => w.upd && w.gen).map((w) => w.id);
  const updated = new Set(written.filter((w) => w.upd).map((w) => w.id));
  const mergedTraces = new Set(rows.filter((r) => updated.has(r.id)).map((r) => r.traceId));
  // See upsertTraces: rows hidden by a concurrent insert are re-applied in a new statement.
  const done = new Set(written.map((w) => w.id));
  const missed = rows.filter((r) => !done.has(r.id));
  for (const r of missed) mergedTraces.add(r.traceId);
  if (missed.length && depth < 3) {
    const again = await upsertObservations(c, projectId, missed, costs, depth + 1);
    merged.push(...again.merged);
  }
  return { merged, mergedTraces };
}

/** Computes cost for generations whose model and usage are now known, unless the client sent one. */
async function priceGenerations(c: pg.PoolClient, projectId: string, ids: string[], costFn: TCostFn) {
  if (!ids.length) return;
  const { rows } = await c.query<TGenerationForCost & { id: string }>(
    `SELECT id, model, "startTime", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens"
       FROM "Observation"
      WHERE "projectId" = $1 AND id = ANY($2::text[]) AND type = 'GENERATION' AND model IS NOT NULL
        AND "costSource" IS DISTINCT FROM 'client'
        AND COALESCE("inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens") IS NOT NULL`,
    [projectId, ids],
  );
  const priced = rows.map((r) => ({ id: r.id, cost: costFn(r) })).filter((r) => r.cost);
  if (!priced.length) return;
  await c.query(
    `UPDATE "Observation" o SET "inputCost" = v.ic, "outputCost" = v.oc, "cacheReadCost" = v.crc,
            "cacheWriteCost" = v.cwc, "totalCost" = v.tc, "costSource" = 'computed'
       FROM unnest($2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[])
         AS v(id, ic, oc, crc, cwc, tc)
      WHERE o."projectId" = $1 AND o.id = v.id`,
    [
      projectId,
      priced.map((p) => p.id),
      priced.map((p) => p.cost!.inputCost),
      priced.map((p) => p.cost!.outputCost),
      priced.map((p) => p.cost!.cacheReadCost),
      priced.map((p) => p.cost!.cacheWriteCost),
      priced.map((p) => p.cost!.totalCost),
    ],
  );
}

/**
 * Scores, feedback and the trace roll-ups in one statement (data-modifying CTEs): one round trip.
 * The roll-up reads observations as the previous statements left them (latency, cost, tokens,
 * count, error flag, models), so the explorer's list needs no joins.
 */
async function writeScoresFeedbackAndRollups(
  c: pg.PoolClient,
  projectId: string,
  scores: TIngestScoreRow[],
  feedback: TIngestFeedbackRow[],
  traceIds: string[],
) {
  if (!scores.length && !feedback.length && !traceIds.length) return;
  await c.query(
    `WITH s AS (
       INSERT INTO "Score" ("projectId", id, "traceId", "observationId", name, value, "stringValue", "dataType", source, comment, "timestamp")
       SELECT $1, v.id, v.tid, v.oid, v.name, v.val, v.sval, v.dt::"ScoreDataType", 'API', v.cmt, v.ts
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])
           AS v(id, tid, oid, name, val, sval, dt, cmt, ts)
       ON CONFLICT ("projectId", id) DO UPDATE SET
         "traceId" = EXCLUDED."traceId", "observationId" = EXCLUDED."observationId", name = EXCLUDED.name,
         value = EXCLUDED.value, "stringValue" = EXCLUDED."stringValue", "dataType" = EXCLUDED."dataType",
         comment = EXCLUDED.comment, "timestamp" = EXCLUDED."timestamp"
       RETURNING 1
     ),
     f AS (
       INSERT INTO "Feedback" ("projectId", id, "traceId", thumbs, rating, comment, "userId", "timestamp")
       SELECT $1, v.id, v.tid, v.th, v.rt, v.cmt, v.uid, v.ts
         FROM unnest($11::text[], $12::text[], $13::int4[], $14::int4[], $15::text[], $16::text[], $17::timestamptz[])
           AS v(id, tid, th, rt, cmt, uid, ts)
       ON CONFLICT ("projectId", id) DO UPDATE SET
         "traceId" = EXCLUDED."traceId", thumbs = EXCLUDED.thumbs, rating = EXCLUDED.rating,
         comment = EXCLUDED.comment, "userId" = EXCLUDED."userId", "timestamp" = EXCLUDED."timestamp"
       RETURNING 1
     )
     UPDATE "Trace" t SET
       "latencyMs" = a.lat, "totalCost" = a.cost, "inputTokens" = a.itok, "outputTokens" = a.otok,
       "observationCount" = a.n, "hasError" = a.err, models = a.models, "updatedAt" = now()
     FROM unnest($18::text[]) AS tid(id)
     -- Driven by the trace ids, each aggregated through the (projectId, traceId) index: the plan cannot
     -- degrade into scanning every observation of the project per trace when statistics are stale.
     CROSS JOIN LATERAL (
       SELECT round(EXTRACT(EPOCH FROM (max(COALESCE(o."endTime", o."startTime")) - min(o."startTime"))) * 1000)::int AS lat,
              COALESCE(sum(o."totalCost"), 0) AS cost,
              COALESCE(sum(COALESCE(o."inputTokens", 0) + COALESCE(o."cacheReadTokens", 0) + COALESCE(o."cacheWriteTokens", 0)), 0)::int AS itok,
              COALESCE(sum(o."outputTokens"), 0)::int AS otok,
              count(*)::int AS n,
              COALESCE(bool_or(o.level = 'ERROR'), false) AS err,
              COALESCE(array_agg(DISTINCT o.model ORDER BY o.model) FILTER (WHERE o.model IS NOT NULL), '{}') AS models
         FROM "Observation" o
        WHERE o."projectId" = $1 AND o."traceId" = tid.id
     ) a
     WHERE t."projectId" = $1 AND t.id = tid.id`,
    [
      projectId,
      scores.map((r) => r.id),
      scores.map((r) => r.traceId),
      col(scores, (r) => r.observationId),
      scores.map((r) => r.name),
      col(scores, (r) => r.value),
      col(scores, (r) => r.stringValue),
      scores.map((r) => r.dataType),
      col(scores, (r) => r.comment),
      scores.map((r) => r.timestamp.toISOString()),
      feedback.map((r) => r.id),
      feedback.map((r) => r.traceId),
      col(feedback, (r) => r.thumbs),
      col(feedback, (r) => r.rating),
      col(feedback, (r) => r.comment),
      col(feedback, (r) => r.userId),
      feedback.map((r) => r.timestamp.toISOString()),
      traceIds,
    ],
  );
}

/**
 * Stores a batch atomically. Event ids already stored are skipped (`build` receives only the
 * new ones), so a re-sent batch stores nothing twice. Either everything new commits or nothing
 * does; the caller acknowledges events only after this resolves.
 */
export async function ingestBatch(
  projectId: string,
  eventIds: string[],
  build: (fresh: Set<string>) => TIngestRows,
  costFn: TCostFn,
): Promise<{ fresh: Set<string> }> {
  const c = await getPool().connect();
  // A connection dropped while this client is checked out emits 'error' on it; without a
  // listener that would crash the process. The failing query rejects and we answer 503.
  const onError = () => {};
  let broken: Error | undefined;
  c.on("error", onError);
  try {
    await c.query("BEGIN");
    const { rows } = await c.query<{ eventId: string }>(
      `INSERT INTO "IngestedEvent" ("projectId", "eventId")
       SELECT $1, e FROM unnest($2::text[]) AS e ORDER BY e
       ON CONFLICT DO NOTHING RETURNING "eventId"`,
      [projectId, eventIds],
    );
    const fresh = new Set(rows.map((r) => r.eventId));
    if (fresh.size) {
      const batch = build(fresh);
      const costs = priceRows(batch.observations, costFn);
      const inserted = await upsertTraces(
        c,
        projectId,
        batch.traces,
        batch.observations,
        rollupsFromBatch(batch.observations, costs),
      );
      // Generations merged into an existing row are priced from the merged row.
      const { merged, mergedTraces } = await upsertObservations(c, projectId, batch.observations, costs);
      await priceGenerations(c, projectId, merged, costFn);
      // Traces inserted here whose observations were all new already carry exact roll-ups.
      const touched = [...new Set(batch.observations.map((o) => o.traceId))]
        .filter((id) => !inserted.has(id) || mergedTraces.has(id))
        .sort();
      await writeScoresFeedbackAndRollups(c, projectId, batch.scores, batch.feedback, touched);
    }
    await c.query("COMMIT");
    return { fresh };
  } catch (err) {
    broken = err as Error;
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    c.off("error", onError);
    c.release(broken); // a failed client is discarded, not returned to the pool
  }
}

/** Which of these trace ids exist in the project (feedback keys may only touch existing traces). */
export async function existingTraceIds(projectId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await getPool().query<{ id: string }>(
    `SELECT id FROM "Trace" WHERE "projectId" = $1 AND id = ANY($2::text[])`,
    [projectId, ids],
  );
  return new Set(rows.map((r) => r.id));
}

export async function listProjectModelPrices(projectId: string) {
  const { rows } = await getPool().query<{
    id: string;
    modelName: string;
    matchPattern: string;
    inputPer1M: number;
    outputPer1M: number;
    cacheReadPer1M: number | null;
    cacheWritePer1M: number | null;
    effectiveFrom: Date;
  }>(
    `SELECT id, "modelName", "matchPattern", "inputPer1M", "outputPer1M", "cacheReadPer1M", "cacheWritePer1M", "effectiveFrom"
       FROM "ModelPrice" WHERE "projectId" = $1 ORDER BY "effectiveFrom" DESC`,
    [projectId],
  );
  return rows;
}
