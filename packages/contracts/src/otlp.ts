import { z } from "zod";

// The shape of an OTLP/JSON ExportTraceServiceRequest (and of the protobuf decoder's output), as far
// as Yardstick reads it: a wrong type or a null where OTLP has an array, object, number or string
// is a 400 naming its path instead of a crash in the flattening. Objects are not strict: OTLP has
// fields Yardstick ignores (links, flags, traceState, dropped counts). Attribute values (AnyValue,
// recursive) are checked where they are converted, with their path and a depth limit.

/** 64-bit unsigned nanoseconds: a decimal string (OTLP/JSON) or a JSON integer. */
const ZNanos = z.union([
  z.string().regex(/^\d{1,20}$/, "must be unsigned 64-bit nanoseconds as a decimal string"),
  z
    .number()
    .int()
    .nonnegative()
    .max(2 ** 64),
]);

const ZKeyValues = z.array(z.object({ key: z.string(), value: z.unknown().optional() }));

export const ZOtlpSpan = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string().optional(),
  kind: z.number().int().optional(),
  startTimeUnixNano: ZNanos.optional(),
  endTimeUnixNano: ZNanos.optional(),
  attributes: ZKeyValues.optional(),
  status: z.object({ code: z.number().int().optional(), message: z.string().optional() }).optional(),
  events: z
    .array(
      z.object({ name: z.string().optional(), timeUnixNano: ZNanos.optional(), attributes: ZKeyValues.optional() }),
    )
    .optional(),
});

export const ZOtlpTraceRequest = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes: ZKeyValues.optional() }).optional(),
        scopeSpans: z
          .array(
            z.object({
              scope: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
              spans: z.array(ZOtlpSpan).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

export type TOtlpTraceRequest = z.infer<typeof ZOtlpTraceRequest>;
export type TOtlpKeyValue = { key: string; value?: unknown };
