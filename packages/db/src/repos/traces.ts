import type pg from "pg";
import { getPool } from "../client";
import { promptKey } from "./ingest-rows";

// Explorer queries. Every statement starts from "projectId" = $1 and walks a time-leading or
// sort-leading index; pagination is keyset (cursor = last row's sort value and id), never OFFSET.

export type TTraceFilter = {
  from?: Date;
  to?: Date;
  name?: string;
  userId?: string;
  sessionId?: string;
  tags?: string[];
  model?: string;
  environment?: string;
  release?: string;
  promptName?: string;
  promptVersion?: number;
  hasError?: boolean;
  minLatencyMs?: number;
  minCost?: number;
  scoreName?: string;
  scoreMin?: number;
  scoreMax?: number;
  scoreValue?: string;
};
export type TTraceSort = "timestamp" | "latency" | "cost";
export type TTraceListOptions = { sort?: TTraceSort; order?: "asc" | "desc"; limit?: number; cursor?: string };

const SORT_SQL: Record<TTraceSort, string> = {
  timestamp: `t."timestamp"`,
  latency: `COALESCE(t."latencyMs", -1)`,
  cost: `t."totalCost"`,
};

type Cursor = [string | number, string];
export function encodeCursor(value: Date | number | null, id: string): string {
  const v = value instanceof Date ? value.toISOString() : (value ?? -1);
  return Buffer.from(JSON.stringify([v, id])).toString("base64url");
}
export function decodeCursor(cursor: string): Cursor | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[1] === "string" &&
      ["string", "number"].includes(typeof parsed[0])
    ) {
      return parsed as Cursor;
    }
  } catch {
    /* fall through */
  }
  return null;
}

/** The WHERE of every explorer query over "Trace" t: $1 is the project id. */
export function whereClause(
  projectId: string,
  f: TTraceFilter,
  opts: { probeScores?: boolean; scoreJoin?: boolean } = {},
): { params: unknown[]; where: string[]; scoreConds?: string[] } {
  const params: unknown[] = [projectId];
  const where = [`t."projectId" = $1`];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.from) add((p) => `t."timestamp" >= ${p}`, f.from);
  if (f.to) add((p) => `t."timestamp" < ${p}`, f.to);
  if (f.name) add((p) => `t.name = ${p}`, f.name);
  if (f.userId) add((p) => `t."userId" = ${p}`, f.userId);
  if (f.sessionId) add((p) => `t."sessionId" = ${p}`, f.sessionId);
  // Array filters use @>: its planner estimate comes from the column's element statistics and it
  // can use the GIN index when the value is rare (= ANY(...) can do neither).
  if (f.tags?.length) add((p) => `t.tags @> ${p}::text[]`, f.tags);
  if (f.model) add((p) => `t.models @> ARRAY[${p}::text]`, f.model);
  if (f.promptName) {
    const k = f.promptVersion === undefined ? f.promptName : promptKey(f.promptName, f.promptVersion);
    add((p) => `t.prompts @> ARRAY[${p}::text]`, k);
  }
  if (f.environment) add((p) => `t.environment = ${p}`, f.environment);
  if (f.release) add((p) => `t.release = ${p}`, f.release);
  if (f.hasError !== undefined) add((p) => `t."hasError" = ${p}`, f.hasError);
  // COALESCE(..., -1): the latency sort's index expression, so a rare threshold is a range scan of
  // it (a trace without latency never matches a threshold >= 0 either way).
  // Compared as int4 (an integer latency >= 2450.5 is one >= 2451), so the index applies.
  if (f.minLatencyMs !== undefined) {
    if (f.minLatencyMs > 2_147_483_647) where.push("false");
    else add((p) => `COALESCE(t."latencyMs", -1) >= ${p}::int4`, Math.ceil(f.minLatencyMs));
  }
  if (f.minCost !== undefined) add((p) => `t."totalCost" >= ${p}`, f.minCost);
  if (f.scoreName) {
    params.push(f.scoreName);
    const conds = [`s."projectId" = t."projectId"`, `s."traceId" = t.id`, `s.name = $${params.length}`];
    if (f.scoreMin !== undefined) {
      params.push(f.scoreMin);
      conds.push(`s.value >= $${params.length}`);
    }
    if (f.scoreMax !== undefined) {
      params.push(f.scoreMax);
      conds.push(`s.value <= $${params.length}`);
    }
    if (f.scoreValue !== undefined) {
      params.push(f.scoreValue);
      conds.push(`s."stringValue" = $${params.length}`);
    }
    // scoreJoin: the caller joins the trace's scores of that name itself (Score s) and applies these.
    if (opts.scoreJoin) return { params, where, scoreConds: conds.slice(2) };
    // probeScores: OFFSET 0 keeps the subquery a per-row (index-only) probe instead of a semi-join
    // that reads every matching score, for callers that know their traces are few (a sample).
    where.push(`EXISTS (SELECT 1 FROM "Score" s WHERE ${conds.join(" AND ")}${opts.probeScores ? " OFFSET 0" : ""})`);
  }
  return { params, where };
}

