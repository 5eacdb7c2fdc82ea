import type { TIngestionEvent } from "@yardstick/contracts/ingest";
import type { TFeedbackRow, TObservationRow, TScoreRow, TTraceRow } from "@yardstick/contracts/ingest-rows";

// Folds a batch of validated events into one row per object id (later events win field by
// field; metadata merges shallowly; tags accumulate). The database applies the same rules
// against what it already holds, so an update that arrives before its create loses nothing.

export type TMergedBatch = {
  traces: TTraceRow[];
  observations: TObservationRow[];
  scores: TScoreRow[];
  feedback: TFeedbackRow[];
};

const date = (s: string | undefined) => (s === undefined ? undefined : new Date(s));

// for...in, not Object.entries: this runs for every event, and entries allocates a pair per field.
function assignDefined<T extends object>(target: T, source: Partial<T>): void {
  for (const k in source) {
    const v = source[k];
    if (v === undefined) continue;
    const key = k as keyof T;
    if (key === "metadata" && target[key] && typeof v === "object" && v && !Array.isArray(v)) {
      target[key] = { ...(target[key] as object), ...(v as object) } as T[keyof T];
    } else if (key === "tags" && Array.isArray(target[key])) {
      target[key] = [...new Set([...(target[key] as string[]), ...(v as string[])])] as T[keyof T];
    } else {
      target[key] = v as T[keyof T];
    }
  }
}

/**
 * `newId` names bodies that came without an id (creates may omit it). Events are applied in
 * the order given, which is the batch order.
 */
export function mergeIngestionEvents(events: TIngestionEvent[], newId: () => string): TMergedBatch {
  const traces = new Map<string, TTraceRow>();
  const observations = new Map<string, TObservationRow>();
  const scores = new Map<string, TScoreRow>();
  const feedback = new Map<string, TFeedbackRow>();

  for (const e of events) {
    const at = new Date(e.timestamp);
    switch (e.type) {
      case "trace-create": {
        const { id = newId(), timestamp, endTime, ...rest } = e.body;
        const row = traces.get(id) ?? { id, eventTimestamp: at };
        assignDefined(row, { ...rest, timestamp: date(timestamp), endedAt: date(endTime) });
        traces.set(id, row);
        break;
      }
      case "span-create":
      case "span-update":
      case "event-create":
      case "generation-create":
      case "generation-update": {
        const type = e.type.startsWith("span") ? "SPAN" : e.type.startsWith("event") ? "EVENT" : "GENERATION";
        const body = e.body as Record<string, unknown> & { id?: string; traceId: string };
        const id = body.id ?? newId();
        const row = observations.get(id) ?? { id, traceId: body.traceId, type, eventTimestamp: at };
        row.type = type;
        const usage = body.usage as Record<string, number | undefined> | undefined;
        const cost = body.cost as Record<string, number | undefined> | undefined;
        assignDefined(row, {
          traceId: body.traceId,
          parentObservationId: body.parentObservationId as string | undefined,
          name: body.name as string | undefined,
          startTime: date(body.startTime as string | undefined),
          endTime: date(body.endTime as string | undefined),
          completionStartTime: date(body.completionStartTime as string | undefined),
          level: body.level as TObservationRow["level"],
          statusMessage: body.statusMessage as string | undefined,
          model: body.model as string | undefined,
          modelParameters: body.modelParameters as Record<string, unknown> | undefined,
          input: body.input,
          output: body.output,
          metadata: body.metadata as Record<string, unknown> | undefined,
          inputTokens: usage?.input,
          outputTokens: usage?.output,
          cacheReadTokens: usage?.cacheRead,
          cacheWriteTokens: usage?.cacheWrite,
          totalTokens: usage?.total,
          inputCost: cost?.input,
          outputCost: cost?.output,
          cacheReadCost: cost?.cacheRead,
          cacheWriteCost: cost?.cacheWrite,
          totalCost: cost?.total,
          costSource: cost ? "client" : undefined,
          promptName: body.promptName as string | undefined,
          promptVersion: body.promptVersion as number | undefined,
        });
        observations.set(id, row);
        break;
      }
      case "score-create": {
        const b = e.body;
        const id = b.id ?? newId();
        const dataType =
          b.dataType ??
          (typeof b.value === "number" ? "NUMERIC" : typeof b.value === "boolean" ? "BOOLEAN" : "CATEGORICAL");
        const numeric = typeof b.value === "boolean" ? (b.value ? 1 : 0) : typeof b.value === "number" ? b.value : null;
        scores.set(id, {
          id,
          traceId: b.traceId,
          observationId: b.observationId,
          name: b.name,
          value: numeric,
          stringValue: typeof b.value === "string" ? b.value : typeof b.value === "boolean" ? String(b.value) : null,
          dataType,
          comment: b.comment,
          timestamp: at,
        });
        break;
      }
      case "feedback-create": {
        const b = e.body;
        const id = b.id ?? newId();
        feedback.set(id, {
          id,
          traceId: b.traceId,
          observationId: b.observationId,
          thumbs: b.thumbs === undefined ? undefined : b.thumbs === "up" ? 1 : -1,
          rating: b.rating,
          comment: b.comment,
          tags: b.tags,
          userId: b.userId,
          timestamp: at,
        });
        break;
      }
    }
  }
  return {
    traces: [...traces.values()],
    observations: [...observations.values()],
    scores: [...scores.values()],
    feedback: [...feedback.values()],
  };
}
