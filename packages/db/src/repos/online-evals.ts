import { randomUUID } from "node:crypto";
import { getDb, getPool } from "../client";
import type { Prisma } from "../generated/prisma/client";
import { whereClause, type TTraceFilter } from "./traces";

// Online evaluators (prisma/schema/online-evals.prisma). Every query is scoped by projectId or by
// a rule id the caller read through its project.

const RULE_SELECT = {
  id: true,
  projectId: true,
  name: true,
  enabled: true,
  graderId: true,
  graderVersionId: true,
  scoreName: true,
  target: true,
  filter: true,
  observationFilter: true,
  mapping: true,
  sampling: true,
  salt: true,
  dailyCallBudget: true,
  dailyCostBudgetUsd: true,
  scanCursor: true,
  createdAt: true,
  updatedAt: true,
  grader: { select: { name: true, latestVersion: true } },
  graderVersion: { select: { version: true, type: true, config: true, judgeModel: true } },
} as const;

export type TOnlineRuleRow = Prisma.OnlineEvalRuleGetPayload<{ select: typeof RULE_SELECT }>;

export type TOnlineRuleInsert = {
  name: string;
  enabled: boolean;
  graderId: string;
  graderVersionId: string;
  scoreName: string;
  target: string;
  filter: object;
  observationFilter: object | null;
  mapping: object;
  sampling: object;
  salt: string;
  dailyCallBudget: number | null;
  dailyCostBudgetUsd: number | null;
  scanCursor: Date;
  createdById: string | null;
};

/** Inserts a rule; null when the project already has a rule of that name. */
export async function insertOnlineRule(projectId: string, data: TOnlineRuleInsert): Promise<TOnlineRuleRow | null> {
  try {
    return await getDb().onlineEvalRule.create({
      data: {
        ...data,
        projectId,
        observationFilter: data.observationFilter ?? undefined,
      } as Prisma.OnlineEvalRuleUncheckedCreateInput,
      select: RULE_SELECT,
    });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return null;
    throw e;
  }
}

export async function findOnlineRule(projectId: string, ruleId: string): Promise<TOnlineRuleRow | null> {
  return getDb().onlineEvalRule.findFirst({ where: { id: ruleId, projectId }, select: RULE_SELECT });
}

export async function listOnlineRules(projectId: string): Promise<TOnlineRuleRow[]> {
  return getDb().onlineEvalRule.findMany({ where: { projectId }, select: RULE_SELECT, orderBy: { createdAt: "asc" } });
}

/** Updates a rule; "conflict" on a duplicate name, null when it is not in the project. */
export async function updateOnlineRule(
  projectId: string,
  ruleId: string,
  data: Partial<Omit<TOnlineRuleInsert, "graderId" | "graderVersionId" | "salt" | "createdById">>,
): Promise<TOnlineRuleRow | null | "conflict"> {
  try {
    const { count } = await getDb().onlineEvalRule.updateMany({
      where: { id: ruleId, projectId },
      data: data as Prisma.OnlineEvalRuleUpdateManyMutationInput,
    });
    if (!count) return null;
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return "conflict";
    throw e;
  }
  return findOnlineRule(projectId, ruleId);
}

export async function deleteOnlineRule(projectId: string, ruleId: string): Promise<boolean> {
  const { count } = await getDb().onlineEvalRule.deleteMany({ where: { id: ruleId, projectId } });
  return count > 0;
}

/** Sets several rules' sampling in one transaction (the planner's "apply"); false when any is missing. */
export async function setOnlineRuleSamplings(
  projectId: string,
  updates: Array<{ ruleId: string; sampling: object }>,
): Promise<boolean> {
  return getDb()
    .$transaction(async (tx) => {
      for (const u of updates) {
        const { count } = await tx.onlineEvalRule.updateMany({
          where: { id: u.ruleId, projectId },
          data: { sampling: u.sampling as Prisma.InputJsonValue },
        });
        if (!count) throw Object.assign(new Error("rule not found"), { code: "ONLINE_RULE_MISSING" });
      }
      return true;
    })
    .catch((e: unknown) => {
      if ((e as { code?: string }).code === "ONLINE_RULE_MISSING") return false;
      throw e;
    });
}

// ───────────── settings ─────────────

export async function findOnlineEvalSettings(projectId: string) {
  const row = await getDb().onlineEvalSettings.findUnique({
    where: { projectId },
    select: { idleTimeoutSeconds: true, reviewMinutes: true, humanReviewRate: true },
  });
  return row ?? { idleTimeoutSeconds: 180, reviewMinutes: 3, humanReviewRate: 0 };
}

