import { z } from "zod";

// Online experiments: the shapes the web app, the public assignment API and the SDK share.

export const ONLINE_STATUSES = ["draft", "running", "paused", "stopped"] as const;
export const ONLINE_MODES = ["fixed", "thompson", "ucb1", "epsilon_greedy", "interleaving"] as const;
export const ONLINE_UNIT_TYPES = ["userId", "sessionId", "attribute"] as const;
export const BANDIT_MODES = ["thompson", "ucb1", "epsilon_greedy"] as const;
export type TOnlineStatus = (typeof ONLINE_STATUSES)[number];
export type TOnlineMode = (typeof ONLINE_MODES)[number];
export type TOnlineUnitType = (typeof ONLINE_UNIT_TYPES)[number];

/** Most variants an experiment may have, most experiments one assignment request may name. */
export const MAX_ONLINE_VARIANTS = 8;
export const MAX_ASSIGN_EXPERIMENTS = 20;
export const MAX_ASSIGN_BODY_BYTES = 64 * 1024;
export const MAX_TRACE_ASSIGNMENTS = 20;

export const ZExperimentKey = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/,
    "key: lower-case letters, digits, - and _ (max 64), starting with a letter or digit",
  );
export const ZVariantKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "variant key: lower-case letters, digits, - and _ (max 40)");
export const ZAssignmentId = z.string().min(1).max(300);

/**
 * A metric measured from what Yardstick stores, per unit then per variant:
 * - thumbs_up_rate: share of a unit's thumbs feedback that is up (units with thumbs feedback)
 * - mean_rating: a unit's mean 1–5 rating
 * - score: a unit's mean score `name` (optionally of one source)
 * - cost / latency: a unit's mean trace cost (USD) / latency (ms)
 * - error_rate: share of a unit's traces with an error
 * - event: 1 when any of the unit's traces has an event observation named `name`, else 0 (every exposed unit)
 */
export const METRIC_KINDS = [
  "thumbs_up_rate",
  "mean_rating",
  "score",
  "cost",
  "latency",
  "error_rate",
  "event",
] as const;
export type TMetricKind = (typeof METRIC_KINDS)[number];
export const ZOnlineMetric = z
  .object({
    kind: z.enum(METRIC_KINDS, { error: `metric kind must be one of ${METRIC_KINDS.join(", ")}` }),
    name: z.string().min(1).max(200).optional(),
    source: z.enum(["API", "JUDGE", "HUMAN"]).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if ((m.kind === "score" || m.kind === "event") && !m.name)
      ctx.addIssue({ code: "custom", path: ["name"], message: `a ${m.kind} metric needs a name` });
  });
export type TOnlineMetric = z.infer<typeof ZOnlineMetric>;

/** Which way is better for a metric kind. */
export function metricHigherIsBetter(kind: TMetricKind): boolean {
  return !(kind === "cost" || kind === "latency" || kind === "error_rate");
}

/** Whether a metric is 0/1 per unit (binary rewards for a bandit). */
export function metricIsBinary(kind: TMetricKind): boolean {
  return kind === "event" || kind === "thumbs_up_rate";
}

export function metricLabel(m: TOnlineMetric): string {
  switch (m.kind) {
    case "thumbs_up_rate":
      return "Thumbs-up rate";
    case "mean_rating":
      return "Mean rating";
    case "score":
      return `Score “${m.name}”${m.source ? ` (${m.source.toLowerCase()})` : ""}`;
    case "cost":
      return "Cost per unit (USD)";
    case "latency":
      return "Latency (ms)";
    case "error_rate":
      return "Error rate";
    case "event":
      return `Event “${m.name}” rate`;
  }
}

export const ZOnlineVariantInput = z
  .object({
    key: ZVariantKey,
    name: z.string().trim().min(1, "variant name is required").max(120),
    promptVersionId: z.string().min(1).max(60).nullish(),
    promptLabel: z.string().min(1).max(60).nullish(),
    modelOverride: z.string().min(1).max(200).nullish(),
    weight: z.number().min(0, "weight must be ≥ 0").max(1, "weight must be ≤ 1"),
  })
  .strict();

