/**
 * Grader configs as saved per project (one version per change). Every variant is `.strict()`: an
 * unknown key is an error naming it, so a typo cannot silently fall back to a default.
 */
import { z } from "zod";
import { JUDGE_MAX_TEMPERATURE } from "../judge/prompt";
import { ZRubric } from "../judge/rubric";
import { GraderConfigError } from "./errors";
import { compileJsonSchema } from "./json";
import { compileRegex } from "./regex-match";

const ZNonEmptyStrings = z
  .array(z.string().refine((s) => s.trim().length > 0, "must not be blank"))
  .min(1, "needs at least one entry")
  .max(1000);
const ZUnit = z.number().min(0).max(1);
const ZCount = z.number().int().min(0);
const ZJudgeTemperature = z
  .number()
  .min(0)
  .max(JUDGE_MAX_TEMPERATURE, `judges run at temperature ≤ ${JUDGE_MAX_TEMPERATURE}`);

export const ZExactMatchConfig = z
  .object({
    type: z.literal("exact_match"),
    value: z.string().optional(),
    caseSensitive: z.boolean().optional(),
    normalize: z.enum(["basic", "squad", "none"]).optional(),
  })
  .strict();

export const ZContainsAllConfig = z
  .object({ type: z.literal("contains_all"), values: ZNonEmptyStrings, caseSensitive: z.boolean().optional() })
  .strict();
export const ZContainsAnyConfig = z
  .object({ type: z.literal("contains_any"), values: ZNonEmptyStrings, caseSensitive: z.boolean().optional() })
  .strict();

export const ZRegexConfig = z
  .object({
    type: z.literal("regex"),
    pattern: z.string().min(1).max(2000),
    flags: z.string().optional(),
    negate: z.boolean().optional(),
    maxInputChars: z.number().int().min(1).max(1_000_000).optional(),
    allowNestedQuantifiers: z.boolean().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    try {
      compileRegex(c);
    } catch (e) {
      if (!(e instanceof GraderConfigError)) throw e;
      ctx.addIssue({ code: "custom", path: [e.field], message: e.message.slice(e.field.length + 2) });
    }
  });

export const ZStartsWithConfig = z
  .object({
    type: z.literal("starts_with"),
    value: z.string().min(1).optional(),
    caseSensitive: z.boolean().optional(),
  })
  .strict();

export const ZIsJsonConfig = z.object({ type: z.literal("is_json"), allowCodeFence: z.boolean().optional() }).strict();

export const ZJsonSchemaConfig = z
  .object({
    type: z.literal("json_schema"),
    schema: z.union([z.record(z.string(), z.unknown()), z.boolean()]),
    allowCodeFence: z.boolean().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    try {
      compileJsonSchema(c.schema);
    } catch (e) {
      if (!(e instanceof GraderConfigError)) throw e;
      ctx.addIssue({ code: "custom", path: ["schema"], message: e.message.slice(e.field.length + 2) });
    }
  });

export const ZLengthBoundsConfig = z
  .object({
    type: z.literal("length_bounds"),
    minWords: ZCount.optional(),
    maxWords: ZCount.optional(),
    minChars: ZCount.optional(),
    maxChars: ZCount.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.minWords === undefined && c.maxWords === undefined && c.minChars === undefined && c.maxChars === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["maxWords"],
        message: "set at least one of minWords, maxWords, minChars, maxChars",
      });
    }
    if (c.minWords !== undefined && c.maxWords !== undefined && c.minWords > c.maxWords)
      ctx.addIssue({ code: "custom", path: ["minWords"], message: "must be ≤ maxWords" });
    if (c.minChars !== undefined && c.maxChars !== undefined && c.minChars > c.maxChars)
      ctx.addIssue({ code: "custom", path: ["minChars"], message: "must be ≤ maxChars" });
  });

export const ZForbiddenTermsConfig = z
  .object({
    type: z.literal("forbidden_terms"),
    terms: ZNonEmptyStrings,
    caseSensitive: z.boolean().optional(),
    wholeWord: z.boolean().optional(),
  })
  .strict();

export const ZRequiredPhrasesConfig = z
  .object({
    type: z.literal("required_phrases"),
    phrases: ZNonEmptyStrings,
    caseSensitive: z.boolean().optional(),
    wholeWord: z.boolean().optional(),
  })
  .strict();

export const ZTokenF1Config = z.object({ type: z.literal("token_f1"), threshold: ZUnit.default(0.5) }).strict();

export const ZSimilarityConfig = z
  .object({
    type: z.literal("similarity"),
    metric: z.enum(["levenshtein", "rouge_l", "rouge_1", "rouge_2"]).default("rouge_l"),
    threshold: ZUnit.default(0.5),
  })
  .strict();

export const ZSemanticSimilarityConfig = z
  .object({
    type: z.literal("semantic_similarity"),
    threshold: z.number().min(-1).max(1).default(0.8),
    fallbackThreshold: ZUnit.optional(),
    /** Embedding model to ask the project's provider for; the provider's default when absent. */
    embeddingModel: z.string().min(1).optional(),
  })
  .strict();

