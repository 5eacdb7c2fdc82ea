import { publicProcedure, protectedProcedure, router } from "../trpc";
import { ZSignUpInput, ZSignUpResponse } from "@yardstick/contracts/common";
import { signUpFromClient } from "@yardstick/server/services/sign-in";
import { findUserById } from "@yardstick/db";

export const authRouter = router({
  signUp: publicProcedure
    .input(ZSignUpInput)
    .output(ZSignUpResponse)
    .mutation(({ input, ctx }) => signUpFromClient(input, ctx.clientIp ?? null)),
  me: protectedProcedure.query(({ ctx }) => findUserById(ctx.userId)),
});
