import { randomUUID } from "node:crypto";
import type pg from "pg";
import { getPool } from "../client";
import {
  INSERT_EVENT_IDS,
  freshBatchStatement,
  observationCtes,
  rollupUpdate,
  scoreFeedbackCtes,
  traceCtes,
  type TFreshBatchResult,
} from "./ingest-sql";
import {
  byId,
  feedbackDoc,
  observationDoc,
  priceRows,
  rollupsFromBatch,
  scoreDoc,
  traceDoc,
  traceRowsFor,
  type TCostFn,
  type TGenerationForCost,
  type TIngestFeedbackRow,
  type TIngestObservationRow,
  type TIngestRows,
  type TIngestScoreRow,
  type TIngestTraceRow,
  type TRollup,
  type TRowCost,
} from "./ingest-rows";

export type {
  TCostFn,
  TGenerationForCost,
  TIngestFeedbackRow,
  TIngestObservationRow,
  TIngestRows,
  TIngestScoreRow,
  TIngestTraceRow,
} from "./ingest-rows";

// Set-based writes for public ingest: one transaction per batch, a constant number of statements
// whatever the batch size. Traces and observations travel as one JSON document per statement
// (jsonb_to_recordset): one native JSON.stringify instead of escaping dozens of pg array literals,
// which was the app's hottest code at ingest.

/** What the upserts wrote: traces inserted / inserted or merged, observations inserted or merged (merged → is a generation). */
type TWritten = { tIns: Set<string>; tAll: Set<string>; oAll: Set<string>; oUpd: Map<string, boolean> };

async function upsertTracesOnce(
  c: pg.PoolClient,
  projectId: string,
  rows: TIngestTraceRow[],
  rollups: Map<string, TRollup>,
) {
  const ins = new Set<string>();
  const all = new Set<string>();
  if (!rows.length) return { ins, all };
  const { rows: written } = await c.query<{ id: string; ins: boolean }>(
    `WITH ${traceCtes(2)} SELECT id, true AS ins FROM tins UNION ALL SELECT id, false FROM tupd`,
    [projectId, traceDoc(rows, rollups)],
  );
  for (const w of written) {
    all.add(w.id);
    if (w.ins) ins.add(w.id);
  }
  return { ins, all };
}

async function upsertObservationsOnce(
  c: pg.PoolClient,
  projectId: string,
  rows: TIngestObservationRow[],
  costs: Map<string, TRowCost>,
) {
  const all = new Set<string>();
  const upd = new Map<string, boolean>();
  if (!rows.length) return { all, upd };
  const { rows: written } = await c.query<{ id: string; upd: boolean; gen: boolean }>(
    `WITH ${observationCtes(2)} SELECT id, false AS upd, false AS gen FROM oins UNION ALL SELECT id, true, gen FROM oupd`,
    [projectId, observationDoc(rows, costs)],
  );
  for (const w of written) {
    all.add(w.id);
    if (w.upd) upd.set(w.id, w.gen);
  }
  return { all, upd };
}

/** The prepared batch: merged rows, their prices and roll-ups, the trace rows (stubs included). */
type TPrepared = {
  batch: TIngestRows;
  observations: TIngestObservationRow[];
  costs: Map<string, TRowCost>;
  rollups: Map<string, TRollup>;
  traces: TIngestTraceRow[];
};

/**
 * Everything a batch needs after its upserts: rows a concurrent, not yet committed batch had
 * inserted are invisible to a statement's snapshot (its INSERT skips them, its UPDATE misses them),
 * so they are re-applied in new statements, which wait for and then see the committed rows —
 * concurrent batches never lose fields. Then generations merged into existing rows are priced from
 * the merged row, and traces get their roll-ups recomputed unless this batch inserted them with
 * all their observations (those already carry exact roll-ups). Scores and feedback not yet written
 * go in the roll-up's statement.
 */