/**
 * The sort key a cursor holds, or null when it does not fit the sort (hand-made, or from another
 * sort): such a cursor is ignored like an undecodable one, never sent to Postgres to fail there.
 */
function cursorKey(sort: TTraceSort, key: string | number): Date | number | null {
  if (sort === "timestamp") {
    const at = typeof key === "string" ? new Date(key) : null;
    return at && !isNaN(at.getTime()) ? at : null;
  }
  if (sort === "latency")
    return typeof key === "number" && Number.isInteger(key) && Math.abs(key) <= 2_147_483_647 ? key : null;
  return typeof key === "number" && Number.isFinite(key) ? key : null;
}

export type TTraceListRow = {
  id: string;
  timestamp: Date;
  name: string | null;
  userId: string | null;
  sessionId: string | null;
  release: string | null;
  environment: string;
  tags: string[];
  latencyMs: number | null;
  totalCost: number;
  inputTokens: number;
  outputTokens: number;
  observationCount: number;
  hasError: boolean;
  models: string[];
  inputPreview: string | null;
  outputPreview: string | null;
};

/** Elements at least this frequent (table statistics) are met soon on any walk: no count needed. */
const COMMON_ELEMENT_FREQ = 0.01;
const elementStats = new Map<string, { at: number; freq: Map<string, number> }>();

/** most_common_elems of a Trace array column (pg_stats), cached for a minute per process. */
async function commonElements(column: "tags" | "models" | "prompts") {
  const hit = elementStats.get(column);
  if (hit && Date.now() - hit.at < 60_000) return hit.freq;
  const { rows } = await getPool().query<{ e: string[] | null; f: number[] | null }>(
    `SELECT most_common_elems::text::text[] AS e, most_common_elem_freqs AS f
       FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'Trace' AND attname = $1`,
    [column],
  );
  const freq = new Map((rows[0]?.e ?? []).map((e, i) => [e, rows[0]!.f![i]!] as const));
  elementStats.set(column, { at: Date.now(), freq });
  return freq;
}

/** Whether every array filter value is common in the table (then the sort-index walk is right). */
async function allCommon(f: TTraceFilter) {
  const wanted: Array<["tags" | "models" | "prompts", string]> = [
    ...(f.tags ?? []).map((t) => ["tags", t] as ["tags", string]),
    ...(f.model ? [["models", f.model] as ["models", string]] : []),
    ...(f.promptName
      ? [
          ["prompts", f.promptVersion === undefined ? f.promptName : promptKey(f.promptName, f.promptVersion)] as [
            "prompts",
            string,
          ],
        ]
      : []),
  ];
  for (const [column, value] of wanted) {
    if (((await commonElements(column)).get(value) ?? 0) < COMMON_ELEMENT_FREQ) return false;
  }
  return true;
}

/** Up to this many matches, an array filter's rows are fetched through its GIN index and sorted. */
const RARE_ARRAY_MATCHES = 1000;

/**
 * Runs the list query `sql`, choosing its plan for array filters (tags, model, prompt) here,
 * where Postgres cannot: their estimates come from element statistics, which put a value that is
 * absent or rare at thousands of rows, so it walks the sort index expecting to meet 50 matches
 * soon, and with none reads every trace of the project (10.6 s at 1M traces). A count capped at
 * 1,001 of the array conditions alone, through their GIN indexes (bitmap scans only, at most
 * 1,001 rows read), says how many match: few, and the query runs on that bitmap plan (fetch the
 * matches, sort them); more, and the sort-index walk Postgres picks meets matches often enough.
 * Values the statistics list as common (>= 1% of rows) skip the count: it reads up to 1,001 rows.
 */
