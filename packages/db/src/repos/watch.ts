import type { Prisma } from "../generated/prisma/client";
import { getDb, getPool } from "../client";
import { scoreBucket } from "./dashboard-sql";

// Drift reports and alerts (prisma/schema/watch.prisma). Every query is scoped by projectId.

// ───────────── drift settings ─────────────

export type TDriftSettingsRow = {
  projectId: string;
  enabled: boolean;
  cron: string;
  windowHours: number;
  referenceMode: string;
  referenceHours: number;
  pinnedFrom: Date | null;
  pinnedTo: Date | null;
  baselineMode: string;
  badScoreThreshold: number | null;
  sampleSize: number;
  lastRunAt: Date | null;
  createdAt: Date;
};

export async function findDriftSettingsRow(projectId: string): Promise<TDriftSettingsRow | null> {
  return getDb().driftSettings.findUnique({ where: { projectId } });
}

export async function upsertDriftSettingsRow(
  projectId: string,
  data: Partial<Omit<TDriftSettingsRow, "projectId" | "createdAt">>,
) {
  return getDb().driftSettings.upsert({ where: { projectId }, create: { projectId, ...data }, update: data });
}

export async function listEnabledDriftSettings(): Promise<TDriftSettingsRow[]> {
  return getDb().driftSettings.findMany({ where: { enabled: true }, orderBy: { projectId: "asc" } });
}

/** Claims a schedule slot: only the tick that moves lastRunAt from `previous` wins. */
export async function claimDriftSlot(projectId: string, previous: Date | null, at: Date): Promise<boolean> {
  const r = await getDb().driftSettings.updateMany({
    where: { projectId, lastRunAt: previous },
    data: { lastRunAt: at },
  });
  return r.count === 1;
}

// ───────────── reports ─────────────

export async function insertDriftReport(data: {
  projectId: string;
  trigger: string;
  windowFrom: Date;
  windowTo: Date;
  refFrom: Date;
  refTo: Date;
  createdById: string | null;
}) {
  return getDb().driftReport.create({ data, select: { id: true } });
}

export type TDriftFindingInput = {
  kind: string;
  subject: string;
  severity: string;
  title: string;
  tests: unknown;
  chart: unknown;
  sampleTraceIds: string[];
  attributedTo: string | null;
};

/** Stores a report's findings and marks it completed, in one transaction (a retry replaces them). */
export async function completeDriftReport(
  projectId: string,
  reportId: string,
  data: { summary: unknown; judgeChanged: boolean },
  findings: TDriftFindingInput[],
) {
  await getDb().$transaction(async (tx) => {
    const r = await tx.driftReport.findFirst({ where: { id: reportId, projectId }, select: { id: true } });
    if (!r) return;
    await tx.driftFinding.deleteMany({ where: { reportId } });
    await tx.driftFinding.createMany({
      data: findings.map((f, position) => ({
        ...f,
        reportId,
        position,
        tests: f.tests as Prisma.InputJsonValue,
        chart: f.chart as Prisma.InputJsonValue,
      })),
    });
    await tx.driftReport.update({
      where: { id: reportId },
      data: {
        status: "completed",
        summary: data.summary as Prisma.InputJsonValue,
        findingCount: findings.length,
        flaggedCount: findings.filter((f) => f.severity !== "ok").length,
        judgeChanged: data.judgeChanged,
        error: null,
        finishedAt: new Date(),
      },
    });
  });
}

export async function failDriftReportRow(projectId: string, reportId: string, error: string) {
  await getDb().driftReport.updateMany({
    where: { id: reportId, projectId, status: "running" },
    data: { status: "failed", error: error.slice(0, 1000), finishedAt: new Date() },
  });
}

const REPORT_SELECT = {
  id: true,
  status: true,
  trigger: true,
  windowFrom: true,
  windowTo: true,
  refFrom: true,
  refTo: true,
  summary: true,
  findingCount: true,
  flaggedCount: true,
  judgeChanged: true,
  error: true,
  createdAt: true,
  finishedAt: true,
} as const;

