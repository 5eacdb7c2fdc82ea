import {
  EXPERIMENT_PARTITIONS,
  ZCreateExperimentRunRequest,
  type TCreateExperimentRun,
  type TExperimentArm,
  type TExperimentGrader,
  type TExperimentPartition,
} from "@yardstick/contracts/experiments";
import type { TPromptParams, TPromptTool } from "@yardstick/contracts/prompts";
import { formatZodIssues } from "@yardstick/contracts/ingest";
import { isJudgeGraderType } from "@yardstick/core/graders";
import {
  findDatasetRow,
  findDatasetVersionRow,
  findPromptRow,
  findPromptVersionRow,
  listPromptLabelRows,
} from "@yardstick/db";
import { AppError } from "../errors";
import { requireGrader, requireGraderVersion } from "./graders";
import { judgeProviderKind, loadJudgeContext } from "./judge-runner";
import { checkPromptVersionRunnable } from "./prompts";
import { projectProviderSettings } from "./providers";

// Resolving a run definition against the project: the dataset version and its partitions, prompt
// versions (labels resolved now and recorded), grader versions. Every check names the field it
// failed on, and nothing is written until all pass.

/** A run larger than this is refused: split the dataset or use fewer arms/repeats. */
export const MAX_EXPERIMENT_CASES = 200_000;

export function parseRunDefinition(raw: unknown): TCreateExperimentRun {
  const parsed = ZCreateExperimentRunRequest.safeParse(raw);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0]!;
  throw new AppError("invalid_input", formatZodIssues(parsed.error), first.path.join(".") || undefined);
}

async function resolveDataset(projectId: string, input: TCreateExperimentRun) {
  const ds = await findDatasetRow(projectId, input.datasetId);
  if (!ds) throw new AppError("not_found", "Dataset not found", "datasetId");
  const version = input.datasetVersion ?? ds.latestVersion;
  if (version === 0) throw new AppError("precondition_failed", "This dataset has no items yet", "datasetId");
  const v = await findDatasetVersionRow(ds.id, version);
  if (!v)
    throw new AppError("not_found", `Version ${version} of dataset "${ds.name}" does not exist`, "datasetVersion");
  const counts = (v.partitionCounts ?? {}) as Partial<Record<TExperimentPartition, number>>;
  const partitions = input.partitions ?? [...EXPERIMENT_PARTITIONS];
  if (input.partitions) {
    const empty = input.partitions.filter((p) => !counts[p]);
    if (empty.length) {
      throw new AppError(
        "invalid_input",
        `Version ${version} has no items in the ${empty.join(", ")} partition${empty.length > 1 ? "s" : ""}`,
        "partitions",
      );
    }
  }
  const itemCount = partitions.reduce((n, p) => n + (counts[p] ?? 0), 0);
  if (itemCount === 0) throw new AppError("invalid_input", `Version ${version} has no items`, "datasetVersion");
  return { ds, version: v, partitions, itemCount };
}

async function resolveArms(projectId: string, input: TCreateExperimentRun): Promise<TExperimentArm[]> {
  const settings = await projectProviderSettings(projectId);
  const arms: TExperimentArm[] = [];
  for (const [i, a] of input.arms.entries()) {
    const field = `arms.${i}`;
    const p = await findPromptRow(projectId, a.promptId);
    if (!p) throw new AppError("not_found", "Prompt not found", `${field}.promptId`);
    let versionNumber = a.version;
    if (a.label !== undefined) {
      if (a.label === "latest") versionNumber = p.latestVersion;
      else {
        const l = (await listPromptLabelRows(p.id)).find((x) => x.name === a.label);
        if (!l) throw new AppError("not_found", `No version of "${p.name}" is labelled "${a.label}"`, `${field}.label`);
        versionNumber = l.version.version;
      }
    }
    const v = await findPromptVersionRow(p.id, versionNumber!);
    if (!v)
      throw new AppError("not_found", `Version ${versionNumber} of "${p.name}" does not exist`, `${field}.version`);
    const params = v.params as TPromptParams;
    checkPromptVersionRunnable(
      { model: v.model, params, tools: (v.tools as TPromptTool[] | null) ?? null },
      settings,
      `${field}.`,
    );
    arms.push({
      promptId: p.id,
      promptName: p.name,
      promptVersion: v.version,
      promptVersionId: v.id,
      label: a.label ?? null,
      model: v.model,
      params,
    });
  }
  const seen = new Set<string>();
  arms.forEach((a, i) => {
    if (seen.has(a.promptVersionId)) {
      throw new AppError(
        "invalid_input",
        `${a.promptName} v${a.promptVersion} is already an arm of this run`,
        `arms.${i}`,
      );
    }
    seen.add(a.promptVersionId);
  });
  return arms;
}

async function resolveGraders(projectId: string, input: TCreateExperimentRun): Promise<TExperimentGrader[]> {
  const out: TExperimentGrader[] = [];
  let judgeCtx: Awaited<ReturnType<typeof loadJudgeContext>> | null = null;
  for (const [i, g] of input.graders.entries()) {
    const field = `graders.${i}`;
    // A grader of another project is "not found", like any id the caller cannot see.
    const grader = await requireGrader(projectId, g.graderId).catch((e: unknown) => {
      throw e instanceof AppError ? new AppError(e.code, e.message, `${field}.graderId`) : e;
    });
    if (out.some((x) => x.graderId === grader.id))
      throw new AppError("invalid_input", `${grader.name} is listed twice`, `${field}.graderId`);
    const v = await requireGraderVersion(grader.id, g.version ?? grader.latestVersion, `${field}.version`);
    if (v.type === "pairwise_judge") {
      throw new AppError(
        "invalid_input",
        "A pairwise judge compares two outputs: use it in a comparison, not in a run",
        `${field}.graderId`,
      );
    }
    if (isJudgeGraderType(v.type) && v.judgeModel) {
      judgeCtx ??= await loadJudgeContext(projectId);
      judgeProviderKind(v.judgeModel, judgeCtx, `${field}.graderId`);
    }
    out.push({
      graderId: grader.id,
      name: grader.name,
      version: v.version,
      graderVersionId: v.id,
      type: v.type,
      threshold: g.threshold ?? null,
      thresholdMetric: g.thresholdMetric,
    });
  }
  return out;
}

/** Everything a run row needs, checked; throws AppError naming the field otherwise. */
export async function resolveRunDefinition(projectId: string, raw: unknown) {
  const input = parseRunDefinition(raw);
  const dataset = await resolveDataset(projectId, input);
  const arms = await resolveArms(projectId, input);
  const graders = await resolveGraders(projectId, input);
  const totalCases = dataset.itemCount * arms.length * input.repeats;
  if (totalCases > MAX_EXPERIMENT_CASES) {
    throw new AppError(
      "invalid_input",
      `This run would have ${totalCases} cases (${dataset.itemCount} items × ${arms.length} prompts × ${input.repeats} repeats); the limit is ${MAX_EXPERIMENT_CASES}`,
      "repeats",
    );
  }
  return {
    input,
    dataset,
    config: { arms, graders, repeats: input.repeats, concurrency: input.concurrency },
    totalCases,
  };
}
