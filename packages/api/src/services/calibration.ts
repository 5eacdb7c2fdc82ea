import type { TLlmJudgeConfig } from "@yardstick/core/graders";
import { judgeAgreement, scaleLevels, type TJudgeAgreement, type TScale } from "@yardstick/core/judge";
import {
  deleteCalibrationLabelRow,
  deleteCalibrationSetRow,
  findCalibrationRunRow,
  findCalibrationSetRow,
  findRunningCalibrationRun,
  findDatasetRow,
  findDatasetVersionRow,
  findVersionItem,
  finishCalibrationRun,
  insertCalibrationJudgment,
  insertCalibrationRun,
  insertCalibrationSet,
  listCalibrationJudgmentRows,
  listCalibrationLabelRows,
  listCalibrationRunRows,
  listCalibrationSetRows,
  listVersionItemRows,
  listVersionItemsByKeys,
  updateCalibrationSetRow,
  upsertCalibrationLabel,
  type TCalibrationJudgmentRow,
} from "@yardstick/db";
import { isLlmError } from "@yardstick/llm";
import { AppError } from "../errors";
import { graderCalibrationStatus, parseConfigOrThrow, requireGrader, requireGraderVersion } from "./graders";
import {
  isFatalLlmError,
  judgeProviderKind,
  llmAppError,
  loadJudgeContext,
  runLlmJudge,
  type TJudgeContext,
} from "./judge-runner";

// Judge calibration (see calibration.md): humans label items of a pinned dataset version, the
// judge runs on the same items, and agreement (weighted κ, Spearman, exact agreement, each with a
// bootstrap CI, and the confusion matrix) decides whether the grader counts as calibrated.

/** Judge calls in flight during a calibration run (the run is synchronous inside the request). */
const RUN_CONCURRENCY = 2;
/** Calibration runs are synchronous for now: sized for a labelled sample, not a dataset. */
export const MAX_CALIBRATION_ITEMS = 200;
/** Fixed so re-reading a run's numbers never changes them and two runs differ only by their judgments. */
const BOOTSTRAP_SEED = 20_240_601;

type TItemRow = {
  itemKey: string;
  input: unknown;
  expectedOutput: string | null;
  context: string | null;
  metadata: unknown;
};

/**
 * The text the judge (and the human) grades for an item: `metadata.output` when it is a string —
 * then `expectedOutput` stays the reference answer — else `expectedOutput` itself (e.g. items added
 * from production traces, whose output is stored there), with no reference shown.
 */
export function judgedOutputOf(item: Pick<TItemRow, "expectedOutput" | "metadata">) {
  const meta = item.metadata as Record<string, unknown> | null;
  if (meta && typeof meta.output === "string") {
    return { output: meta.output, outputSource: "metadata.output" as const, reference: item.expectedOutput };
  }
  if (item.expectedOutput !== null)
    return { output: item.expectedOutput, outputSource: "expectedOutput" as const, reference: null };
  return { output: null, outputSource: null, reference: null };
}

async function requireSet(projectId: string, setId: string) {
  const s = await findCalibrationSetRow(projectId, setId);
  if (!s) throw new AppError("NOT_FOUND", "Calibration set not found");
  return s;
}

/** The llm_judge config and scale of a grader version; other grader types cannot be calibrated against labels. */
function judgeConfigOf(v: { type: string; config: unknown; version: number }, field = "graderId") {
  if (v.type !== "llm_judge") {
    throw new AppError(
      "BAD_REQUEST",
      `Only llm_judge graders are calibrated against human scores (version ${v.version} is ${v.type})`,
      field,
    );
  }
  const config = parseConfigOrThrow(v.config) as TLlmJudgeConfig;
  return { config, scale: config.rubric.scale };
}

async function latestJudgeScale(grader: { id: string; latestVersion: number }) {
  const v = await requireGraderVersion(grader.id, grader.latestVersion);
  return judgeConfigOf(v).scale;
}

