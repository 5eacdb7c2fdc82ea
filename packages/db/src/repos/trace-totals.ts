import { getPool } from "../client";
import { whereClause, type TTraceFilter } from "./traces";

// Totals of the explorer's current filter (count, cost, latency percentiles, mean score), at a
// bounded cost whatever the table holds: a count capped at exactLimit + 1 decides the way. Up to
// exactLimit matches every one is aggregated (exact). Past it, a block sample of the table
// (TABLESAMPLE SYSTEM, ~sampleRows rows, never below minSamplePct of its pages) is filtered the
// same way and the count and cost are scaled up: an estimate, and labelled one.

export const TOTALS_EXACT_LIMIT = 10_000;
/** With a score filter and many matching scores: traces of the other filters checked, at most. */
const EXAMINE_LIMIT = 30_000;
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
  /** more than exactLimit traces are known to match (false on the sample path only when unknown) */
  pastExactLimit: boolean;
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
  opts: {
    groupBy?: "none" | "prompt";
    scoreName?: string;
    exactLimit?: number;
    sampleRows?: number;
    examineLimit?: number;
  } = {},
): Promise<TTraceTotalsRow> {
  const exactLimit = opts.exactLimit ?? TOTALS_EXACT_LIMIT;
  const pool = getPool();
  const way = await chooseWay(projectId, filter, exactLimit, opts.examineLimit ?? EXAMINE_LIMIT);
  const exact = way.exact;
  const params = way.params;
  let source = `"Trace" t`;
  let scale = 1;
  let cond = way.where.join(" AND ");
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
    // Known past the cap, the count is at least exactLimit + 1, whatever the sample says.
    ...total,
    count: exact || !way.pastExactLimit ? total.count : Math.max(exactLimit + 1, total.count),
    basis: exact ? "exact" : "sample",
    countIsEstimate: !exact,
    pastExactLimit: !exact && way.pastExactLimit,
    exactLimit,
    scoreName,
    groups: rows[0]!.groups.map(scaled),
  };
}

/**
 * Exact or sampled, and the WHERE the exact way aggregates with. A count capped at exactLimit + 1
 * decides, except with a score filter: as one capped count, its EXISTS became a semi-join that
 * read every score of the project (737 ms at 1M traces, linear in the table). Instead:
 * - matching scores, counted from the (projectId, name, value) index up to exactLimit + 1: if
 *   there are no more than exactLimit, no more traces match either — the exact way, driven from
 *   those scores' trace ids;
 * - else up to examineLimit traces of the other filters, each probing its scores (index-only): all
 *   of them examined, the hits are the exact count; more than exactLimit hits, the count is known
 *   to be past it; neither, the sample estimates it and does not claim a lower bound.
 */
async function chooseWay(
  projectId: string,
  filter: TTraceFilter,
  exactLimit: number,
  examineLimit: number,
): Promise<{ exact: boolean; pastExactLimit: boolean; params: unknown[]; where: string[] }> {
  const pool = getPool();
  if (!filter.scoreName) {
    const { params, where } = whereClause(projectId, filter);
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM "Trace" t WHERE ${where.join(" AND ")} LIMIT ${exactLimit + 1}) x`,
      params,
    );
    const exact = rows[0]!.n <= exactLimit;
    return { exact, pastExactLimit: !exact, params, where };
  }
  const { scoreName, scoreMin, scoreMax, scoreValue } = filter;
  const only = whereClause(projectId, { scoreName, scoreMin, scoreMax, scoreValue }, { scoreJoin: true });
  const { rows: scores } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM "Score" s
      WHERE ${[`s."projectId" = $1`, ...only.scoreConds!].join(" AND ")} LIMIT ${exactLimit + 1}) x`,
    only.params,
  );
  const j = whereClause(projectId, filter, { scoreJoin: true });
  const scoreWhere = [`s."projectId" = $1`, ...j.scoreConds!].join(" AND ");
  if (scores[0]!.n <= exactLimit) {
    // An initplan: the few trace ids first, then the traces by primary key.
    const where = [...j.where, `t.id = ANY(ARRAY(SELECT s."traceId" FROM "Score" s WHERE ${scoreWhere}))`];
    return { exact: true, pastExactLimit: false, params: j.params, where };
  }
  const probe = whereClause(projectId, filter, { probeScores: true });
  const others = probe.where.slice(0, -1).join(" AND ");
  const { rows } = await pool.query<{ hits: number; examined: number }>(
    `SELECT count(*) FILTER (WHERE hit)::int AS hits, count(*)::int AS examined
       FROM (SELECT ${probe.where.at(-1)} AS hit FROM "Trace" t WHERE ${others} LIMIT ${examineLimit}) x`,
    probe.params,
  );
  const { hits, examined } = rows[0]!;
  const exact = examined < examineLimit && hits <= exactLimit;
  return { exact, pastExactLimit: hits > exactLimit, params: probe.params, where: probe.where };
}