async function queryPlannedForArrays<T extends pg.QueryResultRow>(
  filter: TTraceFilter,
  sql: string,
  params: unknown[],
) {
  const arrays = whereClause(params[0] as string, {
    tags: filter.tags,
    model: filter.model,
    promptName: filter.promptName,
    promptVersion: filter.promptVersion,
  });
  if (arrays.where.length === 1 || (await allCommon(filter))) return getPool().query<T>(sql, params);
  const c = await getPool().connect();
  let broken: Error | undefined;
  try {
    await c.query("BEGIN");
    await c.query("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off");
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM "Trace" t WHERE ${arrays.where.join(" AND ")} LIMIT ${RARE_ARRAY_MATCHES + 1}) x`,
      arrays.params,
    );
    if (rows[0]!.n > RARE_ARRAY_MATCHES)
      await c.query("SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on");
    const result = await c.query<T>(sql, params);
    await c.query("COMMIT");
    return result;
  } catch (err) {
    broken = err as Error;
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    c.release(broken); // a failed client is discarded, not returned to the pool
  }
}

export async function listTraces(projectId: string, filter: TTraceFilter, opts: TTraceListOptions = {}) {
  const sort = opts.sort ?? "timestamp";
  const order = opts.order ?? "desc";
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const { params, where } = whereClause(projectId, filter);
  const key = SORT_SQL[sort];
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    const value = c && cursorKey(sort, c[0]);
    if (c && value !== null) {
      params.push(value, c[1]);
      // The cursor is cast to the sort key's own type so the row comparison is an index condition.
      const cast = sort === "timestamp" ? "::timestamptz" : sort === "latency" ? "::int4" : "::float8";
      where.push(`(${key}, t.id) ${order === "desc" ? "<" : ">"} ($${params.length - 1}${cast}, $${params.length})`);
    }
  }
  params.push(limit + 1);
  const dir = order === "desc" ? "DESC" : "ASC";
  const { rows } = await queryPlannedForArrays<TTraceListRow>(
    filter,
    `SELECT t.id, t."timestamp", t.name, t."userId", t."sessionId", t.release, t.environment, t.tags, t."latencyMs",
            t."totalCost", t."inputTokens", t."outputTokens", t."observationCount", t."hasError", t.models,
            left(t.input::text, 300) AS "inputPreview", left(t.output::text, 300) AS "outputPreview"
       FROM "Trace" t
      WHERE ${where.join(" AND ")}
      ORDER BY ${key} ${dir}, t.id ${dir}
      LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor(
          sort === "timestamp" ? last.timestamp : sort === "latency" ? (last.latencyMs ?? -1) : last.totalCost,
          last.id,
        )
      : null;
  return { traces: page, nextCursor };
}

export async function findTraceWithDetails(projectId: string, traceId: string) {
  const pool = getPool();
  const [trace, observations, scores, feedback] = await Promise.all([
    pool.query(`SELECT * FROM "Trace" WHERE "projectId" = $1 AND id = $2`, [projectId, traceId]),
    pool.query(
      `SELECT id, "traceId", "parentObservationId", type, name, "startTime", "endTime", "completionStartTime", level,
              "statusMessage", model, "modelParameters", input, output, metadata, "inputTokens", "outputTokens",
              "cacheReadTokens", "cacheWriteTokens", "totalTokens", "inputCost", "outputCost", "cacheReadCost",
              "cacheWriteCost", "totalCost", "costSource", "promptName", "promptVersion"
         FROM "Observation" WHERE "projectId" = $1 AND "traceId" = $2 ORDER BY "startTime", id LIMIT 5000`,
      [projectId, traceId],
    ),
    pool.query(
      `SELECT id, "observationId", name, value, "stringValue", "dataType", source, comment, "timestamp"
         FROM "Score" WHERE "projectId" = $1 AND "traceId" = $2 ORDER BY "timestamp"`,
      [projectId, traceId],
    ),
    pool.query(
      `SELECT id, "observationId", thumbs, rating, comment, tags, "userId", "timestamp" FROM "Feedback"
        WHERE "projectId" = $1 AND "traceId" = $2 ORDER BY "timestamp"`,
      [projectId, traceId],
    ),
  ]);
  if (!trace.rows[0]) return null;
  const { projectId: _p, ...t } = trace.rows[0] as Record<string, unknown>;
  return { ...t, observations: observations.rows, scores: scores.rows, feedback: feedback.rows };
}

type TGroupRow = {
  key: string;
  traceCount: number;
  firstSeen: Date;
  lastSeen: Date;
  totalCost: number;
  totalTokens: number;
  errorCount: number;
};

