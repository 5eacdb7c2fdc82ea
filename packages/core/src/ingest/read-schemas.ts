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

export const ZTraceFilter = z
  .object({
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
    hasError: ZBool.optional(),
    minLatencyMs: ZNonNeg.optional(),
    minCost: ZNonNeg.optional(),
    scoreName: ZText(1, 200).optional(),
    scoreMin: z.coerce.number().optional(),
    scoreMax: z.coerce.number().optional(),
    scoreValue: ZText(0, 1000).optional(),
  })
  .strict()
  .refine((f) => !(f.from && f.to) || f.from < f.to, { message: "from must be before to", path: ["from"] })
  .refine((f) => f.scoreName || (f.scoreMin === undefined && f.scoreMax === undefined && f.scoreValue === undefined), {
    message: "scoreMin/scoreMax/scoreValue need scoreName",
    path: ["scoreName"],
  });

export const ZTraceListQuery = z
  .object({
    sort: z.enum(["timestamp", "latency", "cost"]).default("timestamp"),
    order: z.enum(["asc", "desc"]).default("desc"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

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

const LIST_KEYS = new Set(["sort", "order", "limit", "cursor"]);
/** Splits a flat query object into filter and paging parts. */
export function splitTraceQuery(obj: Record<string, unknown>) {
  const filter: Record<string, unknown> = {};
  const list: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) (LIST_KEYS.has(k) ? list : filter)[k] = v;
  return { filter, list };
}
