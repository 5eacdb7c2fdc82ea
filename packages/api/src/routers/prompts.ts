import { z } from "zod";
import { ZPromptLabelName, ZPromptName, ZPromptVersionInput } from "@yardstick/contracts/prompts";
import { projectProcedure, requireRole, router } from "../trpc";
import { ZId } from "@yardstick/contracts/common";
import {
  createPromptVersion,
  deletePrompt,
  diffPrompt,
  getPrompt,
  listPrompts,
  runPromptVersion,
  setPromptLabel,
  setPromptProductionProtection,
} from "@yardstick/server/services/prompts";

const ZVersion = z.number().int().positive();
const member = projectProcedure.use(requireRole("MEMBER"));

export const promptsRouter = router({
  list: projectProcedure.query(({ input }) => listPrompts(input.projectId)),
  get: projectProcedure
    .input(z.object({ promptId: ZId }))
    .query(({ input }) => getPrompt(input.projectId, input.promptId)),
  createVersion: member
    .input(ZPromptVersionInput.extend({ name: ZPromptName }))
    .mutation(({ ctx, input }) => createPromptVersion(input.projectId, ctx.userId, input)),
  // MEMBER+; moving "production" on a protected prompt needs ADMIN (checked in the service).
  setLabel: member
    .input(z.object({ promptId: ZId, label: ZPromptLabelName, version: ZVersion.nullable() }))
    .mutation(({ ctx, input }) =>
      setPromptLabel(input.projectId, { userId: ctx.userId, role: ctx.membership.role }, input),
    ),
  setProtection: projectProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ promptId: ZId, protectedProduction: z.boolean() }))
    .mutation(({ input }) => setPromptProductionProtection(input.projectId, input.promptId, input.protectedProduction)),
  delete: projectProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ promptId: ZId }))
    .mutation(({ input }) => deletePrompt(input.projectId, input.promptId)),
  diff: projectProcedure
    .input(z.object({ promptId: ZId, from: ZVersion, to: ZVersion }))
    .query(({ input }) => diffPrompt(input.projectId, input)),
  run: member
    .input(z.object({ promptId: ZId, version: ZVersion, variables: z.record(z.string(), z.unknown()).default({}) }))
    .mutation(({ input }) => runPromptVersion(input.projectId, input)),
});
