import type { DatasetPartition } from "../generated/prisma/enums";
import { getDb } from "../client";

// Scheduled experiment runs: a run definition with a prompt label and a cron expression. The
// cron job reads the enabled ones (dueSchedules in the server) and records each run it starts.

const SCHEDULE_SELECT = {
  id: true,
  projectId: true,
  name: true,
  datasetId: true,
  partitions: true,
  promptId: true,
  promptLabel: true,
  graders: true,
  repeats: true,
  concurrency: true,
  cron: true,
  enabled: true,
  lastRunId: true,
  lastRunAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type TScheduleData = {
  name: string;
  datasetId: string;
  partitions: DatasetPartition[];
  promptId: string;
  promptLabel: string;
  graders: object[];
  repeats: number;
  concurrency: number;
  cron: string;
  enabled: boolean;
};

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === "P2002";

/** Null when the name is taken in the project. */
export async function insertScheduledRun(projectId: string, createdById: string | null, data: TScheduleData) {
  try {
    return await getDb().scheduledRun.create({ data: { projectId, createdById, ...data }, select: SCHEDULE_SELECT });
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** "ok", null when not in the project, "name_taken" on a clash. */
export async function updateScheduledRunRow(projectId: string, id: string, data: Partial<TScheduleData>) {
  try {
    const res = await getDb().scheduledRun.updateMany({ where: { id, projectId }, data });
    return res.count === 1 ? "ok" : null;
  } catch (err) {
    if (isUniqueViolation(err)) return "name_taken";
    throw err;
  }
}

export async function deleteScheduledRunRow(projectId: string, id: string) {
  return (await getDb().scheduledRun.deleteMany({ where: { id, projectId } })).count === 1;
}

export async function findScheduledRunRow(projectId: string, id: string) {
  return getDb().scheduledRun.findFirst({ where: { id, projectId }, select: SCHEDULE_SELECT });
}

export async function listScheduledRunRows(projectId: string) {
  return getDb().scheduledRun.findMany({ where: { projectId }, orderBy: { name: "asc" }, select: SCHEDULE_SELECT });
}

/** Every enabled schedule of every project (the cron job's scan). */
export async function listEnabledScheduledRuns() {
  return getDb().scheduledRun.findMany({ where: { enabled: true }, orderBy: { id: "asc" }, select: SCHEDULE_SELECT });
}

/**
 * Records a start, only if nobody recorded one since `previousRunAt`: two cron ticks racing for the
 * same slot start one run.
 */
export async function claimScheduledRunSlot(id: string, previousRunAt: Date | null, at: Date) {
  const res = await getDb().scheduledRun.updateMany({
    where: { id, lastRunAt: previousRunAt },
    data: { lastRunAt: at },
  });
  return res.count === 1;
}

export async function setScheduledRunLastRun(id: string, runId: string) {
  await getDb().scheduledRun.updateMany({ where: { id }, data: { lastRunId: runId } });
}