export async function upsertOnlineEvalSettings(
  projectId: string,
  data: Partial<{ idleTimeoutSeconds: number; reviewMinutes: number; humanReviewRate: number }>,
) {
  return getDb().onlineEvalSettings.upsert({
    where: { projectId },
    create: { projectId, ...data },
    update: data,
    select: { idleTimeoutSeconds: true, reviewMinutes: true, humanReviewRate: true },
  });
}

// ───────────── the scan ─────────────

/** Enabled rules of every project with the project's idle timeout, oldest cursor first. */
export async function listRulesToScan(limit: number) {
  const { rows } = await getPool().query<{ id: string; projectId: string; scanCursor: Date; idle: number }>(
    `SELECT r.id, r."projectId", r."scanCursor", COALESCE(s."idleTimeoutSeconds", 180) AS idle
       FROM "OnlineEvalRule" r LEFT JOIN "OnlineEvalSettings" s ON s."projectId" = r."projectId"
      WHERE r.enabled ORDER BY r."scanCursor" LIMIT $1`,
    [limit],
  );
  return rows;
}

/**
 * Traces of the rule's filter whose last activity (updatedAt) lies in (after, upTo]: complete by
 * the idle timeout. Walks the (projectId, updatedAt) index in order.
 */
export async function findIdleTraces(
  projectId: string,
  filter: TTraceFilter,
  after: Date,
  upTo: Date,
  limit: number,
): Promise<Array<{ id: string; updatedAt: Date }>> {
  const { params, where } = whereClause(projectId, filter);
  params.push(after, upTo, limit);
  const n = params.length;
  const { rows } = await getPool().query<{ id: string; updatedAt: Date }>(
    `SELECT t.id, t."updatedAt" FROM "Trace" t
      WHERE ${where.join(" AND ")} AND t."updatedAt" > $${n - 2} AND t."updatedAt" <= $${n - 1}
      ORDER BY t."updatedAt", t.id LIMIT $${n}`,
    params,
  );
  return rows;
}

/** Of `traceIds`, those matching the rule's filter (end markers arrive for any trace). */
export async function filterTraceIds(projectId: string, filter: TTraceFilter, traceIds: string[]): Promise<string[]> {
  if (!traceIds.length) return [];
  const { params, where } = whereClause(projectId, filter);
  params.push(traceIds);
  const { rows } = await getPool().query<{ id: string }>(
    `SELECT t.id FROM "Trace" t WHERE ${where.join(" AND ")} AND t.id = ANY($${params.length}::text[])`,
    params,
  );
  return rows.map((r) => r.id);
}

export async function advanceScanCursor(ruleId: string, cursor: Date) {
  await getPool().query(`UPDATE "OnlineEvalRule" SET "scanCursor" = GREATEST("scanCursor", $2) WHERE id = $1`, [
    ruleId,
    cursor,
  ]);
}

export type TJudgeTraceRow = {
  id: string;
  timestamp: Date;
  name: string | null;
  environment: string;
  release: string | null;
  tags: string[];
  models: string[];
  prompts: string[];
  hasError: boolean;
  latencyMs: number | null;
  input: unknown;
  output: unknown;
  metadata: unknown;
  negativeFeedback: boolean;
};

/** What judging needs of each trace, with whether it has negative feedback (thumbs down or rating ≤ 2). */
export async function loadTracesToJudge(projectId: string, traceIds: string[]): Promise<TJudgeTraceRow[]> {
  if (!traceIds.length) return [];
  const { rows } = await getPool().query<TJudgeTraceRow>(
    `SELECT t.id, t."timestamp", t.name, t.environment, t.release, t.tags, t.models, t.prompts, t."hasError",
            t."latencyMs", t.input, t.output, t.metadata,
            EXISTS (SELECT 1 FROM "Feedback" f WHERE f."projectId" = t."projectId" AND f."traceId" = t.id
                      AND (f.thumbs = -1 OR f.rating <= 2)) AS "negativeFeedback"
       FROM "Trace" t WHERE t."projectId" = $1 AND t.id = ANY($2::text[])
      ORDER BY t."timestamp", t.id`,
    [projectId, traceIds],
  );
  return rows;
}