const ZBanditSettings = {
  banditIntervalMinutes: z.number().int().min(1).max(1440).default(5),
  banditBurnIn: z.number().int().min(0).max(100_000).default(50),
  banditFloor: z.number().min(0).max(0.5).default(0.05),
  epsilon: z.number().min(0).max(1).default(0.1),
};

const experimentFields = {
  key: ZExperimentKey,
  name: z.string().trim().min(1, "name is required").max(200),
  hypothesis: z.string().max(4000).default(""),
  unitType: z.enum(ONLINE_UNIT_TYPES, { error: "unit must be userId, sessionId or attribute" }),
  unitAttribute: z.string().min(1).max(100).nullish(),
  coverage: z.number().gt(0, "coverage must be > 0").max(1, "coverage must be ≤ 1").default(1),
  mode: z.enum(ONLINE_MODES, { error: `mode must be one of ${ONLINE_MODES.join(", ")}` }).default("fixed"),
  primaryMetric: ZOnlineMetric,
  secondaryMetrics: z.array(ZOnlineMetric).max(10).default([]),
  guardrails: z.array(ZOnlineMetric).max(10).default([]),
  promptId: z.string().min(1).max(60).nullish(),
  shipLabel: z.string().min(1).max(60).default("production"),
  variants: z.array(ZOnlineVariantInput).min(2, "at least 2 variants").max(MAX_ONLINE_VARIANTS),
  ...ZBanditSettings,
};

function refineExperiment(
  e: {
    unitType: string;
    unitAttribute?: string | null;
    mode: string;
    variants: Array<{ key: string; weight: number }>;
  },
  ctx: z.RefinementCtx,
) {
  if (e.unitType === "attribute" && !e.unitAttribute)
    ctx.addIssue({ code: "custom", path: ["unitAttribute"], message: "name the unit attribute" });
  const keys = new Set<string>();
  e.variants.forEach((v, i) => {
    if (keys.has(v.key))
      ctx.addIssue({ code: "custom", path: ["variants", i, "key"], message: "variant keys must differ" });
    keys.add(v.key);
  });
  const total = e.variants.reduce((s, v) => s + v.weight, 0);
  if (e.mode !== "interleaving" && Math.abs(total - 1) > 1e-6)
    ctx.addIssue({
      code: "custom",
      path: ["variants"],
      message: `variant weights must sum to 1 (they sum to ${Math.round(total * 1e6) / 1e6})`,
    });
  if (e.mode === "interleaving" && e.variants.length !== 2)
    ctx.addIssue({ code: "custom", path: ["variants"], message: "interleaving compares exactly 2 variants" });
}

export const ZCreateOnlineExperimentRequest = z
  .object({ projectId: z.string(), ...experimentFields })
  .strict()
  .superRefine(refineExperiment);
export type TCreateOnlineExperimentRequest = z.output<typeof ZCreateOnlineExperimentRequest>;

/** Editing a draft replaces everything; a running experiment accepts only weights, coverage and settings. */
export const ZUpdateOnlineExperimentRequest = z
  .object({ projectId: z.string(), experimentId: z.string(), ...experimentFields })
  .strict()
  .superRefine(refineExperiment);
export type TUpdateOnlineExperimentRequest = z.output<typeof ZUpdateOnlineExperimentRequest>;

// ───────── public assignment API ─────────

export const ZAssignUnit = z
  .object({
    id: z.string().min(1, "unit.id is required").max(200),
    attributes: z
      .record(z.string().max(100), z.union([z.string().max(500), z.number(), z.boolean()]))
      .refine((r) => Object.keys(r).length <= 50, "at most 50 attributes")
      .optional(),
  })
  .strict();
export type TAssignUnit = z.infer<typeof ZAssignUnit>;

export const ZAssignRequest = z
  .object({
    unit: ZAssignUnit,
    experiments: z.array(ZExperimentKey).min(1).max(MAX_ASSIGN_EXPERIMENTS),
    /** Interleaving: an id for this request (the order is a function of unit and request). */
    requestId: z.string().min(1).max(200).optional(),
  })
  .strict();
export type TAssignRequest = z.infer<typeof ZAssignRequest>;

export const ZPromptContent = z.object({
  name: z.string(),
  version: z.number().int(),
  system: z.string().nullable(),
  messages: z.array(z.object({ role: z.string(), content: z.string() })),
  model: z.string(),
  params: z.record(z.string(), z.unknown()),
});
export type TPromptContent = z.infer<typeof ZPromptContent>;

