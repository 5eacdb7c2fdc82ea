export * from "./schemas";
export { otelSpansToEvents, isGenAiSpan, nanosToIso, type TOtelSpan, type TOtelAttributes } from "./otel";
export {
  mergeIngestionEvents,
  type TMergedBatch,
  type TTraceRow,
  type TObservationRow,
  type TScoreRow,
  type TFeedbackRow,
} from "./merge";
export * from "./read-schemas";
export { ZOtlpTraceRequest, ZOtlpSpan, type TOtlpTraceRequest, type TOtlpKeyValue } from "./otlp-schema";
