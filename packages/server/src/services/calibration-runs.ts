// Calibration runs: the judge on a set's labelled items, and its agreement with the humans.
import type { TLlmJudgeConfig } from "@yardstick/core/graders";
import { judgeAgreement } from "@yardstick/core/judge";
import {
  findCalibrationRunRow,
  findRunningCalibrationRun,
  finishCalibrationRun,
  insertCalibrationJudgment,
  insertCalibrationRun,
  listCalibrationJudgmentRows,
  listCalibrationLabelRows,
  listCalibrationRunRows,
  listVersionItemsByKeys,
  type TCalibrationJudgmentRow,
} from "@yardstick/db";
import { isLlmError } from "@yardstick/llm";
import { AppError } from "../errors";
import { requireGrader, requireGraderVersion } from "./graders";
import {
  isFatalLlmError,
  judgeProviderKind,
  llmAppError,
  loadJudgeContext,
  runLlmJudge,
  type TJudgeContext,
} from "./judge-runner";
import {
  judgeConfigOf,
  judgedOutputOf,
  requireDatasetVersion,
  requireSet,
  runSummary,
  type TItemRow,
} from "./calibration-sets";

// Judge calibration (see calibration.md): humans label items of a pinned dataset version, the
// judge runs on the same items, and agreement (weighted κ, Spearman, exact agreement, each with a
// bootstrap CI, and the confusion matrix) decides whether the grader counts as calibrated.

/** Judge calls in flight during a calibration run (the run is synchronous inside the request). */
const RUN_CONCURRENCY = 2;
/** Calibration runs are synchronous for now: sized for a labelled sample, not a dataset. */
export const MAX_CALIBRATION_ITEMS = 200;
/** Fixed so re-reading a run's numbers never changes them and two runs differ only by their judgments. */
const BOOTSTRAP_SEED = 20_240_601;

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
 * Checks a calibration run can start and writes its row (status running, no judgments): the
 * grader's latest version or `graderVersion`, at least 2 and at most MAX_CALIBRATION_ITEMS labels,
 * every label inside the version's scale, a judge model the project has a provider for. The judge
 * itself runs in executeCalibrationRun (a job; runCalibration does both in this process).
 */
export async function createCalibrationRun(
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
      "precondition_failed",
      `Label at least 2 items before running the judge (${labels.length} labelled)`,
    );
  }
  if (labels.length > MAX_CALIBRATION_ITEMS) {
    throw new AppError(
      "precondition_failed",
      `A calibration run judges at most ${MAX_CALIBRATION_ITEMS} labelled items (${labels.length} labelled)`,
    );
  }
  const outOfScale = labels.filter((l) => l.humanScore < scale.min || l.humanScore > scale.max);
  if (outOfScale.length) {
    throw new AppError(
      "precondition_failed",
      `${outOfScale.length} label(s) are outside this version's scale ${scale.min}..${scale.max} (e.g. item ${outOfScale[0]!.itemKey}: ${outOfScale[0]!.humanScore}); relabel them first`,
    );
  }
  await requireDatasetVersion(projectId, set);
  const ctx = await loadJudgeContext(projectId);
  judgeProviderKind(config.model!, ctx, "graderVersion");
  const run = await insertCalibrationRun({
    setId: set.id,
    graderVersionId: version.id,
    itemCount: labels.length,
    createdById: userId,
  });
  return getCalibrationRun(projectId, run.id);
}

/** Marks a running calibration run failed (a job that could not be enqueued or gave up). */
export async function failCalibrationRun(projectId: string, runId: string, error: string) {
  const r = await findCalibrationRunRow(projectId, runId);
  if (!r || r.status !== "running") return;
  await finishCalibrationRun(
    r.id,
    {
      status: "failed",
      failedCount: r.itemCount,
      results: null,
      kappa: null,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: null,
      error,
    },
    [],
  );
}

/**
 * Runs the judge on every labelled item of a created run, two calls in flight, storing each
 * judgment as it lands, then the agreement. Safe to call again (a retried job step): items
 * already judged are kept and not judged twice; a finished run is returned as it is. Items whose
 * judge answer does not parse, or whose call keeps failing, are stored as failed judgments and
 * left out of the agreement; a refused key or rejected request fails the run (and throws).
 */
export async function executeCalibrationRun(projectId: string, runId: string) {
  const r = await findCalibrationRunRow(projectId, runId);
  if (!r) throw new AppError("not_found", "Calibration run not found");
  if (r.status !== "running") return getCalibrationRun(projectId, r.id);
  const set = await requireSet(projectId, r.setId);
  const version = await requireGraderVersion(set.graderId, r.graderVersion.version, "graderVersion");
  const { config, scale } = judgeConfigOf(version, "graderVersion");
  const labels = await listCalibrationLabelRows(set.id);
  const dv = await requireDatasetVersion(projectId, set);
  const items = new Map(
    (
      await listVersionItemsByKeys(
        dv.id,
        labels.map((l) => l.itemKey),
      )
    ).map((row) => [row.itemKey, row]),
  );
  const ctx = await loadJudgeContext(projectId);
  const model = config.model!;
  judgeProviderKind(model, ctx, "graderVersion");
  const done = new Map((await listCalibrationJudgmentRows(r.id)).map((j) => [j.itemKey, j as TJudged]));

  let judgments: TJudged[];
  try {
    // Each judgment is stored as it lands, so `calibration.progress` can report a running run.
    judgments = await mapLimit(labels, RUN_CONCURRENCY, async (l) => {
      const stored = done.get(l.itemKey);
      if (stored) return stored;
      const item = items.get(l.itemKey);
      const j: TJudged = item
        ? await judgeItem(config, item, l.humanScore, ctx)
        : failedJudgment({ itemKey: l.itemKey, humanScore: l.humanScore }, "item not in the pinned dataset version");
      await insertCalibrationJudgment(r.id, j);
      return j;
    });
  } catch (e) {
    const err = isLlmError(e) ? llmAppError(e, model) : null;
    await finishCalibrationRun(
      r.id,
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
    r.id,
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
  return getCalibrationRun(projectId, r.id);
}

/** Creates and executes a run in this process (tests and scripts; the app enqueues a job). */
export async function runCalibration(
  projectId: string,
  userId: string | null,
  input: { setId: string; graderVersion?: number },
) {
  const run = await createCalibrationRun(projectId, userId, input);
  return executeCalibrationRun(projectId, run.id);
}

/** A run with its agreement results and every judgment beside the human score. */
export async function getCalibrationRun(projectId: string, runId: string) {
  const r = await findCalibrationRunRow(projectId, runId);
  if (!r) throw new AppError("not_found", "Calibration run not found");
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
