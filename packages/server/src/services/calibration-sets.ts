// Calibration sets, their items and human labels (runs and agreement: calibration-runs.ts).
import type { TLlmJudgeConfig } from "@yardstick/core/graders";
import { scaleLevels, type TJudgeAgreement, type TScale } from "@yardstick/core/judge";
import {
  deleteCalibrationLabelRow,
  deleteCalibrationSetRow,
  findCalibrationSetRow,
  findDatasetRow,
  findDatasetVersionRow,
  findVersionItem,
  insertCalibrationSet,
  listCalibrationLabelRows,
  listCalibrationRunRows,
  listCalibrationSetRows,
  listVersionItemRows,
  listVersionItemsByKeys,
  updateCalibrationSetRow,
  upsertCalibrationLabel,
} from "@yardstick/db";
import { AppError } from "../errors";
import { graderCalibrationStatus, parseConfigOrThrow, requireGrader, requireGraderVersion } from "./graders";

// Judge calibration (see calibration.md): humans label items of a pinned dataset version, the
// judge runs on the same items, and agreement (weighted κ, Spearman, exact agreement, each with a
// bootstrap CI, and the confusion matrix) decides whether the grader counts as calibrated.

export type TItemRow = {
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

export async function requireSet(projectId: string, setId: string) {
  const s = await findCalibrationSetRow(projectId, setId);
  if (!s) throw new AppError("not_found", "Calibration set not found");
  return s;
}

/** The llm_judge config and scale of a grader version; other grader types cannot be calibrated against labels. */
export function judgeConfigOf(v: { type: string; config: unknown; version: number }, field = "graderId") {
  if (v.type !== "llm_judge") {
    throw new AppError(
      "invalid_input",
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

export async function requireDatasetVersion(projectId: string, set: { datasetId: string; datasetVersion: number }) {
  const ds = await findDatasetRow(projectId, set.datasetId);
  if (!ds) throw new AppError("not_found", "Dataset not found");
  const v = await findDatasetVersionRow(ds.id, set.datasetVersion);
  if (!v)
    throw new AppError("not_found", `Version ${set.datasetVersion} of this dataset does not exist`, "datasetVersion");
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
  if (!ds) throw new AppError("not_found", "Dataset not found", "datasetId");
  const datasetVersion = input.datasetVersion ?? ds.latestVersion;
  if (datasetVersion === 0) throw new AppError("precondition_failed", "This dataset has no items yet", "datasetId");
  if (!(await findDatasetVersionRow(ds.id, datasetVersion))) {
    throw new AppError("not_found", `Version ${datasetVersion} of this dataset does not exist`, "datasetVersion");
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
    throw new AppError("conflict", `A calibration set named "${input.name}" already exists in this project`, "name");
  return set;
}

export async function updateCalibrationSet(
  projectId: string,
  setId: string,
  input: { name?: string; kappaThreshold?: number },
) {
  const res = await updateCalibrationSetRow(projectId, setId, input);
  if (res === null) throw new AppError("not_found", "Calibration set not found");
  if (res === "name_taken")
    throw new AppError("conflict", `A calibration set named "${input.name}" already exists in this project`, "name");
  return requireSet(projectId, setId);
}

export async function deleteCalibrationSet(projectId: string, setId: string) {
  if (!(await deleteCalibrationSetRow(projectId, setId))) throw new AppError("not_found", "Calibration set not found");
}

type TRunRow = Awaited<ReturnType<typeof listCalibrationRunRows>>[number];

/** A run as shown in lists: its agreement numbers, and whether it is calibrated / stale for the grader today. */
export function runSummary(r: TRunRow, set: { kappaThreshold: number; grader: { latestVersion: number } }) {
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
      throw new AppError("not_found", "This item has no label", "itemKey");
    return null;
  }
  const scale = await latestJudgeScale(set.grader);
  if (!Number.isInteger(input.humanScore) || input.humanScore < scale.min || input.humanScore > scale.max) {
    throw new AppError("invalid_input", `Score must be an integer from ${scale.min} to ${scale.max}`, "humanScore");
  }
  const dv = await requireDatasetVersion(projectId, set);
  const item = await findVersionItem(dv.id, input.itemKey);
  if (!item)
    throw new AppError(
      "not_found",
      `Item ${input.itemKey} is not in version ${set.datasetVersion} of the dataset`,
      "itemKey",
    );
  if (judgedOutputOf(item).output === null) {
    throw new AppError(
      "invalid_input",
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