/** Checks allowed inside a constraint set: the self-contained deterministic graders (no nesting, no embeddings). */
export const ZConstraintCheckConfig = z.discriminatedUnion("type", [
  ZExactMatchConfig,
  ZContainsAllConfig,
  ZContainsAnyConfig,
  ZRegexConfig,
  ZStartsWithConfig,
  ZIsJsonConfig,
  ZJsonSchemaConfig,
  ZLengthBoundsConfig,
  ZForbiddenTermsConfig,
  ZRequiredPhrasesConfig,
  ZTokenF1Config,
  ZSimilarityConfig,
]);

export const ZConstraintSetConfig = z
  .object({ type: z.literal("constraint_set"), checks: z.array(ZConstraintCheckConfig).min(1).max(50) })
  .strict();

export const ZLlmJudgeConfig = z
  .object({
    type: z.literal("llm_judge"),
    rubric: ZRubric,
    /** Judge model id; the project's default judge when absent. */
    model: z.string().min(1).optional(),
    samples: z.number().int().min(1).max(10).default(1),
    temperature: ZJudgeTemperature.default(0),
    maxTokens: z.number().int().min(64).max(16_000).optional(),
    passThreshold: ZUnit.default(0.5),
    stableVariance: z.number().min(0).optional(),
    includeExpected: z.boolean().default(true),
    includeContext: z.boolean().default(true),
  })
  .strict();

export const ZFaithfulnessConfig = z
  .object({
    type: z.literal("faithfulness"),
    model: z.string().min(1).optional(),
    temperature: ZJudgeTemperature.default(0),
    /** Pass when faithfulness ≥ threshold; the default 1 fails any unsupported claim. */
    threshold: ZUnit.default(1),
  })
  .strict();

export const ZPairwiseJudgeConfig = z
  .object({
    type: z.literal("pairwise_judge"),
    rubric: ZRubric,
    model: z.string().min(1).optional(),
    temperature: ZJudgeTemperature.default(0),
    includeExpected: z.boolean().default(true),
  })
  .strict();

export const ZGraderConfig = z.discriminatedUnion("type", [
  ZExactMatchConfig,
  ZContainsAllConfig,
  ZContainsAnyConfig,
  ZRegexConfig,
  ZStartsWithConfig,
  ZIsJsonConfig,
  ZJsonSchemaConfig,
  ZLengthBoundsConfig,
  ZForbiddenTermsConfig,
  ZRequiredPhrasesConfig,
  ZTokenF1Config,
  ZSimilarityConfig,
  ZSemanticSimilarityConfig,
  ZConstraintSetConfig,
  ZLlmJudgeConfig,
  ZFaithfulnessConfig,
  ZPairwiseJudgeConfig,
]);

export type TGraderConfig = z.output<typeof ZGraderConfig>;
export type TGraderConfigInput = z.input<typeof ZGraderConfig>;
export type TGraderType = TGraderConfig["type"];
export type TConstraintCheckConfig = z.output<typeof ZConstraintCheckConfig>;
export type TLlmJudgeConfig = z.output<typeof ZLlmJudgeConfig>;
export type TFaithfulnessConfig = z.output<typeof ZFaithfulnessConfig>;
export type TPairwiseJudgeConfig = z.output<typeof ZPairwiseJudgeConfig>;

export const GRADER_TYPES = ZGraderConfig.options.map((o) => o.shape.type.value) as TGraderType[];
export const JUDGE_GRADER_TYPES = [
  "llm_judge",
  "faithfulness",
  "pairwise_judge",
] as const satisfies readonly TGraderType[];
export type TJudgeGraderType = (typeof JUDGE_GRADER_TYPES)[number];
export type TDeterministicGraderConfig = Exclude<TGraderConfig, { type: TJudgeGraderType }>;

export function isJudgeGraderType(type: string): type is TJudgeGraderType {
  return (JUDGE_GRADER_TYPES as readonly string[]).includes(type);
}

/** Validates a saved or submitted config; failure is a GraderConfigError naming the first bad field and listing all. */
export function parseGraderConfig(raw: unknown): TGraderConfig {
  const r = ZGraderConfig.safeParse(raw);
  if (r.success) return r.data;
  const issues = r.error.issues.flatMap((i) => {
    if (i.code === "unrecognized_keys")
      return i.keys.map((k) => ({ field: [...i.path, k].join("."), message: "unknown field" }));
    if (i.code === "invalid_union" && i.path.at(-1) === "type") {
      return [{ field: i.path.join("."), message: `unknown grader type; expected one of ${GRADER_TYPES.join(", ")}` }];
    }
    return [{ field: i.path.join("."), message: i.message }];
  });
  const first = issues[0] ?? { field: "", message: "invalid grader config" };
  throw new GraderConfigError(first.field, first.message, issues);
}
