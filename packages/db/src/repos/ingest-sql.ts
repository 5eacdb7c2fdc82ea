// The SQL of public ingest as CTE fragments, so the same upserts run on their own or together in
// one statement (ingestBatch's fast paths). Each fragment reads its rows from one jsonb parameter
// (jsonb_to_recordset). $1 is always the project id. Inserts take the rows that are new; updates
// merge the rows that already exist field by field (COALESCE keeps what an earlier event set). An
// UPDATE runs on its statement's snapshot, so it never sees the rows its sibling INSERT just created.
// The UPDATEs find their rows by primary key from an id array; planned per execution (see
// preparedName in ingest.ts), that stays a key lookup instead of a scan of the project's rows.

/** Whether trace row `v` of tv carries any field (a stub, made for an observation's trace, carries none). */
const traceHasData = (v: string) =>
  `(${["ts", "name", "uid", "sid", "rel", "ver", "env", "tags", "meta", "input", "output", "ended"].map((c) => `${v}.${c} IS NOT NULL`).join(" OR ")})`;

/** CTEs tv / tins / tupd: trace rows from `$p` (see traceDoc). */
export const traceCtes = (p: number) => `
  tv AS (
    SELECT * FROM jsonb_to_recordset($${p}::jsonb)
      AS v(id text, ts timestamptz, first_ts timestamptz, name text, uid text, sid text, rel text, ver text, env text,
           tags text[], meta jsonb, input jsonb, output jsonb, ended timestamptz,
           lat int4, cost float8, itok int4, otok int4, n int4, err bool, models text[], prompts text[])
  ),
  tins AS (
    INSERT INTO "Trace" ("projectId", id, "timestamp", name, "userId", "sessionId", release, version, environment,
                         tags, metadata, input, output, "latencyMs", "totalCost", "inputTokens", "outputTokens",
                         "observationCount", "hasError", models, prompts, "endedAt", "updatedAt")
    SELECT $1, v.id, COALESCE(v.ts, v.first_ts), v.name, v.uid, v.sid, v.rel, v.ver, COALESCE(v.env, 'default'),
           COALESCE(v.tags, '{}'), v.meta, v.input, v.output, v.lat, v.cost, v.itok, v.otok,
           v.n, v.err, ARRAY(SELECT DISTINCT x FROM unnest(v.models) AS x ORDER BY x),
           ARRAY(SELECT DISTINCT x FROM unnest(v.prompts) AS x ORDER BY x), v.ended, now()
      FROM tv v
    ON CONFLICT DO NOTHING
    RETURNING id
  ),
  tupd AS (
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
      "endedAt" = COALESCE(v.ended, t."endedAt"),
      "updatedAt" = now()
    FROM tv v
    WHERE t."projectId" = $1 AND t.id = v.id
      AND t.id = ANY(ARRAY(
        SELECT w.id FROM tv w
         WHERE w.id NOT IN (SELECT id FROM tins)
           AND ${traceHasData("w")}))
    RETURNING t.id
  )`;

/** CTEs ov / oins / oupd: observation rows from `$p` (see observationDoc); oupd returns `gen`. */
export const observationCtes = (p: number) => `
  ov AS (
    SELECT * FROM jsonb_to_recordset($${p}::jsonb)
      AS v(id text, tid text, type text, parent text, name text, st timestamptz, et timestamptz, cst timestamptz,
           level text, msg text, model text, params jsonb, input jsonb, output jsonb, meta jsonb,
           it int4, ot int4, crt int4, cwt int4, tt int4, ic float8, oc float8, crc float8, cwc float8, tc float8,
           csrc text, pn text, pv int4, evts timestamptz)
  ),
  oins AS (
    INSERT INTO "Observation" ("projectId", id, "traceId", type, "parentObservationId", name, "startTime", "endTime",
           "completionStartTime", level, "statusMessage", model, "modelParameters", input, output, metadata,
           "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "totalTokens", "inputCost", "outputCost",
           "cacheReadCost", "cacheWriteCost", "totalCost", "costSource", "promptName", "promptVersion", "updatedAt")
    SELECT $1, v.id, v.tid, v.type::"ObservationType", v.parent, v.name, COALESCE(v.st, v.evts), v.et, v.cst,
           COALESCE(v.level, 'DEFAULT')::"ObservationLevel", v.msg, v.model, v.params, v.input, v.output, v.meta,
           v.it, v.ot, v.crt, v.cwt, v.tt, v.ic, v.oc, v.crc, v.cwc, v.tc, v.csrc, v.pn, v.pv, now()
      FROM ov v
    ON CONFLICT DO NOTHING
    RETURNING id
  ),
  oupd AS (
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
    FROM ov v
    WHERE o."projectId" = $1 AND o.id = v.id
      AND o.id = ANY(ARRAY(SELECT w.id FROM ov w WHERE w.id NOT IN (SELECT id FROM oins)))
    RETURNING o.id, o.type = 'GENERATION' AS gen
  )`;

