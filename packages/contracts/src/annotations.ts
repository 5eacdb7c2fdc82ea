import { z } from "zod";
import { ZTraceFilter } from "./traces";

// Annotation queues: the definition a user writes (tRPC and service share it) and a label.

export const STRATIFY_FIELDS = ["tags", "userId", "model", "name", "environment", "release"] as const;
export const ZStratifyField = z.enum(STRATIFY_FIELDS, {
  error: `Stratify by one of: ${STRATIFY_FIELDS.join(", ")}`,
});

export const ZSamplingRate = z
  .number({ error: "Sampling rate must be a number" })
  .gt(0, "Sampling rate must be more than 0")
  .max(1, "Sampling rate must be at most 1 (1 = every matching trace)");

export const ZScoreConfig = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      name: z.string().trim().min(1, "Score name is required").max(200),
      type: z.literal("numeric"),
      min: z.number().finite(),
      max: z.number().finite(),
      // a value below this fails (patterns: failure rate)
      passAtLeast: z.number().finite(),
    }),
    z.strictObject({
      name: z.string().trim().min(1, "Score name is required").max(200),
      type: z.literal("categorical"),
      options: z.array(z.string().trim().min(1).max(100)).min(2, "Give at least two options").max(20),
      failing: z.array(z.string().trim().min(1).max(100)).max(20),
    }),
    z.strictObject({
      name: z.string().trim().min(1, "Score name is required").max(200),
      type: z.literal("boolean"),
    }),
  ],
  { error: "Score type must be numeric, categorical or boolean" },
);
export type TScoreConfig = z.infer<typeof ZScoreConfig>;

export const DEFAULT_ISSUE_TAGS = ["Hallucination", "Irrelevant", "Unsafe", "Poor formatting"];

export const ZAnnotationQueueInput = z
  .strictObject({
    name: z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters"),
    description: z.string().trim().max(2000).nullable().optional(),
    filter: ZTraceFilter.default({}),
    sampling: z.enum(["random", "stratified", "errors", "low_score"], {
      error: "Sampling must be random, stratified, errors or low_score",
    }),
    rate: ZSamplingRate.default(1),
    stratifyBy: ZStratifyField.optional(),
    minPerStratum: z.number().int().min(0).max(1000).default(1),
    minOutputTokens: z.number().int().min(0).optional(),
    maxOutputTokens: z.number().int().min(1).optional(),
    scoreName: z.string().trim().min(1).max(200).optional(),
    scoreBelow: z.number().finite().optional(),
    dailyCap: z.number().int().min(1, "Daily cap must be at least 1").max(100_000).default(100),
    reviewersPerItem: z.number().int().min(1, "At least one reviewer per item").max(10).default(1),
    reservationMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    scoreConfig: ZScoreConfig,
    issueTags: z.array(z.string().trim().min(1).max(60)).max(30).default(DEFAULT_ISSUE_TAGS),
  })
  .superRefine((q, ctx) => {
    if (q.sampling === "stratified" && !q.stratifyBy)
      ctx.addIssue({
        code: "custom",
        path: ["stratifyBy"],
        message: "Stratified sampling needs a field to stratify by",
      });
    if (q.sampling === "low_score" && (!q.scoreName || q.scoreBelow === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["scoreName"],
        message: "Low-score sampling needs a score name and threshold",
      });
    const c = q.scoreConfig;
    if (c.type === "numeric" && !(c.min < c.max))
      ctx.addIssue({ code: "custom", path: ["scoreConfig", "max"], message: "max must be greater than min" });
    if (c.type === "categorical" && c.failing.some((f) => !c.options.includes(f)))
      ctx.addIssue({
        code: "custom",
        path: ["scoreConfig", "failing"],
        message: "Failing values must be among the options",
      });
  });
export type TAnnotationQueueInput = z.input<typeof ZAnnotationQueueInput>;
export type TAnnotationQueueConfig = z.output<typeof ZAnnotationQueueInput>;

export const ZAnnotationLabelInput = z.strictObject({
  value: z.union([z.number().finite(), z.string().min(1).max(100), z.boolean()], {
    error: "value must be a number, a category or true/false",
  }),
  tags: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
  comment: z.string().trim().max(5000).nullable().optional(),
});
export type TAnnotationLabelInput = z.input<typeof ZAnnotationLabelInput>;

// ── pairwise queues: two prompt versions' outputs for the same input, shown blind ──

export const ZPromptVersionRef = z.strictObject({
  name: z.string().trim().min(1, "Prompt name is required").max(200),
  version: z.number({ error: "Prompt version must be a number" }).int().min(1, "Prompt version must be at least 1"),
});

export const ZPairwiseQueueInput = z
  .strictObject({
    name: z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters"),
    description: z.string().trim().max(2000).nullable().optional(),
    filter: ZTraceFilter.default({}),
    promptA: ZPromptVersionRef,
    promptB: ZPromptVersionRef,
    rate: ZSamplingRate.default(1),
    dailyCap: z.number().int().min(1, "Daily cap must be at least 1").max(100_000).default(100),
    reviewersPerItem: z.number().int().min(1, "At least one reviewer per item").max(10).default(1),
    reservationMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    issueTags: z.array(z.string().trim().min(1).max(60)).max(30).default(DEFAULT_ISSUE_TAGS),
  })
  .superRefine((q, ctx) => {
    if (q.promptA.name === q.promptB.name && q.promptA.version === q.promptB.version)
      ctx.addIssue({
        code: "custom",
        path: ["promptB", "version"],
        message: "Version B must differ from version A",
      });
  });
export type TPairwiseQueueInput = z.input<typeof ZPairwiseQueueInput>;

/** What a reviewer picks, in screen terms; the service maps it back to A/B. */
export const PAIRWISE_CHOICES = ["left", "right", "tie", "both_bad"] as const;
export const ZPairwiseLabelInput = z.strictObject({
  choice: z.enum(PAIRWISE_CHOICES, { error: "Choose left, right, tie or both_bad" }),
  tags: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
  comment: z.string().trim().max(5000).nullable().optional(),
});
export type TPairwiseLabelInput = z.input<typeof ZPairwiseLabelInput>;
