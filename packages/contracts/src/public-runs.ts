import { z } from "zod";
import { EXPERIMENT_LIMITS, ZExperimentPartition, ZGitCommit, ZThresholdMetric } from "./experiments";

// The public API the `yardstick` CLI talks to: start a run by names (dataset, prompt, graders),
// poll it, compare it with a baseline, list runs, push and pull datasets as JSONL. The server
// parses with these schemas and the CLI checks answers with them, so the two cannot disagree.

const ZRefText = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, `${what} is required`)
    .max(200, `${what} is at most 200 characters`)
    .refine((s) => !s.includes("\u0000"), `${what} must not contain NUL`);

/** `name` or `name@<version>`: a dataset, at its latest version unless one is given. */
export const ZDatasetRef = ZRefText("dataset").regex(
  /^[^@]+(@[1-9][0-9]{0,8})?$/,
  'dataset is "<name>" or "<name>@<version>" (e.g. tickets@3)',
);
/** `name@<label|version>`: one prompt version. */
export const ZPromptRef = ZRefText("prompt").regex(
  /^[^@]+@[^@]+$/,
  'prompt is "<name>@<label|version>" (e.g. classify@production or classify@4)',
);

/** "tickets@3" → {name: "tickets", version: 3}; "tickets" → {name: "tickets"}. */
export function parseDatasetRef(ref: string): { name: string; version?: number } {
  const at = ref.lastIndexOf("@");
  if (at < 0) return { name: ref };
  return { name: ref.slice(0, at), version: Number(ref.slice(at + 1)) };
}

/** "classify@production" → label; "classify@4" → version. A bare ref is the prompt of `defaultName`. */
export function parsePromptRef(ref: string, defaultName?: string): { name: string; label?: string; version?: number } {
  const at = ref.lastIndexOf("@");
  const name = at < 0 ? (defaultName ?? ref) : ref.slice(0, at);
  const tail = at < 0 ? ref : ref.slice(at + 1);
  return /^[1-9][0-9]{0,8}$/.test(tail) ? { name, version: Number(tail) } : { name, label: tail };
}

export const ZPublicRunGrader = z.strictObject({
  name: ZRefText("grader name"),
  version: z.number().int("version must be a whole number").positive("version must be at least 1").optional(),
  /** 0..1, or on the judge's own scale (e.g. 3.5 of 1–5) when `scale` is `judge`. */
  threshold: z.number().min(0, "threshold must not be negative").max(1000, "threshold is too large").optional(),
  metric: ZThresholdMetric.optional(),
  /** `judge`: the threshold is on the LLM judge's rubric scale and gates its mean score. */
  scale: z.enum(["unit", "judge"], { error: "scale is unit or judge" }).optional(),
  /** Refuse the run unless the grader is of this kind (a suite's `type`). */
  kind: z.enum(["deterministic", "llm_judge", "semantic_similarity"]).optional(),
  /** Refuse the run unless this LLM judge uses this model (a suite's `judge_model`). */
  judgeModel: z.string().trim().min(1).max(100).optional(),
});
export type TPublicRunGrader = z.infer<typeof ZPublicRunGrader>;

/** `POST /api/public/experiments`: the candidate prompt, and optionally a baseline prompt run as a second arm. */
export const ZPublicStartRunRequest = z.strictObject({
  dataset: ZDatasetRef,
  partitions: z
    .array(ZExperimentPartition)
    .min(1, "partitions: give at least one, or leave it out for the whole dataset")
    .optional(),
  prompt: ZPromptRef,
  /**
   * A label or version of the same prompt (`production`, `3`) or another prompt (`name@label`): run
   * as arm 0 of the same run, so the comparison is paired item by item. Omit it to compare against
   * an earlier run instead (`GET /api/public/experiments/{id}/compare?baselineRunId=`).
   */
  baseline: ZRefText("baseline").optional(),
  graders: z
    .array(ZPublicRunGrader)
    .min(1, "graders: give at least one grader name")
    .max(EXPERIMENT_LIMITS.maxGraders, `graders: at most ${EXPERIMENT_LIMITS.maxGraders}`),
  repeats: z.number().int().min(1).max(EXPERIMENT_LIMITS.maxRepeats).optional(),
  concurrency: z.number().int().min(1).max(EXPERIMENT_LIMITS.maxConcurrency).optional(),
  name: z.string().trim().max(200, "name is at most 200 characters").optional(),
  gitCommit: ZGitCommit.optional(),
});
export type TPublicStartRunRequest = z.input<typeof ZPublicStartRunRequest>;

export const ZPublicRunArm = z.object({
  arm: z.number().int(),
  promptName: z.string(),
  promptVersion: z.number().int(),
  label: z.string().nullable(),
  model: z.string(),
});
export type TPublicRunArm = z.infer<typeof ZPublicRunArm>;

