// Row shapes of public ingest and the pure steps between merged events and SQL: pricing, trace
// roll-ups, stub traces and the jsonb_to_recordset documents. ingest.ts runs the statements.
import type { TFeedbackRow, TObservationRow, TScoreRow, TTraceRow } from "@yardstick/contracts/ingest-rows";

// The row shapes are contracts: core's merge produces them, this package stores them.
export type TIngestTraceRow = TTraceRow;
export type TIngestObservationRow = TObservationRow;
export type TIngestScoreRow = TScoreRow;
export type TIngestFeedbackRow = TFeedbackRow;
export type TIngestRows = {
  traces: TIngestTraceRow[];
  observations: TIngestObservationRow[];
  scores: TIngestScoreRow[];
  feedback: TIngestFeedbackRow[];
};
export type TGenerationForCost = {
  model: string;
  startTime: Date;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
};
export type TCostFn = (
  g: TGenerationForCost,
) =>
  | { inputCost: number; outputCost: number; cacheReadCost: number; cacheWriteCost: number; totalCost: number }
  | undefined;

export type TRowCost = { src?: string; ic?: number; oc?: number; crc?: number; cwc?: number; tc?: number };
export const NO_COST: TRowCost = {};

/**
 * Generations that arrive complete (model + usage, no client cost) are priced here, in JS; the
 * rest are priced after the merge (priceGenerations), from what the database then holds.
 */
export function priceRows(rows: TIngestObservationRow[], costFn: TCostFn): Map<string, TRowCost> {
  const out = new Map<string, TRowCost>();
  for (const r of rows) {
    if (r.costSource === "client") {
      out.set(r.id, {
        src: "client",
        ic: r.inputCost,
        oc: r.outputCost,
        crc: r.cacheReadCost,
        cwc: r.cacheWriteCost,
        tc: r.totalCost,
      });
      continue;
    }
    const hasUsage = [r.inputTokens, r.outputTokens, r.cacheReadTokens, r.cacheWriteTokens].some(
      (v) => v !== undefined,
    );
    if (r.type !== "GENERATION" || !r.model || !hasUsage) continue;
    const k = costFn({
      model: r.model,
      startTime: r.startTime ?? r.eventTimestamp,
      inputTokens: r.inputTokens ?? null,
      outputTokens: r.outputTokens ?? null,
      cacheReadTokens: r.cacheReadTokens ?? null,
      cacheWriteTokens: r.cacheWriteTokens ?? null,
    });
    if (k)
      out.set(r.id, {
        src: "computed",
        ic: k.inputCost,
        oc: k.outputCost,
        crc: k.cacheReadCost,
        cwc: k.cacheWriteCost,
        tc: k.totalCost,
      });
  }
  return out;
}

export type TRollup = {
  lat: number | null;
  cost: number;
  itok: number;
  otok: number;
  n: number;
  err: boolean;
  models: string[];
  prompts: string[];
};
/** A trace's prompts roll-up holds each prompt name and each name + version under this key. */
export const promptKey = (name: string, version: number) => `${name}\u001f${version}`;
/** Roll-ups are 32-bit integer columns; a trace beyond them (a century-long span, billions of tokens) saturates. */
const INT32 = 2_147_483_647;
const int32 = (n: number) => Math.max(-INT32, Math.min(INT32, n));
export const EMPTY_ROLLUP: TRollup = {
  lat: null,
  cost: 0,
  itok: 0,
  otok: 0,
  n: 0,
  err: false,
  models: [],
  prompts: [],
};

/**
 * The trace roll-ups (as writeScoresFeedbackAndRollups computes them in SQL) from this batch's
 * observations alone. Exact for a trace this batch inserts when every one of its observations is
 * inserted by this batch too: then no other observation of it can exist. Written with the INSERT,
 * so such a trace is written once, not inserted and then updated.
 */
