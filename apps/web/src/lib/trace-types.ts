import type { inferRouterInputs } from "@trpc/server";
import type { AppRouter } from "@yardstick/api";
import type { RouterOutputs } from "./types";

export type RouterInputs = inferRouterInputs<AppRouter>;

export type TTraceListItem = RouterOutputs["traces"]["list"]["traces"][number];
export type TTraceGroup = RouterOutputs["traces"]["sessions"]["groups"][number];
export type TFilterOptions = RouterOutputs["traces"]["filterOptions"];
export type TModelPrices = RouterOutputs["modelPrices"]["list"];

export type TObservationType = "SPAN" | "GENERATION" | "EVENT";
export type TObservationLevel = "DEBUG" | "DEFAULT" | "WARNING" | "ERROR";

// traces.get returns untyped SQL rows; these mirror the columns it selects.
export type TObservation = {
  id: string;
  traceId: string;
  parentObservationId: string | null;
  type: TObservationType;
  name: string | null;
  startTime: Date;
  endTime: Date | null;
  completionStartTime: Date | null;
  level: TObservationLevel;
  statusMessage: string | null;
  model: string | null;
  modelParameters: Record<string, unknown> | null;
  input: unknown;
  output: unknown;
  metadata: Record<string, unknown> | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  totalTokens: number | null;
  inputCost: number | null;
  outputCost: number | null;
  cacheReadCost: number | null;
  cacheWriteCost: number | null;
  totalCost: number | null;
  costSource: string | null;
  promptName: string | null;
  promptVersion: number | null;
};

export type TScore = {
  id: string;
  observationId: string | null;
  name: string;
  value: number | null;
  stringValue: string | null;
  dataType: "NUMERIC" | "CATEGORICAL" | "BOOLEAN";
  source: string;
  comment: string | null;
  timestamp: Date;
};

export type TFeedback = {
  id: string;
  observationId: string | null;
  thumbs: 1 | -1 | null;
  rating: number | null;
  comment: string | null;
  tags: string[];
  userId: string | null;
  timestamp: Date;
};

export type TTraceDetail = {
  id: string;
  timestamp: Date;
  name: string | null;
  userId: string | null;
  sessionId: string | null;
  release: string | null;
  version: string | null;
  environment: string;
  tags: string[];
  metadata: Record<string, unknown> | null;
  input: unknown;
  output: unknown;
  latencyMs: number | null;
  totalCost: number;
  inputTokens: number;
  outputTokens: number;
  observationCount: number;
  hasError: boolean;
  models: string[];
  observations: TObservation[];
  scores: TScore[];
  feedback: TFeedback[];
};
