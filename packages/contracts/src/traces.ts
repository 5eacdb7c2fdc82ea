import { z } from "zod";

// Filters of the trace explorer, shared by the UI (tRPC), the public read API and the SDK.

// Years 1-9999: what Postgres and ISO strings both hold.
const ZDate = z.coerce
  .date({ error: "must be an ISO date-time" })
  .min(new Date("0001-01-01T00:00:00Z"), "must be in year 1 or later")
  .max(new Date("9999-12-31T23:59:59.999Z"), "must be in year 9999 or earlier");
const ZBool = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
const ZNonNeg = z.coerce.number({ error: "must be a number" }).nonnegative();
// Postgres text cannot hold U+0000: a filter with one is a 400 naming it, not a failed query.
const ZText = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !s.includes("\u0000"), "must not contain a NUL character (\\u0000)");

const traceFilterFields = {
  from: ZDate.optional(),
  to: ZDate.optional(),
  name: ZText(1, 1000).optional(),
  userId: ZText(1, 200).optional(),
  sessionId: ZText(1, 200).optional(),
  tags: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(ZText(0, 200)).max(20))
    .optional(),
  model: ZText(1, 200).optional(),
  environment: ZText(1, 40).optional(),
  release: ZText(1, 200).optional(),
  promptName: ZText(1, 200).optional(),
  promptVersion: z.coerce.number({ error: "must be a number" }).int().positive().max(2_147_483_647).optional(),
  hasError: ZBool.optional(),
  minLatencyMs: ZNonNeg.optional(),
  minCost: ZNonNeg.optional(),
  scoreName: ZText(1, 200).optional(),
  scoreMin: z.coerce.number().optional(),
  scoreMax: z.coerce.number().optional(),
  scoreValue: ZText(0, 1000).optional(),
};
type TFilterShape = {
  promptName?: string;
  promptVersion?: number;
  from?: Date;
  to?: Date;
  scoreName?: string;
  scoreMin?: number;
  scoreMax?: number;
  scoreValue?: string;
};
const versionNeedsPrompt = (f: TFilterShape) => f.promptVersion === undefined || !!f.promptName;
const fromBeforeTo = (f: TFilterShape) => !(f.from && f.to) || f.from < f.to;
const scoreNeedsName = (f: TFilterShape) =>
  !!f.scoreName || (f.scoreMin === undefined && f.scoreMax === undefined && f.scoreValue === undefined);

export const ZTraceFilter = z
  .strictObject(traceFilterFields)
  .refine(fromBeforeTo, { message: "from must be before to", path: ["from"] })
  .refine(scoreNeedsName, { message: "scoreMin/scoreMax/scoreValue need scoreName", path: ["scoreName"] })
  .refine(versionNeedsPrompt, { message: "promptVersion needs promptName", path: ["promptName"] });

const traceListFields = {
  sort: z.enum(["timestamp", "latency", "cost"]).default("timestamp"),
  order: z.enum(["asc", "desc"]).default("desc"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};
export const ZTraceListQuery = z.strictObject(traceListFields);

/** `GET /api/public/traces` query: the explorer's filters and paging in one flat, strict object. */
export const ZTraceSearchQuery = z
  .strictObject({ ...traceFilterFields, ...traceListFields })
  .refine(fromBeforeTo, { message: "from must be before to", path: ["from"] })
  .refine(scoreNeedsName, { message: "scoreMin/scoreMax/scoreValue need scoreName", path: ["scoreName"] })
  .refine(versionNeedsPrompt, { message: "promptVersion needs promptName", path: ["promptName"] })
  .transform(({ sort, order, limit, cursor, ...filter }) => ({ filter, list: { sort, order, limit, cursor } }));

export type TTraceFilterInput = z.input<typeof ZTraceFilter>;
export type TTraceFilterParsed = z.output<typeof ZTraceFilter>;

/** `?name=x&tags=a,b&limit=20` → one object for ZTraceFilter + ZTraceListQuery (repeated keys → arrays). */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of params) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

// Response shapes of the read API, as JSON (timestamps are ISO strings).
const ZIsoDate = z.union([z.iso.datetime({ offset: true }), z.date()]);
const ZJson = z.unknown();

