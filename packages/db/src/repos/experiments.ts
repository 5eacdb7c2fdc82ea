import type { DatasetPartition, ExperimentRunStatus, ExperimentVerdict } from "../generated/prisma/enums";
import { getDb, getPool } from "../client";

// Experiment runs and per-project experiment settings. Case results and the output cache:
// experiment-cases.ts; schedules: experiment-schedules.ts. Runs are found by (projectId, id).

export type TExperimentRunStatus = ExperimentRunStatus;

const RUN_SELECT = {
  id: true,
  projectId: true,
  datasetId: true,
  datasetName: true,
  datasetVersion: true,
  datasetVersionId: true,
  partitions: true,
  name: true,
  description: true,
  gitCommit: true,
  status: true,
  config: true,
  itemCount: true,
  totalCases: true,
  doneCases: true,
  errorCases: true,
  cachedCases: true,
  inputTokens: true,
  outputTokens: true,
  costUsd: true,
  unpricedCases: true,
  verdict: true,
  summary: true,
  error: true,
  scheduledRunId: true,
  createdAt: true,
  startedAt: true,
  endedAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

type TRawRun = NonNullable<Awaited<ReturnType<typeof findRaw>>>;
const findRaw = (projectId: string, runId: string) =>
  getDb().experimentRun.findFirst({ where: { id: runId, projectId }, select: RUN_SELECT });

/** Token totals are BIGINT in the table; as numbers they are exact up to 2^53. */
function asRun(r: TRawRun) {
  return { ...r, inputTokens: Number(r.inputTokens), outputTokens: Number(r.outputTokens) };
}
export type TExperimentRunRow = ReturnType<typeof asRun>;

export async function insertExperimentRun(data: {
  projectId: string;
  datasetId: string;
  datasetName: string;
  datasetVersion: number;
  datasetVersionId: string;
  partitions: DatasetPartition[];
  name: string | null;
  description: string | null;
  gitCommit: string | null;
  config: object;
  itemCount: number;
  totalCases: number;
  scheduledRunId?: string | null;
  createdById: string | null;
}) {
  const { id } = await getDb().experimentRun.create({ data, select: { id: true } });
  return asRun((await findRaw(data.projectId, id))!);
}

export async function findExperimentRunRow(projectId: string, runId: string) {
  const r = await findRaw(projectId, runId);
  return r ? asRun(r) : null;
}

/** Newest first; keyset on (createdAt, id). */
export async function listExperimentRunRows(
  projectId: string,
  opts: { datasetId?: string; limit: number; cursor?: { createdAt: Date; id: string } },
) {
  const rows = await getDb().experimentRun.findMany({
    where: {
      projectId,
      ...(opts.datasetId && { datasetId: opts.datasetId }),
      ...(opts.cursor && {
        OR: [
          { createdAt: { lt: opts.cursor.createdAt } },
          { createdAt: opts.cursor.createdAt, id: { lt: opts.cursor.id } },
        ],
      }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit,
    select: RUN_SELECT,
  });
  return rows.map(asRun);
}

export async function findExperimentRunStatus(runId: string): Promise<ExperimentRunStatus | null> {
  const r = await getDb().experimentRun.findUnique({ where: { id: runId }, select: { status: true } });
  return r?.status ?? null;
}

/** Moves a run from one of `from` to `to`; false when it was in no state of `from` (a lost race is not an error). */
export async function transitionExperimentRun(
  runId: string,
  from: ExperimentRunStatus[],
  to: ExperimentRunStatus,
  data: {
    error?: string | null;
    verdict?: ExperimentVerdict | null;
    summary?: object;
    startedAt?: Date;
    endedAt?: Date;
  } = {},
) {
  const res = await getDb().experimentRun.updateMany({
    where: { id: runId, status: { in: from } },
    data: { status: to, ...data },
  });
  return res.count === 1;
}

/** Items of a dataset version in the run's partitions, by key: the run's item list, one page. */
export async function listRunItems(versionId: string, partitions: DatasetPartition[], offset: number, limit: number) {
  const { rows } = await getPool().query<{
    itemKey: string;
    partition: DatasetPartition;
    input: unknown;
    expectedOutput: string | null;
    context: string | null;
  }>(
    `SELECT m."itemKey", m.partition, r.input, r."expectedOutput", r.context
       FROM "DatasetVersionItem" m JOIN "DatasetItemRevision" r ON r.id = m."revisionId"
      WHERE m."versionId" = $1 AND m.partition = ANY($2::"DatasetPartition"[])
      ORDER BY m."itemKey" OFFSET $3 LIMIT $4`,
    [versionId, partitions, offset, limit],
  );
  return rows;
}

export async function countRunItems(versionId: string, partitions: DatasetPartition[]) {
  return getDb().datasetVersionItem.count({ where: { versionId, partition: { in: partitions } } });
}

// ───────────── settings ─────────────

export const EXPERIMENT_SETTINGS_DEFAULTS = {
  goldenMustPass: true,
  minEffects: {} as Record<string, number>,
  defaultMinEffect: 0.02,
  alpha: 0.05,
};
export type TExperimentSettingsRow = typeof EXPERIMENT_SETTINGS_DEFAULTS;

export async function findExperimentSettings(projectId: string): Promise<TExperimentSettingsRow> {
  const r = await getDb().experimentSettings.findUnique({
    where: { projectId },
    select: { goldenMustPass: true, minEffects: true, defaultMinEffect: true, alpha: true },
  });
  return r ? { ...r, minEffects: (r.minEffects ?? {}) as Record<string, number> } : { ...EXPERIMENT_SETTINGS_DEFAULTS };
}

export async function upsertExperimentSettings(projectId: string, data: Partial<TExperimentSettingsRow>) {
  await getDb().experimentSettings.upsert({
    where: { projectId },
    create: { projectId, ...data },
    update: data,
    select: { projectId: true },
  });
  return findExperimentSettings(projectId);
}
