// SQL that turns raw tracing rows into roll-up rows. The same SELECTs fill the roll-up tables
// (rebuild of an hour) and answer a dashboard straight from raw rows (filters the roll-ups do not
// key on: tags, user; and the benchmark's baseline), so both paths agree by construction.
// Parameters: $1 project id, $2 from, $3 to (trace timestamp range); `traceWhere` adds conditions
// on the Trace row `t`.

/** Bucket of the latency sketch (@yardstick/core/dashboards latency-sketch: γ = 1.02, 0 → ZERO_BUCKET). */
export const sketchBucket = (x: string) =>
  `CASE WHEN ${x} > 0 THEN ceil(ln(${x}::float8) / ln(1.02))::int ELSE -100000 END`;

/** Bucket of the score value histograms (@yardstick/core/drift quality: b holds [b/100, (b+1)/100)). */
export const scoreBucket = (v: string) => `LEAST(GREATEST(floor(${v} * 100), -2000000000), 2000000000)::int`;

const DIMS = `hour, name, environment, release, model, "promptName", "promptVersion"`;

/** CTE tb: one row per trace with its hour, dimensions and feedback tallies. */
export const traceBaseCte = (traceWhere = "") => `
  tb AS MATERIALIZED (
    SELECT t.id, t."userId" AS uid, t."latencyMs" AS lat, t."totalCost" AS cost, t."hasError" AS err,
           date_trunc('hour', t."timestamp") AS hour,
           COALESCE(t.name, '') AS name, t.environment, COALESCE(t.release, '') AS release,
           COALESCE(g.model, '') AS model, COALESCE(g.pn, '') AS "promptName", COALESCE(g.pv, 0) AS "promptVersion",
           COALESCE(fb.up, 0) AS up, COALESCE(fb.down, 0) AS down, COALESCE(fb.rn, 0) AS rn,
           COALESCE(fb.rs, 0) AS rs, COALESCE(fb.rq, 0) AS rq, fb.r1, fb.r2, fb.r3, fb.r4, fb.r5
      FROM "Trace" t
      LEFT JOIN LATERAL (
        SELECT (array_agg(o.model ORDER BY o."startTime", o.id) FILTER (WHERE o.model IS NOT NULL))[1] AS model,
               (array_agg(o."promptName" ORDER BY o."startTime", o.id) FILTER (WHERE o."promptName" IS NOT NULL))[1] AS pn,
               (array_agg(COALESCE(o."promptVersion", 0) ORDER BY o."startTime", o.id) FILTER (WHERE o."promptName" IS NOT NULL))[1] AS pv
          FROM "Observation" o
         WHERE o."projectId" = t."projectId" AND o."traceId" = t.id AND o.type = 'GENERATION'
      ) g ON true
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE f.thumbs = 1)::int AS up, count(*) FILTER (WHERE f.thumbs = -1)::int AS down,
               count(f.rating)::int AS rn, sum(f.rating)::float8 AS rs, sum(f.rating * f.rating)::float8 AS rq,
               count(*) FILTER (WHERE f.rating = 1)::int AS r1, count(*) FILTER (WHERE f.rating = 2)::int AS r2,
               count(*) FILTER (WHERE f.rating = 3)::int AS r3, count(*) FILTER (WHERE f.rating = 4)::int AS r4,
               count(*) FILTER (WHERE f.rating = 5)::int AS r5
          FROM "Feedback" f
         WHERE f."projectId" = t."projectId" AND f."traceId" = t.id
      ) fb ON true
     WHERE t."projectId" = $1 AND t."timestamp" >= $2 AND t."timestamp" < $3 ${traceWhere}
  )`;

