export * from "./schemas";
export { mergeIngestionEvents, type TMergedBatch, type TTraceRow, type TObservationRow, type TScoreRow, type TFeedbackRow } from "./merge";
