import type pg from "pg";
import { getPool } from "../client";
import { whereClause, type TTraceFilter } from "./traces";

// Totals of the explorer's current filter (count, cost, latency percentiles, mean score), at a
// bounded cost whatever the table holds: a count capped at exactLimit + 1 decides the way. Up to
// exactLimit matches every one is aggregated (exact). Past it, a block sample of the table
// (TABLESAMPLE SYSTEM, ~sampleRows rows, never below minSamplePct of its pages) is filtered the
// same way and the count and cost are scaled up: an estimate, and labelled one.

export const TOTALS_EXACT_LIMIT = 10_000;
const SAMPLE_ROWS = 30_000;
/** So that a filter just past exactLimit still leaves ~50 matches in the sample. */
const MIN_SAMPLE_PCT = 0.5;

type TFigures = {
  count: number;
  totalCost: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  meanScore: number | null;
};
export type TTraceTotalsRow = TFigures & {
  basis: "exact" | "sample";
  countIsEstimate: boolean;
  exactLimit: number;
  scoreName: string | null;
  groups: Array<TFigures & { promptName: string | null; promptVersion: number | null }>;
};

const figures = (alias: string) => `
  count(*)::int AS count, COALESCE(sum(${alias}.cost), 0)::float8 AS "totalCost",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${alias}.lat) AS "p50LatencyMs",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY ${alias}.lat) AS "p95LatencyMs",
  avg(${alias}.score)::float8 AS "meanScore"`;

export async function traceTotals(
  projectId: string,
  filter: TTraceFilter,
  opts: { groupBy?: "none" | "prompt"; scoreName?: string; exactLimit?: number; sampleRows?: number } = {},
): Promise<TTraceTotalsRow> {
  const exactLimit = opts.exactLimit ?? TOTALS_EXACT_LIMIT;
  return inTotalsSession((pool) => totalsWith(pool, projectId, filter, exactLimit, opts));
}

/** Work memory the bitmaps of two combined filters need to stay exact at 10M traces (rare: errors
 * + a model read 105,838 heap pages with lossy bitmaps at the default 4 MB, 1.7 s; 9,885 pages at
 * 32 MB, 0.75 s). Set for the totals' own transaction only. */
const TOTALS_WORK_MEM = "32MB";

async function inTotalsSession<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await getPool().connect();
  let broken: Error | undefined;
  try {
    await c.query(`BEGIN READ ONLY; SET LOCAL work_mem = '${TOTALS_WORK_MEM}'`);
    const out = await fn(c);
    await c.query("COMMIT");
    return out;
  } catch (err) {
    broken = err as Error;
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    c.release(broken); // a failed client is discarded, not returned to the pool
  }
}

