import {
  parseDatasetRef,
  parsePromptRef,
  type TPublicComparison,
  type TPublicRunListResponse,
  type TPublicRunProgress,
  type TPublicStartRunResponse,
} from "@yardstick/contracts/public-runs";
import type { z } from "zod";
import type { TExperimentPartition } from "@yardstick/contracts/experiments";
import type { ZPublicStartRunRequest } from "@yardstick/contracts/public-runs";
import {
  findDatasetRowByName,
  findGraderRowByName,
  findPromptRowByName,
  listPromptLabelRows,
  type TExperimentRunRow,
} from "@yardstick/db";
import { isJudgeGraderType } from "@yardstick/core/graders";
import { AppError } from "../errors";
import { parseConfigOrThrow, requireGraderVersion } from "./graders";
import { compareExperimentRuns } from "./experiment-compare";
import { requireRun } from "./experiment-runner";
import { createExperimentRun, listExperimentRuns } from "./experiments";

// The public API's view of experiment runs, by name rather than id (what the CLI and CI know):
// "tickets@3", "classify@production", "valid-label". Errors name the public request's field
// in their message, since a REST client sees only the message.

type TStartRequest = z.output<typeof ZPublicStartRunRequest>;

function fieldError(code: AppError["code"], field: string, message: string): AppError {
  return new AppError(code, `${field}: ${message}`, field);
}

async function datasetByName(projectId: string, ref: string, field = "dataset") {
  const { name, version } = parseDatasetRef(ref);
  const ds = await findDatasetRowByName(projectId, name);
  if (!ds) throw fieldError("not_found", field, `no dataset named "${name}" in this project`);
  return { ds, version };
}

/** The version number a prompt ref points at now (labels resolved), for spotting a baseline equal to the candidate. */
async function promptByRef(projectId: string, ref: { name: string; label?: string; version?: number }, field: string) {
  const p = await findPromptRowByName(projectId, ref.name);
  if (!p) throw fieldError("not_found", field, `no prompt named "${ref.name}" in this project`);
  let version = ref.version;
  if (ref.label !== undefined) {
    if (ref.label === "latest") version = p.latestVersion;
    else {
      const l = (await listPromptLabelRows(p.id)).find((x) => x.name === ref.label);
      if (!l) throw fieldError("not_found", field, `no version of "${p.name}" is labelled "${ref.label}"`);
      version = l.version.version;
    }
  }
  return { prompt: p, version: version!, arm: { promptId: p.id, version: ref.version, label: ref.label } };
}

const SEMANTIC_TYPES = new Set(["semantic_similarity", "similarity"]);

function kindOf(type: string): "deterministic" | "llm_judge" | "semantic_similarity" {
  if (isJudgeGraderType(type)) return "llm_judge";
  return SEMANTIC_TYPES.has(type) ? "semantic_similarity" : "deterministic";
}

/** A grader by name, checked against what the caller expects of it, with its threshold on the 0..1 scale. */
async function graderByName(projectId: string, g: TStartRequest["graders"][number], field: string) {
  const row = await findGraderRowByName(projectId, g.name);
  if (!row) throw fieldError("not_found", `${field}.name`, `no grader named "${g.name}" in this project`);
  const v = await requireGraderVersion(row.id, g.version ?? row.latestVersion, `${field}.version`).catch(
    (e: unknown) => {
      throw e instanceof AppError ? fieldError(e.code, `${field}.version`, e.message) : e;
    },
  );
  if (g.kind && kindOf(v.type) !== g.kind)
    throw fieldError("invalid_input", `${field}.name`, `${g.name} is a ${v.type} grader, not ${g.kind}`);
  if (g.judgeModel && v.judgeModel !== g.judgeModel)
    throw fieldError(
      "invalid_input",
      `${field}.judgeModel`,
      `${g.name} v${v.version} judges with ${v.judgeModel ?? "the project's default judge"}, not ${g.judgeModel}`,
    );
  let threshold = g.threshold;
  let metric = g.metric;
  if (g.scale === "judge" && threshold !== undefined) {
    const config = parseConfigOrThrow(v.config);
    if (config.type !== "llm_judge")
      throw fieldError("invalid_input", `${field}.scale`, `${g.name} is a ${v.type} grader: it has no judge scale`);
    const { min, max } = config.rubric.scale;
    if (threshold < min || threshold > max)
      throw fieldError(
        "invalid_input",
        `${field}.threshold`,
        `${threshold} is outside ${g.name}'s scale ${min}..${max}`,
      );
    threshold = (threshold - min) / (max - min);
    metric = "meanScore";
  } else if (threshold !== undefined && threshold > 1) {
    throw fieldError("invalid_input", `${field}.threshold`, "a threshold is between 0 and 1 (or set scale: judge)");
  }
  return { graderId: row.id, version: v.version, threshold, thresholdMetric: metric };
}

