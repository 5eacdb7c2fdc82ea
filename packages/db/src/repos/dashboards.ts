import { getPool } from "../client";
import {
  GENERATION_HOUR_COLS,
  LATENCY_HOUR_COLS,
  SCORE_HOUR_COLS,
  SCORE_TOTAL_HOUR_COLS,
  TRACE_HOUR_COLS,
  generationHourCte,
  scoreHourCte,
  traceBaseCte,
  traceHourCte,
  userDayCte,
} from "./dashboard-sql";

// Reads behind the dashboard panels. Each answer is grouped per time bucket and is small; the
// service turns it into series (quantiles from merged sketches, intervals from sums). `source`
// "rollup" reads the hourly roll-up tables; "raw" computes the same rows from raw tables with the
// roll-ups' own SELECTs (filters the roll-ups do not key on — tags, user — and the benchmark's
// baseline). Parameters are positional and fixed: $1 project, $2 from, $3 to, $4 tags, $5 user,
// $6 trace name, $7 environment, $8 release, $9 model, $10 prompt name, $11 prompt version,
// $12 bucket ('hour' | 'day'), $13 score threshold × 100; $14 (daily reads only) the end of the
// last whole day of the window: whole days come from the daily pre-merged tables, the rest from
// the hourly ones. "rollup-hourly" is the hourly tables only (the path before the daily tables;
// tests and bench:dashboard compare both).

export type TDashboardSource = "rollup" | "rollup-hourly" | "raw";
export type TDashboardFilter = {
  from: Date;
  to: Date;
  bucket: "hour" | "day";
  tags?: string[];
  userId?: string;
  name?: string;
  environment?: string;
  release?: string;
  model?: string;
  promptName?: string;
  promptVersion?: number;
  scoreThreshold?: number;
};

const RAW_TRACE_WHERE = `AND ($4::text[] IS NULL OR t.tags @> $4::text[]) AND ($5::text IS NULL OR t."userId" = $5::text)`;
const ROLLUP_UNUSED = `($4::text[] IS NULL OR true) AND ($5::text IS NULL OR true)`;

type TRollupTable = "th" | "gh" | "shx" | "lh" | "sta";
const ROLLUP_TABLES: Record<TRollupTable, { hour: string; day: string; cols: string }> = {
  th: { hour: "DashboardTraceHour", day: "DashboardTraceDay", cols: TRACE_HOUR_COLS },
  gh: { hour: "DashboardGenerationHour", day: "DashboardGenerationDay", cols: GENERATION_HOUR_COLS },
  shx: { hour: "DashboardScoreHour", day: "DashboardScoreDay", cols: SCORE_HOUR_COLS },
  lh: { hour: "DashboardLatencyHour", day: "DashboardLatencyDay", cols: LATENCY_HOUR_COLS },
  sta: { hour: "DashboardScoreTotalHour", day: "DashboardScoreTotalDay", cols: SCORE_TOTAL_HOUR_COLS },
};

/** Roll-up rows of a window: hourly rows, or (`daily`) whole days pre-merged plus the trailing hours. */
function rollupRows(table: TRollupTable, daily: boolean): string {
  const t = ROLLUP_TABLES[table];
  if (!daily) return `SELECT * FROM "${t.hour}" WHERE "projectId" = $1 AND hour >= $2 AND hour < $3`;
  const dayCols = t.cols.replace(/^"projectId", hour,/, '"projectId", day AS hour,');
  return `SELECT ${dayCols} FROM "${t.day}" WHERE "projectId" = $1 AND day >= $2 AND day < $14::timestamp
    UNION ALL SELECT ${t.cols} FROM "${t.hour}" WHERE "projectId" = $1 AND hour >= $14::timestamp AND hour < $3`;
}

function withSource(source: TDashboardSource, table: "th" | "gh" | "shx" | "ud", daily = false): string {
  if (source === "raw") {
    const cte = { th: traceHourCte(), gh: generationHourCte(), shx: scoreHourCte(), ud: userDayCte() }[table];
    return `WITH ${traceBaseCte(RAW_TRACE_WHERE)}, ${cte}`;
  }
  if (table === "ud")
    return `WITH ud AS (SELECT * FROM "DashboardUserDay" WHERE "projectId" = $1 AND day >= $2 AND day < $3 AND ${ROLLUP_UNUSED})`;
  return `WITH ${table} AS (SELECT * FROM (${rollupRows(table, daily)}) r WHERE ${ROLLUP_UNUSED})`;
}