/** The last observation of a trace matching {type, name} (default: the last generation). */
export async function findObservationToJudge(
  projectId: string,
  traceId: string,
  filter: { type?: string; name?: string } | null,
): Promise<{ id: string; input: unknown; output: unknown; metadata: unknown } | null> {
  const type = filter?.type ?? (filter?.name ? null : "GENERATION");
  const { rows } = await getPool().query<{ id: string; input: unknown; output: unknown; metadata: unknown }>(
    `SELECT o.id, o.input, o.output, o.metadata FROM "Observation" o
      WHERE o."projectId" = $1 AND o."traceId" = $2
        AND ($3::text IS NULL OR o.type::text = $3) AND ($4::text IS NULL OR o.name = $4)
      ORDER BY o."startTime" DESC, o.id DESC LIMIT 1`,
    [projectId, traceId, type, filter?.name ?? null],
  );
  return rows[0] ?? null;
}

export async function judgedTraceIds(
  ruleId: string,
  graderVersionId: string,
  traceIds: string[],
): Promise<Set<string>> {
  if (!traceIds.length) return new Set();
  const { rows } = await getPool().query<{ traceId: string }>(
    `SELECT "traceId" FROM "OnlineEvalJudgment"
      WHERE "ruleId" = $1 AND "graderVersionId" = $2 AND "traceId" = ANY($3::text[])`,
    [ruleId, graderVersionId, traceIds],
  );
  return new Set(rows.map((r) => r.traceId));
}

/** Judge calls and dollars a rule spent since `since` (the start of the UTC day). */
export async function ruleUsageSince(ruleId: string, since: Date): Promise<{ calls: number; costUsd: number }> {
  const { rows } = await getPool().query<{ calls: number; cost: number }>(
    `SELECT COALESCE(sum(calls), 0)::int AS calls, COALESCE(sum("costUsd"), 0)::float8 AS cost
       FROM "OnlineEvalJudgment" WHERE "ruleId" = $1 AND "createdAt" >= $2`,
    [ruleId, since],
  );
  return { calls: rows[0]!.calls, costUsd: rows[0]!.cost };
}

export type TJudgmentInsert = {
  projectId: string;
  ruleId: string;
  graderVersionId: string;
  traceId: string;
  observationId: string | null;
  status: "scored" | "failed";
  value: number | null;
  passed: boolean | null;
  reason: string | null;
  inclusionProb: number;
  sampledBy: string;
  stratum: string | null;
  promptKey: string | null;
  traceTimestamp: Date;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  score: { name: string; comment: string | null; observationId: string | null } | null;
};

/**
 * Stores a judgment and, when it scored, its Score (source EVAL) in one transaction. Idempotent:
 * a second judgment of the same trace by the same rule and grader version is a no-op (false).
 */