/**
 * CTEs s / f: scores from `$ps` and feedback from `$pf` (see scoreDoc, feedbackDoc), upserted by id.
 * `createOnly` (a browser-safe feedback key) inserts new ids only and returns the ids it wrote.
 */
export const scoreFeedbackCtes = (ps: number, pf: number, createOnly = false) => `
  s AS (
    INSERT INTO "Score" ("projectId", id, "traceId", "observationId", name, value, "stringValue", "dataType", source, comment, "timestamp")
    SELECT $1, v.id, v.tid, v.oid, v.name, v.val, v.sval, v.dt::"ScoreDataType", 'API', v.cmt, v.ts
      FROM jsonb_to_recordset($${ps}::jsonb)
        AS v(id text, tid text, oid text, name text, val float8, sval text, dt text, cmt text, ts timestamptz)
    ${
      createOnly
        ? `ON CONFLICT ("projectId", id) DO NOTHING RETURNING id`
        : `ON CONFLICT ("projectId", id) DO UPDATE SET
      "traceId" = EXCLUDED."traceId", "observationId" = EXCLUDED."observationId", name = EXCLUDED.name,
      value = EXCLUDED.value, "stringValue" = EXCLUDED."stringValue", "dataType" = EXCLUDED."dataType",
      comment = EXCLUDED.comment, "timestamp" = EXCLUDED."timestamp"
    RETURNING 1`
    }
  ),
  f AS (
    INSERT INTO "Feedback" ("projectId", id, "traceId", "observationId", thumbs, rating, comment, tags, "userId", "timestamp")
    SELECT $1, v.id, v.tid, v.oid, v.th, v.rt, v.cmt, ARRAY(SELECT jsonb_array_elements_text(v.tags)), v.uid, v.ts
      FROM jsonb_to_recordset($${pf}::jsonb)
        AS v(id text, tid text, oid text, th int4, rt int4, cmt text, tags jsonb, uid text, ts timestamptz)
    ${
      createOnly
        ? `ON CONFLICT ("projectId", id) DO NOTHING RETURNING id`
        : `ON CONFLICT ("projectId", id) DO UPDATE SET
      "traceId" = EXCLUDED."traceId", "observationId" = EXCLUDED."observationId", thumbs = EXCLUDED.thumbs,
      rating = EXCLUDED.rating, comment = EXCLUDED.comment, tags = EXCLUDED.tags, "userId" = EXCLUDED."userId", "timestamp" = EXCLUDED."timestamp"
    RETURNING 1`
    }
  )`;

/** A roll-up saturated into its 32-bit integer column (as rollupsFromBatch does in JS). */
const int32 = (expr: string) => `LEAST(GREATEST(${expr}, -2147483647), 2147483647)::int`;

/**
 * Trace roll-ups (latency, cost, tokens, count, error flag, models) recomputed from the stored
 * observations of the traces in `$p`, driven by the ids so each is aggregated through the
 * (projectId, traceId) index: the plan cannot degrade into scanning every observation of the
 * project per trace when statistics are stale.
 */
