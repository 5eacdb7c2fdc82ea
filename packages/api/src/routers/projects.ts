import { z } from "zod";
import { orgProcedure, projectProcedure, requireRole, router } from "../trpc";
import { ZCreateApiKeyInput, ZId, ZName } from "@yardstick/contracts/common";
import {
  createProject,
  deleteProject,
  getProject,
  listOrganizationProjects,
  renameProject,
} from "@yardstick/server/services/projects";
import { getTraceStorage, setTraceRetention } from "@yardstick/server/services/trace-retention";
import { createApiKey, listProjectApiKeys, revokeApiKey } from "@yardstick/server/services/api-keys";

export const projectsRouter = router({
  list: orgProcedure.query(({ input }) => listOrganizationProjects(input.organizationId)),
  create: orgProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ name: ZName }))
    .mutation(({ input }) => createProject(input.organizationId, input.name)),
  get: projectProcedure.query(async ({ ctx, input }) => ({
    ...(await getProject(input.projectId)),
    role: ctx.membership.role,
  })),
  rename: projectProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ name: ZName }))
    .mutation(({ input }) => renameProject(input.projectId, input.name)),
  setTraceRetention: projectProcedure
    .use(requireRole("ADMIN"))
    .input(
      z.object({
        days: z
          .number()
          .int("A whole number of days, 1 to 3650")
          .min(1, "A whole number of days, 1 to 3650")
          .max(3650, "A whole number of days, 1 to 3650")
          .nullable(),
      }),
    )
    .mutation(({ input }) => setTraceRetention(input.projectId, input.days)),
  traceStorage: projectProcedure.use(requireRole("ADMIN")).query(() => getTraceStorage()),
  delete: projectProcedure
    .use(requireRole("OWNER"))
    .input(z.object({ confirmName: z.string().max(200) }))
    .mutation(({ input }) => deleteProject(input.projectId, input.confirmName)),
});

export const apiKeysRouter = router({
  list: projectProcedure.query(({ input }) => listProjectApiKeys(input.projectId)),
  create: projectProcedure
    .use(requireRole("ADMIN"))
    .input(ZCreateApiKeyInput)
    .mutation(({ ctx, input }) =>
      createApiKey({ projectId: input.projectId, createdById: ctx.userId, name: input.name, scopes: input.scopes }),
    ),
  revoke: projectProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ apiKeyId: ZId }))
    .mutation(({ input }) => revokeApiKey(input.projectId, input.apiKeyId)),
});