export async function listDriftReportRows(projectId: string, limit = 50) {
  return getDb().driftReport.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: REPORT_SELECT,
  });
}

export async function findDriftReportRow(projectId: string, reportId: string) {
  return getDb().driftReport.findFirst({
    where: { id: reportId, projectId },
    select: { ...REPORT_SELECT, findings: { orderBy: { position: "asc" } } },
  });
}

/** Alert-severity findings of reports finished in [from, to), per report. */
export async function listDriftAlertCounts(projectId: string, from: Date, to: Date) {
  const rows = await getDb().driftReport.findMany({
    where: { projectId, status: "completed", finishedAt: { gte: from, lt: to } },
    select: { finishedAt: true, findings: { where: { severity: "alert" }, select: { id: true } } },
  });
  return rows.map((r) => ({ t: r.finishedAt!, count: r.findings.length }));
}

// ───────────── samples and aggregates the report reads ─────────────

export async function countTracesBetween(projectId: string, from: Date, to: Date): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Trace" WHERE "projectId" = $1 AND timestamp >= $2 AND timestamp < $3`,
    [projectId, from, to],
  );
  return rows[0]?.n ?? 0;
}

const TEXT_OF = (col: string) => `left(COALESCE(
  CASE WHEN jsonb_typeof(${col}) = 'string' THEN ${col} #>> '{}'
       ELSE (SELECT string_agg(v #>> '{}', ' ') FROM jsonb_path_query(${col}, 'lax $.**') AS v WHERE jsonb_typeof(v) = 'string')
  END, ''), 4000)`;

/**
 * A reproducible sample of a window's traces: each kept when a hash of (seed, id) falls under
 * `rateMillionths`, at most `limit`. Only the text of input and output travels (≤ 4,000 chars each).
 */
export async function sampleWindowTraces(
  projectId: string,
  from: Date,
  to: Date,
  opts: { rateMillionths: number; limit: number; seed: string },
) {
  const { rows } = await getPool().query<{
    id: string;
    timestamp: Date;
    inputText: string;
    outputText: string;
    inputLen: number;
    outputLen: number;
  }>(
    `SELECT id, timestamp, ${TEXT_OF("input")} AS "inputText", ${TEXT_OF("output")} AS "outputText",
            COALESCE(length(input::text), 0) AS "inputLen", COALESCE(length(output::text), 0) AS "outputLen"
       FROM "Trace"
      WHERE "projectId" = $1 AND timestamp >= $2 AND timestamp < $3
        AND (abs(hashtext($4 || id)::bigint) % 1000000) < $5
      ORDER BY timestamp DESC
      LIMIT $6`,
    [projectId, from, to, opts.seed, opts.rateMillionths, opts.limit],
  );
  return rows;
}

export type TScoreHourHistogram = {
  t: Date;
  scoreName: string;
  n: number;
  sum: number;
  sumSq: number;
  b: number[];
  c: number[];
};

/** Score roll-ups per hour and name (all sources merged), with the value histogram (0.01 grid). */
export async function listScoreHourHistograms(
  projectId: string,
  from: Date,
  to: Date,
  scoreName: string | null = null,
): Promise<TScoreHourHistogram[]> {
  const { rows } = await getPool().query<TScoreHourHistogram>(
    `WITH r AS (
       SELECT hour, "scoreName", n, sum, "sumSq", "valBuckets", "valCounts" FROM "DashboardScoreTotalHour"
        WHERE "projectId" = $1 AND hour >= $2 AND hour < $3 AND ($4::text IS NULL OR "scoreName" = $4::text)),
     a AS (SELECT hour, "scoreName", sum(n)::int AS n, sum(sum)::float8 AS sum, sum("sumSq")::float8 AS "sumSq" FROM r GROUP BY 1, 2),
     h AS (SELECT hour, "scoreName", u.b, sum(u.c)::int AS c
             FROM r CROSS JOIN LATERAL unnest("valBuckets", "valCounts") AS u(b, c) GROUP BY 1, 2, 3)
     SELECT a.hour AS t, a."scoreName", a.n, a.sum, a."sumSq",
            COALESCE(array_agg(h.b ORDER BY h.b) FILTER (WHERE h.b IS NOT NULL), '{}') AS b,
            COALESCE(array_agg(h.c ORDER BY h.b) FILTER (WHERE h.b IS NOT NULL), '{}') AS c
       FROM a LEFT JOIN h ON h.hour = a.hour AND h."scoreName" = a."scoreName"
      GROUP BY a.hour, a."scoreName", a.n, a.sum, a."sumSq" ORDER BY 1, 2`,
    [projectId, from, to, scoreName],
  );
  return rows;
}