async function completeBatch(
  c: pg.PoolClient,
  projectId: string,
  { batch, observations, costs, rollups }: TPrepared,
  w: TWritten,
  costFn: TCostFn,
  pending: { scores: TIngestScoreRow[]; feedback: TIngestFeedbackRow[] },
) {
  const hasData = (r: TIngestTraceRow) =>
    Object.entries(r).some(([k, v]) => k !== "id" && k !== "eventTimestamp" && v !== undefined);
  let missedT = byId(batch.traces.filter((r) => !w.tAll.has(r.id) && hasData(r)));
  for (let depth = 0; missedT.length && depth < 3; depth++) {
    const again = await upsertTracesOnce(c, projectId, missedT, rollups);
    again.ins.forEach((id) => w.tIns.add(id));
    missedT = missedT.filter((r) => !again.all.has(r.id));
  }
  const missedO = observations.filter((r) => !w.oAll.has(r.id));
  let retry = missedO;
  for (let depth = 0; retry.length && depth < 3; depth++) {
    const again = await upsertObservationsOnce(c, projectId, retry, costs);
    again.upd.forEach((gen, id) => w.oUpd.set(id, gen));
    retry = retry.filter((r) => !again.all.has(r.id));
  }
  await priceGenerations(
    c,
    projectId,
    [...w.oUpd].filter(([, gen]) => gen).map(([id]) => id),
    costFn,
  );
  const mergedTraces = new Set([...observations.filter((r) => w.oUpd.has(r.id)), ...missedO].map((r) => r.traceId));
  const touched = [...new Set(observations.map((o) => o.traceId))]
    .filter((id) => !w.tIns.has(id) || mergedTraces.has(id))
    .sort();
  if (pending.scores.length || pending.feedback.length) {
    await c.query(`WITH ${scoreFeedbackCtes(2, 3)} ${rollupUpdate(4)}`, [
      projectId,
      scoreDoc(pending.scores),
      feedbackDoc(pending.feedback),
      touched,
    ]);
  } else if (touched.length) {
    await c.query(rollupUpdate(2), [projectId, touched]);
  }
}

// Built once: the hot path should not reassemble a statement of this size for every batch.
const FRESH_BATCH = freshBatchStatement(false);
const FRESH_BATCH_STRICT = freshBatchStatement(true);

const connectionTags = new WeakMap<pg.PoolClient, string>();

/**
 * The name of a prepared statement on this connection. Names are unique per connection: the
 * embedded database (PGlite) serves every connection from one session, where a name another
 * connection (or a dropped one) prepared already exists. A connection's first use also sets
 * plan_cache_mode = force_custom_plan: prepared statements skip parsing but are planned per
 * execution, because a
 * cached generic plan chosen while a project's rows were few (fresh tables, stale statistics) kept
 * scanning all of the project's rows per batch as the tables grew.
 */
async function preparedName(c: pg.PoolClient, base: string): Promise<string> {
  let tag = connectionTags.get(c);
  if (tag === undefined) {
    await c.query("SET plan_cache_mode = force_custom_plan");
    // Random, not a counter: each bundle or test file loading this module has its own map.
    tag = randomUUID().slice(0, 8);
    connectionTags.set(c, tag);
  }
  return `${base}-${tag}`;
}

/**
 * The common case in one statement: every event is new (freshBatchStatement). Prepared, so each
 * connection parses it once: parsing this many CTEs anew was a large part of its server CPU.
 */
async function writeFresh(
  c: pg.PoolClient,
  projectId: string,
  eventIds: string[],
  p: TPrepared,
  strict: boolean,
): Promise<TWritten> {
  const { rows } = await c.query<TFreshBatchResult>({
    name: await preparedName(c, strict ? "yardstick-ingest-fresh-strict" : "yardstick-ingest-fresh"),
    text: strict ? FRESH_BATCH_STRICT : FRESH_BATCH,
    values: [
      projectId,
      eventIds,
      traceDoc(p.traces, p.rollups),
      observationDoc(p.observations, p.costs),
      scoreDoc(p.batch.scores),
      feedbackDoc(p.batch.feedback),
    ],
  });
  const r = rows[0]!;
  const notInserted = new Set([...r.tupd, ...r.tmissed]);
  const omissed = new Set(r.omissed);
  const tIns = new Set(p.traces.map((t) => t.id).filter((id) => !notInserted.has(id)));
  return {
    tIns,
    tAll: new Set([...tIns, ...r.tupd]),
    oAll: new Set(p.observations.map((o) => o.id).filter((id) => !omissed.has(id))),
    oUpd: new Map([...r.ogen.map((id) => [id, true] as const), ...r.oother.map((id) => [id, false] as const)]),
  };
}

/** A repeated event id: the batch, or part of it, was stored before. */
const isRepeat = (err: unknown) => {
  const e = err as { code?: string; constraint?: string };
  return e.code === "23505" && e.constraint === "IngestedEvent_pkey";
};
/** The strict statement asked to be redone in a transaction (see freshBatchStatement). */
const needsTransaction = (err: unknown) => (err as { code?: string }).code === "YS001";