export const ZServedVariant = z.object({
  key: z.string(),
  name: z.string(),
  model: z.string().nullable(),
  promptVersion: ZPromptContent.nullable(),
});

export const ZAssignment = z.object({
  experiment: z.string(),
  variant: z.string(),
  /** Whether the unit is in the experiment (false: outside coverage, or not running — the control is served). */
  inExperiment: z.boolean(),
  /** Attach to traces (the SDK does); null when the unit is not in the experiment. */
  assignmentId: z.string().nullable(),
  model: z.string().nullable(),
  promptVersion: ZPromptContent.nullable(),
  /** Interleaving only: both variants in the order to show them. */
  interleaving: z.array(ZServedVariant).optional(),
});
export type TAssignment = z.infer<typeof ZAssignment>;
export const ZAssignResponse = z.object({ assignments: z.array(ZAssignment) });
export type TAssignResponse = z.infer<typeof ZAssignResponse>;

/** Config an SDK evaluates locally (GrowthBook hash v2 over the seed, bucket version and weights). */
export const ZExperimentConfig = z.object({
  key: z.string(),
  id: z.string(),
  status: z.enum(ONLINE_STATUSES),
  mode: z.enum(ONLINE_MODES),
  unitType: z.enum(ONLINE_UNIT_TYPES),
  unitAttribute: z.string().nullable(),
  coverage: z.number(),
  seed: z.string(),
  bucketVersion: z.number().int(),
  hashVersion: z.literal(2),
  allocationVersion: z.number().int(),
  configVersion: z.number().int(),
  controlKey: z.string(),
  shippedVariantKey: z.string().nullable(),
  variants: z.array(ZServedVariant.extend({ weight: z.number() })),
});
export type TExperimentConfig = z.infer<typeof ZExperimentConfig>;
export const ZExperimentConfigResponse = z.object({
  experiments: z.array(ZExperimentConfig),
  /** Seconds the SDK may keep the config before asking again. */
  ttlSeconds: z.number().int(),
});
export type TExperimentConfigResponse = z.infer<typeof ZExperimentConfigResponse>;
export const ZExperimentConfigQuery = z
  .object({ keys: z.union([ZExperimentKey, z.array(ZExperimentKey).max(MAX_ASSIGN_EXPERIMENTS)]).optional() })
  .strict();

/** Exposures an SDK evaluated locally, reported in batches. */
export const ZExposure = z
  .object({
    experiment: ZExperimentKey,
    unitId: z.string().min(1).max(200),
    variant: ZVariantKey,
    bucketVersion: z.number().int().min(0),
    allocationVersion: z.number().int().min(0),
    timestamp: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export const ZExposuresRequest = z.object({ exposures: z.array(ZExposure).min(1).max(500) }).strict();
export type TExposuresRequest = z.infer<typeof ZExposuresRequest>;
export const ZExposuresResponse = z.object({ recorded: z.number().int(), ignored: z.number().int() });

export const ZPreferenceRequest = z
  .object({
    assignmentId: z.string().min(1).max(100),
    /** The chosen variant's key, or null for a tie / no preference. */
    chosenVariant: ZVariantKey.nullable(),
  })
  .strict();
export type TPreferenceRequest = z.infer<typeof ZPreferenceRequest>;
export const ZPreferenceResponse = z.object({ recorded: z.boolean() });

/** The id stored for a unit's assignment: deterministic, so an SDK evaluating locally knows it. */
export function assignmentIdFor(experimentId: string, bucketVersion: number, unitId: string): string {
  return `${experimentId}:${bucketVersion}:${unitId}`;
}

/** The unit id an experiment buckets on, or null when the unit lacks it. */
export function unitIdFor(exp: { unitType: string; unitAttribute: string | null }, unit: TAssignUnit): string | null {
  if (exp.unitType === "userId") return unit.attributes?.userId != null ? String(unit.attributes.userId) : unit.id;
  if (exp.unitType === "sessionId") {
    const s = unit.attributes?.sessionId;
    return s === undefined || s === "" ? null : String(s);
  }
  const a = exp.unitAttribute ? unit.attributes?.[exp.unitAttribute] : undefined;
  return a === undefined || a === "" ? null : String(a);
}
