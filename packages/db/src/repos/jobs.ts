import { getDb } from "../client";
import { Prisma } from "../generated/prisma/client";
import type { JobRunStatus } from "../generated/prisma/enums";

// State of the embedded Inngest executor (packages/jobs/src/embedded): synced functions,
// received events, runs and their memoized steps. Every write to a running run is conditional
// on the caller still holding its lease, so two executors never both drive one run.

const json = (v: unknown) => (v === null || v === undefined ? Prisma.JsonNull : (v as Prisma.InputJsonValue));

export type TJobFunctionInput = {
  id: string;
  name: string | null;
  url: string;
  triggers: unknown;
  concurrency: unknown;
  maxAttempts: number;
};

/** Replaces the app's functions with `fns`; new cron functions start counting ticks at `now`. */
export async function replaceJobFunctions(appName: string, fns: TJobFunctionInput[], now: Date): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await tx.jobFunction.deleteMany({ where: { appName, id: { notIn: fns.map((f) => f.id) } } });
    for (const f of fns) {
      const data = {
        appName,
        name: f.name,
        url: f.url,
        triggers: json(f.triggers),
        concurrency: json(f.concurrency),
        maxAttempts: f.maxAttempts,
      };
      await tx.jobFunction.upsert({
        where: { id: f.id },
        create: { id: f.id, ...data, cronCursor: now },
        update: data,
      });
    }
  });
}

export async function listJobFunctions() {
  return getDb().jobFunction.findMany({
    select: { id: true, name: true, url: true, triggers: true, concurrency: true, maxAttempts: true, cronCursor: true },
    orderBy: { id: "asc" },
  });
}

export type TJobRunInput = {
  functionId: string;
  projectId: string | null;
  event: unknown;
  concurrencyKey: string | null;
  nextRunAt: Date;
  dedupeKey: string;
};

/** Queues runs; a trigger already turned into a run (same dedupeKey) is skipped. */
export async function insertJobRuns(runs: TJobRunInput[]): Promise<number> {
  if (!runs.length) return 0;
  const { count } = await getDb().jobRun.createMany({
    data: runs.map((r) => ({ ...r, event: json(r.event) })),
    skipDuplicates: true,
  });
  return count;
}

/**
 * Stores events and the runs they start in one transaction (a crash never keeps an event whose
 * runs are missing). A resent event id is ignored, as Inngest does: `plan` gets the new ones.
 */
export async function recordJobEvents(
  events: { id: string; name: string; data: unknown; ts: Date }[],
  plan: (fresh: Set<string>) => TJobRunInput[],
): Promise<number> {
  return getDb().$transaction(async (tx) => {
    const fresh = new Set<string>();
    for (const e of events) {
      const { count } = await tx.jobEvent.createMany({ data: [{ ...e, data: json(e.data) }], skipDuplicates: true });
      if (count) fresh.add(e.id);
    }
    const runs = plan(fresh);
    if (!runs.length) return 0;
    const { count } = await tx.jobRun.createMany({
      data: runs.map((r) => ({ ...r, event: json(r.event) })),
      skipDuplicates: true,
    });
    return count;
  });
}

/**
 * Moves a function's cron cursor from `from` to `to` and queues the runs of the ticks passed, in
 * one transaction; nothing (false) when another executor moved the cursor first.
 */
export async function recordJobCronTicks(
  functionId: string,
  from: Date | null,
  to: Date,
  runs: TJobRunInput[],
): Promise<boolean> {
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.jobFunction.updateMany({
      where: { id: functionId, cronCursor: from },
      data: { cronCursor: to },
    });
    if (count !== 1) return false;
    await tx.jobRun.createMany({ data: runs.map((r) => ({ ...r, event: json(r.event) })), skipDuplicates: true });
    return true;
  });
}

const RUN_SELECT = {
  id: true,
  functionId: true,
  projectId: true,
  event: true,
  status: true,
  attempt: true,
  failures: true,
  concurrencyKey: true,
  nextRunAt: true,
  leaseOwner: true,
  leaseUntil: true,
  createdAt: true,
  startedAt: true,
  endedAt: true,
  output: true,
  error: true,
} as const;

export type TJobRunCandidate = { id: string; functionId: string; concurrencyKey: string | null };
export type TJobRunningCount = { functionId: string; concurrencyKey: string | null; count: number };

/**
 * Leases up to the runs `pick` chooses among those due at `now` (queued or sleeping and due, or
 * running with an expired lease) of the given functions. Candidates are at most `perKey` per
 * (function, concurrency key), so runs held back by a concurrency limit cannot fill the window
 * and starve other keys. Claims are serialised with an advisory lock so that `pick` sees every
 * run that holds a concurrency slot.
 */