const DIM_WHERE = `($6::text IS NULL OR name = $6::text) AND ($7::text IS NULL OR environment = $7::text)
  AND ($8::text IS NULL OR release = $8::text) AND ($9::text IS NULL OR model = $9::text)
  AND ($10::text IS NULL OR "promptName" = $10::text) AND ($11::int IS NULL OR "promptVersion" = $11::int)
  AND ($12::text IS NOT NULL) AND ($13::float8 IS NULL OR true)`;
const BUCKET = `date_trunc($12::text, hour)`;
// Only used with every dimension filter empty; the parameters are still referenced so they type.
const NO_DIMS = `${ROLLUP_UNUSED} AND $6::text IS NULL AND $7::text IS NULL AND $8::text IS NULL AND $9::text IS NULL
  AND $10::text IS NULL AND $11::int IS NULL AND $12::text IS NOT NULL AND ($13::float8 IS NULL OR true)`;
const latencyOnly = (daily: boolean) => `lh AS (SELECT * FROM (${rollupRows("lh", daily)}) r WHERE ${NO_DIMS})`;
const scoreTotals = (daily: boolean) => `shx AS (SELECT * FROM (${rollupRows("sta", daily)}) r WHERE ${NO_DIMS})`;

function params(projectId: string, f: TDashboardFilter) {
  return [
    projectId,
    f.from,
    f.to,
    f.tags?.length ? f.tags : null,
    f.userId ?? null,
    f.name ?? null,
    f.environment ?? null,
    f.release ?? null,
    f.model ?? null,
    f.promptName ?? null,
    f.promptVersion ?? null,
    f.bucket,
    (f.scoreThreshold ?? 0.5) * 100,
  ];
}

async function run<T extends object>(sql: string, args: unknown[], dayEnd?: Date): Promise<T[]> {
  const { rows } = await getPool().query<T & object>(sql, sql.includes("$14") ? [...args, dayEnd] : args);
  return rows;
}

export type TTraceBucketRow = {
  t: Date;
  traces: number;
  errors: number;
  successes: number;
  cost: number;
  thumbsUp: number;
  thumbsDown: number;
  ratingN: number;
  ratingSum: number;
  ratingSumSq: number;
  ratingCounts: number[];
};
export type TSketchRow = { t: Date; key: string; b: number[]; c: number[] };
export type TGenerationBucketRow = {
  t: Date;
  model: string;
  generations: number;
  errors: number;
  cost: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
};
export type TScoreBucketRow = {
  t: Date;
  scoreName: string;
  source: string;
  n: number;
  sum: number;
  sumSq: number;
  below: number;
};

