import { z } from "zod";
import { ZTraceFilter } from "./traces";

// Online evaluators: a rule judges a deterministic sample of completed production traces with a
// saved grader version. Shared by the tRPC router, the service and the web forms.

const ZRate = (what: string) =>
  z
    .number({ error: `${what} must be a number between 0 and 1` })
    .min(0, `${what} must be between 0 and 1 (0% to 100%)`)
    .max(1, `${what} must be between 0 and 1 (0% to 100%)`);

/** Fields a stratified sample can be split by. */
export const STRATUM_FIELDS = ["model", "promptVersion", "tag", "name", "environment", "release"] as const;
export const ZStratumField = z.enum(STRATUM_FIELDS);
export type TStratumField = z.infer<typeof ZStratumField>;

export const ZOnlineSampling = z.strictObject({
  /** The rate of traces no stratum or always-sample rule covers. */
  rate: ZRate("rate"),
  strata: z
    .strictObject({
      field: ZStratumField,
      rates: z
        .array(
          z.strictObject({
            value: z.string().trim().min(1, "a stratum needs a value").max(200),
            rate: ZRate("stratum rate"),
          }),
        )
        .min(1, "add at least one stratum")
        .max(50, "at most 50 strata"),
    })
    .nullable()
    .default(null),
  always: z
    .strictObject({
      errors: z.boolean().default(false),
      latencyOverMs: z
        .number()
        .int()
        .min(1, "latency threshold must be at least 1 ms")
        .max(86_400_000)
        .nullable()
        .default(null),
      /** Judged whenever the output matches (the linear-time safe-regex engine). */
      outputPattern: z.string().min(1).max(500, "pattern must be at most 500 characters").nullable().default(null),
      negativeFeedback: z.boolean().default(false),
    })
    .default({ errors: false, latencyOverMs: null, outputPattern: null, negativeFeedback: false }),
});
export type TOnlineSampling = z.output<typeof ZOnlineSampling>;

/**
 * Where a grader variable comes from: `trace.input`, `trace.output`, `trace.metadata.<path>`,
 * `observation.input|output`, `observation.metadata.<path>` (the observation judged, or the
 * trace's last generation).
 */
export const ZFieldPath = z
  .string()
  .trim()
  .max(300)
  .regex(
    /^(trace|observation)\.(input|output|metadata)(\.[A-Za-z0-9_-]+)*$/,
    "must be trace.input, trace.output, trace.metadata.<path>, observation.input, observation.output or observation.metadata.<path>",
  );

export const ZOnlineEvalMapping = z.strictObject({
  input: ZFieldPath.default("trace.input"),
  output: ZFieldPath.default("trace.output"),
  expected: ZFieldPath.nullable().default(null),
  context: ZFieldPath.nullable().default(null),
});
export type TOnlineEvalMapping = z.output<typeof ZOnlineEvalMapping>;

/** The explorer's filter without a time window: a rule applies to traffic as it arrives. */
export const ZRuleTraceFilter = ZTraceFilter.refine((f) => !f.from && !f.to, {
  message: "a rule's filter has no time window (use a backfill for past traffic)",
  path: ["from"],
});

export const ZObservationFilter = z.strictObject({
  type: z.enum(["SPAN", "GENERATION", "EVENT"]).optional(),
  name: z.string().trim().min(1).max(200).optional(),
});

const ruleFields = {
  name: z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters"),
  graderId: z.string().min(1, "Pick a grader").max(100),
  /** Pinned grader version; the latest when omitted. */
  graderVersion: z.number().int().positive().optional(),
  scoreName: z.string().trim().min(1).max(200).optional(),
  target: z.enum(["trace", "observation"]).default("trace"),
  filter: ZRuleTraceFilter.default({}),
  observationFilter: ZObservationFilter.nullable().default(null),
  mapping: ZOnlineEvalMapping.default({ input: "trace.input", output: "trace.output", expected: null, context: null }),
  sampling: ZOnlineSampling,
  dailyCallBudget: z
    .number()
    .int()
    .min(1, "daily call budget must be at least 1")
    .max(10_000_000)
    .nullable()
    .default(null),
  dailyCostBudgetUsd: z
    .number()
    .positive("daily dollar budget must be positive")
    .max(1_000_000)
    .nullable()
    .default(null),
  enabled: z.boolean().default(true),
};

// Top-level request objects are plain objects (tRPC merges them with { projectId }); nested ones are strict.
export const ZCreateOnlineRuleRequest = z.object(ruleFields);
export type TCreateOnlineRuleRequest = z.input<typeof ZCreateOnlineRuleRequest>;
export type TCreateOnlineRuleParsed = z.output<typeof ZCreateOnlineRuleRequest>;

export const ZUpdateOnlineRuleRequest = z.object({
  name: ruleFields.name.optional(),
  filter: ZRuleTraceFilter.optional(),
  mapping: ZOnlineEvalMapping.optional(),
  sampling: ZOnlineSampling.optional(),
  dailyCallBudget: ruleFields.dailyCallBudget.optional(),
  dailyCostBudgetUsd: ruleFields.dailyCostBudgetUsd.optional(),
  enabled: z.boolean().optional(),
});
export type TUpdateOnlineRuleParsed = z.output<typeof ZUpdateOnlineRuleRequest>;

export const ZOnlineEvalSettings = z.object({
  idleTimeoutSeconds: z
    .number()
    .int("idle timeout must be whole seconds")
    .min(5, "idle timeout must be at least 5 seconds")
    .max(86_400, "idle timeout must be at most 86400 seconds (a day)"),
});

export const ZBackfillRequest = z
  .object({
    from: z.coerce.date({ error: "from must be a date" }),
    to: z.coerce.date({ error: "to must be a date" }),
  })
  .refine((b) => b.from < b.to, { message: "from must be before to", path: ["from"] })
  .refine((b) => b.to.getTime() - b.from.getTime() <= 31 * 86_400_000, {
    message: "a backfill covers at most 31 days",
    path: ["to"],
  });

/** The eval cost planner's inputs. */
export const ZPlanInput = z.object({
  judgeRate: ZRate("judge rate"),
  humanReviewRate: ZRate("human review rate"),
  deterministicRate: ZRate("deterministic rate").default(1),
  reviewMinutes: z.number().min(0.1, "minutes per review must be at least 0.1").max(240),
  scoreSd: z.number().positive("score sd must be positive").max(1000).default(1),
  /** Overrides the project's measured volume. */
  tracesPerDay: z.number().min(0).max(1e9).optional(),
});
export type TPlanInput = z.output<typeof ZPlanInput>;

/** Inngest event data of the online-eval jobs. */
export const ZOnlineTracesEndedData = z.object({
  projectId: z.string().min(1),
  traceIds: z.array(z.string().min(1)).min(1).max(1000),
});
export const ZOnlineBackfillData = z.object({
  projectId: z.string().min(1),
  backfillId: z.string().min(1),
});