// Columns every trace answer carries (the list adds previews, the detail the full documents).
const traceColumns = {
  id: z.string(),
  timestamp: ZIsoDate,
  name: z.string().nullable(),
  userId: z.string().nullable(),
  sessionId: z.string().nullable(),
  release: z.string().nullable(),
  environment: z.string(),
  tags: z.array(z.string()),
  latencyMs: z.number().int().nullable(),
  totalCost: z.number(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  observationCount: z.number().int(),
  hasError: z.boolean(),
  models: z.array(z.string()),
};
export const ZTraceListItem = z.object({
  ...traceColumns,
  inputPreview: z.string().nullable().describe("The first 300 characters of the input as JSON text"),
  outputPreview: z.string().nullable(),
});
export const ZTraceListResponse = z.object({
  traces: z.array(ZTraceListItem),
  nextCursor: z.string().nullable().describe("Pass back as `cursor` for the next page; null on the last page"),
});

export const ZObservation = z.object({
  id: z.string(),
  traceId: z.string(),
  parentObservationId: z.string().nullable(),
  type: z.enum(["SPAN", "GENERATION", "EVENT"]),
  name: z.string().nullable(),
  startTime: ZIsoDate,
  endTime: ZIsoDate.nullable(),
  completionStartTime: ZIsoDate.nullable(),
  level: z.enum(["DEBUG", "DEFAULT", "WARNING", "ERROR"]),
  statusMessage: z.string().nullable(),
  model: z.string().nullable(),
  modelParameters: ZJson,
  input: ZJson,
  output: ZJson,
  metadata: ZJson,
  inputTokens: z.number().int().nullable(),
  outputTokens: z.number().int().nullable(),
  cacheReadTokens: z.number().int().nullable(),
  cacheWriteTokens: z.number().int().nullable(),
  totalTokens: z.number().int().nullable(),
  inputCost: z.number().nullable(),
  outputCost: z.number().nullable(),
  cacheReadCost: z.number().nullable(),
  cacheWriteCost: z.number().nullable(),
  totalCost: z.number().nullable(),
  costSource: z.string().nullable(),
  promptName: z.string().nullable(),
  promptVersion: z.number().int().nullable(),
});
export const ZScore = z.object({
  id: z.string(),
  observationId: z.string().nullable(),
  name: z.string(),
  value: z.number().nullable(),
  stringValue: z.string().nullable(),
  dataType: z.enum(["NUMERIC", "CATEGORICAL", "BOOLEAN"]),
  source: z.enum(["API", "JUDGE", "HUMAN", "EVAL"]),
  comment: z.string().nullable(),
  timestamp: ZIsoDate,
});
export const ZFeedback = z.object({
  id: z.string(),
  observationId: z.string().nullable(),
  thumbs: z.number().int().nullable(),
  rating: z.number().int().nullable(),
  comment: z.string().nullable(),
  tags: z.array(z.string()),
  userId: z.string().nullable(),
  timestamp: ZIsoDate,
});
export const ZTraceDetail = z.object({
  ...traceColumns,
  version: z.string().nullable(),
  metadata: ZJson,
  input: ZJson,
  output: ZJson,
  createdAt: ZIsoDate,
  updatedAt: ZIsoDate,
  observations: z.array(ZObservation),
  scores: z.array(ZScore),
  feedback: z.array(ZFeedback),
});
export const ZTraceIdParam = z
  .string()
  .min(1, "Invalid trace id: 1-200 characters, no NUL (\\u0000)")
  .max(200, "Invalid trace id: 1-200 characters, no NUL (\\u0000)")
  .refine((s) => !s.includes("\u0000"), "Invalid trace id: 1-200 characters, no NUL (\\u0000)");

/** Totals of the explorer's current filter: exact up to `exactLimit` matches, estimated past it. */
export const ZTraceTotalsRequest = z.object({
  groupBy: z.enum(["none", "prompt"]).default("none"),
  scoreName: ZText(1, 200).optional().describe("Score whose mean is shown; default: the filter's scoreName"),
});
const ZTotalsFigures = z.object({
  count: z.number().int(),
  totalCost: z.number(),
  p50LatencyMs: z.number().nullable(),
  p95LatencyMs: z.number().nullable(),
  meanScore: z.number().nullable(),
});
export const ZTraceTotals = ZTotalsFigures.extend({
  /** exact: every match aggregated; sample: a block sample of the table scaled up. */
  basis: z.enum(["exact", "sample"]),
  countIsEstimate: z.boolean(),
  exactLimit: z.number().int(),
  scoreName: z.string().nullable(),
  groups: z.array(
    ZTotalsFigures.extend({ promptName: z.string().nullable(), promptVersion: z.number().int().nullable() }),
  ),
});
export type TTraceTotals = z.infer<typeof ZTraceTotals>;
