import type { TExperimentArtifact } from "@yardstick/contracts/experiments";
import type { TPublicComparison, TPublicRunGrader, TPublicRunProgress } from "@yardstick/contracts/public-runs";
import type { ApiClient } from "./client";
import { CliError } from "./errors";
import { evaluateGate, type TGateReport } from "./gate";
import { createProgress } from "./progress";

// One gate: start a run (candidate, and the baseline prompt as a second arm when given), follow
// its progress, read the artifact and the comparison, and judge them.

export interface TGatePlan {
  name: string;
  dataset: string;
  prompt: string;
  /** A prompt ref run as arm 0 of the same run. */
  baseline?: string;
  /** An earlier run to compare with instead. */
  baselineRunId?: string;
  graders: TPublicRunGrader[];
  partitions?: ("golden" | "regression" | "adversarial" | "distribution")[];
  repeats?: number;
  concurrency?: number;
  minEffect?: number;
  gitCommit?: string;
  notes?: string[];
}

export interface TGateResult {
  report: TGateReport;
  artifact: TExperimentArtifact;
  comparison: TPublicComparison | null;
}

export interface TWaitOptions {
  pollMs: number;
  timeoutMs: number;
  stream?: NodeJS.WriteStream;
}

const FINISHED = new Set(["completed", "failed", "cancelled"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitForRun(
  client: ApiClient,
  runId: string,
  label: string,
  opts: TWaitOptions,
): Promise<TPublicRunProgress> {
  const sink = createProgress(label, opts.stream);
  const until = Date.now() + opts.timeoutMs;
  try {
    for (;;) {
      const p = await client.progress(runId);
      sink.update(p);
      if (FINISHED.has(p.status)) {
        if (p.status === "completed") return p;
        throw new CliError("run_failed", `run ${runId} ${p.status}${p.error ? `: ${p.error}` : ""}`);
      }
      if (Date.now() > until)
        throw new CliError(
          "timeout",
          `run ${runId} is still ${p.status} after ${Math.round(opts.timeoutMs / 1000)} s (${p.doneCases}/${p.totalCases} cases); it keeps running on the server`,
        );
      await sleep(opts.pollMs);
    }
  } finally {
    sink.done();
  }
}

/** The comparison over every item, and per partition when the run has more than one (for the table). */
export async function compareAll(
  client: ApiClient,
  runId: string,
  q: { baselineRunId?: string; baselineArm?: number; candidateArm: number },
  artifact: TExperimentArtifact,
  candidateArm: number,
): Promise<{ comparison: TPublicComparison; byPartition: Record<string, TPublicComparison> }> {
  const comparison = await client.compare(runId, q);
  const arm = artifact.arms.find((a) => a.arm === candidateArm);
  const partitions = Object.entries(arm?.partitions ?? {})
    .filter(([, g]) => g && g.cases > 0)
    .map(([p]) => p);
  const byPartition: Record<string, TPublicComparison> = {};
  if (partitions.length > 1)
    for (const p of partitions) byPartition[p] = await client.compare(runId, { ...q, partition: p });
  return { comparison, byPartition };
}

export async function runGate(client: ApiClient, plan: TGatePlan, wait: TWaitOptions): Promise<TGateResult> {
  const started = await client.startRun({
    dataset: plan.dataset,
    prompt: plan.prompt,
    ...(plan.baseline !== undefined && { baseline: plan.baseline }),
    graders: plan.graders,
    ...(plan.partitions && { partitions: plan.partitions }),
    ...(plan.repeats && { repeats: plan.repeats }),
    ...(plan.concurrency && { concurrency: plan.concurrency }),
    name: plan.name,
    ...(plan.gitCommit && { gitCommit: plan.gitCommit }),
  });
  const arms = started.arms.map((a) => `${a.promptName} v${a.promptVersion}${a.label ? ` (${a.label})` : ""}`);
  (wait.stream ?? process.stderr).write(
    `${plan.name}: run ${started.runId} on ${started.dataset.name} v${started.dataset.version} — ${arms.join(" vs ")}, ${started.progress.totalCases} cases\n`,
  );
  await waitForRun(client, started.runId, plan.name, wait);
  const artifact = await client.artifact(started.runId);
  const baseline =
    started.baselineArm !== null
      ? { baselineArm: started.baselineArm, candidateArm: started.candidateArm }
      : plan.baselineRunId
        ? { baselineRunId: plan.baselineRunId, candidateArm: started.candidateArm }
        : null;
  const { comparison, byPartition } = baseline
    ? await compareAll(client, started.runId, baseline, artifact, started.candidateArm)
    : { comparison: null, byPartition: {} };
  const report = evaluateGate({
    name: plan.name,
    artifact,
    candidateArm: started.candidateArm,
    comparison,
    partitionComparisons: byPartition,
    minEffect: plan.minEffect,
    notes: [...(plan.notes ?? []), ...started.notes],
  });
  return { report, artifact, comparison };
}
