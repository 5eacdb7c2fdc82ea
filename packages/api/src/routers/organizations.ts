import { z } from "zod";
import { orgProcedure, protectedProcedure, requireRole, router } from "../trpc";
import { ZName } from "@yardstick/contracts/common";
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listMyOrganizations,
  renameOrganization,
} from "@yardstick/server/services/organizations";

export const organizationsRouter = router({
  list: protectedProcedure.query(({ ctx }) => listMyOrganizations(ctx.userId)),
  create: protectedProcedure
    .input(z.object({ name: ZName }).strict())
    .mutation(({ ctx, input }) => createOrganization(ctx.userId, input.name)),
  get: orgProcedure.query(async ({ ctx, input }) => ({
    ...(await getOrganization(input.organizationId)),
    role: ctx.membership.role,
  })),
  rename: orgProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ name: ZName }))
    .mutation(({ input }) => renameOrganization(input.organizationId, input.name)),
  delete: orgProcedure
    .use(requireRole("OWNER"))
    .input(z.object({ confirmName: z.string().max(200) }))
    .mutation(({ input }) => deleteOrganization(input.organizationId, input.confirmName)),
});