export const ZPublicRunProgress = z.object({
  status: z.enum(["queued", "running", "completed", "failed", "cancelled"]),
  totalCases: z.number().int(),
  doneCases: z.number().int(),
  errorCases: z.number().int(),
  cachedCases: z.number().int(),
  costUsd: z.number(),
  fraction: z.number(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** Why a failed run failed (e.g. the provider refused the key). */
  error: z.string().nullable(),
});
export type TPublicRunProgress = z.infer<typeof ZPublicRunProgress>;

export const ZPublicStartRunResponse = z.object({
  runId: z.string(),
  dataset: z.object({ name: z.string(), version: z.number().int(), partitions: z.array(ZExperimentPartition) }),
  arms: z.array(ZPublicRunArm),
  candidateArm: z.number().int(),
  /** Null when no baseline was asked for, or it is the candidate's own version (nothing to compare). */
  baselineArm: z.number().int().nullable(),
  notes: z.array(z.string()),
  progress: ZPublicRunProgress,
});
export type TPublicStartRunResponse = z.infer<typeof ZPublicStartRunResponse>;

// ───────────── list ─────────────

export const ZPublicRunListQuery = z.strictObject({
  dataset: ZRefText("dataset").optional(),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, "limit is 1-200")
    .transform(Number)
    .refine((n) => n <= 200, "limit is 1-200")
    .optional(),
  cursor: z.string().min(1).max(64, "Invalid cursor").optional(),
});

export const ZPublicRunListItem = z.object({
  id: z.string(),
  name: z.string().nullable(),
  status: ZPublicRunProgress.shape.status,
  verdict: z.enum(["PASS", "FAIL"]).nullable(),
  dataset: z.object({ name: z.string(), version: z.number().int() }),
  arms: z.array(ZPublicRunArm.omit({ arm: true })),
  gitCommit: z.string().nullable(),
  createdAt: z.string(),
  progress: ZPublicRunProgress,
});
export type TPublicRunListItem = z.infer<typeof ZPublicRunListItem>;
export const ZPublicRunListResponse = z.object({
  runs: z.array(ZPublicRunListItem),
  nextCursor: z.string().nullable(),
});
export type TPublicRunListResponse = z.infer<typeof ZPublicRunListResponse>;

// ───────────── comparison ─────────────

const ZArmQuery = z
  .string()
  .regex(/^[0-9]{1,2}$/, "arm is a number 0-63")
  .transform(Number)
  .optional();

/** `GET /api/public/experiments/{id}/compare`: the run (candidate) against a baseline run or arm. */
export const ZPublicCompareQuery = z
  .strictObject({
    baselineRunId: z.string().min(1).max(64, "Invalid baselineRunId").optional(),
    baselineArm: ZArmQuery,
    candidateArm: ZArmQuery,
    /** Only this partition's items (default: all of them). */
    partition: ZExperimentPartition.optional(),
  })
  .refine((q) => q.baselineRunId !== undefined || q.baselineArm !== undefined, {
    message: "Give baselineRunId (another run) or baselineArm (an arm of this run)",
    path: ["baselineRunId"],
  });

export const ZConclusion = z.enum([
  "regression",
  "improvement",
  "no_change",
  "significant_but_trivial",
  "insufficient_data",
]);
export type TConclusion = z.infer<typeof ZConclusion>;

export const ZPublicMetricComparison = z.object({
  key: z.string(),
  graderId: z.string(),
  graderName: z.string(),
  kind: z.enum(["score", "pass"]),
  n: z.number().int(),
  baseline: z.number().nullable(),
  candidate: z.number().nullable(),
  delta: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  p: z.number().nullable(),
  pAdjusted: z.number().nullable(),
  minEffect: z.number(),
  conclusion: ZConclusion,
  summary: z.string(),
});
export type TPublicMetricComparison = z.infer<typeof ZPublicMetricComparison>;

const ZCompareSide = z.object({
  runId: z.string(),
  arm: z.number().int(),
  promptName: z.string(),
  promptVersion: z.number().int(),
  label: z.string().nullable(),
});

export const ZPublicComparison = z.object({
  baseline: ZCompareSide,
  candidate: ZCompareSide,
  dataset: z.object({ name: z.string(), version: z.number().int() }),
  /** The partition compared, or null for every item. */
  partition: ZExperimentPartition.nullable(),
  alpha: z.number(),
  conclusion: ZConclusion,
  headline: z.string(),
  details: z.array(z.string()),
  metrics: z.array(ZPublicMetricComparison),
  pairedItems: z.number().int(),
  /** The items that got worst, largest drop first (at most 20). */
  worstCases: z.array(z.object({ itemKey: z.string(), partition: ZExperimentPartition, delta: z.number().nullable() })),
  warnings: z.array(z.string()),
});
export type TPublicComparison = z.infer<typeof ZPublicComparison>;

// ───────────── datasets as JSONL ─────────────

export const ZDatasetNameParam = ZRefText("dataset name");

export const ZPublicDatasetPullQuery = z.strictObject({
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, "version must be a positive integer")
    .transform(Number)
    .optional(),
});

export const ZPublicDatasetPushQuery = z.strictObject({
  /** replace (default): the file becomes the whole dataset; upsert adds or changes; append only adds. */
  mode: z.enum(["replace", "upsert", "append"], { error: "mode is replace, upsert or append" }).optional(),
  message: z.string().max(500, "message is at most 500 characters").optional(),
});

export const ZPublicDatasetPushResponse = z.object({
  dataset: z.object({ id: z.string(), name: z.string() }),
  /** The dataset's latest version after the push (unchanged when the file changed nothing). */
  version: z.number().int(),
  created: z.boolean(),
  changed: z.boolean(),
  itemCount: z.number().int(),
});
export type TPublicDatasetPushResponse = z.infer<typeof ZPublicDatasetPushResponse>;