export async function claimJobRuns(
  opts: { owner: string; now: Date; leaseUntil: Date; scan: number; perKey: number; functionIds: string[] },
  pick: (candidates: TJobRunCandidate[], running: TJobRunningCount[]) => string[],
) {
  if (!opts.functionIds.length) return [];
  // Timestamps travel as UTC text cast to timestamp, as Prisma stores them (no time zone).
  const now = opts.now.toISOString();
  return getDb().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(7245031)) AS l`;
      const candidates = await tx.$queryRaw<TJobRunCandidate[]>`
        SELECT id, "functionId", "concurrencyKey" FROM (
          SELECT id, "functionId", "concurrencyKey", "nextRunAt", "createdAt",
                 row_number() OVER (PARTITION BY "functionId", "concurrencyKey" ORDER BY "nextRunAt", "createdAt") AS n
          FROM "JobRun"
          WHERE "functionId" = ANY(${opts.functionIds})
            AND ((status IN ('queued', 'sleeping') AND "nextRunAt" <= ${now}::timestamp)
              OR (status = 'running' AND "leaseUntil" < ${now}::timestamp))
        ) c
        WHERE n <= ${opts.perKey}
        ORDER BY "nextRunAt", "createdAt"
        LIMIT ${opts.scan}`;
      if (!candidates.length) return [];
      const groups = await tx.jobRun.groupBy({
        by: ["functionId", "concurrencyKey"],
        where: { status: "running", leaseUntil: { gte: opts.now } },
        _count: { _all: true },
      });
      const running = groups.map((g) => ({
        functionId: g.functionId,
        concurrencyKey: g.concurrencyKey,
        count: g._count._all,
      }));
      const ids = pick(candidates, running);
      if (!ids.length) return [];
      await tx.jobRun.updateMany({ where: { id: { in: ids }, startedAt: null }, data: { startedAt: opts.now } });
      await tx.jobRun.updateMany({
        where: { id: { in: ids } },
        data: { status: "running", leaseOwner: opts.owner, leaseUntil: opts.leaseUntil },
      });
      return tx.jobRun.findMany({ where: { id: { in: ids } }, select: RUN_SELECT, orderBy: { nextRunAt: "asc" } });
    },
    { timeout: 15_000 },
  );
}

export type TClaimedJobRun = Awaited<ReturnType<typeof claimJobRuns>>[number];

/** Extends the leases of runs this executor is driving. */
export async function renewJobLeases(owner: string, runIds: string[], leaseUntil: Date): Promise<void> {
  if (!runIds.length) return;
  await getDb().jobRun.updateMany({
    where: { id: { in: runIds }, leaseOwner: owner, status: "running" },
    data: { leaseUntil },
  });
}

/** Memoized steps of a run in completion order. */
export async function listJobSteps(runId: string) {
  return getDb().jobStep.findMany({
    where: { runId },
    orderBy: { seq: "asc" },
    select: { id: true, name: true, op: true, result: true },
  });
}

export type TJobRunPatch = {
  status?: JobRunStatus;
  attempt?: number;
  addFailure?: boolean;
  nextRunAt?: Date;
  leaseUntil?: Date | null;
  endedAt?: Date;
  output?: unknown;
  error?: unknown;
};

/**
 * Records progress of a run this executor holds: an optional finished step and a patch of the
 * run, in one transaction. Leaving "running" releases the lease. False (and nothing written)
 * when the lease was lost or the run was cancelled meanwhile.
 */
export async function commitJobProgress(
  runId: string,
  owner: string,
  change: { step?: { id: string; name: string | null; op: string; result: unknown }; run: TJobRunPatch },
): Promise<boolean> {
  const { status, attempt, addFailure, nextRunAt, leaseUntil, endedAt, output, error } = change.run;
  const data: Prisma.JobRunUpdateManyMutationInput = {
    ...(status ? { status } : {}),
    ...(status && status !== "running" ? { leaseOwner: null, leaseUntil: null } : {}),
    ...(attempt !== undefined ? { attempt } : {}),
    ...(addFailure ? { failures: { increment: 1 } } : {}),
    ...(nextRunAt ? { nextRunAt } : {}),
    ...(leaseUntil !== undefined ? { leaseUntil } : {}),
    ...(endedAt ? { endedAt } : {}),
    ...(output !== undefined ? { output: json(output) } : {}),
    ...(error !== undefined ? { error: json(error) } : {}),
  };
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.jobRun.updateMany({ where: { id: runId, status: "running", leaseOwner: owner }, data });
    if (count !== 1) return false;
    if (change.step) {
      const seq = await tx.jobStep.count({ where: { runId } });
      const { result, ...step } = change.step;
      await tx.jobStep.createMany({ data: [{ runId, seq, ...step, result: json(result) }], skipDuplicates: true });
    }
    return true;
  });
}

/** Cancels a run that has not finished; a run being driven stops at its next step. */
export async function cancelJobRun(runId: string, now: Date): Promise<boolean> {
  const { count } = await getDb().jobRun.updateMany({
    where: { id: runId, status: { in: ["queued", "running", "sleeping"] } },
    data: { status: "cancelled", endedAt: now, leaseOwner: null, leaseUntil: null },
  });
  return count === 1;
}

export async function findJobRun(runId: string) {
  return getDb().jobRun.findUnique({
    where: { id: runId },
    select: {
      ...RUN_SELECT,
      steps: { select: { id: true, name: true, op: true, seq: true }, orderBy: { seq: "asc" } },
    },
  });
}

/** Recent runs of a project, newest first (the Jobs page). */
export async function listProjectJobRuns(projectId: string, limit: number) {
  return getDb().jobRun.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      functionId: true,
      status: true,
      attempt: true,
      failures: true,
      createdAt: true,
      startedAt: true,
      endedAt: true,
      error: true,
      _count: { select: { steps: true } },
    },
  });
}

/** Runs per status created since `since` (the heartbeat job's report). */
export async function countJobRunsByStatus(since: Date): Promise<Record<string, number>> {
  const groups = await getDb().jobRun.groupBy({
    by: ["status"],
    where: { createdAt: { gte: since } },
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

/** The runs an event started, with their memoized steps. */
export async function listEventJobRuns(eventId: string) {
  return getDb().jobRun.findMany({
    where: { dedupeKey: { startsWith: `${eventId}:` } },
    orderBy: { createdAt: "asc" },
    select: {
      ...RUN_SELECT,
      steps: { select: { id: true, name: true, op: true, seq: true }, orderBy: { seq: "asc" } },
    },
  });
}
