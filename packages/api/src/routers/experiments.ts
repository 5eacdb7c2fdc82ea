import { z } from "zod";
import { ZCreateExperimentRunRequest, ZScheduledRunInput } from "@yardstick/contracts/experiments";
import { ZId } from "@yardstick/contracts/common";
import { ZDatasetItemId } from "@yardstick/core/datasets";
import { compareExperimentCase, compareExperimentRuns } from "@yardstick/server/services/experiment-compare";
import { experimentRequested } from "@yardstick/jobs";
import { failExperimentRun } from "@yardstick/server/services/experiment-runner";
import {
  createScheduledRun,
  deleteScheduledRun,
  listScheduledRuns,
  updateScheduledRun,
} from "@yardstick/server/services/experiment-schedules";
import {
  cancelExperimentRun,
  createExperimentRun,
  experimentArtifact,
  getCaseResult,
  getExperimentProgress,
  getExperimentRun,
  getExperimentSettings,
  listCaseResults,
  listExperimentRuns,
  updateExperimentSettings,
  ZExperimentSettingsUpdate,
} from "@yardstick/server/services/experiments";
import { enqueueJob } from "../enqueue";
import { projectProcedure, requireRole, router } from "../trpc";

const member = projectProcedure.use(requireRole("MEMBER"));
const admin = projectProcedure.use(requireRole("ADMIN"));
const ZArm = z.number().int().min(0, "Arms are numbered from 0").max(63);
const ZRun = z.object({ runId: ZId });
const ZCompare = z.object({
  baselineRunId: ZId,
  candidateRunId: ZId,
  baselineArm: ZArm.optional(),
  candidateArm: ZArm.optional(),
});

/** Enqueues a created run's job (packages/jobs experiment-run); a refused event fails the run. */
async function startRun(projectId: string, runId: string) {
  await enqueueJob(experimentRequested.create({ projectId, runId }), (message) =>
    failExperimentRun(projectId, runId, message),
  );
}

// VIEWER reads runs, cases, comparisons and artifacts; MEMBER+ starts and cancels runs and edits
// schedules; gate settings (they decide CI's verdict) need ADMIN.
export const experimentsRouter = router({
  create: member.input(ZCreateExperimentRunRequest).mutation(async ({ ctx, input }) => {
    const { projectId, ...definition } = input;
    const run = await createExperimentRun(projectId, ctx.userId, definition);
    await startRun(projectId, run.id);
    return run;
  }),
  list: projectProcedure
    .input(
      z.object({
        datasetId: ZId.optional(),
        cursor: ZId.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ input }) => listExperimentRuns(input.projectId, input)),
  get: projectProcedure.input(ZRun).query(({ input }) => getExperimentRun(input.projectId, input.runId)),
  progress: projectProcedure.input(ZRun).query(({ input }) => getExperimentProgress(input.projectId, input.runId)),
  cases: projectProcedure
    .input(
      ZRun.extend({
        filter: z.enum(["all", "failures"], { error: "Filter is all or failures" }).default("all"),
        arm: ZArm.optional(),
        cursor: z.string().max(1000).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ input }) => listCaseResults(input.projectId, input.runId, input)),
  case: projectProcedure
    .input(ZRun.extend({ itemKey: ZDatasetItemId }))
    .query(({ input }) => getCaseResult(input.projectId, input.runId, input.itemKey)),
  cancel: member.input(ZRun).mutation(({ input }) => cancelExperimentRun(input.projectId, input.runId)),
  artifact: projectProcedure.input(ZRun).query(({ input }) => experimentArtifact(input.projectId, input.runId)),
  compare: projectProcedure.input(ZCompare).query(({ input }) => compareExperimentRuns(input.projectId, input)),
  compareCase: projectProcedure
    .input(ZCompare.extend({ itemKey: ZDatasetItemId }))
    .query(({ input }) => compareExperimentCase(input.projectId, input)),
  settings: projectProcedure.query(({ input }) => getExperimentSettings(input.projectId)),
  updateSettings: admin.input(ZExperimentSettingsUpdate).mutation(({ input }) => {
    const { projectId, ...data } = input;
    return updateExperimentSettings(projectId, data);
  }),
  schedules: projectProcedure.query(({ input }) => listScheduledRuns(input.projectId)),
  createSchedule: member.input(ZScheduledRunInput).mutation(({ ctx, input }) => {
    const { projectId, ...data } = input;
    return createScheduledRun(projectId, ctx.userId, data);
  }),
  updateSchedule: member.input(ZScheduledRunInput.partial().extend({ scheduleId: ZId })).mutation(({ input }) => {
    const { projectId, scheduleId, ...data } = input;
    // Only the fields the caller sent: the service merges them over the stored schedule.
    const sent = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
    return updateScheduledRun(projectId, scheduleId, sent);
  }),
  deleteSchedule: member
    .input(z.object({ scheduleId: ZId }))
    .mutation(({ input }) => deleteScheduledRun(input.projectId, input.scheduleId)),
});
