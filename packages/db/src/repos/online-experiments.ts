import type { OnlineAllocationMode, OnlineExperimentStatus } from "../generated/prisma/enums";
import { getDb, getPool } from "../client";

// Online experiments: definitions, versioned allocations, sticky assignments, trace links and
// the per-variant metric aggregates of the readout (SQL GROUP BY variant, never every trace).

type Json = unknown;

export type TOnlineVariantRowInput = {
  key: string;
  name: string;
  isControl: boolean;
  promptVersionId: string | null;
  promptLabel: string | null;
  modelOverride: string | null;
  weight: number;
};

export type TOnlineExperimentRowInput = {
  key: string;
  name: string;
  hypothesis: string;
  unitType: string;
  unitAttribute: string | null;
  coverage: number;
  mode: OnlineAllocationMode;
  primaryMetric: Json;
  secondaryMetrics: Json;
  guardrails: Json;
  promptId: string | null;
  shipLabel: string;
  banditIntervalMinutes: number;
  banditBurnIn: number;
  banditFloor: number;
  epsilon: number;
};

const VARIANT_SELECT = {
  id: true,
  key: true,
  name: true,
  isControl: true,
  promptVersionId: true,
  promptLabel: true,
  modelOverride: true,
  weight: true,
  position: true,
  promptVersion: {
    select: {
      id: true,
      version: true,
      system: true,
      messages: true,
      model: true,
      params: true,
      prompt: { select: { id: true, name: true } },
    },
  },
} as const;

const EXPERIMENT_SELECT = {
  id: true,
  projectId: true,
  key: true,
  name: true,
  hypothesis: true,
  unitType: true,
  unitAttribute: true,
  coverage: true,
  status: true,
  mode: true,
  primaryMetric: true,
  secondaryMetrics: true,
  guardrails: true,
  promptId: true,
  shipLabel: true,
  bucketVersion: true,
  banditIntervalMinutes: true,
  banditBurnIn: true,
  banditFloor: true,
  epsilon: true,
  allocationVersion: true,
  lastAllocatedAt: true,
  configVersion: true,
  assignmentsFollowHash: true,
  startedAt: true,
  stoppedAt: true,
  shippedVariantKey: true,
  shippedAt: true,
  decisionNote: true,
  createdAt: true,
  updatedAt: true,
  variants: { select: VARIANT_SELECT, orderBy: { position: "asc" } },
} as const;

export type TOnlineExperimentRow = NonNullable<Awaited<ReturnType<typeof findOnlineExperimentRow>>>;

function variantRows(variants: TOnlineVariantRowInput[]) {
  return variants.map((v, position) => ({ ...v, position }));
}

export async function insertOnlineExperiment(
  projectId: string,
  createdById: string | null,
  data: TOnlineExperimentRowInput,
  variants: TOnlineVariantRowInput[],
) {
  return getDb().onlineExperiment.create({
    data: {
      projectId,
      createdById,
      ...data,
      primaryMetric: data.primaryMetric as object,
      secondaryMetrics: data.secondaryMetrics as object,
      guardrails: data.guardrails as object,
      variants: { create: variantRows(variants) },
    },
    select: { id: true, key: true },
  });
}

/** Replaces a draft's definition and variants (one transaction). */
export async function replaceOnlineExperimentDraft(
  projectId: string,
  experimentId: string,
  data: TOnlineExperimentRowInput,
  variants: TOnlineVariantRowInput[],
) {
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.onlineExperiment.updateMany({
      where: { id: experimentId, projectId, status: "draft" },
      data: {
        ...data,
        primaryMetric: data.primaryMetric as object,
        secondaryMetrics: data.secondaryMetrics as object,
        guardrails: data.guardrails as object,
        configVersion: { increment: 1 },
      },
    });
    if (!count) return false;
    await tx.onlineVariant.deleteMany({ where: { experimentId } });
    await tx.onlineVariant.createMany({ data: variantRows(variants).map((v) => ({ ...v, experimentId })) });
    return true;
  });
}