/** Every panel's numbers for one filter, from one source: a handful of parallel grouped queries. */
export async function queryDashboardData(projectId: string, f: TDashboardFilter, source: TDashboardSource) {
  const a = params(projectId, f);
  const dayFrom = new Date(Math.floor(f.from.getTime() / 86_400_000) * 86_400_000);
  // No dimension filter: latency comes from the per-hour sketches without dimensions.
  const unfiltered =
    source !== "raw" &&
    [f.tags?.length, f.userId, f.name, f.environment, f.release, f.model, f.promptName, f.promptVersion].every(
      (v) => !v,
    );
  const usersArgs = [...a];
  usersArgs[1] = dayFrom;
  // Daily points over whole days: the daily pre-merged tables up to the last whole day.
  const daily = source === "rollup" && f.bucket === "day" && f.from.getTime() % 86_400_000 === 0;
  const dayEnd = new Date(Math.max(f.from.getTime(), Math.floor(f.to.getTime() / 86_400_000) * 86_400_000));
  const q = <T extends object>(sql: string, args = a) => run<T>(sql, args, dayEnd);
  const [traces, traceLatency, generations, genLatency, scores, safety, users, hourOfDay, topNames, topPrompts] =
    await Promise.all([
      q<TTraceBucketRow>(
        `${withSource(source, "th", daily)}
         SELECT ${BUCKET} AS t, sum(traces)::int AS traces, sum(errors)::int AS errors, sum(successes)::int AS successes,
                sum(cost)::float8 AS cost, sum("thumbsUp")::int AS "thumbsUp", sum("thumbsDown")::int AS "thumbsDown",
                sum("ratingN")::int AS "ratingN", sum("ratingSum")::float8 AS "ratingSum", sum("ratingSumSq")::float8 AS "ratingSumSq",
                ARRAY[sum("ratingCounts"[1])::int, sum("ratingCounts"[2])::int, sum("ratingCounts"[3])::int,
                      sum("ratingCounts"[4])::int, sum("ratingCounts"[5])::int] AS "ratingCounts"
           FROM th WHERE ${DIM_WHERE} GROUP BY 1 ORDER BY 1`,
      ),
      q<TSketchRow>(
        unfiltered
          ? `WITH ${latencyOnly(daily)}
             SELECT t, '' AS key, array_agg(b ORDER BY b) AS b, array_agg(c ORDER BY b) AS c FROM (
               SELECT ${BUCKET} AS t, u.b, sum(u.c)::int AS c
                 FROM lh CROSS JOIN LATERAL unnest("latBuckets", "latCounts") AS u(b, c)
                WHERE kind = 'trace' GROUP BY 1, 2) x GROUP BY t ORDER BY t`
          : `${withSource(source, "th", daily)}
         SELECT t, '' AS key, array_agg(b ORDER BY b) AS b, array_agg(c ORDER BY b) AS c FROM (
           SELECT ${BUCKET} AS t, u.b, sum(u.c)::int AS c
             FROM th CROSS JOIN LATERAL unnest("latBuckets", "latCounts") AS u(b, c)
            WHERE ${DIM_WHERE} GROUP BY 1, 2) x GROUP BY t ORDER BY t`,
      ),
      q<TGenerationBucketRow>(
        `${withSource(source, "gh", daily)}
         SELECT ${BUCKET} AS t, model, sum(generations)::int AS generations, sum(errors)::int AS errors, sum(cost)::float8 AS cost,
                sum("inputTokens")::float8 AS "inputTokens", sum("outputTokens")::float8 AS "outputTokens",
                sum("cacheReadTokens")::float8 AS "cacheReadTokens", sum("cacheWriteTokens")::float8 AS "cacheWriteTokens"
           FROM gh WHERE ${DIM_WHERE} GROUP BY 1, 2 ORDER BY 1, 2`,
      ),
      q<TSketchRow>(
        unfiltered
          ? `WITH ${latencyOnly(daily)}
             SELECT t, key, array_agg(b ORDER BY b) AS b, array_agg(c ORDER BY b) AS c FROM (
               SELECT ${BUCKET} AS t, model AS key, u.b, sum(u.c)::int AS c
                 FROM lh CROSS JOIN LATERAL unnest("latBuckets", "latCounts") AS u(b, c)
                WHERE kind = 'generation' GROUP BY 1, 2, 3) x GROUP BY t, key ORDER BY t, key`
          : `${withSource(source, "gh", daily)}
         SELECT t, key, array_agg(b ORDER BY b) AS b, array_agg(c ORDER BY b) AS c FROM (
           SELECT ${BUCKET} AS t, model AS key, u.b, sum(u.c)::int AS c
             FROM gh CROSS JOIN LATERAL unnest("latBuckets", "latCounts") AS u(b, c)
            WHERE ${DIM_WHERE} GROUP BY 1, 2, 3) x GROUP BY t, key ORDER BY t, key`,
      ),
      q<TScoreBucketRow>(
        unfiltered
          ? `WITH ${scoreTotals(daily)}
         SELECT ${BUCKET} AS t, "scoreName", source, sum(n)::int AS n, sum(sum)::float8 AS sum, sum("sumSq")::float8 AS "sumSq",
                sum((SELECT COALESCE(sum(u.c), 0) FROM unnest("valBuckets", "valCounts") AS u(b, c) WHERE u.b < $13::float8))::int AS below
           FROM shx GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`
          : `${withSource(source, "shx", daily)}
         SELECT ${BUCKET} AS t, "scoreName", source, sum(n)::int AS n, sum(sum)::float8 AS sum, sum("sumSq")::float8 AS "sumSq",
                sum((SELECT COALESCE(sum(u.c), 0) FROM unnest("valBuckets", "valCounts") AS u(b, c) WHERE u.b < $13::float8))::int AS below
           FROM shx WHERE ${DIM_WHERE} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      ),
      q<{ t: Date; violations: number; checks: number }>(
        unfiltered
          ? `WITH ${scoreTotals(daily)}
         SELECT ${BUCKET} AS t, sum(n)::int AS checks,
                sum((SELECT COALESCE(sum(u.c), 0) FROM unnest("valBuckets", "valCounts") AS u(b, c) WHERE u.b < 50))::int AS violations
           FROM shx WHERE lower("scoreName") LIKE 'safety%' GROUP BY 1 ORDER BY 1`
          : `${withSource(source, "shx", daily)}
         SELECT ${BUCKET} AS t, sum(n)::int AS checks,
                sum((SELECT COALESCE(sum(u.c), 0) FROM unnest("valBuckets", "valCounts") AS u(b, c) WHERE u.b < 50))::int AS violations
           FROM shx WHERE ${DIM_WHERE} AND lower("scoreName") LIKE 'safety%' GROUP BY 1 ORDER BY 1`,
      ),
      q<{ t: Date; users: number; traces: number }>(
        unfiltered
          ? `SELECT day AS t, users, traces FROM "DashboardUserTotalDay"
              WHERE "projectId" = $1 AND day >= $2 AND day < $3 AND ${NO_DIMS} ORDER BY 1`
          : source === "rollup"
            ? // distinct users: OR the bitmaps of the matching combinations per day and chunk, count the bits
              `SELECT day AS t, sum(bit_count(b))::int AS users, sum(traces)::int AS traces FROM (
                 SELECT day, chunk, bit_or(bits) AS b, sum(traces) AS traces FROM "DashboardUserBitsDay"
                  WHERE "projectId" = $1 AND day >= $2 AND day < $3 AND ${ROLLUP_UNUSED}
                    AND ${DIM_WHERE.replace("($12::text IS NOT NULL)", "($12::text IS NOT NULL OR true)")}
                  GROUP BY day, chunk) x GROUP BY day ORDER BY 1`
            : `${withSource(source, "ud")}
         SELECT day AS t, count(DISTINCT "userId")::int AS users, sum(traces)::int AS traces
           FROM ud WHERE ${DIM_WHERE.replace("($12::text IS NOT NULL)", "($12::text IS NOT NULL OR true)")} GROUP BY 1 ORDER BY 1`,
        usersArgs,
      ),
      q<{ hourOfDay: number; traces: number }>(
        // Hours of the day: the hourly rows.
        `${withSource(source, "th")}
         SELECT EXTRACT(HOUR FROM hour)::int AS "hourOfDay", sum(traces)::int AS traces
           FROM th WHERE ${DIM_WHERE} GROUP BY 1 ORDER BY 1`,
      ),
      q<{ name: string; cost: number; traces: number }>(
        `${withSource(source, "th", daily)}
         SELECT name, sum(cost)::float8 AS cost, sum(traces)::int AS traces
           FROM th WHERE ${DIM_WHERE} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
      ),
      q<{ promptName: string; promptVersion: number; cost: number; generations: number }>(
        `${withSource(source, "gh", daily)}
         SELECT "promptName", "promptVersion", sum(cost)::float8 AS cost, sum(generations)::int AS generations
           FROM gh WHERE ${DIM_WHERE} AND "promptName" <> '' GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 10`,
      ),
    ]);
  return { traces, traceLatency, generations, genLatency, scores, safety, users, hourOfDay, topNames, topPrompts };
}
export type TDashboardData = Awaited<ReturnType<typeof queryDashboardData>>;

