import {
  EXPERIMENT_ARTIFACT_SCHEMA_VERSION,
  ZCaseGraderResult,
  type TExperimentArtifact,
  type TExperimentSummary,
} from "@yardstick/contracts/experiments";
import { z } from "zod";
import {
  findExperimentSettings,
  insertExperimentRun,
  listCaseResultRows,
  listExperimentRunRows,
  listItemCaseRows,
  transitionExperimentRun,
  upsertExperimentSettings,
  type TExperimentRunRow,
  type TExperimentSettingsRow,
} from "@yardstick/db";
import { AppError } from "../errors";
import { resolveRunDefinition } from "./experiment-definition";
import { requireRun } from "./experiment-runner";

// Experiment runs: create (validated, nothing written on bad input), read, progress, cases,
// cancel, the JSON artifact, and the project's gate settings. Running them: experiment-runner.ts.

/** Validates the definition against the project and creates the queued run. The caller starts it. */
export async function createExperimentRun(
  projectId: string,
  userId: string | null,
  raw: unknown,
  opts: { scheduledRunId?: string } = {},
) {
  const { input, dataset, config, totalCases } = await resolveRunDefinition(projectId, raw);
  const run = await insertExperimentRun({
    projectId,
    datasetId: dataset.ds.id,
    datasetName: dataset.ds.name,
    datasetVersion: dataset.version.version,
    datasetVersionId: dataset.version.id,
    partitions: dataset.partitions,
    name: input.name ?? null,
    description: input.description ?? null,
    gitCommit: input.gitCommit?.toLowerCase() ?? null,
    config,
    itemCount: dataset.itemCount,
    totalCases,
    scheduledRunId: opts.scheduledRunId ?? null,
    createdById: userId,
  });
  return runView({ ...run, config });
}

type TRun = Awaited<ReturnType<typeof requireRun>>;

function progressOf(
  run: Pick<
    TExperimentRunRow,
    "status" | "totalCases" | "doneCases" | "errorCases" | "cachedCases" | "costUsd" | "startedAt" | "endedAt"
  >,
) {
  return {
    status: run.status,
    totalCases: run.totalCases,
    doneCases: run.doneCases,
    errorCases: run.errorCases,
    cachedCases: run.cachedCases,
    costUsd: run.costUsd,
    fraction: run.totalCases ? run.doneCases / run.totalCases : 1,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
  };
}

function runView(run: TRun) {
  const { datasetVersionId: _v, summary, ...rest } = run;
  return { ...rest, summary: (summary ?? null) as TExperimentSummary | null, progress: progressOf(run) };
}

export async function getExperimentRun(projectId: string, runId: string) {
  return runView(await requireRun(projectId, runId));
}

/** Counters of a running run, for polling. */
export async function getExperimentProgress(projectId: string, runId: string) {
  return progressOf(await requireRun(projectId, runId));
}

/** The first arm's first grader: the number a trend line of runs shows. */
function mainScore(summary: TExperimentSummary | null) {
  const g = summary?.arms[0]?.overall.graders[0];
  return g
    ? {
        graderId: g.graderId,
        name: g.name,
        meanScore: g.meanScore?.estimate ?? null,
        passRate: g.passRate?.estimate ?? null,
      }
    : null;
}

