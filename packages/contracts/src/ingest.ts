import { z } from "zod";

// The public ingestion contract, shared by the server and @yardstick/sdk so they cannot disagree.
// Every body is .strict(): a misspelt field is an error naming it, never silently dropped.

export const MAX_INGEST_BATCH_EVENTS = 1000;
/** Request bodies above this many bytes are refused with 413 (documented in the README). */
export const MAX_INGEST_BODY_BYTES = 3_500_000;

const ZId = z.string().min(1).max(200);
const ZName = z.string().max(1000);
const ZTimestamp = z.iso.datetime({ offset: true });
const ZJson: z.ZodType<unknown> = z.unknown();
const ZMetadata = z.record(z.string().max(200), z.unknown());
/** Token counts, versions and roll-ups are 32-bit integer columns. */
export const MAX_INT32 = 2_147_483_647;
const ZTokens = z.number().int().nonnegative().max(MAX_INT32);
const ZUsd = z.number().nonnegative().max(1e9);

export const ZUsage = z
  .object({
    /** Input tokens not served from or written to the prompt cache. */
    input: ZTokens.optional(),
    output: ZTokens.optional(),
    cacheRead: ZTokens.optional(),
    cacheWrite: ZTokens.optional(),
    total: ZTokens.optional(),
  })
  .strict();

export const ZCost = z
  .object({
    input: ZUsd.optional(),
    output: ZUsd.optional(),
    cacheRead: ZUsd.optional(),
    cacheWrite: ZUsd.optional(),
    total: ZUsd.optional(),
  })
  .strict();

export const ZModelParameters = z.record(
  z.string().max(200),
  z.union([z.string().max(10_000), z.number(), z.boolean(), z.array(z.string().max(1000)).max(100), z.null()]),
);

export const ZTraceBody = z
  .object({
    id: ZId.optional(),
    timestamp: ZTimestamp.optional(),
    name: ZName.optional(),
    userId: ZId.optional(),
    sessionId: ZId.optional(),
    release: z.string().max(200).optional(),
    version: z.string().max(200).optional(),
    environment: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "environment: lower-case letters, digits, - and _ (max 40)")
      .optional(),
    tags: z.array(z.string().min(1).max(200)).max(50).optional(),
    metadata: ZMetadata.optional(),
    input: ZJson.optional(),
    output: ZJson.optional(),
  })
  .strict();

export const ZObservationLevel = z.enum(["DEBUG", "DEFAULT", "WARNING", "ERROR"]);

const observationFields = {
  id: ZId.optional(),
  /** Required on every observation event, updates included, so an update that arrives before its create is kept. */
  traceId: ZId,
  parentObservationId: ZId.optional(),
  name: ZName.optional(),
  startTime: ZTimestamp.optional(),
  level: ZObservationLevel.optional(),
  statusMessage: z.string().max(10_000).optional(),
  input: ZJson.optional(),
  output: ZJson.optional(),
  metadata: ZMetadata.optional(),
};

export const ZSpanBody = z.object({ ...observationFields, endTime: ZTimestamp.optional() }).strict();
export const ZEventBody = z.object(observationFields).strict();
export const ZGenerationBody = z
  .object({
    ...observationFields,
    endTime: ZTimestamp.optional(),
    completionStartTime: ZTimestamp.optional(),
    model: z.string().min(1).max(200).optional(),
    modelParameters: ZModelParameters.optional(),
    usage: ZUsage.optional(),
    /** A client-supplied cost wins over the price table. */
    cost: ZCost.optional(),
    promptName: z.string().min(1).max(200).optional(),
    promptVersion: z.number().int().positive().max(MAX_INT32).optional(),
  })
  .strict();

const withId = <T extends z.ZodObject>(schema: T) => schema.extend({ id: ZId }) as unknown as T;

export const ZScoreBody = z
  .object({
    id: ZId.optional(),
    traceId: ZId,
    observationId: ZId.optional(),
    name: z.string().min(1).max(200),
    value: z.union([z.number().finite(), z.string().max(1000), z.boolean()]),
    dataType: z.enum(["NUMERIC", "CATEGORICAL", "BOOLEAN"]).optional(),
    comment: z.string().max(10_000).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const inferred = typeof s.value === "number" ? "NUMERIC" : typeof s.value === "boolean" ? "BOOLEAN" : "CATEGORICAL";
    if (s.dataType && s.dataType !== inferred && !(s.dataType === "BOOLEAN" && (s.value === 0 || s.value === 1))) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `value does not fit dataType ${s.dataType}` });
    }
  });