export type TWeightedScoreHourHistogram = TScoreHourHistogram & { sumW2: number; judged: number };

/**
 * Design-weighted histograms of online judgments per trace hour and score name, for the names
 * online rules write: w = 1/inclusionProb, so n, sum, sumSq and c hold Σw, Σw·y, Σw·y² and Σw per
 * bucket (floats), sumW2 = Σw², judged = rows. Same 0.01 grid as the roll-ups (scoreBucket).
 */
export async function listWeightedJudgmentHourHistograms(
  projectId: string,
  from: Date,
  to: Date,
  scoreNames: readonly string[],
): Promise<TWeightedScoreHourHistogram[]> {
  if (!scoreNames.length) return [];
  const { rows } = await getPool().query<TWeightedScoreHourHistogram>(
    `WITH j AS (
       SELECT date_trunc('hour', j."traceTimestamp") AS hour, r."scoreName", j.value AS v, 1.0 / j."inclusionProb" AS w,
              ${scoreBucket("j.value")} AS b
         FROM "OnlineEvalJudgment" j JOIN "OnlineEvalRule" r ON r.id = j."ruleId" AND r."projectId" = j."projectId"
        WHERE j."projectId" = $1 AND j.day >= ($2::timestamptz AT TIME ZONE 'UTC')::date
          AND j.day <= ($3::timestamptz AT TIME ZONE 'UTC')::date
          AND j."traceTimestamp" >= $2 AND j."traceTimestamp" < $3
          AND j.status = 'scored' AND j.value IS NOT NULL AND j."inclusionProb" > 0
          AND r."scoreName" = ANY($4::text[])),
     a AS (SELECT hour, "scoreName", count(*)::int AS judged, sum(w)::float8 AS n, sum(w * v)::float8 AS sum,
                  sum(w * v * v)::float8 AS "sumSq", sum(w * w)::float8 AS "sumW2" FROM j GROUP BY 1, 2),
     h AS (SELECT hour, "scoreName", b, sum(w)::float8 AS c FROM j GROUP BY 1, 2, 3)
     SELECT a.hour AS t, a."scoreName", a.judged, a.n, a.sum, a."sumSq", a."sumW2",
            array_agg(h.b ORDER BY h.b) AS b, array_agg(h.c ORDER BY h.b) AS c
       FROM a JOIN h ON h.hour = a.hour AND h."scoreName" = a."scoreName"
      GROUP BY a.hour, a."scoreName", a.judged, a.n, a.sum, a."sumSq", a."sumW2" ORDER BY 1, 2`,
    [projectId, from, to, scoreNames],
  );
  return rows;
}

export async function scoreNameExists(projectId: string, name: string): Promise<boolean> {
  const { rows } = await getPool().query(`SELECT 1 FROM "Score" WHERE "projectId" = $1 AND name = $2 LIMIT 1`, [
    projectId,
    name,
  ]);
  return rows.length > 0;
}

