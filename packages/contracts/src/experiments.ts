import { z } from "zod";

// Experiment runs: the definition a person (tRPC), a schedule or the CLI sends, the config a run
// stores (labels resolved to versions), and the JSON artifact served at
// GET /api/public/experiments/{id}.

export const EXPERIMENT_PARTITIONS = ["golden", "regression", "adversarial", "distribution"] as const;
export const ZExperimentPartition = z.enum(EXPERIMENT_PARTITIONS, {
  error: `Partition must be one of ${EXPERIMENT_PARTITIONS.join(", ")}`,
});
export type TExperimentPartition = z.infer<typeof ZExperimentPartition>;

export const EXPERIMENT_LIMITS = {
  maxArms: 8,
  maxGraders: 20,
  maxRepeats: 10,
  maxConcurrency: 64,
} as const;

const ZRef = z.string().trim().min(1, "Required").max(64, "Too long");
const ZVersionNumber = z.number().int("Version must be a whole number").positive("Version must be at least 1");
const ZLabel = z.string().trim().min(1, "Label is required").max(50, "Labels are at most 50 characters");

/** One prompt under test: a version, or a label resolved to its version when the run starts. */
export const ZExperimentArmInput = z
  .object({ promptId: ZRef, version: ZVersionNumber.optional(), label: ZLabel.optional() })
  .refine((a) => (a.version === undefined) !== (a.label === undefined), {
    message: "Give either a version or a label for each prompt",
    path: ["version"],
  });
export type TExperimentArmInput = z.infer<typeof ZExperimentArmInput>;

/** passRate: share of cases the grader passes; meanScore: the grader's mean score (0..1). */
export const ZThresholdMetric = z.enum(["passRate", "meanScore"], {
  error: "Threshold metric is passRate or meanScore",
});
export type TThresholdMetric = z.infer<typeof ZThresholdMetric>;

export const ZExperimentGraderInput = z.object({
  graderId: ZRef,
  /** Default: the grader's latest version at start. */
  version: ZVersionNumber.optional(),
  /** Gate: the run fails when the metric is below this (0..1). */
  threshold: z
    .number()
    .min(0, "Threshold is between 0 and 1")
    .max(1, "Threshold is between 0 and 1")
    .nullable()
    .optional(),
  thresholdMetric: ZThresholdMetric.default("passRate"),
});
export type TExperimentGraderInput = z.input<typeof ZExperimentGraderInput>;

export const ZGitCommit = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{7,40}$/i, "A git commit is 7-40 hexadecimal characters");

/** What starts a run. Partitions absent = the whole dataset version; present = at least one. */
export const ZCreateExperimentRunRequest = z.object({
  datasetId: ZRef,
  /** Default: the dataset's latest version. */
  datasetVersion: ZVersionNumber.optional(),
  partitions: z
    .array(ZExperimentPartition)
    .min(1, "Choose at least one partition (or leave the selection out for the whole dataset)")
    .max(EXPERIMENT_PARTITIONS.length)
    .refine((p) => new Set(p).size === p.length, "Partitions must not repeat")
    .optional(),
  arms: z
    .array(ZExperimentArmInput)
    .min(1, "Choose at least one prompt version")
    .max(EXPERIMENT_LIMITS.maxArms, `At most ${EXPERIMENT_LIMITS.maxArms} prompt versions per run`),
  graders: z
    .array(ZExperimentGraderInput)
    .min(1, "Choose at least one grader")
    .max(EXPERIMENT_LIMITS.maxGraders, `At most ${EXPERIMENT_LIMITS.maxGraders} graders per run`),
  repeats: z
    .number()
    .int("Repeats must be a whole number")
    .min(1, "Repeats must be at least 1")
    .max(EXPERIMENT_LIMITS.maxRepeats, `Repeats must be at most ${EXPERIMENT_LIMITS.maxRepeats}`)
    .default(1),
  concurrency: z
    .number()
    .int("Concurrency must be a whole number")
    .min(1, "Concurrency must be at least 1")
    .max(EXPERIMENT_LIMITS.maxConcurrency, `Concurrency must be at most ${EXPERIMENT_LIMITS.maxConcurrency}`)
    .default(4),
  name: z.string().trim().max(200, "Name must be at most 200 characters").nullable().optional(),
  description: z.string().trim().max(5000, "Description must be at most 5000 characters").nullable().optional(),
  gitCommit: ZGitCommit.nullable().optional(),
});
export type TCreateExperimentRunRequest = z.input<typeof ZCreateExperimentRunRequest>;
export type TCreateExperimentRun = z.output<typeof ZCreateExperimentRunRequest>;

// ───────────── what a run stores ─────────────

export const ZExperimentArm = z.object({
  promptId: z.string(),
  promptName: z.string(),
  promptVersion: z.number().int(),
  promptVersionId: z.string(),
  /** The label the arm was asked for, if any (its version is the one it pointed at when the run started). */
  label: z.string().nullable(),
  model: z.string(),
  params: z.record(z.string(), z.unknown()),
});
export type TExperimentArm = z.infer<typeof ZExperimentArm>;

export const ZExperimentGrader = z.object({
  graderId: z.string(),
  name: z.string(),
  version: z.number().int(),
  graderVersionId: z.string(),
  type: z.string(),
  threshold: z.number().nullable(),
  thresholdMetric: ZThresholdMetric,
});
export type TExperimentGrader = z.infer<typeof ZExperimentGrader>;

export const ZExperimentRunConfig = z.object({
  arms: z.array(ZExperimentArm),
  graders: z.array(ZExperimentGrader),
  repeats: z.number().int(),
  concurrency: z.number().int(),
});
export type TExperimentRunConfig = z.infer<typeof ZExperimentRunConfig>;

