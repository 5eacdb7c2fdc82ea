import { TRPCError } from "@trpc/server";
import { inngest, projectPing } from "@yardstick/jobs";
import { ZListJobRunsInput, listJobRuns } from "@yardstick/server/services/jobs";
import { projectProcedure, requireRole, router } from "../trpc";

// Background jobs per project: members read runs; MEMBER and up can send a ping job (enqueued
// with inngest.send(): nothing long runs inside the request).
export const jobsRouter = router({
  listRuns: projectProcedure.input(ZListJobRunsInput).query(({ input }) => listJobRuns(input.projectId, input.limit)),
  ping: projectProcedure.use(requireRole("MEMBER")).mutation(async ({ ctx, input }) => {
    try {
      const { ids } = await inngest.send(
        projectPing.create({ projectId: input.projectId, requestedBy: ctx.userId, sleepSeconds: 1 }),
      );
      return { eventId: ids[0] ?? null };
    } catch (err) {
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: `The job server did not take the event: ${(err as Error).message}`,
      });
    }
  }),
});