export const rollupUpdate = (p: number) => `
  UPDATE "Trace" t SET
    "latencyMs" = a.lat, "totalCost" = a.cost, "inputTokens" = a.itok, "outputTokens" = a.otok,
    "observationCount" = a.n, "hasError" = a.err, models = a.models, prompts = a.prompts, "updatedAt" = now()
  FROM unnest($${p}::text[]) AS tid(id)
  CROSS JOIN LATERAL (
    SELECT ${int32(`round(EXTRACT(EPOCH FROM (max(COALESCE(o."endTime", o."startTime")) - min(o."startTime"))) * 1000)`)} AS lat,
           COALESCE(sum(o."totalCost"), 0) AS cost,
           ${int32(`COALESCE(sum(COALESCE(o."inputTokens", 0)::bigint + COALESCE(o."cacheReadTokens", 0) + COALESCE(o."cacheWriteTokens", 0)), 0)`)} AS itok,
           ${int32(`COALESCE(sum(o."outputTokens"), 0)`)} AS otok,
           count(*)::int AS n,
           COALESCE(bool_or(o.level = 'ERROR'), false) AS err,
           COALESCE(array_agg(DISTINCT o.model ORDER BY o.model) FILTER (WHERE o.model IS NOT NULL), '{}') AS models,
           ARRAY(SELECT DISTINCT k FROM unnest(array_agg(o."promptName") FILTER (WHERE o."promptName" IS NOT NULL)
                                              || array_agg(o."promptName" || chr(31) || o."promptVersion")
                                                   FILTER (WHERE o."promptName" IS NOT NULL AND o."promptVersion" IS NOT NULL)) AS k
                  ORDER BY k) AS prompts
      FROM "Observation" o
     WHERE o."projectId" = $1 AND o."traceId" = tid.id
  ) a
  WHERE t."projectId" = $1 AND t.id = tid.id`;

/** Event ids of a batch, recorded for idempotency; RETURNING names the ones not seen before. */
export const INSERT_EVENT_IDS = `
  INSERT INTO "IngestedEvent" ("projectId", "eventId")
  SELECT $1, e FROM unnest($2::text[]) AS e ORDER BY e
  ON CONFLICT DO NOTHING RETURNING "eventId"`;

/** Event ids all expected new: a repeat raises unique_violation on IngestedEvent_pkey, aborting the statement. */
const INSERT_NEW_EVENT_IDS = `
  INSERT INTO "IngestedEvent" ("projectId", "eventId")
  SELECT $1, e FROM unnest($2::text[]) AS e ORDER BY e
  RETURNING 1`;

/** Ids the fast statement could not settle (each array is empty in the common case). */
export type TFreshBatchResult = {
  /** traces that existed and were merged */
  tupd: string[];
  /** traces neither inserted nor merged: held by a concurrent batch, or existing stubs */
  tmissed: string[];
  /** observations that existed and were merged: generations, and the rest */
  ogen: string[];
  oother: string[];
  /** observations neither inserted nor merged (a concurrent batch held them) */
  omissed: string[];
};

/**
 * A batch whose events are all new, in one statement: event ids ($2), traces ($3), observations
 * ($4), scores ($5), feedback ($6). A repeated event id aborts it (unique_violation). `strict`
 * (autocommit: the statement is the whole transaction) also aborts it, with SQLSTATE YS001, when
 * it would leave follow-up work — an observation of a trace it did not insert, a merged or missed
 * row — so that work is never split from the rows it belongs to.
 */
export const freshBatchStatement = (strict: boolean) => `
  WITH e AS (${INSERT_NEW_EVENT_IDS}),
       ${traceCtes(3)},
       ${observationCtes(4)},
       ${scoreFeedbackCtes(5, 6)},
       r AS MATERIALIZED (
         -- n first: the event ids are written before anything else, so a repeat aborts early
         SELECT (SELECT count(*) FROM e) AS n,
                ARRAY(SELECT id FROM tupd) AS tupd,
                ARRAY(SELECT id FROM tv WHERE id NOT IN (SELECT id FROM tins) AND id NOT IN (SELECT id FROM tupd)) AS tmissed,
                ARRAY(SELECT id FROM oupd WHERE gen) AS ogen,
                ARRAY(SELECT id FROM oupd WHERE NOT gen) AS oother,
                ARRAY(SELECT id FROM ov WHERE id NOT IN (SELECT id FROM oins) AND id NOT IN (SELECT id FROM oupd)) AS omissed,
                EXISTS (SELECT 1 FROM ov WHERE tid NOT IN (SELECT id FROM tins)) AS foreign_trace
       )
  SELECT n, tupd, tmissed, ogen, oother, omissed${
    strict
      ? `,
         CASE WHEN foreign_trace OR cardinality(ogen) > 0 OR cardinality(oother) > 0 OR cardinality(omissed) > 0
                   OR EXISTS (SELECT 1 FROM tv v WHERE v.id = ANY(tmissed) AND ${traceHasData("v")})
              THEN "yardstick_ingest_retry_in_transaction"() END AS retry`
      : ""
  }
    FROM r`;