/** Sessions or users in a time window, newest activity first. */
export async function listTraceGroups(
  projectId: string,
  by: "sessionId" | "userId",
  range: { from?: Date; to?: Date },
  opts: { limit?: number; cursor?: string } = {},
) {
  const params: unknown[] = [projectId];
  const where = [`"projectId" = $1`, `"${by}" IS NOT NULL`];
  if (range.from) {
    params.push(range.from);
    where.push(`"timestamp" >= $${params.length}`);
  }
  if (range.to) {
    params.push(range.to);
    where.push(`"timestamp" < $${params.length}`);
  }
  const having: string[] = [];
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    if (c) {
      params.push(new Date(c[0]), c[1]);
      having.push(`(max("timestamp"), "${by}") < ($${params.length - 1}, $${params.length})`);
    }
  }
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  params.push(limit + 1);
  const { rows } = await getPool().query<TGroupRow>(
    `SELECT "${by}" AS key, count(*)::int AS "traceCount", min("timestamp") AS "firstSeen", max("timestamp") AS "lastSeen",
            COALESCE(sum("totalCost"), 0)::float8 AS "totalCost",
            COALESCE(sum("inputTokens" + "outputTokens"), 0)::int8 AS "totalTokens",
            count(*) FILTER (WHERE "hasError")::int AS "errorCount"
       FROM "Trace" WHERE ${where.join(" AND ")}
      GROUP BY "${by}"
      ${having.length ? `HAVING ${having.join(" AND ")}` : ""}
      ORDER BY max("timestamp") DESC, "${by}" DESC
      LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit).map((r) => ({ ...r, totalTokens: Number(r.totalTokens) }));
  const last = page[page.length - 1];
  return { groups: page, nextCursor: rows.length > limit && last ? encodeCursor(last.lastSeen, last.key) : null };
}

/**
 * Distinct values of `col` used since $2, by a loose index scan over an index leading with
 * ("projectId", [fixed columns,] col, time): each step jumps to the next larger value (one index
 * descent), then one probe checks it was used in the window. The cost grows with the number of
 * distinct values (at most `steps`), not with the rows, where SELECT DISTINCT read every row of
 * the window (2M observations at 1M traces).
 */
function distinctSince(table: string, col: string, time: string, limit: number, fixed = "", steps = 1000) {
  const base = `"projectId" = $1 ${fixed} AND ${col} IS NOT NULL`;
  return `
    WITH RECURSIVE v(x, n) AS (
      (SELECT ${col}, 1 FROM "${table}" WHERE ${base} ORDER BY ${col} LIMIT 1)
      UNION ALL
      SELECT (SELECT ${col} FROM "${table}" WHERE ${base} AND ${col} > v.x ORDER BY ${col} LIMIT 1), n + 1
        FROM v WHERE v.x IS NOT NULL AND n < ${steps}
    )
    SELECT x AS v FROM v
     WHERE x IS NOT NULL
       AND EXISTS (SELECT 1 FROM "${table}" WHERE ${base} AND ${col} = v.x AND ${time} >= $2)
     ORDER BY x LIMIT ${limit}`;
}

/** Distinct values for the explorer's filter menus (used in the window, bounded). */
export async function traceFilterOptions(projectId: string, since: Date) {
  const q = (sql: string) =>
    getPool()
      .query<{ v: string }>(sql, [projectId, since])
      .then((r) => r.rows.map((x) => x.v));
  const [names, environments, releases, models, scoreNames] = await Promise.all([
    q(distinctSince("Trace", "name", `"timestamp"`, 200)),
    q(distinctSince("Trace", "environment", `"timestamp"`, 50)),
    q(distinctSince("Trace", "release", `"timestamp"`, 100)),
    q(distinctSince("Observation", "model", `"startTime"`, 100, `AND type = 'GENERATION'`)),
    q(distinctSince("Score", "name", `"timestamp"`, 100)),
  ]);
  // Prompt names and versions from the project's prompt registry (cheap, and what people pick).
  const { rows: prompts } = await getPool().query<{ name: string; latest: number }>(
    `SELECT name, "latestVersion" AS latest FROM "Prompt" WHERE "projectId" = $1 ORDER BY name LIMIT 200`,
    [projectId],
  );
  return {
    names,
    environments,
    releases,
    models,
    scoreNames,
    prompts: prompts.map((p) => ({
      name: p.name,
      versions: Array.from({ length: Math.min(p.latest, 100) }, (_, i) => p.latest - i),
    })),
  };
}