/** CTE th (needs tb): rows shaped like DashboardTraceHour. */
export const traceHourCte = () => `
  tl AS (
    SELECT ${DIMS}, ${sketchBucket("lat")} AS b, count(*)::int AS c FROM tb WHERE lat IS NOT NULL
     GROUP BY ${DIMS}, b
  ),
  tla AS (
    SELECT ${DIMS}, array_agg(b ORDER BY b) AS bs, array_agg(c ORDER BY b) AS cs FROM tl GROUP BY ${DIMS}
  ),
  ta AS (
    SELECT ${DIMS}, count(*)::int AS traces, count(*) FILTER (WHERE err)::int AS errors,
           count(*) FILTER (WHERE NOT err AND down = 0)::int AS successes, COALESCE(sum(cost), 0)::float8 AS cost,
           sum(up)::int AS "thumbsUp", sum(down)::int AS "thumbsDown", sum(rn)::int AS "ratingN",
           sum(rs)::float8 AS "ratingSum", sum(rq)::float8 AS "ratingSumSq",
           ARRAY[COALESCE(sum(r1), 0)::int, COALESCE(sum(r2), 0)::int, COALESCE(sum(r3), 0)::int,
                 COALESCE(sum(r4), 0)::int, COALESCE(sum(r5), 0)::int] AS "ratingCounts"
      FROM tb GROUP BY ${DIMS}
  ),
  th AS (
    SELECT $1::text AS "projectId", ta.hour, ta.name, ta.environment, ta.release, ta.model, ta."promptName", ta."promptVersion",
           ta.traces, ta.errors, ta.successes, ta.cost, COALESCE(tla.bs, '{}') AS "latBuckets", COALESCE(tla.cs, '{}') AS "latCounts",
           ta."thumbsUp", ta."thumbsDown", ta."ratingN", ta."ratingSum", ta."ratingSumSq", ta."ratingCounts"
      FROM ta LEFT JOIN tla USING (${DIMS})
  )`;

/** CTE gh (needs tb): rows shaped like DashboardGenerationHour. */
export const generationHourCte = () => `
  gb AS MATERIALIZED (
    SELECT tb.hour, tb.name, tb.environment, tb.release, COALESCE(o.model, '') AS model,
           COALESCE(o."promptName", '') AS "promptName",
           CASE WHEN o."promptName" IS NULL THEN 0 ELSE COALESCE(o."promptVersion", 0) END AS "promptVersion",
           o.level = 'ERROR' AS err, o."totalCost" AS cost, o."inputTokens" AS it, o."outputTokens" AS ot,
           o."cacheReadTokens" AS crt, o."cacheWriteTokens" AS cwt,
           EXTRACT(EPOCH FROM (o."endTime" - o."startTime")) * 1000 AS lat
      FROM tb
      JOIN LATERAL (
        SELECT * FROM "Observation" o
         WHERE o."projectId" = $1 AND o."traceId" = tb.id AND o.type = 'GENERATION'
      ) o ON true
  ),
  gl AS (
    SELECT ${DIMS}, ${sketchBucket("lat")} AS b, count(*)::int AS c FROM gb WHERE lat IS NOT NULL GROUP BY ${DIMS}, b
  ),
  gla AS (
    SELECT ${DIMS}, array_agg(b ORDER BY b) AS bs, array_agg(c ORDER BY b) AS cs FROM gl GROUP BY ${DIMS}
  ),
  ga AS (
    SELECT ${DIMS}, count(*)::int AS generations, count(*) FILTER (WHERE err)::int AS errors,
           COALESCE(sum(cost), 0)::float8 AS cost, COALESCE(sum(it), 0)::bigint AS "inputTokens",
           COALESCE(sum(ot), 0)::bigint AS "outputTokens", COALESCE(sum(crt), 0)::bigint AS "cacheReadTokens",
           COALESCE(sum(cwt), 0)::bigint AS "cacheWriteTokens"
      FROM gb GROUP BY ${DIMS}
  ),
  gh AS (
    SELECT $1::text AS "projectId", ga.hour, ga.name, ga.environment, ga.release, ga.model, ga."promptName", ga."promptVersion",
           ga.generations, ga.errors, ga.cost, ga."inputTokens", ga."outputTokens", ga."cacheReadTokens", ga."cacheWriteTokens",
           COALESCE(gla.bs, '{}') AS "latBuckets", COALESCE(gla.cs, '{}') AS "latCounts"
      FROM ga LEFT JOIN gla USING (${DIMS})
  )`;

