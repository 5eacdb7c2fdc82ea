import type { TExperimentPartition } from "@yardstick/contracts/experiments";
import { compareExperimentSides, type TCompareCase, type TCompareSide } from "@yardstick/core/experiments";
import { findExperimentSettings, iterateCaseNumbers, listItemCaseRows } from "@yardstick/db";
import { AppError } from "../errors";
import { requireRun } from "./experiment-runner";

// Comparing two runs over the same dataset version, or two arms of one run: the statistics are
// core's (compareExperimentSides); this file loads the sides (numbers only, streamed) and the
// project's minimum effects, and serves one case's outputs side by side.

export interface TCompareInput {
  baselineRunId: string;
  candidateRunId: string;
  baselineArm?: number;
  candidateArm?: number;
  /** Only the items of this partition (the CLI's per-partition rows). */
  partition?: TExperimentPartition;
}

type TRun = Awaited<ReturnType<typeof requireRun>>;

function requireArm(run: TRun, arm: number, field: string) {
  const a = run.config.arms[arm];
  if (!a)
    throw new AppError(
      "invalid_input",
      `This run has ${run.config.arms.length} prompt version(s): arm ${arm} does not exist`,
      field,
    );
  return a;
}

async function loadSide(run: TRun, arm: number, partition?: TExperimentPartition): Promise<TCompareSide> {
  const cases: TCompareCase[] = [];
  for await (const r of iterateCaseNumbers(run.id, { arm })) {
    if (partition && r.partition !== partition) continue;
    const graders: TCompareCase["graders"] = {};
    if (!r.errored) for (const g of r.grades) graders[g.graderId] = { score: g.score, passed: g.passed };
    cases.push({ itemKey: r.itemKey, partition: r.partition, repeat: r.repeat, error: r.errored, graders });
  }
  return {
    graders: run.config.graders.map((g) => ({ graderId: g.graderId, name: g.name, version: g.version })),
    cases,
  };
}

async function loadPair(projectId: string, input: TCompareInput) {
  const baseline = await requireRun(projectId, input.baselineRunId).catch((e: unknown) => {
    throw e instanceof AppError ? new AppError(e.code, "Baseline run not found", "baselineRunId") : e;
  });
  const candidate =
    input.candidateRunId === input.baselineRunId
      ? baseline
      : await requireRun(projectId, input.candidateRunId).catch((e: unknown) => {
          throw e instanceof AppError ? new AppError(e.code, "Candidate run not found", "candidateRunId") : e;
        });
  const baselineArm = input.baselineArm ?? 0;
  const candidateArm = input.candidateArm ?? 0;
  const a = requireArm(baseline, baselineArm, "baselineArm");
  const b = requireArm(candidate, candidateArm, "candidateArm");
  if (baseline.id === candidate.id && baselineArm === candidateArm) {
    throw new AppError(
      "invalid_input",
      "Pick two different runs, or two different prompt versions of one run",
      "candidateArm",
    );
  }
  if (baseline.datasetVersionId !== candidate.datasetVersionId) {
    throw new AppError(
      "precondition_failed",
      `The runs use different dataset versions (${baseline.datasetName} v${baseline.datasetVersion} vs ${candidate.datasetName} v${candidate.datasetVersion}): compare runs over the same version`,
      "candidateRunId",
    );
  }
  return { baseline, candidate, baselineArm, candidateArm, arms: { baseline: a, candidate: b } };
}

/** Baseline vs candidate, per metric and per case, with a verdict a PM can read. */
export async function compareExperimentRuns(projectId: string, input: TCompareInput) {
  const p = await loadPair(projectId, input);
  const settings = await findExperimentSettings(projectId);
  const [base, cand] = await Promise.all([
    loadSide(p.baseline, p.baselineArm, input.partition),
    loadSide(p.candidate, p.candidateArm, input.partition),
  ]);
  const result = compareExperimentSides(base, cand, {
    alpha: settings.alpha,
    minEffect: (key) => settings.minEffects[key] ?? settings.defaultMinEffect,
  });
  const sideInfo = (run: TRun, arm: number) => ({
    runId: run.id,
    name: run.name,
    arm,
    prompt: run.config.arms[arm]!,
    status: run.status,
    verdict: run.verdict,
    createdAt: run.createdAt,
  });
  const notes = [p.baseline, p.candidate]
    .filter((r) => r.status !== "completed")
    .map((r) => `Run ${r.name ?? r.id} is ${r.status}: its missing cases are not compared`);
  return {
    baseline: sideInfo(p.baseline, p.baselineArm),
    candidate: sideInfo(p.candidate, p.candidateArm),
    dataset: { id: p.baseline.datasetId, name: p.baseline.datasetName, version: p.baseline.datasetVersion },
    settings: { alpha: settings.alpha, defaultMinEffect: settings.defaultMinEffect, minEffects: settings.minEffects },
    ...result,
    warnings: [...result.warnings, ...[...new Set(notes)]],
  };
}

/** One item's outputs and grades in both sides, every repeat: the side-by-side view (the UI diffs). */
export async function compareExperimentCase(projectId: string, input: TCompareInput & { itemKey: string }) {
  const p = await loadPair(projectId, input);
  const [b, c] = await Promise.all([
    listItemCaseRows(p.baseline.id, input.itemKey),
    listItemCaseRows(p.candidate.id, input.itemKey),
  ]);
  const baseline = b.filter((r) => r.arm === p.baselineArm);
  const candidate = c.filter((r) => r.arm === p.candidateArm);
  if (!baseline.length && !candidate.length)
    throw new AppError("not_found", `Item "${input.itemKey}" is in neither run`, "itemKey");
  return { itemKey: input.itemKey, baseline, candidate };
}