/** A running experiment's weights, coverage and bandit settings (variants themselves are fixed once started). */
export async function updateOnlineExperimentLive(
  projectId: string,
  experimentId: string,
  data: Pick<
    TOnlineExperimentRowInput,
    "name" | "hypothesis" | "coverage" | "banditIntervalMinutes" | "banditBurnIn" | "banditFloor" | "epsilon"
  > & { guardrails: Json; secondaryMetrics: Json },
  weights: Record<string, number> | null,
) {
  return getDb().$transaction(async (tx) => {
    const exp = await tx.onlineExperiment.findFirst({
      where: { id: experimentId, projectId },
      select: { allocationVersion: true, coverage: true },
    });
    if (!exp) return false;
    let allocationVersion = exp.allocationVersion;
    // Units stored under the old weights, or inside a coverage since cut, no longer match the hash.
    const leavesHash = weights !== null || data.coverage < exp.coverage;
    if (weights) {
      for (const [key, weight] of Object.entries(weights)) {
        await tx.onlineVariant.updateMany({ where: { experimentId, key }, data: { weight } });
      }
      allocationVersion += 1;
      await tx.onlineAllocation.create({
        data: { experimentId, version: allocationVersion, weights, reason: "weights edited" },
      });
    }
    await tx.onlineExperiment.update({
      where: { id: experimentId },
      data: {
        ...data,
        guardrails: data.guardrails as object,
        secondaryMetrics: data.secondaryMetrics as object,
        allocationVersion,
        configVersion: { increment: 1 },
        ...(leavesHash ? { assignmentsFollowHash: false } : {}),
      },
    });
    return true;
  });
}

export async function findOnlineExperimentRow(projectId: string, experimentId: string) {
  return getDb().onlineExperiment.findFirst({ where: { id: experimentId, projectId }, select: EXPERIMENT_SELECT });
}

export async function findOnlineExperimentRowsByKeys(projectId: string, keys: string[]) {
  return getDb().onlineExperiment.findMany({ where: { projectId, key: { in: keys } }, select: EXPERIMENT_SELECT });
}

/** Config versions of experiments by key: the assignment cache's cheap freshness check. */
export async function onlineExperimentVersions(projectId: string, keys: string[]) {
  const { rows } = await getPool().query<{ key: string; configVersion: number }>(
    `SELECT key, "configVersion" FROM "OnlineExperiment" WHERE "projectId" = $1 AND key = ANY($2::text[])`,
    [projectId, keys],
  );
  return rows;
}

export async function listOnlineExperimentRows(projectId: string) {
  const [experiments, exposures] = await Promise.all([
    getDb().onlineExperiment.findMany({
      where: { projectId },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        key: true,
        name: true,
        status: true,
        mode: true,
        primaryMetric: true,
        startedAt: true,
        stoppedAt: true,
        shippedVariantKey: true,
        createdAt: true,
        bucketVersion: true,
        variants: { select: { key: true, name: true, isControl: true }, orderBy: { position: "asc" } },
      },
    }),
    getPool().query<{ experimentId: string; n: string }>(
      `SELECT a."experimentId", count(*) AS n FROM "OnlineAssignment" a
       JOIN "OnlineExperiment" e ON e.id = a."experimentId" AND a."bucketVersion" = e."bucketVersion"
       WHERE a."projectId" = $1 GROUP BY a."experimentId"`,
      [projectId],
    ),
  ]);
  const counts = new Map(exposures.rows.map((r) => [r.experimentId, Number(r.n)]));
  return experiments.map((e) => ({ ...e, exposures: counts.get(e.id) ?? 0 }));
}

export async function deleteOnlineExperimentRow(projectId: string, experimentId: string) {
  const { count } = await getDb().onlineExperiment.deleteMany({ where: { id: experimentId, projectId } });
  return count > 0;
}

/** Moves the status (only from one of `from`); returns false when the experiment was not in one of them. */
export async function setOnlineExperimentStatus(
  projectId: string,
  experimentId: string,
  from: OnlineExperimentStatus[],
  data: {
    status: OnlineExperimentStatus;
    startedAt?: Date;
    stoppedAt?: Date;
    shippedVariantKey?: string | null;
    shippedAt?: Date | null;
    decisionNote?: string | null;
  },
  initialAllocation?: { weights: Record<string, number>; reason: string },
) {
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.onlineExperiment.updateMany({
      where: { id: experimentId, projectId, status: { in: from } },
      data: { ...data, configVersion: { increment: 1 } },
    });
    if (!count) return false;
    if (initialAllocation) {
      const exp = await tx.onlineExperiment.findUniqueOrThrow({
        where: { id: experimentId },
        select: { allocationVersion: true },
      });
      if (exp.allocationVersion === 0) {
        await tx.onlineAllocation.create({
          data: { experimentId, version: 1, weights: initialAllocation.weights, reason: initialAllocation.reason },
        });
        await tx.onlineExperiment.update({
          where: { id: experimentId },
          data: { allocationVersion: 1, lastAllocatedAt: new Date() },
        });
      }
    }
    return true;
  });
}