/** Every observation belongs to a trace this batch creates: likely done in one autocommit statement. */
const selfContained = (p: TPrepared) => {
  const created = new Set(p.batch.traces.map((t) => t.id));
  return p.observations.every((o) => created.has(o.traceId));
};

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
 * Stores a batch atomically. Event ids already stored are skipped (`build` receives only the
 * new ones), so a re-sent batch stores nothing twice. Either everything new commits or nothing
 * does; the caller acknowledges events only after this resolves.
 *
 * Three ways, cheapest first: a self-contained batch of new events (whole traces) is one
 * autocommit statement; other new events take that statement and any follow-up (roll-ups of
 * stored traces, rows a concurrent batch held, pricing of merged generations) in a transaction;
 * a batch with repeated events records the ids first and writes only the new events.
 */
export async function ingestBatch(
  projectId: string,
  eventIds: string[],
  build: (fresh: Set<string>) => TIngestRows,
  costFn: TCostFn,
): Promise<{ fresh: Set<string> }> {
  if (!eventIds.length) return { fresh: new Set() };
  const c = await getPool().connect();
  // A connection dropped while this client is checked out emits 'error' on it; without a
  // listener that would crash the process. The failing query rejects and we answer 503.
  const onError = () => {};
  let broken: Error | undefined;
  c.on("error", onError);
  const prepare = (fresh: Set<string>): TPrepared => {
    const batch = build(fresh);
    const observations = byId(batch.observations);
    const costs = priceRows(observations, costFn);
    const rollups = rollupsFromBatch(observations, costs);
    return { batch, observations, costs, rollups, traces: traceRowsFor(batch.traces, observations) };
  };
  let inTransaction = false;
  try {
    let fresh = new Set(eventIds);
    let p = prepare(fresh);
    let repeat = false;
    if (selfContained(p)) {
      try {
        await writeFresh(c, projectId, eventIds, p, true);
        return { fresh };
      } catch (err) {
        if (isRepeat(err)) repeat = true;
        else if (!needsTransaction(err)) throw err;
      }
    }
    await c.query("BEGIN");
    inTransaction = true;
    if (!repeat) {
      try {
        const w = await writeFresh(c, projectId, eventIds, p, false);
        await completeBatch(c, projectId, p, w, costFn, {
          scores: [],
          feedback: [],
        });
        await c.query("COMMIT");
        return { fresh };
      } catch (err) {
        if (!isRepeat(err)) throw err;
        await c.query("ROLLBACK");
        await c.query("BEGIN");
      }
    }
    // Some event was seen before: record the ids first and write only the new events.
    const { rows } = await c.query<{ eventId: string }>(INSERT_EVENT_IDS, [projectId, eventIds]);
    fresh = new Set(rows.map((r) => r.eventId));
    if (fresh.size) {
      p = prepare(fresh);
      const t = await upsertTracesOnce(c, projectId, p.traces, p.rollups);
      const o = await upsertObservationsOnce(c, projectId, p.observations, p.costs);
      const w: TWritten = { tIns: t.ins, tAll: t.all, oAll: o.all, oUpd: o.upd };
      await completeBatch(c, projectId, p, w, costFn, p.batch);
    }
    await c.query("COMMIT");
    return { fresh };
  } catch (err) {
    broken = err as Error;
    if (inTransaction) await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    c.off("error", onError);
    c.release(broken); // a failed client is discarded, not returned to the pool
  }
}

/**
 * Create-only ingest for a browser-safe feedback key: its scores and feedback are inserted, never
 * updated. An item whose score or feedback id already exists is a conflict: nothing of it is
 * written and its event id is not recorded, so a retry is refused again. Event ids seen before
 * are skipped (not fresh), as in ingestBatch. One transaction.
 */
