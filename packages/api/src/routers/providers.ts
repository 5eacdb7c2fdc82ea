import { z } from "zod";
import { projectProcedure, requireRole, router } from "../trpc";
import {
  ZProvider,
  ZSetProviderInput,
  deleteProviderCredential,
  listProviderCredentials,
  providerStatusFor,
  setProviderCredential,
} from "@yardstick/server/services/providers";

// Model-provider keys per project: ADMIN sets and deletes; lists never include the key.
export const providersRouter = router({
  list: projectProcedure.query(({ input }) => listProviderCredentials(input.projectId)),
  /** Whether `model` has a key to run with (before the user presses Run). */
  status: projectProcedure
    .input(
      z.object({
        model: z.string().trim().min(1, "Model is required").max(200, "Model must be at most 200 characters"),
      }),
    )
    .query(({ input }) => providerStatusFor(input.projectId, input.model)),
  set: projectProcedure
    .use(requireRole("ADMIN"))
    .input(ZSetProviderInput)
    .mutation(({ ctx, input }) => setProviderCredential(input.projectId, ctx.userId, input)),
  delete: projectProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ provider: ZProvider }))
    .mutation(({ input }) => deleteProviderCredential(input.projectId, input.provider)),
});
