import { getDb, getPool } from "../client";

// Trace retention: a project's traces older than its traceRetentionDays are deleted, with their
// observations, scores and feedback, in small batches. Each batch is one short autocommit
// statement that locks only the expired rows it deletes (SKIP LOCKED passes over a row an ingest
// batch holds; the next batch or run takes it), so ingest of current traces never waits on it.

export async function listProjectsWithTraceRetention() {
  return getDb().project.findMany({
    where: { traceRetentionDays: { not: null } },
    select: { id: true, traceRetentionDays: true },
    orderBy: { id: "asc" },
  });
}

export async function updateProjectTraceRetention(projectId: string, days: number | null) {
  return getDb().project.update({
    where: { id: projectId },
    data: { traceRetentionDays: days },
    select: { id: true, traceRetentionDays: true },
  });
}

export type TDeletedCounts = { traces: number; observations: number; scores: number; feedback: number };

/** Deletes up to `limit` of the project's traces with timestamp < before (oldest first), and theirs. */
export async function deleteExpiredTraceBatch(projectId: string, before: Date, limit: number): Promise<TDeletedCounts> {
  const { rows } = await getPool().query<TDeletedCounts>(
    `WITH doomed AS (
       SELECT id FROM "Trace"
        WHERE "projectId" = $1 AND "timestamp" < $2
        ORDER BY "timestamp" DESC, id DESC
        LIMIT $3
        FOR UPDATE SKIP LOCKED
     ),
     t AS (DELETE FROM "Trace" x USING doomed d WHERE x."projectId" = $1 AND x.id = d.id RETURNING x.id),
     o AS (DELETE FROM "Observation" o WHERE o."projectId" = $1 AND o."traceId" IN (SELECT id FROM doomed) RETURNING 1),
     s AS (DELETE FROM "Score" s WHERE s."projectId" = $1 AND s."traceId" IN (SELECT id FROM doomed) RETURNING 1),
     f AS (DELETE FROM "Feedback" f WHERE f."projectId" = $1 AND f."traceId" IN (SELECT id FROM doomed) RETURNING 1)
     SELECT (SELECT count(*) FROM t)::int AS traces, (SELECT count(*) FROM o)::int AS observations,
            (SELECT count(*) FROM s)::int AS scores, (SELECT count(*) FROM f)::int AS feedback`,
    [projectId, before, limit],
  );
  return rows[0]!;
}

/**
 * Deletes up to `limit` of the project's ingest event ids received before `before`. They only
 * make retries idempotent, and no client retries an event for as long as a retention period.
 */
export async function deleteExpiredEventIdBatch(projectId: string, before: Date, limit: number): Promise<number> {
  const { rowCount } = await getPool().query(
    `DELETE FROM "IngestedEvent" e
      WHERE e."projectId" = $1 AND e."eventId" IN (
        SELECT "eventId" FROM "IngestedEvent" WHERE "projectId" = $1 AND "receivedAt" < $2 LIMIT $3)`,
    [projectId, before, limit],
  );
  return rowCount ?? 0;
}

/** Bytes of each explorer table and its indexes (whole database: Postgres does not size per project). */
export async function traceStorageReport() {
  // reltuples is the planner's row estimate (-1 before the first ANALYZE: unknown, null here).
  const { rows } = await getPool().query<{
    table: string;
    rows: number | null;
    tableBytes: number;
    indexBytes: number;
  }>(
    `SELECT c.relname AS "table", CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::float8 END AS rows,
            pg_table_size(c.oid)::float8 AS "tableBytes", pg_indexes_size(c.oid)::float8 AS "indexBytes"
       FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
        AND c.relname IN ('Trace', 'Observation', 'Score', 'Feedback', 'IngestedEvent')
      ORDER BY 1`,
  );
  return rows;
}