/** CTE sh (needs tb): rows shaped like DashboardScoreHour (numeric and boolean scores). */
export const scoreHourCte = () => `
  sb AS MATERIALIZED (
    SELECT tb.hour, tb.name, tb.environment, tb.release, tb.model, tb."promptName", tb."promptVersion",
           s.name AS "scoreName", s.source::text AS source, s.value AS v,
           ${scoreBucket("s.value")} AS b
      FROM tb
      JOIN LATERAL (
        SELECT name, source, value FROM "Score" s
         WHERE s."projectId" = $1 AND s."traceId" = tb.id AND s.value IS NOT NULL
      ) s ON true
  ),
  sl AS (
    SELECT ${DIMS}, "scoreName", source, b, count(*)::int AS c FROM sb GROUP BY ${DIMS}, "scoreName", source, b
  ),
  sh AS (
    SELECT $1::text AS "projectId", ${DIMS}, "scoreName", source,
           sum(c)::int AS n, array_agg(b ORDER BY b) AS "valBuckets", array_agg(c ORDER BY b) AS "valCounts"
      FROM sl GROUP BY ${DIMS}, "scoreName", source
  ),
  shs AS (
    SELECT ${DIMS}, "scoreName", source, sum(v)::float8 AS sum, sum(v * v)::float8 AS "sumSq"
      FROM sb GROUP BY ${DIMS}, "scoreName", source
  ),
  shx AS (
    SELECT sh."projectId", sh.hour, sh.name, sh.environment, sh.release, sh.model, sh."promptName", sh."promptVersion",
           sh."scoreName", sh.source, sh.n, shs.sum, shs."sumSq", sh."valBuckets", sh."valCounts"
      FROM sh JOIN shs USING (${DIMS}, "scoreName", source)
  )`;

/** CTE lha (needs tb and gb): rows shaped like DashboardLatencyHour. */
export const latencyHourCte = () => `
  lh AS (
    SELECT hour, 'trace' AS kind, '' AS model, b, count(*)::int AS c
      FROM (SELECT hour, ${sketchBucket("lat")} AS b FROM tb WHERE lat IS NOT NULL) x GROUP BY hour, b
    UNION ALL
    SELECT hour, 'generation', model, b, count(*)::int
      FROM (SELECT hour, model, ${sketchBucket("lat")} AS b FROM gb WHERE lat IS NOT NULL) x GROUP BY hour, model, b
  ),
  lha AS (
    SELECT $1::text AS "projectId", hour, kind, model, array_agg(b ORDER BY b) AS "latBuckets", array_agg(c ORDER BY b) AS "latCounts"
      FROM lh GROUP BY hour, kind, model
  )`;

/** CTE sta (needs sb from scoreHourCte): rows shaped like DashboardScoreTotalHour. */
export const scoreTotalHourCte = () => `
  stl AS (SELECT hour, "scoreName", source, b, count(*)::int AS c FROM sb GROUP BY hour, "scoreName", source, b),
  sts AS (SELECT hour, "scoreName", source, sum(v)::float8 AS sum, sum(v * v)::float8 AS "sumSq" FROM sb GROUP BY hour, "scoreName", source),
  sta AS (
    SELECT $1::text AS "projectId", stl.hour, stl."scoreName", stl.source, sum(stl.c)::int AS n, min(sts.sum) AS sum,
           min(sts."sumSq") AS "sumSq", array_agg(stl.b ORDER BY stl.b) AS "valBuckets", array_agg(stl.c ORDER BY stl.b) AS "valCounts"
      FROM stl JOIN sts USING (hour, "scoreName", source) GROUP BY stl.hour, stl."scoreName", stl.source
  )`;

/** CTE ud (needs tb): rows shaped like DashboardUserDay. */
export const userDayCte = () => `
  ud AS (
    SELECT $1::text AS "projectId", date_trunc('day', hour) AS day, name, environment, release, model,
           "promptName", "promptVersion", uid AS "userId", count(*)::int AS traces
      FROM tb WHERE uid IS NOT NULL
     GROUP BY date_trunc('day', hour), name, environment, release, model, "promptName", "promptVersion", uid
  )`;

