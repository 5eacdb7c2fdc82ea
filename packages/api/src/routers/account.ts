import { protectedProcedure, router } from "../trpc";
import { ZChangePasswordInput, ZRevokeSessionInput } from "../schemas";
import { changePassword, getAccount } from "../services/account";
import { listSessions, revokeAllSessions, revokeSession } from "../services/sessions";

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
