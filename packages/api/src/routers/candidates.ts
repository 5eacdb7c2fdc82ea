import { z } from "zod";
import { ZDatasetPartition } from "@yardstick/core/datasets";
import { ZId } from "@yardstick/contracts/common";
import { candidateBackfillRequested } from "@yardstick/jobs";
import {
  deleteCandidateRule,
  getCandidate,
  listCandidateRules,
  listCandidates,
  promoteCandidate,
  rejectCandidate,
  reopenCandidate,
  setCandidateRule,
} from "@yardstick/server/services/candidates";
import { enqueueJob } from "../enqueue";
import { projectProcedure, requireRole, router } from "../trpc";

const member = projectProcedure.use(requireRole("MEMBER"));
const admin = projectProcedure.use(requireRole("ADMIN"));

export const ZCandidateStatus = z.enum(["open", "promoted", "rejected"], {
  error: "Status must be open, promoted or rejected",
});

// The candidate queue: VIEWER reads; MEMBER+ reviews (promote, reject, reopen, backfill); ADMIN
// sets the project's score rules.
export const candidatesRouter = router({
  list: projectProcedure
    .input(
      z.object({
        status: ZCandidateStatus.default("open"),
        cursor: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ input }) => listCandidates(input.projectId, input)),
  get: projectProcedure
    .input(z.object({ candidateId: ZId }))
    .query(({ input }) => getCandidate(input.projectId, input.candidateId)),
  promote: member
    .input(
      z.object({
        candidateId: ZId,
        datasetId: ZId,
        partition: ZDatasetPartition,
        // null: no expected output, graded by a judge only
        expectedOutput: z.string().max(100_000, "Expected output must be at most 100,000 characters").nullable(),
        tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
      }),
    )
    .mutation(({ ctx, input }) => promoteCandidate(input.projectId, ctx.userId, input)),
  reject: member
    .input(
      z.object({
        candidateId: ZId,
        reason: z.string().trim().min(1, "Say why it is rejected").max(1000, "Reason must be at most 1,000 characters"),
      }),
    )
    .mutation(({ ctx, input }) => rejectCandidate(input.projectId, ctx.userId, input)),
  reopen: member.input(z.object({ candidateId: ZId })).mutation(({ input }) => reopenCandidate(input.projectId, input)),
  backfill: member
    .input(z.object({ days: z.number().int().min(1, "At least 1 day").max(365, "At most 365 days").default(30) }))
    .mutation(async ({ input }) => {
      const id = await enqueueJob(
        candidateBackfillRequested.create({ projectId: input.projectId, days: input.days }),
        async () => {},
      );
      return { jobId: id };
    }),
  rules: projectProcedure.query(({ input }) => listCandidateRules(input.projectId)),
  setRule: admin
    .input(
      z.object({
        scoreName: z.string().trim().min(1, "Score name is required").max(200),
        below: z.number({ error: "Threshold must be a number" }).finite(),
      }),
    )
    .mutation(({ input }) => setCandidateRule(input.projectId, input)),
  deleteRule: admin
    .input(z.object({ ruleId: ZId }))
    .mutation(({ input }) => deleteCandidateRule(input.projectId, input)),
});