/** Traces with the lowest values of a score in a window (a finding's examples). */
export async function lowestScoredTraceIds(projectId: string, name: string, from: Date, to: Date, limit = 5) {
  const { rows } = await getPool().query<{ traceId: string }>(
    `SELECT "traceId" FROM "Score" WHERE "projectId" = $1 AND name = $2 AND timestamp >= $3 AND timestamp < $4
        AND value IS NOT NULL ORDER BY value ASC, "traceId" LIMIT $5`,
    [projectId, name, from, to, limit],
  );
  return rows.map((r) => r.traceId);
}

/**
 * The golden-set mean of a grader named `scoreName` in the latest completed run on the golden
 * partition (arm 0), as a normalised [0, 1] score, with the judge's scale when it is an LLM judge.
 */
export async function latestGoldenBaseline(projectId: string, scoreName: string) {
  const { rows } = await getPool().query<{
    runId: string;
    runName: string | null;
    endedAt: Date | null;
    mean: number;
    n: number;
    graderVersionId: string | null;
    scale: { min: number; max: number } | null;
  }>(
    `WITH r AS (
       SELECT id, name, "endedAt",
              (SELECT g->>'graderId' FROM jsonb_array_elements(config->'graders') g WHERE g->>'name' = $2 LIMIT 1) AS gid,
              (SELECT g->>'graderVersionId' FROM jsonb_array_elements(config->'graders') g WHERE g->>'name' = $2 LIMIT 1) AS gvid
         FROM "ExperimentRun"
        WHERE "projectId" = $1 AND status = 'completed' AND 'golden'::"DatasetPartition" = ANY(partitions)
          AND config->'graders' @> jsonb_build_array(jsonb_build_object('name', $2::text))
        ORDER BY "endedAt" DESC NULLS LAST, "createdAt" DESC LIMIT 1)
     SELECT r.id AS "runId", r.name AS "runName", r."endedAt", avg((gr->>'score')::float8) AS mean, count(*)::int AS n,
            r.gvid AS "graderVersionId",
            -- A judge's case score is normalised to [0, 1]; its scale maps it back to the ratings
            -- online judgments store (a 0.8 is 4.2 on 1–5).
            (SELECT CASE WHEN gv.config->'rubric'->'scale' IS NOT NULL
                         THEN jsonb_build_object('min', gv.config->'rubric'->'scale'->'min', 'max', gv.config->'rubric'->'scale'->'max') END
               FROM "GraderVersion" gv WHERE gv.id = r.gvid AND gv.type = 'llm_judge') AS scale
       FROM r JOIN "ExperimentCaseResult" c ON c."runId" = r.id AND c.partition = 'golden' AND c.arm = 0
       CROSS JOIN LATERAL jsonb_array_elements(c."graderResults") gr
      WHERE gr->>'graderId' = r.gid AND jsonb_typeof(gr->'score') = 'number'
      GROUP BY r.id, r.name, r."endedAt", r.gvid`,
    [projectId, scoreName],
  );
  return rows[0] ?? null;
}

// ───────────── judge anchors ─────────────

export async function listJudgeAnchorRows(projectId: string) {
  return getDb().judgeAnchor.findMany({
    where: { projectId },
    orderBy: { createdAt: "asc" },
    select: {
      setId: true,
      baselineRunId: true,
      createdAt: true,
      set: {
        select: { id: true, name: true, graderId: true, grader: { select: { name: true, latestVersion: true } } },
      },
    },
  });
}

export async function insertJudgeAnchor(projectId: string, setId: string) {
  await getDb().judgeAnchor.upsert({ where: { setId }, create: { setId, projectId }, update: {} });
}

export async function deleteJudgeAnchor(projectId: string, setId: string) {
  return (await getDb().judgeAnchor.deleteMany({ where: { projectId, setId } })).count;
}

export async function setJudgeAnchorBaseline(projectId: string, setId: string, runId: string) {
  await getDb().judgeAnchor.updateMany({
    where: { projectId, setId, baselineRunId: null },
    data: { baselineRunId: runId },
  });
}