async function requireDatasetVersion(projectId: string, set: { datasetId: string; datasetVersion: number }) {
  const ds = await findDatasetRow(projectId, set.datasetId);
  if (!ds) throw new AppError("NOT_FOUND", "Dataset not found");
  const v = await findDatasetVersionRow(ds.id, set.datasetVersion);
  if (!v)
    throw new AppError("NOT_FOUND", `Version ${set.datasetVersion} of this dataset does not exist`, "datasetVersion");
  return v;
}

const scaleOut = (s: TScale) => ({ min: s.min, max: s.max, anchors: s.anchors, levels: scaleLevels(s) });

// ───────────── sets ─────────────

export async function createCalibrationSet(
  projectId: string,
  userId: string | null,
  input: { name: string; graderId: string; datasetId: string; datasetVersion?: number; kappaThreshold?: number },
) {
  const grader = await requireGrader(projectId, input.graderId);
  await latestJudgeScale(grader);
  const ds = await findDatasetRow(projectId, input.datasetId);
  if (!ds) throw new AppError("NOT_FOUND", "Dataset not found", "datasetId");
  const datasetVersion = input.datasetVersion ?? ds.latestVersion;
  if (datasetVersion === 0) throw new AppError("PRECONDITION_FAILED", "This dataset has no items yet", "datasetId");
  if (!(await findDatasetVersionRow(ds.id, datasetVersion))) {
    throw new AppError("NOT_FOUND", `Version ${datasetVersion} of this dataset does not exist`, "datasetVersion");
  }
  const set = await insertCalibrationSet({
    projectId,
    graderId: grader.id,
    datasetId: ds.id,
    datasetVersion,
    name: input.name,
    kappaThreshold: input.kappaThreshold ?? 0.6,
    createdById: userId,
  });
  if (!set)
    throw new AppError("CONFLICT", `A calibration set named "${input.name}" already exists in this project`, "name");
  return set;
}

export async function updateCalibrationSet(
  projectId: string,
  setId: string,
  input: { name?: string; kappaThreshold?: number },
) {
  const res = await updateCalibrationSetRow(projectId, setId, input);
  if (res === null) throw new AppError("NOT_FOUND", "Calibration set not found");
  if (res === "name_taken")
    throw new AppError("CONFLICT", `A calibration set named "${input.name}" already exists in this project`, "name");
  return requireSet(projectId, setId);
}

export async function deleteCalibrationSet(projectId: string, setId: string) {
  if (!(await deleteCalibrationSetRow(projectId, setId))) throw new AppError("NOT_FOUND", "Calibration set not found");
}

type TRunRow = Awaited<ReturnType<typeof listCalibrationRunRows>>[number];

/** A run as shown in lists: its agreement numbers, and whether it is calibrated / stale for the grader today. */
function runSummary(r: TRunRow, set: { kappaThreshold: number; grader: { latestVersion: number } }) {
  const results = (r.results as TJudgeAgreement | null) ?? null;
  const calibrated = r.status === "completed" && r.kappa !== null && r.kappa >= set.kappaThreshold;
  return {
    ...r,
    results,
    calibrated,
    stale: r.graderVersion.version !== set.grader.latestVersion,
    status: r.status,
  };
}

/** Sets (optionally of one grader) with label counts and the latest run. */
export async function listCalibrationSets(projectId: string, graderId?: string) {
  const rows = await listCalibrationSetRows(projectId, graderId);
  return rows.map(({ _count, runs, ...s }) => ({
    ...s,
    labelCount: _count.labels,
    latestRun: runs[0] ? runSummary(runs[0], s) : null,
  }));
}