export function rollupsFromBatch(rows: TIngestObservationRow[], costs: Map<string, TRowCost>): Map<string, TRollup> {
  const acc = new Map<string, TRollup & { min: number; max: number }>();
  for (const r of rows) {
    let a = acc.get(r.traceId);
    if (!a) acc.set(r.traceId, (a = { ...EMPTY_ROLLUP, models: [], prompts: [], min: Infinity, max: -Infinity }));
    const start = (r.startTime ?? r.eventTimestamp).getTime();
    a.min = Math.min(a.min, start);
    a.max = Math.max(a.max, (r.endTime ?? r.startTime ?? r.eventTimestamp).getTime());
    a.cost += costs.get(r.id)?.tc ?? 0;
    a.itok += (r.inputTokens ?? 0) + (r.cacheReadTokens ?? 0) + (r.cacheWriteTokens ?? 0);
    a.otok += r.outputTokens ?? 0;
    a.n++;
    a.err ||= r.level === "ERROR";
    if (r.model && !a.models.includes(r.model)) a.models.push(r.model);
    if (r.promptName) {
      const keys = [r.promptName, ...(r.promptVersion ? [promptKey(r.promptName, r.promptVersion)] : [])];
      for (const k of keys) if (!a.prompts.includes(k)) a.prompts.push(k);
    }
  }
  return new Map(
    [...acc].map(([id, { min, max, ...a }]) => [
      id,
      { ...a, itok: int32(a.itok), otok: int32(a.otok), lat: int32(Math.round(max - min)) },
    ]),
  );
}

export const byId = <T extends { id: string }>(rows: T[]) =>
  [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The explicit trace rows plus a stub (timestamp = first observation) for each observation's missing trace, by id. */
export function traceRowsFor(rows: TIngestTraceRow[], observations: TIngestObservationRow[]): TIngestTraceRow[] {
  const stubs = new Map<string, Date>();
  const explicit = new Set(rows.map((r) => r.id));
  for (const o of observations) {
    if (explicit.has(o.traceId)) continue;
    const t = o.startTime ?? o.eventTimestamp;
    const prev = stubs.get(o.traceId);
    if (!prev || t < prev) stubs.set(o.traceId, t);
  }
  // Sorted: a stable lock order across concurrent batches.
  return byId([...rows, ...[...stubs].map(([id, at]) => ({ id, eventTimestamp: at }))]);
}

// jsonb_to_recordset documents (ingest-sql.ts names the fields). Undefined fields are left out and
// read as NULL. Dates are turned into ISO strings before JSON.stringify sees them: a Date's toJSON
// sends the whole document down the serializer's slow path.
const iso = (d: Date | undefined) => d?.toISOString();
export function traceDoc(rows: TIngestTraceRow[], rollups: Map<string, TRollup>): string {
  return JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      ts: iso(r.timestamp),
      first_ts: iso(r.timestamp ?? r.eventTimestamp),
      name: r.name,
      uid: r.userId,
      sid: r.sessionId,
      rel: r.release,
      ver: r.version,
      env: r.environment,
      tags: r.tags,
      meta: r.metadata,
      input: r.input,
      output: r.output,
      ended: iso(r.endedAt),
      ...(rollups.get(r.id) ?? EMPTY_ROLLUP),
    })),
  );
}

export function observationDoc(rows: TIngestObservationRow[], costs: Map<string, TRowCost>): string {
  return JSON.stringify(
    rows.map((r) => {
      const k = costs.get(r.id) ?? NO_COST;
      return {
        id: r.id,
        tid: r.traceId,
        type: r.type,
        parent: r.parentObservationId,
        name: r.name,
        st: iso(r.startTime),
        et: iso(r.endTime),
        cst: iso(r.completionStartTime),
        level: r.level,
        msg: r.statusMessage,
        model: r.model,
        params: r.modelParameters,
        input: r.input,
        output: r.output,
        meta: r.metadata,
        it: r.inputTokens,
        ot: r.outputTokens,
        crt: r.cacheReadTokens,
        cwt: r.cacheWriteTokens,
        tt: r.totalTokens,
        ic: k.ic,
        oc: k.oc,
        crc: k.crc,
        cwc: k.cwc,
        tc: k.tc,
        csrc: k.src,
        pn: r.promptName,
        pv: r.promptVersion,
        evts: iso(r.eventTimestamp),
      };
    }),
  );
}

export const scoreDoc = (rows: TIngestScoreRow[]) =>
  JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      tid: r.traceId,
      oid: r.observationId,
      name: r.name,
      val: r.value,
      sval: r.stringValue,
      dt: r.dataType,
      cmt: r.comment,
      ts: iso(r.timestamp),
    })),
  );
export const feedbackDoc = (rows: TIngestFeedbackRow[]) =>
  JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      tid: r.traceId,
      oid: r.observationId,
      th: r.thumbs,
      rt: r.rating,
      cmt: r.comment,
      tags: r.tags ?? [],
      uid: r.userId,
      ts: iso(r.timestamp),
    })),
  );
