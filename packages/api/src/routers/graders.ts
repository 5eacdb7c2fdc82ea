import { z } from "zod";
import { projectProcedure, requireRole, router } from "../trpc";
import { ZId } from "@yardstick/contracts/common";
import {
  createGraderVersion,
  deleteGrader,
  getGrader,
  listGraders,
  previewGrader,
} from "@yardstick/server/services/graders";

const ZVersion = z.number().int().positive();
const ZGraderName = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(100, "Name must be at most 100 characters")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._:/-]*$/u, "Use letters, digits, spaces and . _ : / -");
const ZModel = z.string().trim().min(1).max(200);
const ZText = z.string().max(200_000, "is too long");
const ZPreviewItem = z.object({
  output: ZText,
  outputB: ZText.nullable().optional(),
  expected: ZText.nullable().optional(),
  input: z.unknown().optional(),
  context: ZText.nullable().optional(),
});

const member = projectProcedure.use(requireRole("MEMBER"));

// Graders: VIEWER reads, MEMBER+ saves versions and runs previews (which spend provider credits).
export const gradersRouter = router({
  list: projectProcedure.query(({ input }) => listGraders(input.projectId)),
  get: projectProcedure
    .input(z.object({ graderId: ZId }))
    .query(({ input }) => getGrader(input.projectId, input.graderId)),
  // `config` is validated by ZGraderConfig in the service, so errors name the config field.
  createVersion: member
    .input(
      z.object({
        name: ZGraderName,
        config: z.unknown(),
        message: z.string().trim().min(1, "Describe the change").max(500),
        subjectModel: ZModel.nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => createGraderVersion(input.projectId, ctx.userId, input)),
  delete: projectProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ graderId: ZId }))
    .mutation(({ input }) => deleteGrader(input.projectId, input.graderId)),
  preview: member
    .input(
      z.object({
        graderId: ZId.optional(),
        version: ZVersion.optional(),
        config: z.unknown().optional(),
        subjectModel: ZModel.nullable().optional(),
        item: ZPreviewItem,
      }),
    )
    .mutation(({ input }) => previewGrader(input.projectId, input)),
});
