import { z } from "zod";
import { orgProcedure, protectedProcedure, requireRole, router } from "../trpc";
import { ZEmail, ZId } from "@yardstick/contracts/common";
import { ZRole } from "@yardstick/contracts/roles";
import {
  changeMemberRole,
  leaveOrganization,
  listOrganizationMembers,
  removeMember,
} from "@yardstick/server/services/members";
import {
  acceptInvitation,
  inviteMember,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from "@yardstick/server/services/invitations";

const ZToken = z.string().trim().min(10, "Invalid invitation link").max(200, "Invalid invitation link");

export const membersRouter = router({
  list: orgProcedure.query(({ input }) => listOrganizationMembers(input.organizationId)),
  changeRole: orgProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ userId: ZId, role: ZRole }))
    .mutation(({ ctx, input }) =>
      changeMemberRole(
        input.organizationId,
        { userId: ctx.userId, role: ctx.membership.role },
        input.userId,
        input.role,
      ),
    ),
  remove: orgProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ userId: ZId }))
    .mutation(({ ctx, input }) =>
      removeMember(input.organizationId, { userId: ctx.userId, role: ctx.membership.role }, input.userId),
    ),
  leave: orgProcedure.mutation(({ ctx, input }) => leaveOrganization(input.organizationId, ctx.userId)),
  invitations: orgProcedure.use(requireRole("ADMIN")).query(({ input }) => listInvitations(input.organizationId)),
  invite: orgProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ email: ZEmail, role: ZRole }))
    .mutation(({ ctx, input }) =>
      inviteMember(input.organizationId, { userId: ctx.userId, role: ctx.membership.role }, input.email, input.role),
    ),
  revokeInvitation: orgProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ invitationId: ZId }))
    .mutation(({ input }) => revokeInvitation(input.organizationId, input.invitationId)),
  previewInvitation: protectedProcedure
    .input(z.object({ token: ZToken }))
    .query(({ input }) => previewInvitation(input.token)),
  acceptInvitation: protectedProcedure
    .input(z.object({ token: ZToken }))
    .mutation(({ ctx, input }) => acceptInvitation(input.token, ctx.userId)),
});