/** Re-buckets everyone: a new bucket version (earlier assignments stay stored but no longer count). */
export async function bumpOnlineBucketVersion(projectId: string, experimentId: string) {
  const { count } = await getDb().onlineExperiment.updateMany({
    where: { id: experimentId, projectId },
    // a new bucket version starts empty: every assignment in it will follow the hash again
    data: { bucketVersion: { increment: 1 }, configVersion: { increment: 1 }, assignmentsFollowHash: true },
  });
  return count > 0;
}

/** Stores a new allocation version (bandit recompute) and points the experiment at it. */
export async function appendOnlineAllocation(
  experimentId: string,
  expectedVersion: number,
  weights: Record<string, number>,
  arms: Json,
  reason: string,
  now: Date,
) {
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.onlineExperiment.updateMany({
      where: { id: experimentId, allocationVersion: expectedVersion },
      data: {
        allocationVersion: expectedVersion + 1,
        lastAllocatedAt: now,
        configVersion: { increment: 1 },
      },
    });
    if (!count) return null; // a concurrent recompute won
    for (const [key, weight] of Object.entries(weights)) {
      await tx.onlineVariant.updateMany({ where: { experimentId, key }, data: { weight } });
    }
    await tx.onlineAllocation.create({
      data: { experimentId, version: expectedVersion + 1, weights, arms: arms as object, reason },
    });
    return expectedVersion + 1;
  });
}

export async function listOnlineAllocationRows(experimentId: string, limit = 500) {
  const rows = await getDb().onlineAllocation.findMany({
    where: { experimentId },
    orderBy: { version: "desc" },
    take: limit,
    select: { version: true, weights: true, arms: true, reason: true, createdAt: true },
  });
  return rows.reverse();
}

/** Running bandit experiments whose allocation is due (lastAllocatedAt + interval ≤ now, with 30 s of slack for the minute cron). */
export async function listDueBanditExperiments(now: Date, limit = 50) {
  const { rows } = await getPool().query<{ id: string; projectId: string }>(
    `SELECT id, "projectId" FROM "OnlineExperiment"
     WHERE status = 'running' AND mode IN ('thompson', 'ucb1', 'epsilon_greedy')
       AND ("lastAllocatedAt" IS NULL OR "lastAllocatedAt" + make_interval(mins => "banditIntervalMinutes") <= $1::timestamptz + interval '30 seconds')
     ORDER BY "lastAllocatedAt" NULLS FIRST LIMIT $2`,
    [now, limit],
  );
  return rows;
}

// ───────── assignments (hot path: raw SQL, one statement) ─────────

export type TAssignmentCandidate = {
  id: string;
  experimentId: string;
  unitId: string;
  bucketVersion: number;
  variantKey: string;
  allocationVersion: number;
  propensity: number;
};

/**
 * Inserts the candidates that have no stored assignment yet and returns, by assignment id (a
 * function of experiment, bucket version and unit), the variant the unit actually has (the
 * stored one wins: sticky). One statement: the stored rows
 * come from the snapshot, the new ones from RETURNING.
 */
