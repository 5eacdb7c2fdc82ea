// Event schemas and row shapes are contracts (@yardstick/contracts/ingest, /ingest-rows); core
// holds the logic over them.
export { otelSpansToEvents, isGenAiSpan, nanosToIso, type TOtelSpan, type TOtelAttributes } from "./otel";
export { mergeIngestionEvents, type TMergedBatch } from "./merge";
