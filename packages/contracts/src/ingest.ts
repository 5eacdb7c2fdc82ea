import { z } from "zod";

// The public ingestion contract, shared by the server and @yardstick/sdk so they cannot disagree.
// Every body is .strict(): a misspelt field is an error naming it, never silently dropped.

export const MAX_INGEST_BATCH_EVENTS = 1000;
/** Request bodies above this many bytes are refused with 413 (documented in the README). */
export const MAX_INGEST_BODY_BYTES = 3_500_000;

const ZId = z.string().min(1).max(200);
const ZName = z.string().max(1000);
// Years 1-9999 in UTC: what Postgres's timestamptz and toISOString both hold. The ISO format alone
// lets year 0000, or an offset that carries 0001-01-01 / 9999-12-31 past either end, through.
const MIN_TIMESTAMP_MS = Date.parse("0001-01-01T00:00:00Z");
const MAX_TIMESTAMP_MS = Date.parse("9999-12-31T23:59:59.999Z");
const ZTimestamp = z.iso.datetime({ offset: true }).refine((s) => {
  const t = Date.parse(s);
  return t >= MIN_TIMESTAMP_MS && t <= MAX_TIMESTAMP_MS;
}, "must lie in years 1-9999 (UTC)");
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
    /** Online-experiment assignments this trace was made under (the SDK attaches them after getVariant). */
    assignmentIds: z.array(z.string().min(1).max(300)).max(20).optional(),
    // The explicit end marker (the SDK's trace.end()): the trace is complete, online evaluators may judge it.
    endTime: ZTimestamp.optional(),
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
    observationId: ZId.optional(),
    thumbs: z.enum(["up", "down"]).optional(),
    rating: z.number().int().min(1).max(5).optional(),
    comment: z.string().max(5000).optional(),
    tags: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
    userId: ZId.optional(),
  })
  .strict()
  .refine((f) => f.thumbs !== undefined || f.rating !== undefined || f.comment !== undefined, {
    message: "feedback needs thumbs, rating or comment",
    path: ["thumbs"],
  });

const envelope = { id: ZId, timestamp: ZTimestamp, metadata: ZMetadata.optional() };

/** Objects and arrays may nest this deep in an event (the event object is level 1). */
export const MAX_INGEST_JSON_DEPTH = 64;

type TFrame = { v: object; key: string | number; parent: TFrame | null; depth: number };

const NUL = "contains a NUL character (\\u0000), which cannot be stored";
const LONE_SURROGATE = "lone surrogate (half of a UTF-16 pair, e.g. an emoji cut in two), which cannot be stored";
const TOO_DEEP = `nested deeper than ${MAX_INGEST_JSON_DEPTH} levels (the limit per event)`;

// isWellFormed is native in Node 20 and current browsers; the regex serves older browsers (the SDK).
const wellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
    ? (s) => (s as string & { isWellFormed(): boolean }).isWellFormed()
    : (s) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/.test(s);

const stringProblem = (s: string) => (s.includes("\u0000") ? NUL : wellFormed(s) ? null : LONE_SURROGATE);

function framePath(f: TFrame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let p: TFrame | null = f; p?.parent; p = p.parent) path.push(p.key);
  return path.reverse();
}

/**
 * The first value Postgres would refuse, with its path: a string (value or key) holding U+0000 or
 * a lone UTF-16 surrogate (jsonb and text refuse both), or objects nested deeper than
 * MAX_INGEST_JSON_DEPTH (JSON.stringify and Postgres's parser recurse). Runs on every ingested
 * event: one iterative walk (an explicit stack, so depth cannot overflow ours), a frame per object
 * and the path rebuilt from parent links only when a problem is found. Cycles (the SDK sees raw
 * values) are visited once.
 */
export function unstorableValue(root: unknown): { path: (string | number)[]; message: string } | null {
  if (typeof root === "string") {
    const message = stringProblem(root);
    return message ? { path: [], message } : null;
  }
  if (!root || typeof root !== "object") return null;
  const seen = new WeakSet<object>([root]);
  const stack: TFrame[] = [{ v: root, key: "", parent: null, depth: 1 }];
  while (stack.length) {
    const f = stack.pop()!;
    if (f.depth > MAX_INGEST_JSON_DEPTH) return { path: framePath(f), message: TOO_DEEP };
    const v = f.v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === "string") {
          const message = stringProblem(x);
          if (message) return { path: [...framePath(f), i], message };
        } else if (x && typeof x === "object" && !seen.has(x)) {
          seen.add(x);
          stack.push({ v: x, key: i, parent: f, depth: f.depth + 1 });
        }
      }
      continue;
    }
    for (const k of Object.keys(v)) {
      const x: unknown = (v as Record<string, unknown>)[k];
      const message = stringProblem(k) ?? (typeof x === "string" ? stringProblem(x) : null);
      if (message) return { path: [...framePath(f), k], message };
      if (x && typeof x === "object" && !seen.has(x)) {
        seen.add(x);
        stack.push({ v: x, key: k, parent: f, depth: f.depth + 1 });
      }
    }
  }
  return null;
}

// What Postgres cannot store is refused per event (400 naming the field), envelope included,
// instead of failing the whole batch's statement.
const storable = (e: unknown, ctx: z.RefinementCtx) => {
  const bad = unstorableValue(e);
  if (bad) ctx.addIssue({ code: "custom", path: bad.path, message: bad.message });
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
  .superRefine(storable);

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