/** One grader's result on one case. */
export const ZCaseGraderResult = z.object({
  graderId: z.string(),
  version: z.number().int(),
  score: z.number().nullable(),
  passed: z.boolean(),
  reasoning: z.string().nullable(),
  error: z.string().nullable(),
});
export type TCaseGraderResult = z.infer<typeof ZCaseGraderResult>;

// ───────────── aggregates, gates, verdict ─────────────

export const ZEstimate = z.object({
  estimate: z.number(),
  /** 95% percentile-bootstrap CI over items (repeats of an item are averaged first); null for one item. */
  ci: z.tuple([z.number(), z.number()]).nullable(),
});
export type TEstimate = z.infer<typeof ZEstimate>;

export const ZGraderAggregate = z.object({
  graderId: z.string(),
  name: z.string(),
  version: z.number().int(),
  /** Cases graded (errors included: an errored case counts as failed). */
  cases: z.number().int(),
  passRate: ZEstimate.nullable(),
  meanScore: ZEstimate.nullable(),
  p10Score: ZEstimate.nullable(),
  /** Cases where this grader produced no score (the case errored or the grader did). */
  errors: z.number().int(),
});
export type TGraderAggregate = z.infer<typeof ZGraderAggregate>;

export const ZGroupAggregate = z.object({
  cases: z.number().int(),
  items: z.number().int(),
  errorCases: z.number().int(),
  cachedCases: z.number().int(),
  /** Share of cases every grader passed. */
  passRate: z.number().nullable(),
  latencyMs: z.object({ p50: z.number(), p95: z.number() }).nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  graders: z.array(ZGraderAggregate),
});
export type TGroupAggregate = z.infer<typeof ZGroupAggregate>;

export const ZGateResult = z.object({
  gate: z.enum(["golden", "grader_threshold"]),
  /** Written for people: "golden partition must pass 100%", "tone: pass rate ≥ 0.9". */
  description: z.string(),
  graderId: z.string().nullable(),
  threshold: z.number(),
  actual: z.number().nullable(),
  passed: z.boolean(),
  failedCaseCount: z.number().int(),
  /** The first failing cases (item key and repeat). */
  failedCases: z.array(z.object({ itemKey: z.string(), repeat: z.number().int() })),
});
export type TGateResult = z.infer<typeof ZGateResult>;

export const ZExperimentVerdict = z.enum(["PASS", "FAIL"]);
export type TExperimentVerdict = z.infer<typeof ZExperimentVerdict>;

export const ZArmSummary = z.object({
  arm: z.number().int(),
  overall: ZGroupAggregate,
  partitions: z.partialRecord(ZExperimentPartition, ZGroupAggregate),
  gates: z.array(ZGateResult),
  verdict: ZExperimentVerdict,
});
export type TArmSummary = z.infer<typeof ZArmSummary>;

export const ZExperimentSummary = z.object({
  arms: z.array(ZArmSummary),
  verdict: ZExperimentVerdict,
  /** One line per failed gate ("arm 1 (support v3): golden partition must pass 100% — 2 cases failed"). */
  reasons: z.array(z.string()),
});
export type TExperimentSummary = z.infer<typeof ZExperimentSummary>;

// ───────────── the artifact ─────────────

export const EXPERIMENT_ARTIFACT_SCHEMA_VERSION = 1;

export const ZExperimentArtifact = z.object({
  schemaVersion: z.literal(EXPERIMENT_ARTIFACT_SCHEMA_VERSION),
  runId: z.string(),
  name: z.string().nullable(),
  status: z.enum(["queued", "running", "completed", "failed", "cancelled"]),
  dataset: z.object({
    id: z.string(),
    name: z.string(),
    version: z.number().int(),
    partitions: z.array(ZExperimentPartition),
  }),
  prompts: z.array(ZExperimentArm.extend({ arm: z.number().int() })),
  models: z.array(z.string()),
  gitCommit: z.string().nullable(),
  graders: z.array(ZExperimentGrader),
  repeats: z.number().int(),
  counts: z.object({
    totalCases: z.number().int(),
    doneCases: z.number().int(),
    errorCases: z.number().int(),
    cachedCases: z.number().int(),
  }),
  tokens: z.object({ input: z.number(), output: z.number() }),
  costUsd: z.number(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  /** Null until the run is finalized. */
  verdict: ZExperimentVerdict.nullable(),
  reasons: z.array(z.string()),
  arms: z.array(ZArmSummary),
});
export type TExperimentArtifact = z.infer<typeof ZExperimentArtifact>;

export const ZExperimentIdParam = z.string().min(1, "Invalid experiment id").max(64, "Invalid experiment id");

// ───────────── scheduled runs ─────────────

/** A run started by cron over the dataset's latest version, with the prompt label resolved at each start. */
export const ZScheduledRunInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters"),
  datasetId: ZRef,
  partitions: ZCreateExperimentRunRequest.shape.partitions,
  promptId: ZRef,
  promptLabel: ZLabel,
  graders: ZCreateExperimentRunRequest.shape.graders,
  repeats: ZCreateExperimentRunRequest.shape.repeats,
  concurrency: ZCreateExperimentRunRequest.shape.concurrency,
  /** Five-field cron (minute hour day month weekday), in UTC. */
  cron: z.string().trim().min(1, "A cron expression is required").max(100, "Too long"),
  enabled: z.boolean().default(true),
});
export type TScheduledRunInput = z.input<typeof ZScheduledRunInput>;
