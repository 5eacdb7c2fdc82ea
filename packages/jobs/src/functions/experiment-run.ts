import { chunkOffsets } from "@yardstick/core/experiments";
import {
  EXPERIMENT_CHUNK_SIZE,
  failExperimentRun,
  finalizeExperimentRun,
  requireRun,
  runExperimentChunk,
} from "@yardstick/server/services/experiment-runner";
import { isAppError } from "@yardstick/server";
import { NonRetriableError } from "inngest";
import { inngest } from "../client";
import { experimentRequested } from "../events";

const FINISHED = new Set(["completed", "failed", "cancelled"]);

/**
 * Cases per step: at least EXPERIMENT_CHUNK_SIZE, and 8 rounds of the run's concurrency, so a
 * chunk's last round (workers idle while the slowest cases finish) and the fixed cost of a step
 * (a call from the executor, loading the run's context) stay small beside the calls. Decided in
 * the memoized "load" step, so a replay always sees the same chunks.
 */
function jobChunkSize(concurrency: number) {
  return Math.max(EXPERIMENT_CHUNK_SIZE, concurrency * 8);
}

/** Service errors (a run or prompt version gone) cannot be fixed by a retry; anything else can. */
async function orGiveUp<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isAppError(e)) throw new NonRetriableError(e.message);
    throw e;
  }
}

/**
 * Drives an experiment run: one step per chunk of cases (jobChunkSize), then finalize. A
 * retried chunk skips the cases already stored, so a crash or retry never stores or bills a case
 * twice. Chunks run one after another: each already keeps the run's `concurrency` calls in
 * flight, and parallel chunks would multiply it. Two runs per project at a time.
 */
export const experimentRunFn = inngest.createFunction(
  {
    id: "experiment-run",
    name: "Experiment run",
    triggers: [experimentRequested],
    concurrency: [{ key: "event.data.projectId", limit: 2 }],
    retries: 3,
    onFailure: async ({ event, error }) => {
      const { projectId, runId } = event.data.event.data as { projectId: string; runId: string };
      await failExperimentRun(projectId, runId, `The run's job failed: ${error.message}`).catch(() => {});
    },
  },
  async ({ event, step }) => {
    const { projectId, runId } = event.data;
    const { totalCases, chunkSize } = await step.run("load", () =>
      orGiveUp(async () => {
        const run = await requireRun(projectId, runId);
        return { totalCases: run.totalCases, chunkSize: jobChunkSize(run.config.concurrency) };
      }),
    );
    for (const offset of chunkOffsets(totalCases, chunkSize)) {
      const r = await step.run(`chunk-${offset}`, () =>
        orGiveUp(() => runExperimentChunk(projectId, runId, { offset, limit: chunkSize })),
      );
      // Cancelled, or failed on a refused key: nothing more to run, no verdict.
      if (FINISHED.has(r.status)) return { runId, status: r.status };
    }
    return step.run("finalize", () => orGiveUp(() => finalizeExperimentRun(projectId, runId)));
  },
);