/** Completed calibration runs of a set from `since` on (oldest first), with version and judgments. */
export async function listAnchorRuns(setId: string, since: Date) {
  return getDb().calibrationRun.findMany({
    where: { setId, status: "completed", startedAt: { gte: since } },
    orderBy: { startedAt: "asc" },
    take: 100,
    select: {
      id: true,
      startedAt: true,
      kappa: true,
      graderVersion: { select: { version: true } },
      judgments: { select: { itemKey: true, humanScore: true, score: true } },
    },
  });
}

// ───────────── alert channels, rules, events ─────────────

const CHANNEL_SELECT = { id: true, name: true, kind: true, urlHint: true, createdAt: true } as const;

export async function insertAlertChannel(data: {
  projectId: string;
  name: string;
  kind: string;
  encryptedUrl: string;
  urlHint: string;
  encryptedSecret: string | null;
}) {
  try {
    return await getDb().alertChannel.create({ data, select: CHANNEL_SELECT });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return "name_taken" as const;
    throw e;
  }
}

export async function listAlertChannelRows(projectId: string) {
  return getDb().alertChannel.findMany({ where: { projectId }, orderBy: { createdAt: "asc" }, select: CHANNEL_SELECT });
}

export async function findAlertChannelSecrets(projectId: string, channelId: string) {
  return getDb().alertChannel.findFirst({
    where: { id: channelId, projectId },
    select: { ...CHANNEL_SELECT, encryptedUrl: true, encryptedSecret: true },
  });
}

export async function deleteAlertChannelRow(projectId: string, channelId: string) {
  return getDb().$transaction(async (tx) => {
    const n = (await tx.alertChannel.deleteMany({ where: { id: channelId, projectId } })).count;
    if (n) {
      await tx.$executeRaw`UPDATE "AlertRule" SET "channelIds" = array_remove("channelIds", ${channelId}) WHERE "projectId" = ${projectId}`;
    }
    return n;
  });
}

export async function countAlertChannels(projectId: string, ids: string[]) {
  return getDb().alertChannel.count({ where: { projectId, id: { in: ids } } });
}

export type TAlertRuleData = {
  name: string;
  enabled: boolean;
  metric: string;
  scoreName: string | null;
  scoreCutoff: number | null;
  condition: string;
  threshold: number;
  period: string;
  periods: number;
  cooldownMinutes: number;
  channelIds: string[];
};

export async function insertAlertRule(projectId: string, data: TAlertRuleData) {
  try {
    return await getDb().alertRule.create({ data: { projectId, ...data } });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return "name_taken" as const;
    throw e;
  }
}

export async function updateAlertRuleRow(projectId: string, ruleId: string, data: Partial<TAlertRuleData>) {
  try {
    const r = await getDb().alertRule.updateMany({ where: { id: ruleId, projectId }, data });
    return r.count === 1 ? "ok" : null;
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return "name_taken" as const;
    throw e;
  }
}

export async function deleteAlertRuleRow(projectId: string, ruleId: string) {
  return (await getDb().alertRule.deleteMany({ where: { id: ruleId, projectId } })).count;
}

export async function findAlertRuleRow(projectId: string, ruleId: string) {
  return getDb().alertRule.findFirst({ where: { id: ruleId, projectId } });
}

export async function listAlertRuleRows(projectId: string) {
  return getDb().alertRule.findMany({ where: { projectId }, orderBy: { createdAt: "asc" } });
}

/** Projects with at least one enabled rule. */
export async function listProjectsWithAlertRules(): Promise<string[]> {
  const rows = await getDb().alertRule.findMany({
    where: { enabled: true },
    distinct: ["projectId"],
    select: { projectId: true },
  });
  return rows.map((r) => r.projectId);
}

/**
 * Moves a rule from `from` state to `to` (compare-and-set, so two evaluators never both fire)
 * and records the evaluation. Returns false when another evaluator got there first.
 */
