import { getDb } from "../client";

// Judge calibration: human labels on items of a pinned dataset version, judge runs on the same
// items, their agreement. Sets are found by (projectId, id); everything else hangs off a set.

export type TCalibrationJudgmentRow = {
  itemKey: string;
  humanScore: number;
  score: number | null;
  meanScore: number | null;
  variance: number | null;
  stable: boolean | null;
  samples: unknown;
  reasoning: string | null;
  error: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
};

const SET_SELECT = {
  id: true,
  name: true,
  graderId: true,
  datasetId: true,
  datasetVersion: true,
  kappaThreshold: true,
  createdAt: true,
  updatedAt: true,
  grader: { select: { id: true, name: true, latestVersion: true } },
  dataset: { select: { id: true, name: true } },
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

const RUN_SELECT = {
  id: true,
  setId: true,
  status: true,
  itemCount: true,
  failedCount: true,
  results: true,
  kappa: true,
  inputTokens: true,
  outputTokens: true,
  costUsd: true,
  error: true,
  startedAt: true,
  finishedAt: true,
  graderVersion: { select: { id: true, version: true, judgeModel: true } },
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

/** Null when the name is taken in the project. */
export async function insertCalibrationSet(data: {
  projectId: string;
  graderId: string;
  datasetId: string;
  datasetVersion: number;
  name: string;
  kappaThreshold: number;
  createdById: string | null;
}) {
  try {
    // Relations are read after the insert: Prisma loads them concurrently inside the implicit
    // transaction of a nested write, which pg warns about on one connection.
    const { id } = await getDb().calibrationSet.create({ data, select: { id: true } });
    return await getDb().calibrationSet.findUniqueOrThrow({ where: { id }, select: SET_SELECT });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return null;
    throw err;
  }
}

/** "ok", null when not in the project, "name_taken" on a clash. */
export async function updateCalibrationSetRow(
  projectId: string,
  setId: string,
  data: { name?: string; kappaThreshold?: number },
) {
  try {
    const res = await getDb().calibrationSet.updateMany({ where: { id: setId, projectId }, data });
    return res.count === 1 ? "ok" : null;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return "name_taken";
    throw err;
  }
}

export async function deleteCalibrationSetRow(projectId: string, setId: string) {
  const res = await getDb().calibrationSet.deleteMany({ where: { id: setId, projectId } });
  return res.count === 1;
}

export async function findCalibrationSetRow(projectId: string, setId: string) {
  return getDb().calibrationSet.findFirst({ where: { id: setId, projectId }, select: SET_SELECT });
}

export async function listCalibrationSetRows(projectId: string, graderId?: string) {
  return getDb().calibrationSet.findMany({
    where: { projectId, ...(graderId && { graderId }) },
    orderBy: { createdAt: "desc" },
    select: {
      ...SET_SELECT,
      _count: { select: { labels: true } },
      runs: { orderBy: { startedAt: "desc" }, take: 1, select: RUN_SELECT },
    },
  });
}

export async function listCalibrationLabelRows(setId: string, itemKeys?: string[]) {
  return getDb().calibrationLabel.findMany({
    where: { setId, ...(itemKeys && { itemKey: { in: itemKeys } }) },
    orderBy: { itemKey: "asc" },
    select: {
      itemKey: true,
      humanScore: true,
      comment: true,
      createdAt: true,
      updatedAt: true,
      labeler: { select: { id: true, name: true, email: true } },
    },
  });
}

/** One label per item per set: the last write wins and records who wrote it. */
export async function upsertCalibrationLabel(
  setId: string,
  itemKey: string,
  data: { humanScore: number; comment: string | null; labelerId: string | null },
) {
  await getDb().calibrationLabel.upsert({
    where: { setId_itemKey: { setId, itemKey } },
    create: { setId, itemKey, ...data },
    update: data,
    select: { itemKey: true },
  });
  return getDb().calibrationLabel.findUniqueOrThrow({
    where: { setId_itemKey: { setId, itemKey } },
    select: {
      itemKey: true,
      humanScore: true,
      comment: true,
      updatedAt: true,
      labeler: { select: { id: true, name: true, email: true } },
    },
  });
}

export async function deleteCalibrationLabelRow(setId: string, itemKey: string) {
  const res = await getDb().calibrationLabel.deleteMany({ where: { setId, itemKey } });
  return res.count === 1;
}

/** Revisions of `itemKeys` in a dataset version (items not in the version are absent). */
export async function listVersionItemsByKeys(versionId: string, itemKeys: string[]) {
  if (!itemKeys.length) return [];
  const rows = await getDb().datasetVersionItem.findMany({
    where: { versionId, itemKey: { in: itemKeys } },
    orderBy: { itemKey: "asc" },
    select: {
      revision: {
        select: {
          id: true,
          itemKey: true,
          input: true,
          expectedOutput: true,
          context: true,
          metadata: true,
          tags: true,
        },
      },
    },
  });
  return rows.map((r) => r.revision);
}

export async function insertCalibrationRun(data: {
  setId: string;
  graderVersionId: string;
  itemCount: number;
  createdById: string | null;
}) {
  return getDb().calibrationRun.create({ data, select: { id: true } });
}

/** One judgment, stored as soon as the judge has answered, so a running run's progress can be read. */
export async function insertCalibrationJudgment(runId: string, j: TCalibrationJudgmentRow) {
  await getDb().calibrationJudgment.create({
    data: { ...j, runId, samples: j.samples as object },
    select: { runId: true },
  });
}

/** The set's newest run still running, with how many of its items have been judged so far. */
export async function findRunningCalibrationRun(setId: string) {
  const run = await getDb().calibrationRun.findFirst({
    where: { setId, status: "running" },
    orderBy: { startedAt: "desc" },
    select: { id: true, itemCount: true, startedAt: true, _count: { select: { judgments: true } } },
  });
  return run ? { id: run.id, itemCount: run.itemCount, startedAt: run.startedAt, judged: run._count.judgments } : null;
}

/** Stores the remaining judgments (if any) and the outcome of a run in one transaction. */
export async function finishCalibrationRun(
  runId: string,
  data: {
    status: "completed" | "failed";
    failedCount: number;
    results: unknown;
    kappa: number | null;
    inputTokens: number;
    outputTokens: number;
    costUsd: number | null;
    error: string | null;
  },
  judgments: TCalibrationJudgmentRow[],
) {
  await getDb().$transaction(async (tx) => {
    if (judgments.length) {
      await tx.calibrationJudgment.createMany({
        data: judgments.map((j) => ({ ...j, runId, samples: j.samples as object })),
      });
    }
    await tx.calibrationRun.update({
      where: { id: runId },
      data: {
        ...data,
        results: data.results === null ? undefined : (data.results as object),
        finishedAt: new Date(),
      },
    });
  });
}

export async function findCalibrationRunRow(projectId: string, runId: string) {
  return getDb().calibrationRun.findFirst({
    where: { id: runId, set: { projectId } },
    select: { ...RUN_SELECT, set: { select: SET_SELECT } },
  });
}

export async function listCalibrationRunRows(setId: string, limit = 50) {
  return getDb().calibrationRun.findMany({
    where: { setId },
    orderBy: { startedAt: "desc" },
    take: limit,
    select: RUN_SELECT,
  });
}

export async function listCalibrationJudgmentRows(runId: string) {
  return getDb().calibrationJudgment.findMany({ where: { runId }, orderBy: { itemKey: "asc" } });
}

/**
 * The newest completed run of each grader (over all its calibration sets), with the version it
 * judged and its set's threshold: what "calibrated / uncalibrated / stale" is derived from.
 */
export async function latestCompletedRunsByGrader(projectId: string, graderIds: string[]) {
  if (!graderIds.length) return new Map<string, LatestRun>();
  const rows = await getDb().calibrationRun.findMany({
    where: { status: "completed", set: { projectId, graderId: { in: graderIds } } },
    orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
    distinct: ["setId"],
    select: {
      id: true,
      kappa: true,
      finishedAt: true,
      graderVersion: { select: { version: true } },
      set: { select: { id: true, name: true, graderId: true, kappaThreshold: true } },
    },
  });
  const out = new Map<string, LatestRun>();
  for (const r of rows) {
    const prev = out.get(r.set.graderId);
    if (!prev || (r.finishedAt?.getTime() ?? 0) > (prev.finishedAt?.getTime() ?? 0)) out.set(r.set.graderId, r);
  }
  return out;
}
type LatestRun = {
  id: string;
  kappa: number | null;
  finishedAt: Date | null;
  graderVersion: { version: number };
  set: { id: string; name: string; graderId: string; kappaThreshold: number };
};
