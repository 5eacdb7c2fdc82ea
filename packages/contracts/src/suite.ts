import { z } from "zod";
import { EXPERIMENT_LIMITS, ZExperimentPartition } from "./experiments";

// The suite file `yardstick eval --suite evals/suite.yaml` runs. Strict: an unknown key, a wrong
// type or a missing field is an error the CLI reports with the file, line and field.

export const SUITE_TYPES = ["deterministic", "llm_judge", "semantic_similarity"] as const;

const ZNameText = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters");
const ZUnit = z.number({ error: "must be a number" }).min(0, "must be at least 0").max(1, "must be at most 1");
const ZThresholdValue = z.number({ error: "must be a number" }).min(0, "must be at least 0");

export const ZSuiteEvalSet = z
  .strictObject({
    name: ZNameText.regex(/^[A-Za-z0-9._-]+$/, "must be letters, digits, '.', '_' or '-'"),
    type: z.enum(SUITE_TYPES, { error: `must be one of ${SUITE_TYPES.join(", ")}` }),
    /** `dataset:<name>[@version]`, or a JSONL file relative to the suite file. */
    source: z.string({ error: "must be a string" }).trim().min(1, "must not be empty"),
    /** A seeded random subset of this many items. */
    samples: z
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .positive("must be at least 1")
      .optional(),
    seed: z.number({ error: "must be a number" }).int("must be a whole number").optional(),
    partitions: z.array(ZExperimentPartition, { error: "must be a list of partitions" }).min(1).optional(),
    /** `name@<label|version>`. */
    prompt: z
      .string({ error: "must be a string" })
      .regex(/^[^@\s]+@[^@\s]+$/, 'must be "<name>@<label|version>" (e.g. classify@production)'),
    /** `label`, `version` or `name@<label|version>`: run as a second arm and compared item by item. */
    baseline: z.union([z.string(), z.number()], { error: "must be a string or a version number" }).optional(),
    /** Saved graders by name (deterministic, semantic_similarity). */
    graders: z.array(ZNameText, { error: "must be a list of grader names" }).min(1, "must not be empty").optional(),
    /** LLM judge: saved llm_judge graders by name, one per dimension. */
    dimensions: z
      .array(ZNameText, { error: "must be a list of judge grader names" })
      .min(1, "must not be empty")
      .optional(),
    judge_model: z.string({ error: "must be a string" }).trim().min(1, "must not be empty").optional(),
    /** One threshold for every grader: pass rate (deterministic), mean score (semantic_similarity). */
    threshold: ZUnit.optional(),
    /** Per grader or dimension; llm_judge thresholds are on the judge's scale (e.g. 3.5 of 1–5). */
    thresholds: z.record(z.string(), ZThresholdValue, { error: "must be a map of name: number" }).optional(),
    /** The smallest drop vs the baseline that fails the gate when significant (default: the project's). */
    min_effect: ZUnit.optional(),
    repeats: z.number({ error: "must be a number" }).int().min(1).max(EXPERIMENT_LIMITS.maxRepeats).optional(),
    concurrency: z.number({ error: "must be a number" }).int().min(1).max(EXPERIMENT_LIMITS.maxConcurrency).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.type === "llm_judge") {
      if (!s.dimensions) ctx.addIssue({ code: "custom", path: ["dimensions"], message: "is required for llm_judge" });
      if (s.graders)
        ctx.addIssue({ code: "custom", path: ["graders"], message: "llm_judge sets list judges under dimensions" });
      if (s.threshold !== undefined)
        ctx.addIssue({ code: "custom", path: ["threshold"], message: "llm_judge sets use thresholds per dimension" });
    } else {
      if (!s.graders) ctx.addIssue({ code: "custom", path: ["graders"], message: `is required for ${s.type}` });
      if (s.dimensions || s.judge_model)
        ctx.addIssue({
          code: "custom",
          path: [s.dimensions ? "dimensions" : "judge_model"],
          message: "is only for llm_judge sets",
        });
    }
    if (s.threshold !== undefined && s.thresholds)
      ctx.addIssue({ code: "custom", path: ["thresholds"], message: "give threshold or thresholds, not both" });
    const names = new Set(s.dimensions ?? s.graders ?? []);
    for (const k of Object.keys(s.thresholds ?? {}))
      if (!names.has(k))
        ctx.addIssue({
          code: "custom",
          path: ["thresholds", k],
          message: `is not one of this set's ${s.type === "llm_judge" ? "dimensions" : "graders"}`,
        });
    if (s.type !== "llm_judge")
      for (const [k, v] of Object.entries(s.thresholds ?? {}))
        if (v > 1) ctx.addIssue({ code: "custom", path: ["thresholds", k], message: "must be at most 1" });
  });
export type TSuiteEvalSet = z.infer<typeof ZSuiteEvalSet>;

export const ZSuite = z
  .strictObject({
    version: z.literal("1.0", { error: 'must be "1.0"' }),
    eval_sets: z
      .array(ZSuiteEvalSet, { error: "must be a list of eval sets" })
      .min(1, "must list at least one eval set"),
  })
  .superRefine((s, ctx) => {
    const seen = new Map<string, number>();
    s.eval_sets.forEach((e, i) => {
      if (seen.has(e.name))
        ctx.addIssue({
          code: "custom",
          path: ["eval_sets", i, "name"],
          message: `"${e.name}" is already eval set ${seen.get(e.name)}`,
        });
      else seen.set(e.name, i);
    });
  });
export type TSuite = z.infer<typeof ZSuite>;

export const DATASET_SOURCE_PREFIX = "dataset:";