export async function casAlertRuleState(
  ruleId: string,
  from: { state: string; lastNotifiedAt: Date | null },
  to: { state: string; lastValue: number | null; lastEvaluatedAt: Date; lastNotifiedAt?: Date },
) {
  const r = await getDb().alertRule.updateMany({
    where: { id: ruleId, state: from.state, lastNotifiedAt: from.lastNotifiedAt },
    data: to,
  });
  return r.count === 1;
}

export async function insertAlertEvent(data: {
  projectId: string;
  ruleId: string;
  status: string;
  value: number | null;
  message: string;
  details: unknown;
  test?: boolean;
}) {
  return getDb().alertEvent.create({
    data: { ...data, details: data.details as Prisma.InputJsonValue },
    select: { id: true, startedAt: true },
  });
}

export async function findOpenAlertEvent(ruleId: string) {
  return getDb().alertEvent.findFirst({
    where: { ruleId, status: "firing", test: false },
    orderBy: { startedAt: "desc" },
    select: { id: true },
  });
}

export async function resolveAlertEvents(ruleId: string, at: Date) {
  await getDb().alertEvent.updateMany({
    where: { ruleId, status: "firing", test: false },
    data: { status: "resolved", resolvedAt: at },
  });
}

export async function bumpAlertEventNotifications(eventId: string) {
  await getDb().alertEvent.update({ where: { id: eventId }, data: { notifications: { increment: 1 } } });
}

export async function listAlertEventRows(projectId: string, limit = 100) {
  return getDb().alertEvent.findMany({
    where: { projectId },
    orderBy: { startedAt: "desc" },
    take: limit,
    select: {
      id: true,
      ruleId: true,
      status: true,
      value: true,
      message: true,
      details: true,
      test: true,
      startedAt: true,
      resolvedAt: true,
      acknowledgedAt: true,
      acknowledgedById: true,
      notifications: true,
      rule: { select: { name: true, metric: true } },
      deliveries: {
        select: {
          id: true,
          channelId: true,
          status: true,
          attempts: true,
          responseStatus: true,
          error: true,
          deliveredAt: true,
        },
      },
    },
  });
}

export async function findAlertEventRow(projectId: string, eventId: string) {
  return getDb().alertEvent.findFirst({
    where: { id: eventId, projectId },
    select: {
      id: true,
      status: true,
      value: true,
      message: true,
      test: true,
      startedAt: true,
      rule: { select: { id: true, name: true, metric: true, condition: true, threshold: true, channelIds: true } },
    },
  });
}

export async function acknowledgeAlertEventRow(projectId: string, eventId: string, userId: string) {
  const r = await getDb().alertEvent.updateMany({
    where: { id: eventId, projectId, acknowledgedAt: null },
    data: { acknowledgedAt: new Date(), acknowledgedById: userId },
  });
  return r.count;
}

/** One delivery row per (event, channel, notification): the delivery job updates it as it tries. */
export async function insertAlertDelivery(eventId: string, channelId: string) {
  return getDb().alertDelivery.create({ data: { eventId, channelId }, select: { id: true } });
}

export async function updateAlertDelivery(
  id: string,
  data: {
    status: string;
    attempts: number;
    responseStatus: number | null;
    error: string | null;
    deliveredAt?: Date | null;
  },
) {
  await getDb().alertDelivery.update({ where: { id }, data });
}

export async function findAlertDelivery(id: string) {
  return getDb().alertDelivery.findUnique({
    where: { id },
    select: { id: true, eventId: true, channelId: true, status: true, attempts: true },
  });
}

/** Score names with roll-ups in the last 90 days (the alert form's choices). */
export async function listRecentScoreNames(projectId: string): Promise<string[]> {
  const { rows } = await getPool().query<{ name: string }>(
    `SELECT DISTINCT "scoreName" AS name FROM "DashboardScoreTotalHour"
      WHERE "projectId" = $1 AND hour >= now() - interval '90 days' ORDER BY 1 LIMIT 200`,
    [projectId],
  );
  return rows.map((r) => r.name);
}