export const TRACE_HOUR_COLS = `"projectId", hour, name, environment, release, model, "promptName", "promptVersion", traces, errors, successes, cost, "latBuckets", "latCounts", "thumbsUp", "thumbsDown", "ratingN", "ratingSum", "ratingSumSq", "ratingCounts"`;
export const GENERATION_HOUR_COLS = `"projectId", hour, name, environment, release, model, "promptName", "promptVersion", generations, errors, cost, "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "latBuckets", "latCounts"`;
export const SCORE_HOUR_COLS = `"projectId", hour, name, environment, release, model, "promptName", "promptVersion", "scoreName", source, n, sum, "sumSq", "valBuckets", "valCounts"`;
export const LATENCY_HOUR_COLS = `"projectId", hour, kind, model, "latBuckets", "latCounts"`;
export const SCORE_TOTAL_HOUR_COLS = `"projectId", hour, "scoreName", source, n, sum, "sumSq", "valBuckets", "valCounts"`;
export const USER_DAY_COLS = `"projectId", day, name, environment, release, model, "promptName", "promptVersion", "userId", traces`;

// ── Daily pre-merged roll-ups (prisma/schema/dashboards-daily.prisma) ──
// Each daily table is its hourly table merged per UTC day: counts and sums added, sketches merged
// bucket by bucket, the rating histogram added element-wise.

type TDailyTable = {
  hour: string;
  day: string;
  keys: string[];
  /** [column, SQL type of its sum] */
  sums: Array<[string, string]>;
  /** [buckets column, counts column] */
  sketch: [string, string];
  /** int[] columns added element-wise, with their length */
  vectors?: Array<[string, number]>;
};

const DIM_KEYS = ["name", "environment", "release", "model", '"promptName"', '"promptVersion"'];

export const DAILY_TABLES: TDailyTable[] = [
  {
    hour: "DashboardTraceHour",
    day: "DashboardTraceDay",
    keys: DIM_KEYS,
    sums: [
      ["traces", "int"],
      ["errors", "int"],
      ["successes", "int"],
      ["cost", "float8"],
      ['"thumbsUp"', "int"],
      ['"thumbsDown"', "int"],
      ['"ratingN"', "int"],
      ['"ratingSum"', "float8"],
      ['"ratingSumSq"', "float8"],
    ],
    sketch: ['"latBuckets"', '"latCounts"'],
    vectors: [['"ratingCounts"', 5]],
  },
  {
    hour: "DashboardGenerationHour",
    day: "DashboardGenerationDay",
    keys: DIM_KEYS,
    sums: [
      ["generations", "int"],
      ["errors", "int"],
      ["cost", "float8"],
      ['"inputTokens"', "bigint"],
      ['"outputTokens"', "bigint"],
      ['"cacheReadTokens"', "bigint"],
      ['"cacheWriteTokens"', "bigint"],
    ],
    sketch: ['"latBuckets"', '"latCounts"'],
  },
  {
    hour: "DashboardScoreHour",
    day: "DashboardScoreDay",
    keys: [...DIM_KEYS, '"scoreName"', "source"],
    sums: [
      ["n", "int"],
      ["sum", "float8"],
      ['"sumSq"', "float8"],
    ],
    sketch: ['"valBuckets"', '"valCounts"'],
  },
  {
    hour: "DashboardLatencyHour",
    day: "DashboardLatencyDay",
    keys: ["kind", "model"],
    sums: [],
    sketch: ['"latBuckets"', '"latCounts"'],
  },
  {
    hour: "DashboardScoreTotalHour",
    day: "DashboardScoreTotalDay",
    keys: ['"scoreName"', "source"],
    sums: [
      ["n", "int"],
      ["sum", "float8"],
      ['"sumSq"', "float8"],
    ],
    sketch: ['"valBuckets"', '"valCounts"'],
  },
];

/**
 * INSERT … SELECT of a daily table from its hourly rows in [$2, $3) of project $1 (`allProjects`:
 * every project's rows, no parameters — the migration's backfill).
 */
