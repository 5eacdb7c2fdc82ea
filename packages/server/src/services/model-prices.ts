import { DEFAULT_MODEL_PRICES, matchPatternProblem, resolveModelPrice, computeCost } from "@yardstick/core/cost";
import { deleteModelPriceById, insertModelPrice, listModelPriceRows } from "@yardstick/db";
import { z } from "zod";
import { AppError } from "../errors";
import { invalidateProjectPrices } from "./ingestion";

const ZUsdPer1M = z
  .number({ error: "Enter a price in USD per 1M tokens" })
  .nonnegative("Price cannot be negative")
  .max(100_000, "Price looks wrong (max 100,000)");

export const ZModelPriceInput = z.object({
  modelName: z.string().trim().min(1, "Model name is required").max(200),
  matchPattern: z
    .string()
    .trim()
    .min(1, "Match pattern is required")
    .max(500)
    .superRefine((pattern, ctx) => {
      // Patterns run on RE2 (linear time): lookarounds and backreferences are refused here, by name.
      const problem = matchPatternProblem(pattern);
      if (!problem) return;
      ctx.addIssue({
        code: "custom",
        message: problem.kind === "unsupported" ? `Match pattern: ${problem.reason}` : "Not a valid regular expression",
      });
    }),
  inputPer1M: ZUsdPer1M,
  outputPer1M: ZUsdPer1M,
  cacheReadPer1M: ZUsdPer1M.nullable().default(null),
  cacheWritePer1M: ZUsdPer1M.nullable().default(null),
  effectiveFrom: z.coerce.date({ error: "Enter a valid date" }),
});

export async function listModelPrices(projectId: string) {
  return { project: await listModelPriceRows(projectId), defaults: DEFAULT_MODEL_PRICES };
}

export async function createModelPrice(projectId: string, input: z.output<typeof ZModelPriceInput>) {
  const row = await insertModelPrice({ projectId, ...input });
  invalidateProjectPrices(projectId);
  return row;
}

export async function deleteModelPrice(projectId: string, id: string) {
  if (!(await deleteModelPriceById(projectId, id))) throw new AppError("not_found", "Price not found");
  invalidateProjectPrices(projectId);
}

/** "What would this call cost?" for the settings page's preview. */
export async function previewCost(
  projectId: string,
  q: { model: string; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number },
) {
  const rows = await listModelPriceRows(projectId);
  const price = resolveModelPrice(q.model, new Date(), rows);
  if (!price) return { matched: null, cost: null };
  return {
    matched: { modelName: price.modelName, source: "id" in price ? "project" : "default" },
    cost: computeCost(q, price),
  };
}