export const ZFeedbackBody = z
  .object({
    id: ZId.optional(),
    traceId: ZId,
    thumbs: z.enum(["up", "down"]).optional(),
    rating: z.number().int().min(1).max(5).optional(),
    comment: z.string().max(5000).optional(),
    userId: ZId.optional(),
  })
  .strict()
  .refine((f) => f.thumbs !== undefined || f.rating !== undefined || f.comment !== undefined, {
    message: "feedback needs thumbs, rating or comment",
    path: ["thumbs"],
  });

const envelope = { id: ZId, timestamp: ZTimestamp, metadata: ZMetadata.optional() };

/**
 * Path of the first string (value or key) holding U+0000, or null. Cycles (the SDK sees raw
 * values) are visited once. Runs on every ingested event, so the path is one shared stack, copied
 * only when a NUL is found.
 */
function nulPath(root: unknown, prefix: (string | number)[]): (string | number)[] | null {
  const path: (string | number)[] = [];
  const seen = new WeakSet<object>();
  const walk = (v: unknown): boolean => {
    if (typeof v === "string") return v.includes("\u0000");
    if (!v || typeof v !== "object" || seen.has(v)) return false;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        if (walk(v[i])) return true;
        path.pop();
      }
      return false;
    }
    for (const k of Object.keys(v)) {
      path.push(k);
      if (k.includes("\u0000") || walk((v as Record<string, unknown>)[k])) return true;
      path.pop();
    }
    return false;
  };
  return walk(root) ? [...prefix, ...path] : null;
}

// Postgres text and jsonb cannot hold U+0000: such an event is refused on its own (400 naming the
// field) instead of failing the whole batch's transaction.
const noNul = (e: { body: unknown }, ctx: z.RefinementCtx) => {
  const path = nulPath(e.body, ["body"]);
  if (path)
    ctx.addIssue({ code: "custom", path, message: "contains a NUL character (\\u0000), which cannot be stored" });
};

export const ZIngestionEvent = z
  .discriminatedUnion("type", [
    z.object({ ...envelope, type: z.literal("trace-create"), body: ZTraceBody }).strict(),
    z.object({ ...envelope, type: z.literal("span-create"), body: ZSpanBody }).strict(),
    z.object({ ...envelope, type: z.literal("span-update"), body: withId(ZSpanBody) }).strict(),
    z.object({ ...envelope, type: z.literal("generation-create"), body: ZGenerationBody }).strict(),
    z.object({ ...envelope, type: z.literal("generation-update"), body: withId(ZGenerationBody) }).strict(),
    z.object({ ...envelope, type: z.literal("event-create"), body: ZEventBody }).strict(),
    z.object({ ...envelope, type: z.literal("score-create"), body: ZScoreBody }).strict(),
    z.object({ ...envelope, type: z.literal("feedback-create"), body: ZFeedbackBody }).strict(),
  ])
  .superRefine(noNul);

export const INGESTION_EVENT_TYPES = [
  "trace-create",
  "span-create",
  "span-update",
  "generation-create",
  "generation-update",
  "event-create",
  "score-create",
  "feedback-create",
] as const;

/** The envelope is checked as a whole; each event is then validated on its own. */
export const ZIngestionRequest = z
  .object({
    batch: z.array(z.unknown()).min(1, "batch must hold at least one event").max(MAX_INGEST_BATCH_EVENTS),
    metadata: ZMetadata.optional(),
  })
  .strict();

export const ZIngestionResponse = z.object({
  successes: z.array(z.object({ id: z.string(), status: z.number().int() })),
  errors: z.array(z.object({ id: z.string(), status: z.number().int(), message: z.string() })),
});

export type TIngestionEvent = z.infer<typeof ZIngestionEvent>;
export type TIngestionEventType = TIngestionEvent["type"];
export type TIngestionRequest = { batch: TIngestionEvent[]; metadata?: Record<string, unknown> };
export type TIngestionResponse = z.infer<typeof ZIngestionResponse>;
export type TTraceBody = z.infer<typeof ZTraceBody>;
export type TGenerationBody = z.infer<typeof ZGenerationBody>;
export type TSpanBody = z.infer<typeof ZSpanBody>;
export type TScoreBody = z.infer<typeof ZScoreBody>;
export type TFeedbackBody = z.infer<typeof ZFeedbackBody>;
export type TUsage = z.infer<typeof ZUsage>;
export type TCost = z.infer<typeof ZCost>;

/** "batch.3.body.usage.input: Too small..." — the failing field's path first. */
export function formatZodIssues(error: z.ZodError, prefix = ""): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const path = [prefix, ...i.path.map(String)].filter(Boolean).join(".");
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join("; ");
}
