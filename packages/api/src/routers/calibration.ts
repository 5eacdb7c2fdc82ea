import { z } from "zod";
import { ZDatasetItemId } from "@yardstick/core/datasets";
import { projectProcedure, requireRole, router } from "../trpc";
import { ZId } from "@yardstick/contracts/common";
import {
  createCalibrationSet,
  deleteCalibrationSet,
  getCalibrationSet,
  listCalibrationItems,
  listCalibrationSets,
  setCalibrationLabel,
  updateCalibrationSet,
} from "@yardstick/server/services/calibration-sets";
import {
  getCalibrationProgress,
  getCalibrationRun,
  listCalibrationRuns,
  createCalibrationRun,
  failCalibrationRun,
} from "@yardstick/server/services/calibration-runs";
import { calibrationRequested } from "@yardstick/jobs";
import { enqueueJob } from "../enqueue";

const ZSetName = z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters");
const ZKappa = z.number().min(-1, "κ is at least -1").max(1, "κ is at most 1");
const ZVersion = z.number().int().positive();

const member = projectProcedure.use(requireRole("MEMBER"));

// Judge calibration: VIEWER reads, MEMBER+ labels and runs; deleting a set needs ADMIN.
export const calibrationRouter = router({
  listSets: projectProcedure
    .input(z.object({ graderId: ZId.optional() }))
    .query(({ input }) => listCalibrationSets(input.projectId, input.graderId)),
  getSet: projectProcedure
    .input(z.object({ setId: ZId }))
    .query(({ input }) => getCalibrationSet(input.projectId, input.setId)),
  createSet: member
    .input(
      z.object({
        name: ZSetName,
        graderId: ZId,
        datasetId: ZId,
        datasetVersion: ZVersion.optional(),
        kappaThreshold: ZKappa.optional(),
      }),
    )
    .mutation(({ ctx, input }) => createCalibrationSet(input.projectId, ctx.userId, input)),
  updateSet: member
    .input(z.object({ setId: ZId, name: ZSetName.optional(), kappaThreshold: ZKappa.optional() }))
    .mutation(({ input }) => {
      const { projectId, setId, ...data } = input;
      return updateCalibrationSet(projectId, setId, data);
    }),
  deleteSet: projectProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ setId: ZId }))
    .mutation(({ input }) => deleteCalibrationSet(input.projectId, input.setId)),
  items: projectProcedure
    .input(
      z.object({
        setId: ZId,
        cursor: z.string().max(300).optional(),
        limit: z.number().int().min(1).max(500).default(50),
        labelled: z.boolean().optional(),
      }),
    )
    .query(({ input }) => listCalibrationItems(input.projectId, input)),
  // humanScore null removes the label; the scale check happens in the service against the grader's rubric.
  setLabel: member
    .input(
      z.object({
        setId: ZId,
        itemKey: ZDatasetItemId,
        humanScore: z.number().int("Score must be an integer").nullable(),
        comment: z.string().trim().max(2000).nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => setCalibrationLabel(input.projectId, ctx.userId, input)),
  run: member
    .input(z.object({ setId: ZId, graderVersion: ZVersion.optional() }))
    // Checked and written here; the judge runs in the calibration-run job (poll progress/get).
    .mutation(async ({ ctx, input }) => {
      const run = await createCalibrationRun(input.projectId, ctx.userId, input);
      await enqueueJob(calibrationRequested.create({ projectId: input.projectId, runId: run.id }), (message) =>
        failCalibrationRun(input.projectId, run.id, message),
      );
      return run;
    }),
  progress: projectProcedure
    .input(z.object({ setId: ZId }))
    .query(({ input }) => getCalibrationProgress(input.projectId, input.setId)),
  runs: projectProcedure
    .input(z.object({ setId: ZId }))
    .query(({ input }) => listCalibrationRuns(input.projectId, input.setId)),
  getRun: projectProcedure
    .input(z.object({ runId: ZId }))
    .query(({ input }) => getCalibrationRun(input.projectId, input.runId)),
});
