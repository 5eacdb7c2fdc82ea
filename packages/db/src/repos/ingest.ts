import type pg from "pg";
import { getPool } from "../client";

// Set-based writes for public ingest: one transaction per batch, a constant number of statements
// whatever the batch size (unnest of typed arrays), so throughput stays near raw INSERT speed.
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
export type TCostFn = (g: TGenerationForCost) =>
  | { inputCost: number; outputCost: number; cacheReadCost: number; cacheWriteCost: number; totalCost: number }
  | undefined;

const col = <T, V>(rows: T[], f: (r: T) => V | undefined): (V | null)[] => rows.map((r) => f(r) ?? null);
const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

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
  depth = 0,
): Promise<void> {
  const stubs = new Map<string, Date>();
  const explicit = new Set(rows.map((r) => r.id));
  for (const o of observations) {
    if (explicit.has(o.traceId)) continue;
    const t = o.startTime ?? o.eventTimestamp;
    const prev = stubs.get(o.traceId);
    if (!prev || t < prev) stubs.set(o.traceId, t);
  }
  const all: TIngestTraceRow[] = [...rows, ...[...stubs].map(([id, at]) => ({ id, eventTimestamp: at }))];
  if (!all.length) return;
  all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)); // stable lock order across concurrent batches
  const { rows: written } = await c.query<{ id: string }>(
    `WITH v AS (
       SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::jsonb[], $14::jsonb[])
         AS v(id, ts, first_ts, name, uid, sid, rel, ver, env, tags, meta, input, output)
     ),
     ins AS (
       INSERT INTO "Trace" ("projectId", id, "timestamp", name, "userId", "sessionId", release, version, environment,
                            tags, metadata, input, output, models, "updatedAt")
       SELECT $1, v.id, COALESCE(v.ts, v.first_ts), v.name, v.uid, v.sid, v.rel, v.ver, COALESCE(v.env, 'default'),
              COALESCE(string_to_array(v.tags, E'\\x1f'), '{}'), v.meta, v.input, v.output, '{}', now()
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
                   ELSE ARRAY(SELECT DISTINCT x FROM unnest(t.tags || string_to_array(v.tags, E'\\x1f')) AS x ORDER BY x) END,
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
     SELECT id FROM ins UNION ALL SELECT id FROM upd`,
    [
      projectId,
      all.map((r) => r.id),
      col(all, (r) => r.timestamp),
      all.map((r) => r.timestamp ?? r.eventTimestamp),
      col(all, (r) => r.name),
      col(all, (r) => r.userId),
      col(all, (r) => r.sessionId),
      col(all, (r) => r.release),
      col(all, (r) => r.version),
      col(all, (r) => r.environment),
      // tags travel as one unit-separator-joined string per row (pg has no ragged arrays)
      col(all, (r) => r.tags?.join("\u001f")),
      all.map((r) => json(r.metadata)),
      all.map((r) => json(r.input)),
      all.map((r) => json(r.output)),
    ],
  );
  // A row inserted by a concurrent, not yet committed batch is invisible to this statement's
  // snapshot: the INSERT skips it and the UPDATE misses it. Re-apply those rows in a new
  // statement (which waits for and then sees the committed row), so concurrent batches never lose fields.
  const done = new Set(written.map((w) => w.id));
  const hasData = (r: TIngestTraceRow) =>
    Object.entries(r).some(([k, v]) => k !== "id" && k !== "eventTimestamp" && v !== undefined);
  const missed = rows.filter((r) => !done.has(r.id) && hasData(r));
  if (missed.length && depth < 3) await upsertTraces(c, projectId, missed, [], depth + 1);
}