/** A set with its grader's scale, item and label counts, runs (newest first) and the grader's calibration status. */
export async function getCalibrationSet(projectId: string, setId: string) {
  const set = await requireSet(projectId, setId);
  const grader = await requireGrader(projectId, set.graderId);
  const latest = await requireGraderVersion(grader.id, grader.latestVersion);
  const { scale } = judgeConfigOf(latest);
  const [dv, labels, runs, calibration] = await Promise.all([
    requireDatasetVersion(projectId, set),
    listCalibrationLabelRows(set.id),
    listCalibrationRunRows(set.id),
    graderCalibrationStatus(projectId, { id: grader.id, latestVersion: grader.latestVersion, type: latest.type }),
  ]);
  return {
    ...set,
    scale: scaleOut(scale),
    itemCount: dv.itemCount,
    labelCount: labels.length,
    runs: runs.map((r) => runSummary(r, set)),
    calibration,
  };
}

// ───────────── items and labels ─────────────

/** One page of the pinned version's items with the output to judge and the current label. */
export async function listCalibrationItems(
  projectId: string,
  input: { setId: string; cursor?: string; limit?: number; labelled?: boolean },
) {
  const set = await requireSet(projectId, input.setId);
  const dv = await requireDatasetVersion(projectId, set);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  const scale = await latestJudgeScale(set.grader);
  let items: Pick<
    Awaited<ReturnType<typeof listVersionItemRows>>["items"][number],
    "id" | "itemKey" | "input" | "expectedOutput" | "context" | "metadata" | "tags"
  >[];
  let nextCursor: string | null;
  if (input.labelled) {
    const all = await listCalibrationLabelRows(set.id);
    const keys = all.map((l) => l.itemKey).filter((k) => !input.cursor || k > input.cursor);
    const page = keys.slice(0, limit);
    items = await listVersionItemsByKeys(dv.id, page);
    nextCursor = keys.length > limit ? (page[page.length - 1] ?? null) : null;
  } else {
    ({ items, nextCursor } = await listVersionItemRows(dv.id, {
      limit,
      ...(input.cursor && { cursor: input.cursor }),
    }));
  }
  const labels = new Map(
    (
      await listCalibrationLabelRows(
        set.id,
        items.map((i) => i.itemKey),
      )
    ).map((l) => [l.itemKey, l]),
  );
  return {
    scale: scaleOut(scale),
    datasetVersion: set.datasetVersion,
    itemCount: dv.itemCount,
    items: items.map((r) => {
      const j = judgedOutputOf(r);
      const label = labels.get(r.itemKey);
      return {
        itemKey: r.itemKey,
        revisionId: r.id,
        input: r.input,
        output: j.output,
        outputSource: j.outputSource,
        expectedOutput: j.reference,
        context: r.context,
        tags: r.tags,
        label: label
          ? { humanScore: label.humanScore, comment: label.comment, labeler: label.labeler, updatedAt: label.updatedAt }
          : null,
      };
    }),
    nextCursor,
  };
}

/**
 * Labels an item (`humanScore: null` removes the label). One label per item per set: the last
 * write wins and records the labeler. The score must be an integer on the grader's current scale.
 */
export async function setCalibrationLabel(
  projectId: string,
  userId: string | null,
  input: { setId: string; itemKey: string; humanScore: number | null; comment?: string | null },
) {
  const set = await requireSet(projectId, input.setId);
  if (input.humanScore === null) {
    if (!(await deleteCalibrationLabelRow(set.id, input.itemKey)))
      throw new AppError("NOT_FOUND", "This item has no label", "itemKey");
    return null;
  }
  const scale = await latestJudgeScale(set.grader);
  if (!Number.isInteger(input.humanScore) || input.humanScore < scale.min || input.humanScore > scale.max) {
    throw new AppError("BAD_REQUEST", `Score must be an integer from ${scale.min} to ${scale.max}`, "humanScore");
  }
  const dv = await requireDatasetVersion(projectId, set);
  const item = await findVersionItem(dv.id, input.itemKey);
  if (!item)
    throw new AppError(
      "NOT_FOUND",
      `Item ${input.itemKey} is not in version ${set.datasetVersion} of the dataset`,
      "itemKey",
    );
  if (judgedOutputOf(item).output === null) {
    throw new AppError(
      "BAD_REQUEST",
      "This item has no output to judge (metadata.output or expectedOutput)",
      "itemKey",
    );
  }
  return upsertCalibrationLabel(set.id, input.itemKey, {
    humanScore: input.humanScore,
    comment: input.comment?.trim() || null,
    labelerId: userId,
  });
}

