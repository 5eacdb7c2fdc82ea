import { protectedProcedure, router } from "../trpc";
import { ZChangePasswordInput, ZRevokeSessionInput } from "@yardstick/contracts/common";
import { changePassword, getAccount } from "@yardstick/server/services/account";
import { listSessions, revokeAllSessions, revokeSession } from "@yardstick/server/services/sessions";

export const accountRouter = router({
  get: protectedProcedure.query(({ ctx }) => getAccount(ctx.userId)),
  changePassword: protectedProcedure
    .input(ZChangePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx.userId, ctx.sessionId, input)),
  sessions: protectedProcedure.query(({ ctx }) => listSessions(ctx.userId, ctx.sessionId)),
  revokeSession: protectedProcedure
    .input(ZRevokeSessionInput)
    .mutation(({ ctx, input }) => revokeSession(ctx.userId, input.sessionId)),
  signOutEverywhere: protectedProcedure.mutation(({ ctx }) => revokeAllSessions(ctx.userId)),
});
