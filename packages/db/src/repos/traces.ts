import { getPool } from "../client";

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

function whereClause(projectId: string, f: TTraceFilter) {
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
  if (f.tags?.length) add((p) => `t.tags @> ${p}::text[]`, f.tags);
  if (f.model) add((p) => `${p} = ANY(t.models)`, f.model);
  if (f.environment) add((p) => `t.environment = ${p}`, f.environment);
  if (f.release) add((p) => `t.release = ${p}`, f.release);
  if (f.hasError !== undefined) add((p) => `t."hasError" = ${p}`, f.hasError);
  // ::float8: a fractional or beyond-32-bit threshold is a valid filter, not an int cast error.
  if (f.minLatencyMs !== undefined) add((p) => `t."latencyMs" >= ${p}::float8`, f.minLatencyMs);
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
    where.push(`EXISTS (SELECT 1 FROM "Score" s WHERE ${conds.join(" AND ")})`);
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
      const cast = sort === "timestamp" ? "::timestamptz" : "::float8";
      where.push(`(${key}, t.id) ${order === "desc" ? "<" : ">"} ($${params.length - 1}${cast}, $${params.length})`);
    }
  }
  params.push(limit + 1);
  const dir = order === "desc" ? "DESC" : "ASC";
  const { rows } = await getPool().query<TTraceListRow>(
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

/** Distinct values for the explorer's filter menus (recent traces only, bounded). */
export async function traceFilterOptions(projectId: string, since: Date) {
  const q = (sql: string) =>
    getPool()
      .query<{ v: string }>(sql, [projectId, since])
      .then((r) => r.rows.map((x) => x.v));
  const [names, environments, releases, models, scoreNames] = await Promise.all([
    q(
      `SELECT DISTINCT name AS v FROM "Trace" WHERE "projectId" = $1 AND "timestamp" >= $2 AND name IS NOT NULL ORDER BY 1 LIMIT 200`,
    ),
    q(`SELECT DISTINCT environment AS v FROM "Trace" WHERE "projectId" = $1 AND "timestamp" >= $2 ORDER BY 1 LIMIT 50`),
    q(
      `SELECT DISTINCT release AS v FROM "Trace" WHERE "projectId" = $1 AND "timestamp" >= $2 AND release IS NOT NULL ORDER BY 1 LIMIT 100`,
    ),
    q(
      `SELECT DISTINCT model AS v FROM "Observation" WHERE "projectId" = $1 AND "startTime" >= $2 AND model IS NOT NULL ORDER BY 1 LIMIT 100`,
    ),
    q(`SELECT DISTINCT name AS v FROM "Score" WHERE "projectId" = $1 AND "timestamp" >= $2 ORDER BY 1 LIMIT 100`),
  ]);
  return { names, environments, releases, models, scoreNames };
}
