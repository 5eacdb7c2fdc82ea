// Rows that ingest writes, one per object id after a batch is merged (@yardstick/core/ingest
// folds events into them; @yardstick/db stores them).

export type TTraceRow = {
  id: string;
  eventTimestamp: Date;
  timestamp?: Date;
  name?: string;
  userId?: string;
  sessionId?: string;
  release?: string;
  version?: string;
  environment?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
  input?: unknown;
  output?: unknown;
  endedAt?: Date;
};

export type TObservationRow = {
  id: string;
  traceId: string;
  type: "SPAN" | "GENERATION" | "EVENT";
  eventTimestamp: Date;
  parentObservationId?: string;
  name?: string;
  startTime?: Date;
  endTime?: Date;
  completionStartTime?: Date;
  level?: "DEBUG" | "DEFAULT" | "WARNING" | "ERROR";
  statusMessage?: string;
  model?: string;
  modelParameters?: Record<string, unknown>;
  input?: unknown;
  output?: unknown;
  metadata?: Record<string, unknown>;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  totalTokens?: number;
  inputCost?: number;
  outputCost?: number;
  cacheReadCost?: number;
  cacheWriteCost?: number;
  totalCost?: number;
  costSource?: "client" | "computed";
  promptName?: string;
  promptVersion?: number;
};

export type TScoreRow = {
  id: string;
  traceId: string;
  observationId?: string;
  name: string;
  value: number | null;
  stringValue: string | null;
  dataType: "NUMERIC" | "CATEGORICAL" | "BOOLEAN";
  comment?: string;
  timestamp: Date;
};

export type TFeedbackRow = {
  id: string;
  traceId: string;
  observationId?: string;
  thumbs?: 1 | -1;
  rating?: number;
  comment?: string;
  tags?: string[];
  userId?: string;
  timestamp: Date;
};