/** Maps a field of the internal definition (`arms.1.label`, `datasetVersion`) to the public request's. */
function publicField(field: string | undefined, armFields: string[]): string | undefined {
  if (!field) return undefined;
  const arm = /^arms\.(\d+)/.exec(field);
  if (arm) return armFields[Number(arm[1])] ?? "prompt";
  if (field.startsWith("graders.")) return field.replace(/\.graderId$/, ".name");
  if (field === "datasetId" || field === "datasetVersion") return "dataset";
  return field;
}

function isoOrNull(d: Date | null) {
  return d ? d.toISOString() : null;
}

export function publicProgress(
  run: Pick<
    TExperimentRunRow,
    "status" | "totalCases" | "doneCases" | "errorCases" | "cachedCases" | "costUsd" | "startedAt" | "endedAt" | "error"
  >,
): TPublicRunProgress {
  return {
    status: run.status,
    totalCases: run.totalCases,
    doneCases: run.doneCases,
    errorCases: run.errorCases,
    cachedCases: run.cachedCases,
    costUsd: run.costUsd,
    fraction: run.totalCases ? run.doneCases / run.totalCases : 1,
    startedAt: isoOrNull(run.startedAt),
    endedAt: isoOrNull(run.endedAt),
    error: run.error ?? null,
  };
}

/**
 * Creates a queued run from names; the caller enqueues it. With a baseline, the baseline prompt is
 * arm 0 and the candidate arm 1 of the same run (paired on the same items, one dataset version).
 */
export async function createRunByNames(projectId: string, req: TStartRequest): Promise<TPublicStartRunResponse> {
  const { ds, version } = await datasetByName(projectId, req.dataset);
  const candidateRef = parsePromptRef(req.prompt);
  const candidate = await promptByRef(projectId, candidateRef, "prompt");
  const notes: string[] = [];
  const arms = [candidate.arm];
  const armFields = ["prompt"];
  if (req.baseline !== undefined) {
    const baseline = await promptByRef(projectId, parsePromptRef(req.baseline, candidateRef.name), "baseline");
    if (baseline.prompt.id === candidate.prompt.id && baseline.version === candidate.version) {
      notes.push(
        `The baseline ${req.baseline} is ${candidate.prompt.name} v${candidate.version}, the candidate itself: nothing to compare`,
      );
    } else {
      arms.unshift(baseline.arm);
      armFields.unshift("baseline");
    }
  }
  const graders = [];
  for (const [i, g] of req.graders.entries()) graders.push(await graderByName(projectId, g, `graders.${i}`));
  let run;
  try {
    run = await createExperimentRun(projectId, null, {
      datasetId: ds.id,
      datasetVersion: version,
      partitions: req.partitions,
      arms,
      graders,
      repeats: req.repeats,
      concurrency: req.concurrency,
      name: req.name ?? null,
      gitCommit: req.gitCommit ?? null,
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const field = publicField(err.field, armFields);
    throw field ? fieldError(err.code, field, err.message) : err;
  }
  const baselineArm = arms.length === 2 ? 0 : null;
  return {
    runId: run.id,
    dataset: { name: run.datasetName, version: run.datasetVersion, partitions: run.partitions },
    arms: run.config.arms.map((a, arm) => ({
      arm,
      promptName: a.promptName,
      promptVersion: a.promptVersion,
      label: a.label,
      model: a.model,
    })),
    candidateArm: arms.length - 1,
    baselineArm,
    notes,
    progress: publicProgress({ ...run, error: null }),
  };
}

export async function getPublicRunProgress(projectId: string, runId: string): Promise<TPublicRunProgress> {
  return publicProgress(await requireRun(projectId, runId));
}

export async function listPublicRuns(
  projectId: string,
  q: { dataset?: string; limit?: number; cursor?: string },
): Promise<TPublicRunListResponse> {
  const datasetId = q.dataset ? (await datasetByName(projectId, q.dataset)).ds.id : undefined;
  const cursor = q.cursor
    ? await requireRun(projectId, q.cursor).then(
        (r) => r.id,
        () => {
          throw fieldError("invalid_input", "cursor", "no run with this id");
        },
      )
    : undefined;
  const page = await listExperimentRuns(projectId, { datasetId, limit: q.limit ?? 20, cursor });
  return {
    runs: page.runs.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      verdict: r.verdict,
      dataset: { name: r.datasetName, version: r.datasetVersion },
      arms: r.arms,
      gitCommit: r.gitCommit,
      createdAt: r.createdAt.toISOString(),
      progress: publicProgress(r),
    })),
    nextCursor: page.nextCursor,
  };
}

