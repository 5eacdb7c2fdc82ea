import {
  EXPERIMENT_STEP_BUDGET_MS,
  failExperimentRun,
  finalizeExperimentRun,
  runExperimentChunk,
} from "@yardstick/server/services/experiment-runner";
import { isAppError } from "@yardstick/server";
import { NonRetriableError } from "inngest";
import { inngest } from "../client";
import { experimentRequested } from "../events";

const FINISHED = new Set(["completed", "failed", "cancelled"]);

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
 * Drives an experiment run: steps of cases, each taking cases for EXPERIMENT_STEP_BUDGET_MS and
 * returning where the next starts (memoized, so a replay sees the same steps), then finalize. A
 * retried step skips the cases already stored, so a crash or retry never stores or bills a case
 * twice. Steps run one after another: each already keeps the run's `concurrency` calls in flight,
 * and parallel steps would multiply it. Two runs per project at a time.
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
    let offset = 0;
    for (;;) {
      const from = offset;
      const r = await step.run(`cases-${from}`, () =>
        orGiveUp(() => runExperimentChunk(projectId, runId, { offset: from, budgetMs: EXPERIMENT_STEP_BUDGET_MS })),
      );
      // Cancelled, or failed on a refused key: nothing more to run, no verdict.
      if (FINISHED.has(r.status)) return { runId, status: r.status };
      if (r.nextOffset >= r.totalCases) break;
      offset = r.nextOffset;
    }
    return step.run("finalize", () => orGiveUp(() => finalizeExperimentRun(projectId, runId)));
  },
);