// ───────────── runs ─────────────

type TJudged = TCalibrationJudgmentRow;

/** An item the judge could not score: kept with its reason, left out of the agreement. */
function failedJudgment(
  base: { itemKey: string; humanScore: number },
  error: string,
  extra: Partial<Pick<TJudged, "samples" | "inputTokens" | "outputTokens" | "costUsd">> = {},
): TJudged {
  const none = { score: null, meanScore: null, variance: null, stable: null, reasoning: null };
  return { ...base, ...none, samples: [], inputTokens: 0, outputTokens: 0, costUsd: 0, ...extra, error };
}

async function judgeItem(
  config: TLlmJudgeConfig,
  item: TItemRow,
  humanScore: number,
  ctx: TJudgeContext,
): Promise<TJudged> {
  const j = judgedOutputOf(item);
  const base = { itemKey: item.itemKey, humanScore };
  if (j.output === null) return failedJudgment(base, "no output to judge");
  try {
    const r = await runLlmJudge(
      config,
      { input: item.input, output: j.output, expected: j.reference, context: item.context },
      ctx,
    );
    const usage = {
      inputTokens: r.cost.usage.inputTokens + r.cost.usage.cacheReadTokens + r.cost.usage.cacheWriteTokens,
      outputTokens: r.cost.usage.outputTokens,
      costUsd: r.cost.costUsd,
    };
    if (r.verdicts.length === 0) return failedJudgment(base, r.result.reason, { samples: r.samples, ...usage });
    const d = r.result.details as { mean: number; variance: number; stable: boolean };
    return {
      ...base,
      // Agreement needs one integer rating per item: the samples' mean rounded half up.
      score: Math.floor(d.mean + 0.5),
      meanScore: d.mean,
      variance: d.variance,
      stable: d.stable,
      samples: r.samples,
      reasoning: r.verdicts[0]!.reasoning,
      error: null,
      ...usage,
    };
  } catch (e) {
    if (isFatalLlmError(e) || !isLlmError(e)) throw e;
    // Transient provider failures that outlived the retries fail this item, not the run.
    return failedJudgment(base, `${e.kind}: ${e.message}`);
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Runs the judge (the grader's latest version, or `graderVersion`) on every labelled item of the
 * set, synchronously, two calls in flight, and stores each judgment and the agreement. Items whose
 * judge answer does not parse, or whose call keeps failing, are stored as failed judgments and left
 * out of the agreement; a refused key or rejected request aborts the run (stored as failed).
 */
export async function runCalibration(
  projectId: string,
  userId: string | null,
  input: { setId: string; graderVersion?: number },
) {
  const set = await requireSet(projectId, input.setId);
  const grader = await requireGrader(projectId, set.graderId);
  const version = await requireGraderVersion(grader.id, input.graderVersion ?? grader.latestVersion, "graderVersion");
  const { config, scale } = judgeConfigOf(version, "graderVersion");
  const labels = await listCalibrationLabelRows(set.id);
  if (labels.length < 2) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `Label at least 2 items before running the judge (${labels.length} labelled)`,
    );
  }
  if (labels.length > MAX_CALIBRATION_ITEMS) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `A calibration run judges at most ${MAX_CALIBRATION_ITEMS} labelled items (${labels.length} labelled)`,
    );
  }
  const outOfScale = labels.filter((l) => l.humanScore < scale.min || l.humanScore > scale.max);
  if (outOfScale.length) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `${outOfScale.length} label(s) are outside this version's scale ${scale.min}..${scale.max} (e.g. item ${outOfScale[0]!.itemKey}: ${outOfScale[0]!.humanScore}); relabel them first`,
    );
  }
  const dv = await requireDatasetVersion(projectId, set);
  const items = new Map(
    (
      await listVersionItemsByKeys(
        dv.id,
        labels.map((l) => l.itemKey),
      )
    ).map((r) => [r.itemKey, r]),
  );
  const ctx = await loadJudgeContext(projectId);
  const model = config.model!;
  judgeProviderKind(model, ctx, "graderVersion");

  const run = await insertCalibrationRun({
    setId: set.id,
    graderVersionId: version.id,
    itemCount: labels.length,
    createdById: userId,
  });
  let judgments: TJudged[];
  try {
    // Each judgment is stored as it lands, so `calibration.progress` can report a running run.
    judgments = await mapLimit(labels, RUN_CONCURRENCY, async (l) => {
      const item = items.get(l.itemKey);
      const j: TJudged = item
        ? await judgeItem(config, item, l.humanScore, ctx)
        : failedJudgment({ itemKey: l.itemKey, humanScore: l.humanScore }, "item not in the pinned dataset version");
      await insertCalibrationJudgment(run.id, j);
      return j;
    });
  } catch (e) {
    const err = isLlmError(e) ? llmAppError(e, model) : null;
    await finishCalibrationRun(
      run.id,
      {
        status: "failed",
        failedCount: labels.length,
        results: null,
        kappa: null,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: null,
        error: err?.message ?? "internal error",
      },
      [],
    );
    throw err ?? e;
  }
  const ok = judgments.filter((j) => j.score !== null);
  const agreement = judgeAgreement(
    ok.map((j) => j.humanScore),
    ok.map((j) => j.score as number),
    { scale, kappaThreshold: set.kappaThreshold, seed: BOOTSTRAP_SEED, resamples: 2000 },
  );
  const failedCount = judgments.length - ok.length;
  if (failedCount) agreement.notes.push(`${failedCount} item(s) failed to judge and are left out`);
  const unstable = ok.filter((j) => j.stable === false).length;
  const results = { ...agreement, unstableCount: unstable, judgedCount: ok.length };
  await finishCalibrationRun(
    run.id,
    {
      status: "completed",
      failedCount,
      results,
      kappa: agreement.kappa,
      inputTokens: judgments.reduce((s, j) => s + j.inputTokens, 0),
      outputTokens: judgments.reduce((s, j) => s + j.outputTokens, 0),
      costUsd: judgments.some((j) => j.costUsd === null) ? null : judgments.reduce((s, j) => s + (j.costUsd ?? 0), 0),
      error: null,
    },
    [],
  );
  return getCalibrationRun(projectId, run.id);
}

/** A run with its agreement results and every judgment beside the human score. */
export async function getCalibrationRun(projectId: string, runId: string) {
  const r = await findCalibrationRunRow(projectId, runId);
  if (!r) throw new AppError("NOT_FOUND", "Calibration run not found");
  const { set, ...run } = r;
  const judgments = await listCalibrationJudgmentRows(run.id);
  return {
    ...runSummary(run, set),
    set: { id: set.id, name: set.name, kappaThreshold: set.kappaThreshold, graderId: set.graderId },
    judgments: judgments.map(({ runId: _runId, ...j }) => j),
  };
}

export async function listCalibrationRuns(projectId: string, setId: string) {
  const set = await requireSet(projectId, setId);
  return (await listCalibrationRunRows(set.id)).map((r) => runSummary(r, set));
}

/** The set's running run, if any: how many of its labelled items the judge has scored so far. */
export async function getCalibrationProgress(projectId: string, setId: string) {
  const set = await requireSet(projectId, setId);
  return findRunningCalibrationRun(set.id);
}