/** Values the filter bar offers for a window (from the roll-ups). */
export async function listDashboardOptions(projectId: string, from: Date, to: Date) {
  const pool = getPool();
  const [dims, prompts] = await Promise.all([
    pool.query<{ environments: string[]; releases: string[]; models: string[]; names: string[] }>(
      `SELECT array_agg(DISTINCT environment) AS environments,
              array_remove(array_agg(DISTINCT release), '') AS releases,
              array_remove(array_agg(DISTINCT model), '') AS models,
              array_remove(array_agg(DISTINCT name), '') AS names
         FROM "DashboardGenerationHour" WHERE "projectId" = $1 AND hour >= $2 AND hour < $3`,
      [projectId, from, to],
    ),
    pool.query<{ promptName: string; promptVersion: number }>(
      `SELECT DISTINCT "promptName", "promptVersion" FROM "DashboardGenerationHour"
        WHERE "projectId" = $1 AND hour >= $2 AND hour < $3 AND "promptName" <> '' ORDER BY 1, 2 DESC LIMIT 200`,
      [projectId, from, to],
    ),
  ]);
  const d = dims.rows[0]!;
  return {
    environments: (d.environments ?? []).sort(),
    releases: (d.releases ?? []).sort(),
    models: (d.models ?? []).sort(),
    names: (d.names ?? []).sort(),
    prompts: prompts.rows,
  };
}

