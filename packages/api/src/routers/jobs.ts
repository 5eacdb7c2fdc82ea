import { projectProcedure, requireRole, router } from "../trpc";
import { ZListJobRunsInput, listJobRuns, sendProjectPing } from "../services/jobs";

// Background jobs per project: members read runs; MEMBER and up can send a ping job.
export const jobsRouter = router({
  listRuns: projectProcedure.input(ZListJobRunsInput).query(({ input }) => listJobRuns(input.projectId, input.limit)),
  ping: projectProcedure
    .use(requireRole("MEMBER"))
    .mutation(({ ctx, input }) => sendProjectPing(input.projectId, ctx.userId)),
});