async function totalsWith(
  pool: pg.PoolClient,
  projectId: string,
  filter: TTraceFilter,
  exactLimit: number,
  opts: { groupBy?: "none" | "prompt"; scoreName?: string; sampleRows?: number },
): Promise<TTraceTotalsRow> {
  const few = await fewScoredTraces(pool, projectId, filter, exactLimit);
  const { params, where } = few ?? whereClause(projectId, filter);
  let exact = true;
  if (!few) {
    const { rows: capped } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM "Trace" t WHERE ${where.join(" AND ")} LIMIT ${exactLimit + 1}) x`,
      params,
    );
    exact = capped[0]!.n <= exactLimit;
  }
  let source = `"Trace" t`;
  let scale = 1;
  let cond = where.join(" AND ");
  const scoreName = opts.scoreName ?? filter.scoreName ?? null;
  let score = "NULL::float8";
  if (!exact) {
    const { rows } = await pool.query<{ r: number }>(
      `SELECT GREATEST(reltuples, 1)::float8 AS r FROM pg_class WHERE oid = '"Trace"'::regclass`,
    );
    const pct = Math.min(100, Math.max(MIN_SAMPLE_PCT, (100 * (opts.sampleRows ?? SAMPLE_ROWS)) / rows[0]!.r));
    // A number this code computed, not input: safe to inline (TABLESAMPLE takes no parameter in a CTE plan).
    source = `"Trace" t TABLESAMPLE SYSTEM (${pct.toFixed(6)}) REPEATABLE (7)`;
    scale = 100 / pct;
    if (filter.scoreName && scoreName === filter.scoreName) {
      // Filter and mean from the same scores: one index probe per sampled trace, not two.
      const w = whereClause(projectId, filter, { scoreJoin: true });
      params.splice(0, params.length, ...w.params);
      source += `
        CROSS JOIN LATERAL (
          SELECT avg(s.value) AS score, COALESCE(bool_or(${w.scoreConds!.slice(1).join(" AND ") || "true"}), false) AS hit
            FROM "Score" s WHERE s."projectId" = $1 AND s."traceId" = t.id AND ${w.scoreConds![0]} OFFSET 0
        ) sc`;
      cond = [...w.where, "sc.hit"].join(" AND ");
      score = "sc.score";
    } else {
      cond = whereClause(projectId, filter, { probeScores: true }).where.join(" AND ");
    }
  }
  if (scoreName && score === "NULL::float8") {
    params.push(scoreName);
    score = `(SELECT avg(s.value) FROM "Score" s
               WHERE s."projectId" = $1 AND s."traceId" = t.id AND s.name = $${params.length})`;
  }
  const groups =
    opts.groupBy === "prompt"
      ? `SELECT split_part(g.k, chr(31), 1) AS "promptName", split_part(g.k, chr(31), 2)::int AS "promptVersion",
                ${figures("m")}
           FROM m
           LEFT JOIN LATERAL unnest(ARRAY(SELECT x FROM unnest(m.prompts) AS x WHERE strpos(x, chr(31)) > 0)) AS g(k) ON true
          GROUP BY g.k ORDER BY count(*) DESC, g.k LIMIT 50`
      : `SELECT NULL::text AS "promptName", NULL::int AS "promptVersion", ${figures("m")} FROM m WHERE false`;
  const { rows } = await pool.query<{ total: TFigures; groups: TTraceTotalsRow["groups"] }>(
    `WITH m AS MATERIALIZED (
       SELECT t."totalCost" AS cost, t."latencyMs" AS lat, t.prompts, ${score} AS score
         FROM ${source} WHERE ${cond}
     ),
     tot AS (SELECT ${figures("m")} FROM m),
     grp AS (${groups})
     SELECT (SELECT row_to_json(tot) FROM tot) AS total, (SELECT COALESCE(json_agg(grp), '[]') FROM grp) AS groups`,
    params,
  );
  const scaled = <T extends TFigures>(f: T): T => ({
    ...f,
    count: Math.round(f.count * scale),
    totalCost: f.totalCost * scale,
  });
  const total = scaled(rows[0]!.total);
  return {
    // Past the cap the count is at least exactLimit + 1, whatever the sample says.
    ...total,
    count: exact ? total.count : Math.max(exactLimit + 1, total.count),
    basis: exact ? "exact" : "sample",
    countIsEstimate: !exact,
    exactLimit,
    scoreName,
    groups: rows[0]!.groups.map(scaled),
  };
}

/**
 * With a score filter whose matching scores are few (at most exactLimit, counted from the
 * (projectId, name, value) index), at most that many traces match: the exact way, driven from
 * those scores' trace ids (an initplan, then primary keys) instead of a capped count whose
 * EXISTS the planner may turn into a semi-join over every score of the project. Null otherwise.
 */
async function fewScoredTraces(pool: pg.PoolClient, projectId: string, filter: TTraceFilter, exactLimit: number) {
  if (!filter.scoreName) return null;
  const { scoreName, scoreMin, scoreMax, scoreValue } = filter;
  const only = whereClause(projectId, { scoreName, scoreMin, scoreMax, scoreValue }, { scoreJoin: true });
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM "Score" s
      WHERE ${[`s."projectId" = $1`, ...only.scoreConds!].join(" AND ")} LIMIT ${exactLimit + 1}) x`,
    only.params,
  );
  if (rows[0]!.n > exactLimit) return null;
  const j = whereClause(projectId, filter, { scoreJoin: true });
  const scores = [`s."projectId" = $1`, ...j.scoreConds!].join(" AND ");
  return {
    params: j.params,
    where: [...j.where, `t.id = ANY(ARRAY(SELECT s."traceId" FROM "Score" s WHERE ${scores}))`],
  };
}
