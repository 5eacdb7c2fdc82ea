import { isAppError } from "@yardstick/server";
import { executeCalibrationRun, failCalibrationRun } from "@yardstick/server/services/calibration-runs";
import { NonRetriableError } from "inngest";
import { inngest } from "../client";
import { calibrationRequested } from "../events";

/**
 * Judges a created calibration run (≤ 200 items, two calls in flight) in one step: a retried
 * step keeps the judgments already stored and judges only the rest. Exhausted retries mark the
 * run failed so the set is not left "running".
 */
export const calibrationRunFn = inngest.createFunction(
  {
    id: "calibration-run",
    name: "Calibration run",
    triggers: [calibrationRequested],
    concurrency: [{ key: "event.data.projectId", limit: 2 }],
    retries: 3,
    onFailure: async ({ event, error }) => {
      const { projectId, runId } = event.data.event.data as { projectId: string; runId: string };
      await failCalibrationRun(projectId, runId, `The run's job failed: ${error.message}`).catch(() => {});
    },
  },
  async ({ event, step }) => {
    const { projectId, runId } = event.data;
    return step.run("judge", async () => {
      try {
        const run = await executeCalibrationRun(projectId, runId);
        return { runId: run.id, status: run.status, kappa: run.kappa ?? null };
      } catch (e) {
        // A refused key, a missing version: stored on the run already; a retry cannot fix it.
        if (isAppError(e)) throw new NonRetriableError(e.message);
        throw e;
      }
    });
  },
);