export async function insertJudgment(j: TJudgmentInsert): Promise<boolean> {
  const c = await getPool().connect();
  try {
    await c.query("BEGIN");
    const scoreId = j.score && j.value !== null ? `eval-${randomUUID()}` : null;
    const ins = await c.query(
      `INSERT INTO "OnlineEvalJudgment" (id, "projectId", "ruleId", "graderVersionId", "traceId", "observationId",
              status, value, passed, reason, "inclusionProb", "sampledBy", stratum, "promptKey", day,
              "traceTimestamp", "scoreId", calls, "inputTokens", "outputTokens", "costUsd")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, ($15::timestamptz AT TIME ZONE 'UTC')::date,
               $15, $16, $17, $18, $19, $20)
       ON CONFLICT ("ruleId", "graderVersionId", "traceId") DO NOTHING RETURNING id`,
      [
        randomUUID(),
        j.projectId,
        j.ruleId,
        j.graderVersionId,
        j.traceId,
        j.observationId,
        j.status,
        j.value,
        j.passed,
        j.reason,
        j.inclusionProb,
        j.sampledBy,
        j.stratum,
        j.promptKey,
        j.traceTimestamp,
        scoreId,
        j.calls,
        j.inputTokens,
        j.outputTokens,
        j.costUsd,
      ],
    );
    if (!ins.rowCount) {
      await c.query("ROLLBACK");
      return false;
    }
    if (scoreId && j.score) {
      await c.query(
        `INSERT INTO "Score" ("projectId", id, "traceId", "observationId", name, value, "dataType", source, comment,
                              "timestamp", "onlineRuleId", "graderVersionId")
         VALUES ($1, $2, $3, $4, $5, $6, 'NUMERIC', 'EVAL', $7, now(), $8, $9)`,
        [
          j.projectId,
          scoreId,
          j.traceId,
          j.score.observationId,
          j.score.name,
          j.value,
          j.score.comment,
          j.ruleId,
          j.graderVersionId,
        ],
      );
    }
    await c.query("COMMIT");
    return true;
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

// ───────────── estimates ─────────────

export type TJudgedRow = {
  ruleId: string;
  day: string;
  promptKey: string | null;
  value: number;
  inclusionProb: number;
};

/** Scored judgments of the project's rules (or one rule) with the trace day in [from, to). */
export async function listJudgedValues(
  projectId: string,
  from: Date,
  to: Date,
  ruleId?: string,
): Promise<TJudgedRow[]> {
  const { rows } = await getPool().query<TJudgedRow>(
    `SELECT "ruleId", to_char(day, 'YYYY-MM-DD') AS day, "promptKey", value, "inclusionProb"
       FROM "OnlineEvalJudgment"
      WHERE "projectId" = $1 AND day >= ($2::timestamptz AT TIME ZONE 'UTC')::date
        AND day < ($3::timestamptz AT TIME ZONE 'UTC')::date
        AND status = 'scored' AND value IS NOT NULL AND ($4::text IS NULL OR "ruleId" = $4)`,
    [projectId, from, to, ruleId ?? null],
  );
  return rows;
}

/** Traces of the filter in [from, to) per UTC day and primary prompt version ("name\u001fv" or null). */
export async function countTracesByDayAndPrompt(
  projectId: string,
  filter: TTraceFilter,
  from: Date,
  to: Date,
): Promise<Array<{ day: string; promptKey: string | null; traces: number }>> {
  const { params, where } = whereClause(projectId, { ...filter, from, to });
  const { rows } = await getPool().query<{ day: string; promptKey: string | null; traces: number }>(
    `SELECT to_char((t."timestamp" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
            (SELECT p FROM unnest(t.prompts) WITH ORDINALITY u(p, o) WHERE strpos(p, chr(31)) > 0 ORDER BY o LIMIT 1)
              AS "promptKey",
            count(*)::int AS traces
       FROM "Trace" t WHERE ${where.join(" AND ")} GROUP BY 1, 2`,
    params,
  );
  return rows;
}

/** The rule's latest judgments, newest first. */
export async function listRecentJudgments(ruleId: string, limit: number) {
  return getDb().onlineEvalJudgment.findMany({
    where: { ruleId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      traceId: true,
      status: true,
      value: true,
      passed: true,
      reason: true,
      inclusionProb: true,
      sampledBy: true,
      stratum: true,
      promptKey: true,
      costUsd: true,
      createdAt: true,
    },
  });
}

/** Per rule: judgments and judge calls in total and since `since`. */
export async function ruleJudgmentCounts(projectId: string, since: Date) {
  const { rows } = await getPool().query<{
    ruleId: string;
    total: number;
    today: number;
    callsToday: number;
    costToday: number;
  }>(
    `SELECT "ruleId", count(*)::int AS total, (count(*) FILTER (WHERE "createdAt" >= $2))::int AS today,
            COALESCE(sum(calls) FILTER (WHERE "createdAt" >= $2), 0)::int AS "callsToday",
            COALESCE(sum("costUsd") FILTER (WHERE "createdAt" >= $2), 0)::float8 AS "costToday"
       FROM "OnlineEvalJudgment" WHERE "projectId" = $1 GROUP BY "ruleId"`,
    [projectId, since],
  );
  return new Map(rows.map((r) => [r.ruleId, r]));
}

// ───────────── backfills ─────────────

const BACKFILL_SELECT = {
  id: true,
  ruleId: true,
  from: true,
  to: true,
  status: true,
  total: true,
  processed: true,
  judged: true,
  error: true,
  createdAt: true,
  finishedAt: true,
} as const;

export async function insertBackfill(
  projectId: string,
  ruleId: string,
  from: Date,
  to: Date,
  createdById: string | null,
) {
  return getDb().onlineEvalBackfill.create({
    data: { projectId, ruleId, from, to, createdById },
    select: BACKFILL_SELECT,
  });
}

export async function findBackfill(projectId: string, backfillId: string) {
  return getDb().onlineEvalBackfill.findFirst({ where: { id: backfillId, projectId }, select: BACKFILL_SELECT });
}

export async function listBackfills(ruleId: string, limit = 10) {
  return getDb().onlineEvalBackfill.findMany({
    where: { ruleId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: BACKFILL_SELECT,
  });
}

export async function updateBackfill(
  backfillId: string,
  data: Partial<{
    status: string;
    total: number;
    processed: number;
    judged: number;
    error: string | null;
    finishedAt: Date;
  }>,
  increment?: { processed: number; judged: number },
) {
  await getDb().onlineEvalBackfill.update({
    where: { id: backfillId },
    data: {
      ...data,
      ...(increment && { processed: { increment: increment.processed }, judged: { increment: increment.judged } }),
    },
  });
}

/** One page of the filter's traces in [from, to), in (timestamp, id) order after `after`. */
export async function pageTracesInWindow(
  projectId: string,
  filter: TTraceFilter,
  from: Date,
  to: Date,
  after: { timestamp: Date; id: string } | null,
  limit: number,
): Promise<Array<{ id: string; timestamp: Date }>> {
  const { params, where } = whereClause(projectId, { ...filter, from, to });
  if (after) {
    params.push(after.timestamp, after.id);
    where.push(`(t."timestamp", t.id) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(limit);
  const { rows } = await getPool().query<{ id: string; timestamp: Date }>(
    `SELECT t.id, t."timestamp" FROM "Trace" t WHERE ${where.join(" AND ")}
      ORDER BY t."timestamp", t.id LIMIT $${params.length}`,
    params,
  );
  return rows;
}

export async function countTracesInWindow(projectId: string, filter: TTraceFilter, from: Date, to: Date) {
  const { params, where } = whereClause(projectId, { ...filter, from, to });
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Trace" t WHERE ${where.join(" AND ")}`,
    params,
  );
  return rows[0]!.n;
}

// ───────────── planner inputs ─────────────

/** Traces per day over the last `days` full days, from the dashboards' hourly roll-ups. */
export async function rolledUpTracesPerDay(projectId: string, days: number, now: Date) {
  const { rows } = await getPool().query<{ traces: number; hours: number; first: Date | null }>(
    `SELECT COALESCE(sum(traces), 0)::float8 AS traces, count(DISTINCT hour)::int AS hours, min(hour) AS first
       FROM "DashboardTraceHour" WHERE "projectId" = $1 AND hour >= $2 AND hour < $3`,
    [projectId, new Date(now.getTime() - days * 86_400_000), now],
  );
  return rows[0]!;
}

/**
 * Measured judge usage per call of a grader: from online judgments, else from calibration runs.
 * Null when the grader has never been called.
 */
export async function measuredJudgeUsage(graderId: string): Promise<{
  source: "online" | "calibration";
  calls: number;
  items: number;
  inputTokens: number;
  outputTokens: number;
} | null> {
  const online = await getPool().query<{ calls: number; items: number; itok: number; otok: number }>(
    `SELECT COALESCE(sum(j.calls), 0)::int AS calls, count(*)::int AS items,
            COALESCE(sum(j."inputTokens"), 0)::float8 AS itok, COALESCE(sum(j."outputTokens"), 0)::float8 AS otok
       FROM "OnlineEvalJudgment" j JOIN "GraderVersion" v ON v.id = j."graderVersionId"
      WHERE v."graderId" = $1 AND j.calls > 0`,
    [graderId],
  );
  const o = online.rows[0]!;
  if (o.calls > 0)
    return { source: "online", calls: o.calls, items: o.items, inputTokens: o.itok, outputTokens: o.otok };
  const cal = await getPool().query<{ items: number; itok: number; otok: number }>(
    `SELECT count(*)::int AS items, COALESCE(sum(j."inputTokens"), 0)::float8 AS itok,
            COALESCE(sum(j."outputTokens"), 0)::float8 AS otok
       FROM "CalibrationJudgment" j JOIN "CalibrationRun" r ON r.id = j."runId"
       JOIN "GraderVersion" v ON v.id = r."graderVersionId"
      WHERE v."graderId" = $1 AND j."inputTokens" > 0`,
    [graderId],
  );
  const c = cal.rows[0]!;
  if (c.items > 0)
    return { source: "calibration", calls: c.items, items: c.items, inputTokens: c.itok, outputTokens: c.otok };
  return null;
}

/** Average characters of the project's recent trace input + output (for a prompt-length estimate). */
export async function recentTraceTextChars(projectId: string): Promise<number | null> {
  const { rows } = await getPool().query<{ chars: number | null }>(
    `SELECT avg(length(COALESCE(input::text, '')) + length(COALESCE(output::text, '')))::float8 AS chars
       FROM (SELECT input, output FROM "Trace" WHERE "projectId" = $1 ORDER BY "timestamp" DESC LIMIT 200) t`,
    [projectId],
  );
  return rows[0]?.chars ?? null;
}
