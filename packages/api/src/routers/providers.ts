import { z } from "zod";
import { projectProcedure, requireRole, router } from "../trpc";
import {
  ZProvider,
  ZSetProviderInput,
  deleteProviderCredential,
  listProviderCredentials,
  setProviderCredential,
} from "@yardstick/server/services/providers";

// Model-provider keys per project: ADMIN sets and deletes; lists never include the key.
export const providersRouter = router({
  list: projectProcedure.query(({ input }) => listProviderCredentials(input.projectId)),
  set: projectProcedure
    .use(requireRole("ADMIN"))
    .input(ZSetProviderInput)
    .mutation(({ ctx, input }) => setProviderCredential(input.projectId, ctx.userId, input)),
  delete: projectProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ provider: ZProvider }))
    .mutation(({ input }) => deleteProviderCredential(input.projectId, input.provider)),
});