/** Time markers: when each release was first seen, and prompt label moves, inside a window. */
export async function listDashboardMarkers(projectId: string, from: Date, to: Date) {
  const pool = getPool();
  const [releases, labels] = await Promise.all([
    pool.query<{ release: string; at: Date }>(
      `SELECT release, min(hour) AS at FROM "DashboardTraceHour" WHERE "projectId" = $1 AND release <> ''
        GROUP BY release HAVING min(hour) >= $2 AND min(hour) < $3 ORDER BY 2`,
      [projectId, from, to],
    ),
    pool.query<{ promptName: string; label: string; fromVersion: number | null; toVersion: number | null; at: Date }>(
      `SELECT p.name AS "promptName", e.label, e."fromVersion", e."toVersion", e.at
         FROM "PromptLabelEvent" e JOIN "Prompt" p ON p.id = e."promptId"
        WHERE p."projectId" = $1 AND e.at >= $2 AND e.at < $3 ORDER BY e.at LIMIT 100`,
      [projectId, from, to],
    ),
  ]);
  return { releases: releases.rows, labels: labels.rows };
}

/** Whether the project has any trace, generation, score and feedback (the overview's checklist). */
export async function projectDataPresence(projectId: string) {
  const { rows } = await getPool().query<{ traces: boolean; generations: boolean; scores: boolean; feedback: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "Trace" WHERE "projectId" = $1) AS traces,
            EXISTS (SELECT 1 FROM "Observation" WHERE "projectId" = $1 AND type = 'GENERATION') AS generations,
            EXISTS (SELECT 1 FROM "Score" WHERE "projectId" = $1) AS scores,
            EXISTS (SELECT 1 FROM "Feedback" WHERE "projectId" = $1) AS feedback`,
    [projectId],
  );
  return rows[0]!;
}

/** All-time counters of a project from the roll-ups, per model / environment / release (Prometheus). */
export async function queryMetricCounters(projectId: string) {
  const pool = getPool();
  const [gen, tr, sc] = await Promise.all([
    pool.query<{
      model: string;
      environment: string;
      release: string;
      generations: number;
      errors: number;
      cost: number;
      inputTokens: number;
      outputTokens: number;
      cacheReadTokens: number;
      cacheWriteTokens: number;
    }>(
      `SELECT model, environment, release, sum(generations)::float8 AS generations, sum(errors)::float8 AS errors,
              sum(cost)::float8 AS cost, sum("inputTokens")::float8 AS "inputTokens", sum("outputTokens")::float8 AS "outputTokens",
              sum("cacheReadTokens")::float8 AS "cacheReadTokens", sum("cacheWriteTokens")::float8 AS "cacheWriteTokens"
         FROM "DashboardGenerationHour" WHERE "projectId" = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [projectId],
    ),
    pool.query<{
      environment: string;
      release: string;
      traces: number;
      errors: number;
      thumbsUp: number;
      thumbsDown: number;
    }>(
      `SELECT environment, release, sum(traces)::float8 AS traces, sum(errors)::float8 AS errors,
              sum("thumbsUp")::float8 AS "thumbsUp", sum("thumbsDown")::float8 AS "thumbsDown"
         FROM "DashboardTraceHour" WHERE "projectId" = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [projectId],
    ),
    pool.query<{ scoreName: string; source: string; n: number; sum: number }>(
      `SELECT "scoreName", source, sum(n)::float8 AS n, sum(sum)::float8 AS sum
         FROM "DashboardScoreHour" WHERE "projectId" = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [projectId],
    ),
  ]);
  return { generations: gen.rows, traces: tr.rows, scores: sc.rows };
}