/** Returns the ids of generations that already existed and were merged (they are priced afterwards). */
async function upsertObservations(
  c: pg.PoolClient,
  projectId: string,
  rows: TIngestObservationRow[],
  costFn: TCostFn,
  depth = 0,
): Promise<string[]> {
  if (!rows.length) return [];
  rows = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Generations that arrive complete (model + usage, no client cost) are priced here, in JS;
  // the rest are priced after the merge (priceGenerations), from what the database then holds.
  const cost = rows.map((r) => {
    if (r.costSource === "client") return { src: "client", ic: r.inputCost, oc: r.outputCost, crc: r.cacheReadCost, cwc: r.cacheWriteCost, tc: r.totalCost };
    const hasUsage = [r.inputTokens, r.outputTokens, r.cacheReadTokens, r.cacheWriteTokens].some((v) => v !== undefined);
    if (r.type === "GENERATION" && r.model && hasUsage) {
      const k = costFn({
        model: r.model,
        startTime: r.startTime ?? r.eventTimestamp,
        inputTokens: r.inputTokens ?? null,
        outputTokens: r.outputTokens ?? null,
        cacheReadTokens: r.cacheReadTokens ?? null,
        cacheWriteTokens: r.cacheWriteTokens ?? null,
      });
      if (k) return { src: "computed", ic: k.inputCost, oc: k.outputCost, crc: k.cacheReadCost, cwc: k.cacheWriteCost, tc: k.totalCost };
    }
    return { src: undefined, ic: undefined, oc: undefined, crc: undefined, cwc: undefined, tc: undefined };
  });
  const { rows: written } = await c.query<{ id: string; upd: boolean; gen: boolean }>(
    `WITH v AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[],
                 $9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::jsonb[], $14::jsonb[], $15::jsonb[],
                 $16::jsonb[], $17::int4[], $18::int4[], $19::int4[], $20::int4[], $21::int4[], $22::float8[],
                 $23::float8[], $24::float8[], $25::float8[], $26::float8[], $27::text[], $28::text[], $29::int4[], $30::timestamptz[])
         AS v(id, tid, type, parent, name, st, et, cst, level, msg, model, params, input, output, meta,
              it, ot, crt, cwt, tt, ic, oc, crc, cwc, tc, csrc, pn, pv, evts)
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
      rows.map((r) => r.id),
      rows.map((r) => r.traceId),
      rows.map((r) => r.type),
      col(rows, (r) => r.parentObservationId),
      col(rows, (r) => r.name),
      col(rows, (r) => r.startTime),
      col(rows, (r) => r.endTime),
      col(rows, (r) => r.completionStartTime),
      col(rows, (r) => r.level),
      col(rows, (r) => r.statusMessage),
      col(rows, (r) => r.model),
      rows.map((r) => json(r.modelParameters)),
      rows.map((r) => json(r.input)),
      rows.map((r) => json(r.output)),
      rows.map((r) => json(r.metadata)),
      col(rows, (r) => r.inputTokens),
      col(rows, (r) => r.outputTokens),
      col(rows, (r) => r.cacheReadTokens),
      col(rows, (r) => r.cacheWriteTokens),
      col(rows, (r) => r.totalTokens),
      cost.map((k) => k.ic ?? null),
      cost.map((k) => k.oc ?? null),
      cost.map((k) => k.crc ?? null),
      cost.map((k) => k.cwc ?? null),
      cost.map((k) => k.tc ?? null),
      cost.map((k) => k.src ?? null),
      col(rows, (r) => r.promptName),
      col(rows, (r) => r.promptVersion),
      rows.map((r) => r.eventTimestamp),
    ],
  );
  const merged = written.filter((w) => w.upd && w.gen).map((w) => w.id);
  // See upsertTraces: rows hidden by a concurrent insert are re-applied in a new statement.
  const done = new Set(written.map((w) => w.id));
  const missed = rows.filter((r) => !done.has(r.id));
  if (missed.length && depth < 3) merged.push(...(await upsertObservations(c, projectId, missed, costFn, depth + 1)));
  return merged;
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
     FROM (
       SELECT "traceId",
              round(EXTRACT(EPOCH FROM (max(COALESCE("endTime", "startTime")) - min("startTime"))) * 1000)::int AS lat,
              COALESCE(sum("totalCost"), 0) AS cost,
              COALESCE(sum(COALESCE("inputTokens", 0) + COALESCE("cacheReadTokens", 0) + COALESCE("cacheWriteTokens", 0)), 0)::int AS itok,
              COALESCE(sum("outputTokens"), 0)::int AS otok,
              count(*)::int AS n,
              bool_or(level = 'ERROR') AS err,
              COALESCE(array_agg(DISTINCT model ORDER BY model) FILTER (WHERE model IS NOT NULL), '{}') AS models
         FROM "Observation"
        WHERE "projectId" = $1 AND "traceId" = ANY($18::text[])
        GROUP BY "traceId"
     ) a
     WHERE t."projectId" = $1 AND t.id = a."traceId"`,
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
      scores.map((r) => r.timestamp),
      feedback.map((r) => r.id),
      feedback.map((r) => r.traceId),
      col(feedback, (r) => r.thumbs),
      col(feedback, (r) => r.rating),
      col(feedback, (r) => r.comment),
      col(feedback, (r) => r.userId),
      feedback.map((r) => r.timestamp),
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
      await upsertTraces(c, projectId, batch.traces, batch.observations);
      // Generations merged into an existing row are priced from the merged row.
      const merged = await upsertObservations(c, projectId, batch.observations, costFn);
      await priceGenerations(c, projectId, merged, costFn);
      const touched = [...new Set(batch.observations.map((o) => o.traceId))].sort();
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