export async function upsertAssignments(
  projectId: string,
  rows: TAssignmentCandidate[],
  exposedAt?: Date,
): Promise<Map<string, { id: string; variantKey: string; created: boolean }>> {
  const out = new Map<string, { id: string; variantKey: string; created: boolean }>();
  if (!rows.length) return out;
  // The commit does not wait for the WAL flush (synchronous_commit off for this one transaction,
  // set by the statement itself so it stays one round trip): the assignment hot path's latency
  // was that fsync. A Postgres crash can lose the last fraction of a second of assignments, never
  // corrupt them; a unit that comes back is bucketed by the same hash and stored again.
  const sql = `
    WITH async_commit AS (
      SELECT set_config('synchronous_commit', 'off', true)
    ), input AS (
      SELECT t.* FROM async_commit, unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::int[], $8::float8[])
        AS t(id, "experimentId", "unitId", "bucketVersion", "variantKey", "allocationVersion", propensity)
    ), ins AS (
      INSERT INTO "OnlineAssignment" (id, "projectId", "experimentId", "unitId", "bucketVersion", "variantKey", "allocationVersion", propensity, "exposedAt")
      SELECT id, $1, "experimentId", "unitId", "bucketVersion", "variantKey", "allocationVersion", propensity, COALESCE($9::timestamptz, now()) FROM input
      ON CONFLICT ("experimentId", "unitId", "bucketVersion") DO NOTHING
      RETURNING id, "variantKey"
    )
    SELECT id, "variantKey", true AS created FROM ins
    UNION ALL
    SELECT a.id, a."variantKey", false AS created FROM "OnlineAssignment" a
      JOIN input i ON a."experimentId" = i."experimentId" AND a."unitId" = i."unitId" AND a."bucketVersion" = i."bucketVersion"`;
  const args = [
    projectId,
    rows.map((r) => r.id),
    rows.map((r) => r.experimentId),
    rows.map((r) => r.unitId),
    rows.map((r) => r.bucketVersion),
    rows.map((r) => r.variantKey),
    rows.map((r) => r.allocationVersion),
    rows.map((r) => r.propensity),
    exposedAt ?? null,
  ];
  const run = async () => {
    const { rows: got } = await getPool().query<{
      id: string;
      variantKey: string;
      created: boolean;
    }>({ name: "online-assign-upsert", text: sql, values: args });
    for (const g of got) out.set(g.id, { id: g.id, variantKey: g.variantKey, created: g.created });
  };
  await run();
  // A concurrent request inserted the same unit between our snapshot and our insert: read it now.
  if (rows.some((r) => !out.has(r.id))) await run();
  return out;
}

export async function insertInterleavingImpressions(
  projectId: string,
  rows: Array<{ id: string; experimentId: string; unitId: string; first: string; second: string }>,
) {
  if (!rows.length) return;
  await getPool().query(
    `INSERT INTO "InterleavingPreference" (id, "projectId", "experimentId", "unitId", "firstVariantKey", "secondVariantKey")
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (id) DO NOTHING`,
    [
      rows.map((r) => r.id),
      rows.map(() => projectId),
      rows.map((r) => r.experimentId),
      rows.map((r) => r.unitId),
      rows.map((r) => r.first),
      rows.map((r) => r.second),
    ],
  );
}

export async function findInterleavingImpression(projectId: string, id: string) {
  return getDb().interleavingPreference.findFirst({
    where: { id, projectId },
    select: {
      id: true,
      experimentId: true,
      firstVariantKey: true,
      secondVariantKey: true,
      decidedAt: true,
      experiment: { select: { status: true } },
    },
  });
}

/** Records the choice once (a repeat changes nothing and answers false). */
export async function decideInterleavingImpression(
  projectId: string,
  id: string,
  chosenVariantKey: string | null,
  chosenPosition: number | null,
) {
  const { count } = await getDb().interleavingPreference.updateMany({
    where: { id, projectId, decidedAt: null },
    data: { chosenVariantKey, chosenPosition, decidedAt: new Date() },
  });
  return count > 0;
}

/** Interleaving counts for analyzeInterleaving: A = first variant of the experiment, B = second. */
export async function interleavingCounts(projectId: string, experimentId: string, aKey: string) {
  const { rows } = await getPool().query<{
    aWinsAFirst: number;
    aWinsBFirst: number;
    bWinsAFirst: number;
    bWinsBFirst: number;
    ties: number;
    pending: number;
  }>(
    `SELECT
       count(*) FILTER (WHERE "chosenVariantKey" = $3 AND "firstVariantKey" = $3)::int AS "aWinsAFirst",
       count(*) FILTER (WHERE "chosenVariantKey" = $3 AND "firstVariantKey" <> $3)::int AS "aWinsBFirst",
       count(*) FILTER (WHERE "chosenVariantKey" <> $3 AND "firstVariantKey" = $3)::int AS "bWinsAFirst",
       count(*) FILTER (WHERE "chosenVariantKey" <> $3 AND "firstVariantKey" <> $3)::int AS "bWinsBFirst",
       count(*) FILTER (WHERE "decidedAt" IS NOT NULL AND "chosenVariantKey" IS NULL)::int AS ties,
       count(*) FILTER (WHERE "decidedAt" IS NULL)::int AS pending
     FROM "InterleavingPreference" WHERE "projectId" = $1 AND "experimentId" = $2`,
    [projectId, experimentId, aKey],
  );
  return rows[0]!;
}