/** The run (its candidate arm: the last one unless given) against a baseline run or arm. */
export async function comparePublicRun(
  projectId: string,
  runId: string,
  q: { baselineRunId?: string; baselineArm?: number; candidateArm?: number; partition?: TExperimentPartition },
): Promise<TPublicComparison> {
  const run = await requireRun(projectId, runId);
  const candidateArm = q.candidateArm ?? run.config.arms.length - 1;
  // Another run's default arm is its candidate (the last): what that run gated.
  const baselineArm =
    q.baselineArm ??
    (q.baselineRunId && q.baselineRunId !== run.id
      ? await requireRun(projectId, q.baselineRunId).then(
          (b) => b.config.arms.length - 1,
          () => {
            throw fieldError("not_found", "baselineRunId", "Baseline run not found");
          },
        )
      : 0);
  let c;
  try {
    c = await compareExperimentRuns(projectId, {
      baselineRunId: q.baselineRunId ?? run.id,
      candidateRunId: run.id,
      baselineArm,
      candidateArm,
      partition: q.partition,
    });
  } catch (err) {
    if (err instanceof AppError && err.field && !err.message.startsWith(err.field))
      throw fieldError(err.code, err.field, err.message);
    throw err;
  }
  const side = (s: typeof c.baseline) => ({
    runId: s.runId,
    arm: s.arm,
    promptName: s.prompt.promptName,
    promptVersion: s.prompt.promptVersion,
    label: s.prompt.label,
  });
  return {
    baseline: side(c.baseline),
    candidate: side(c.candidate),
    dataset: { name: c.dataset.name, version: c.dataset.version },
    partition: q.partition ?? null,
    alpha: c.settings.alpha,
    conclusion: c.conclusion,
    headline: c.headline,
    details: c.details,
    metrics: c.metrics.map((m) => ({
      key: m.key,
      graderId: m.graderId,
      graderName: m.graderName,
      kind: m.kind,
      n: m.n,
      baseline: m.baseline,
      candidate: m.candidate,
      delta: m.delta,
      ci: m.ci,
      p: m.p,
      pAdjusted: m.pAdjusted,
      minEffect: m.minEffect,
      conclusion: m.conclusion,
      summary: m.summary,
    })),
    pairedItems: c.pairedItems,
    worstCases: c.cases
      .filter((x) => x.change === "regression")
      .slice(0, 20)
      .map((x) => ({ itemKey: x.itemKey, partition: x.partition, delta: x.delta })),
    warnings: c.warnings,
  };
}
