import { publicProcedure, protectedProcedure, router } from "../trpc";
import { ZSignUpInput } from "@yardstick/contracts/common";
import { signUp } from "@yardstick/server/services/users";
import { findUserById } from "@yardstick/db";

export const authRouter = router({
  signUp: publicProcedure.input(ZSignUpInput).mutation(({ input }) => signUp(input)),
  me: protectedProcedure.query(({ ctx }) => findUserById(ctx.userId)),
});
