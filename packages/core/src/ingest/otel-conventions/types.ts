// What one attribute convention reads off one span. Every field is optional: a convention says
// only what it knows, and otel.ts combines conventions by precedence (see PRECEDENCE there).

export type TOtelAttributes = Record<string, unknown>;
export type TOtelSpan = {
  traceId: string; // hex
  spanId: string; // hex
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string; // decimal string (64-bit)
  endTimeUnixNano?: string;
  attributes: TOtelAttributes;
  status?: { code?: number; message?: string };
  events?: Array<{ name: string; timeUnixNano?: string; attributes: TOtelAttributes }>;
  resource: TOtelAttributes;
  scope?: { name?: string; version?: string };
};

export type TObservationFields = {
  type?: "SPAN" | "GENERATION" | "EVENT";
  /** The convention's own kind (agent, tool, chain, workflow…), kept in metadata as `observation.type`. */
  kind?: string;
  model?: unknown;
  modelParameters?: unknown;
  input?: unknown;
  output?: unknown;
  usage?: Record<string, unknown>;
  cost?: Record<string, unknown>;
  promptName?: unknown;
  promptVersion?: unknown;
  level?: unknown;
  statusMessage?: unknown;
  completionStartTime?: unknown;
};

export type TTraceFields = {
  name?: unknown;
  userId?: unknown;
  sessionId?: unknown;
  tags?: unknown;
  release?: unknown;
  version?: unknown;
  environment?: unknown;
  input?: unknown;
  output?: unknown;
  metadata?: Record<string, unknown>;
};

export type TConventionResult = {
  observation: TObservationFields;
  trace: TTraceFields;
  /** Extra observation metadata the convention carries (e.g. langfuse.observation.metadata.*). */
  metadata?: Record<string, unknown>;
};

export type TConvention = {
  name: string;
  matches(attrs: TOtelAttributes): boolean;
  /** Attribute keys the convention maps to fields; the others stay in the observation's metadata. */
  consumes(key: string): boolean;
  map(span: TOtelSpan): TConventionResult;
};