/** Newest first, with each run's main score for a trend. `cursor` is the last run's id. */
export async function listExperimentRuns(
  projectId: string,
  opts: { datasetId?: string; limit?: number; cursor?: string } = {},
) {
  const limit = opts.limit ?? 50;
  let cursor: { createdAt: Date; id: string } | undefined;
  if (opts.cursor) {
    const c = await requireRun(projectId, opts.cursor);
    cursor = { createdAt: c.createdAt, id: c.id };
  }
  const rows = await listExperimentRunRows(projectId, { datasetId: opts.datasetId, limit: limit + 1, cursor });
  const page = rows.slice(0, limit).map(({ summary, config, datasetVersionId: _v, ...r }) => {
    const cfg = config as TRun["config"];
    return {
      ...r,
      arms: cfg.arms.map((a) => ({
        promptName: a.promptName,
        promptVersion: a.promptVersion,
        label: a.label,
        model: a.model,
      })),
      graders: cfg.graders.map((g) => ({ graderId: g.graderId, name: g.name, version: g.version })),
      mainScore: mainScore(summary as TExperimentSummary | null),
      progress: progressOf(r),
    };
  });
  return { runs: page, nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
}

const ZCursor = z.tuple([z.number().int(), z.string(), z.number().int()]);
const encodeCursor = (c: { arm: number; itemKey: string; repeat: number }) =>
  Buffer.from(JSON.stringify([c.arm, c.itemKey, c.repeat])).toString("base64url");
function decodeCursor(s: string) {
  try {
    const [arm, itemKey, repeat] = ZCursor.parse(JSON.parse(Buffer.from(s, "base64url").toString("utf8")));
    return { arm, itemKey, repeat };
  } catch {
    throw new AppError("invalid_input", "Invalid cursor", "cursor");
  }
}

const caseView = <T extends { graderResults: unknown }>(r: T) => ({
  ...r,
  graderResults: z.array(ZCaseGraderResult).parse(r.graderResults),
});

/** A page of a run's cases with outputs: all, or only the failures (a grader failed or the case errored). */
export async function listCaseResults(
  projectId: string,
  runId: string,
  opts: { filter?: "all" | "failures"; arm?: number; cursor?: string; limit?: number } = {},
) {
  const run = await requireRun(projectId, runId);
  const limit = opts.limit ?? 50;
  const rows = await listCaseResultRows(run.id, {
    failuresOnly: opts.filter === "failures",
    arm: opts.arm,
    limit: limit + 1,
    after: opts.cursor ? decodeCursor(opts.cursor) : undefined,
  });
  const page = rows.slice(0, limit).map(caseView);
  const last = page[page.length - 1];
  return { cases: page, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** Every arm and repeat of one item in a run (for the side-by-side view). */
export async function getCaseResult(projectId: string, runId: string, itemKey: string) {
  const run = await requireRun(projectId, runId);
  const rows = await listItemCaseRows(run.id, itemKey);
  if (!rows.length) throw new AppError("not_found", `Item "${itemKey}" has no results in this run`, "itemKey");
  return rows.map(caseView);
}

/** Stops a queued or running run: chunks in flight stop at their next write, no new chunk starts. */
export async function cancelExperimentRun(projectId: string, runId: string) {
  const run = await requireRun(projectId, runId);
  if (!(await transitionExperimentRun(run.id, ["queued", "running"], "cancelled", { endedAt: new Date() }))) {
    throw new AppError("precondition_failed", `This run is already ${(await requireRun(projectId, runId)).status}`);
  }
  return getExperimentRun(projectId, runId);
}

/** The run as a JSON document: what CI archives and GET /api/public/experiments/{id} serves. */
export async function experimentArtifact(projectId: string, runId: string): Promise<TExperimentArtifact> {
  const run = await requireRun(projectId, runId);
  const summary = (run.summary ?? null) as TExperimentSummary | null;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    schemaVersion: EXPERIMENT_ARTIFACT_SCHEMA_VERSION,
    runId: run.id,
    name: run.name,
    status: run.status,
    dataset: { id: run.datasetId, name: run.datasetName, version: run.datasetVersion, partitions: run.partitions },
    prompts: run.config.arms.map((a, arm) => ({ arm, ...a })),
    models: [...new Set(run.config.arms.map((a) => a.model))],
    gitCommit: run.gitCommit,
    graders: run.config.graders,
    repeats: run.config.repeats,
    counts: {
      totalCases: run.totalCases,
      doneCases: run.doneCases,
      errorCases: run.errorCases,
      cachedCases: run.cachedCases,
    },
    tokens: { input: run.inputTokens, output: run.outputTokens },
    costUsd: run.costUsd,
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
    durationMs: run.startedAt && run.endedAt ? run.endedAt.getTime() - run.startedAt.getTime() : null,
    verdict: run.verdict,
    reasons: summary?.reasons ?? [],
    arms: summary?.arms ?? [],
  };
}

// ───────────── settings ─────────────

export const ZExperimentSettingsUpdate = z.object({
  goldenMustPass: z.boolean().optional(),
  minEffects: z
    .record(
      z.string().max(200),
      z.number().min(0, "A minimum effect is at least 0").max(1, "A minimum effect is at most 1"),
    )
    .optional(),
  defaultMinEffect: z
    .number()
    .min(0, "A minimum effect is at least 0")
    .max(1, "A minimum effect is at most 1")
    .optional(),
  alpha: z.number().gt(0, "alpha is above 0").max(0.2, "alpha is at most 0.2").optional(),
});

export async function getExperimentSettings(projectId: string): Promise<TExperimentSettingsRow> {
  return findExperimentSettings(projectId);
}

export async function updateExperimentSettings(projectId: string, data: z.output<typeof ZExperimentSettingsUpdate>) {
  return upsertExperimentSettings(projectId, data);
}
