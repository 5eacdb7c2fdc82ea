import { z } from "zod";
import { projectProcedure, requireRole, router } from "../trpc";
import { ZId } from "@yardstick/contracts/common";
import {
  ZModelPriceInput,
  createModelPrice,
  deleteModelPrice,
  listModelPrices,
  previewCost,
} from "@yardstick/server/services/model-prices";

const ZTokens = z.number().int().nonnegative().max(1e10).default(0);

export const modelPricesRouter = router({
  list: projectProcedure.query(({ input }) => listModelPrices(input.projectId)),
  create: projectProcedure
    .use(requireRole("ADMIN"))
    .input(ZModelPriceInput)
    .mutation(({ input }) => {
      const { projectId, ...price } = input;
      return createModelPrice(projectId, price);
    }),
  delete: projectProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ priceId: ZId }))
    .mutation(({ input }) => deleteModelPrice(input.projectId, input.priceId)),
  preview: projectProcedure
    .input(
      z.object({
        model: z.string().min(1).max(200),
        inputTokens: ZTokens,
        outputTokens: ZTokens,
        cacheReadTokens: ZTokens,
        cacheWriteTokens: ZTokens,
      }),
    )
    .query(({ input }) => previewCost(input.projectId, input)),
});