export function dailyRollupInsert(t: TDailyTable, allProjects = false): string {
  const where = allProjects ? "true" : `"projectId" = $1 AND hour >= $2 AND hour < $3`;
  const keys = ['"projectId"', ...t.keys].join(", ");
  const [bc, cc] = t.sketch;
  const vectors = (t.vectors ?? []).map(
    ([col, n]) =>
      `ARRAY[${Array.from({ length: n }, (_, i) => `COALESCE(sum(${col}[${i + 1}]), 0)::int`).join(", ")}] AS ${col}`,
  );
  const cols = [keys, "day", ...t.sums.map(([c]) => c), bc, cc, ...(t.vectors ?? []).map(([c]) => c)].join(", ");
  return `INSERT INTO "${t.day}" (${cols})
  WITH src AS MATERIALIZED (SELECT *, date_trunc('day', hour) AS day FROM "${t.hour}" WHERE ${where}),
  sk AS (
    SELECT ${keys}, day, u.b, sum(u.c)::int AS c
      FROM src CROSS JOIN LATERAL unnest(${bc}, ${cc}) AS u(b, c) GROUP BY ${keys}, day, u.b
  ),
  ska AS (SELECT ${keys}, day, array_agg(b ORDER BY b) AS bs, array_agg(c ORDER BY b) AS cs FROM sk GROUP BY ${keys}, day),
  agg AS (
    SELECT ${keys}, day${t.sums.map(([c, type]) => `, COALESCE(sum(${c}), 0)::${type} AS ${c}`).join("")}${vectors.map((v) => `, ${v}`).join("")}
      FROM src GROUP BY ${keys}, day
  )
  SELECT ${keys}, day${t.sums.map(([c]) => `, agg.${c}`).join("")}, COALESCE(ska.bs, '{}'), COALESCE(ska.cs, '{}')${(t.vectors ?? []).map(([c]) => `, agg.${c}`).join("")}
    FROM agg LEFT JOIN ska USING (${keys}, day)`;
}

// ── Distinct-user bitmaps (DashboardUserNumber, DashboardUserBitsDay) ──
// Users get dense per-project numbers; each day × dimension combination keeps a bitmap per chunk
// of 8,192 numbers (yardstick_user_bits, an aggregate of the migration, sets bit n mod 8192).

export const USER_BITS_CHUNK = 8192;

/** Numbers the users of DashboardUserDay of project $1, day $2 that have none yet (caller holds the project's lock). */
export const ASSIGN_USER_NUMBERS = `
  INSERT INTO "DashboardUserNumber" ("projectId", "userId", n)
  SELECT $1, u."userId",
         (SELECT COALESCE(max(n), -1) FROM "DashboardUserNumber" WHERE "projectId" = $1) + row_number() OVER (ORDER BY u."userId")
    FROM (SELECT DISTINCT "userId" FROM "DashboardUserDay" WHERE "projectId" = $1 AND day = $2) u
   WHERE NOT EXISTS (SELECT 1 FROM "DashboardUserNumber" x WHERE x."projectId" = $1 AND x."userId" = u."userId")`;

/** DashboardUserBitsDay rows from DashboardUserDay: of project $1, day $2 (or `allProjects`: everything). */
export const userBitsInsert = (allProjects = false) => `
  INSERT INTO "DashboardUserBitsDay" ("projectId", day, name, environment, release, model, "promptName", "promptVersion", chunk, bits, traces)
  SELECT ud."projectId", ud.day, ud.name, ud.environment, ud.release, ud.model, ud."promptName", ud."promptVersion",
         un.n / ${USER_BITS_CHUNK}, "yardstick_user_bits"(un.n % ${USER_BITS_CHUNK}), sum(ud.traces)::int
    FROM "DashboardUserDay" ud
    JOIN "DashboardUserNumber" un ON un."projectId" = ud."projectId" AND un."userId" = ud."userId"
   WHERE ${allProjects ? "true" : `ud."projectId" = $1 AND ud.day = $2`}
   GROUP BY ud."projectId", ud.day, ud.name, ud.environment, ud.release, ud.model, ud."promptName", ud."promptVersion",
            un.n / ${USER_BITS_CHUNK}`;