/** Exposures per (allocation version, variant) in the current bucket version. */
export async function exposureCounts(projectId: string, experimentId: string, bucketVersion: number) {
  const { rows } = await getPool().query<{ allocationVersion: number; variantKey: string; n: number }>(
    `SELECT "allocationVersion", "variantKey", count(*)::int AS n FROM "OnlineAssignment"
     WHERE "projectId" = $1 AND "experimentId" = $2 AND "bucketVersion" = $3
     GROUP BY 1, 2`,
    [projectId, experimentId, bucketVersion],
  );
  return rows;
}

/** Exposures per day and variant (the page's chart). */
export async function exposuresByDay(projectId: string, experimentId: string, bucketVersion: number) {
  const { rows } = await getPool().query<{ day: string; variantKey: string; n: number }>(
    `SELECT to_char(date_trunc('day', "exposedAt"), 'YYYY-MM-DD') AS day, "variantKey", count(*)::int AS n
     FROM "OnlineAssignment" WHERE "projectId" = $1 AND "experimentId" = $2 AND "bucketVersion" = $3
     GROUP BY 1, 2 ORDER BY 1`,
    [projectId, experimentId, bucketVersion],
  );
  return rows;
}

/** Links traces to assignments (ingest); idempotent. Ids that match no assignment simply never join. */
export async function linkTraceAssignments(projectId: string, links: Array<{ traceId: string; assignmentId: string }>) {
  if (!links.length) return;
  await getPool().query(
    `INSERT INTO "OnlineTraceAssignment" ("projectId", "traceId", "assignmentId")
     SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    [projectId, links.map((l) => l.traceId), links.map((l) => l.assignmentId)],
  );
}

// ───────── metrics ─────────

export type TMetricSpec = {
  kind: "thumbs_up_rate" | "mean_rating" | "score" | "cost" | "latency" | "error_rate" | "event";
  name?: string;
  source?: "API" | "JUDGE" | "HUMAN";
};

/**
 * SQL for one value per exposed unit ("assignmentId", "variantKey", propensity, value): plain
 * joins from the experiment's assignments through the trace links (index lookups all the way),
 * grouped per assignment. Units without data for the metric are left out, except for `event`
 * (0 when the event never happened on any of the unit's traces).
 */
function unitValuesSql(metric: TMetricSpec): string {
  const assigned = `FROM "OnlineAssignment" a
      JOIN "OnlineTraceAssignment" l ON l."projectId" = $1 AND l."assignmentId" = a.id
      JOIN "Trace" tr ON tr."projectId" = $1 AND tr.id = l."traceId"`;
  const where = `WHERE a."projectId" = $1 AND a."experimentId" = $2 AND a."bucketVersion" = $3`;
  const per = (valueSql: string, join = "") =>
    `SELECT a.id AS "assignmentId", a."variantKey", a.propensity, (${valueSql})::float8 AS value
     ${assigned} ${join} ${where}
     GROUP BY a.id, a."variantKey", a.propensity`;
  switch (metric.kind) {
    case "cost":
      return per(`avg(tr."totalCost")`);
    case "latency":
      return `SELECT * FROM (${per(`avg(tr."latencyMs")`)}) x WHERE value IS NOT NULL`;
    case "error_rate":
      return per(`avg(tr."hasError"::int)`);
    case "thumbs_up_rate":
      return per(
        `avg((f.thumbs = 1)::int)`,
        `JOIN "Feedback" f ON f."projectId" = $1 AND f."traceId" = tr.id AND f.thumbs IS NOT NULL`,
      );
    case "mean_rating":
      return per(
        `avg(f.rating)`,
        `JOIN "Feedback" f ON f."projectId" = $1 AND f."traceId" = tr.id AND f.rating IS NOT NULL`,
      );
    case "score":
      return per(
        `avg(s.value)`,
        `JOIN "Score" s ON s."projectId" = $1 AND s."traceId" = tr.id AND s.name = $4 AND s.value IS NOT NULL
           AND ($5::text IS NULL OR s.source::text = $5)`,
      );
    case "event":
      return `SELECT a.id AS "assignmentId", a."variantKey", a.propensity,
          (EXISTS (
            SELECT 1 FROM "OnlineTraceAssignment" l
            JOIN "Observation" o ON o."projectId" = $1 AND o."traceId" = l."traceId"
            WHERE l."projectId" = $1 AND l."assignmentId" = a.id AND o.type = 'EVENT' AND o.name = $4
          ))::int::float8 AS value
        FROM "OnlineAssignment" a ${where}`;
  }
}

/** Only the parameters the metric's SQL uses (Postgres cannot type an unused one). */
function metricArgs(projectId: string, experimentId: string, bucketVersion: number, metric: TMetricSpec) {
  if (metric.kind === "score")
    return [projectId, experimentId, bucketVersion, metric.name ?? "", metric.source ?? null];
  if (metric.kind === "event") return [projectId, experimentId, bucketVersion, metric.name ?? ""];
  return [projectId, experimentId, bucketVersion];
}

/** Per variant: units with a value, Σvalue, Σvalue² — and, with `scaled`, the same over values mapped to [0, 1]. */
export async function metricAggregates(
  projectId: string,
  experimentId: string,
  bucketVersion: number,
  metric: TMetricSpec,
) {
  const sql = `SELECT "variantKey", count(*)::int AS n, coalesce(sum(value), 0)::float8 AS sum,
           coalesce(sum(value * value), 0)::float8 AS "sumSquares",
           min(min(value)) OVER ()::float8 AS lo, max(max(value)) OVER ()::float8 AS hi
    FROM (${unitValuesSql(metric)}) v GROUP BY "variantKey"`;
  const { rows } = await getPool().query<{
    variantKey: string;
    n: number;
    sum: number;
    sumSquares: number;
    lo: number | null;
    hi: number | null;
  }>(sql, metricArgs(projectId, experimentId, bucketVersion, metric));
  return rows;
}

/** Per-unit values (for inverse-propensity weighting under a bandit); bounded. */
export async function metricUnitValues(
  projectId: string,
  experimentId: string,
  bucketVersion: number,
  metric: TMetricSpec,
  limit = 200_000,
) {
  const { rows } = await getPool().query<{ variantKey: string; propensity: number; value: number }>(
    `SELECT "variantKey", propensity, value FROM (${unitValuesSql(metric)}) x LIMIT ${Math.floor(limit)}`,
    metricArgs(projectId, experimentId, bucketVersion, metric),
  );
  return rows;
}

/** Exposure day of every assignment with a linked trace: how many traces joined (page diagnostics). */
export async function linkedTraceCount(projectId: string, experimentId: string, bucketVersion: number) {
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "OnlineTraceAssignment" l
     JOIN "OnlineAssignment" a ON a.id = l."assignmentId"
     WHERE l."projectId" = $1 AND a."projectId" = $1 AND a."experimentId" = $2 AND a."bucketVersion" = $3`,
    [projectId, experimentId, bucketVersion],
  );
  return rows[0]?.n ?? 0;
}

/** A prompt version of the project by id (variants must point inside their own project). */
export async function findProjectPromptVersions(projectId: string, ids: string[]) {
  if (!ids.length) return [];
  return getDb().promptVersion.findMany({
    where: { id: { in: ids }, prompt: { projectId } },
    select: { id: true, version: true, prompt: { select: { id: true, name: true } } },
  });
}

/** The version a label points at (variants served by label), with its content. */
export async function findPromptVersionByLabel(projectId: string, promptId: string, label: string) {
  return getDb().promptLabel.findFirst({
    where: { name: label, promptId, prompt: { projectId } },
    select: {
      version: {
        select: {
          id: true,
          version: true,
          system: true,
          messages: true,
          model: true,
          params: true,
          prompt: { select: { id: true, name: true } },
        },
      },
    },
  });
}