export async function ingestCreateOnly(
  projectId: string,
  items: Array<{ eventId: string; score?: TIngestScoreRow; feedback?: TIngestFeedbackRow }>,
): Promise<{ fresh: Set<string>; conflicts: Set<string> }> {
  const conflicts = new Set<string>();
  if (!items.length) return { fresh: new Set(), conflicts };
  const c = await getPool().connect();
  const onError = () => {}; // see ingestBatch: a dropped connection must not crash the process
  c.on("error", onError);
  let broken: Error | undefined;
  try {
    await c.query("BEGIN");
    const { rows } = await c.query<{ eventId: string }>(INSERT_EVENT_IDS, [projectId, items.map((i) => i.eventId)]);
    const fresh = new Set(rows.map((r) => r.eventId));
    const todo = items.filter((i) => fresh.has(i.eventId));
    if (todo.length) {
      const scores = todo.flatMap((i) => (i.score ? [i.score] : []));
      const feedback = todo.flatMap((i) => (i.feedback ? [i.feedback] : []));
      const { rows: written } = await c.query<{ s: string[]; f: string[] }>(
        `WITH ${scoreFeedbackCtes(2, 3, true)} SELECT ARRAY(SELECT id FROM s) AS s, ARRAY(SELECT id FROM f) AS f`,
        [projectId, scoreDoc(scores), feedbackDoc(feedback)],
      );
      const s = new Set(written[0]!.s);
      const f = new Set(written[0]!.f);
      for (const i of todo) {
        if ((i.score && !s.has(i.score.id)) || (i.feedback && !f.has(i.feedback.id))) conflicts.add(i.eventId);
      }
      if (conflicts.size) {
        await c.query(`DELETE FROM "IngestedEvent" WHERE "projectId" = $1 AND "eventId" = ANY($2::text[])`, [
          projectId,
          [...conflicts],
        ]);
        for (const id of conflicts) fresh.delete(id);
      }
    }
    await c.query("COMMIT");
    return { fresh, conflicts };
  } catch (err) {
    broken = err as Error;
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    c.off("error", onError);
    c.release(broken);
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

/**
 * OTLP: a provider SDK's own HTTP-level generation (metadata has `url.full` or
 * `http.request.method`, no convention typed it) that duplicates an instrumentation's generation
 * in the same trace (its parent, or a sibling whose time range covers its start) becomes a span
 * without tokens or cost, so the trace counts the call once; roll-ups are recomputed. Runs after
 * each OTLP request, so spans of one trace exported in separate requests are matched too.
 */
export async function demoteDuplicateClientGenerations(projectId: string, traceIds: string[]): Promise<number> {
  if (!traceIds.length) return 0;
  const c = await getPool().connect();
  try {
    await c.query("BEGIN");
    const { rows } = await c.query<{ traceId: string }>(
      `UPDATE "Observation" d SET
         type = 'SPAN',
         metadata = (CASE WHEN jsonb_typeof(d.metadata) = 'object' THEN d.metadata ELSE '{}'::jsonb END)
           || jsonb_build_object('yardstick.duplicate_of', g.id, 'usage', jsonb_strip_nulls(jsonb_build_object(
                'input', d."inputTokens", 'output', d."outputTokens",
                'cacheRead', d."cacheReadTokens", 'cacheWrite', d."cacheWriteTokens"))),
         "inputTokens" = NULL, "outputTokens" = NULL, "cacheReadTokens" = NULL, "cacheWriteTokens" = NULL,
         "totalTokens" = NULL, "inputCost" = NULL, "outputCost" = NULL, "cacheReadCost" = NULL,
         "cacheWriteCost" = NULL, "totalCost" = NULL, "costSource" = NULL, "updatedAt" = now()
       FROM "Observation" g
       WHERE d."projectId" = $1 AND d."traceId" = ANY($2::text[]) AND d.type = 'GENERATION'
         AND jsonb_typeof(d.metadata) = 'object'
         AND (d.metadata ? 'url.full' OR d.metadata ? 'http.request.method')
         AND NOT d.metadata ? 'observation.type'
         AND g."projectId" = $1 AND g."traceId" = d."traceId" AND g.id <> d.id AND g.type = 'GENERATION'
         AND NOT (jsonb_typeof(g.metadata) = 'object' AND (g.metadata ? 'url.full' OR g.metadata ? 'http.request.method'))
         AND (d."parentObservationId" = g.id
              OR (g."parentObservationId" IS NOT DISTINCT FROM d."parentObservationId"
                  AND g."startTime" <= d."startTime" AND COALESCE(g."endTime", g."startTime") >= d."startTime"))
       RETURNING d."traceId"`,
      [projectId, traceIds],
    );
    const touched = [...new Set(rows.map((r) => r.traceId))];
    if (touched.length) await c.query(rollupUpdate(2), [projectId, touched]);
    await c.query("COMMIT");
    return rows.length;
  } catch (err) {
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}
