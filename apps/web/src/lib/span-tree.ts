import type { TObservation } from "./trace-types";

export type TSpanRow = { obs: TObservation; depth: number; childCount: number };

const time = (d: Date | string) => new Date(d).getTime();

/**
 * Observations in tree order (depth-first, siblings by start time). An observation whose parent
 * is missing from the trace is shown as a root rather than dropped.
 */
export function buildSpanRows(observations: TObservation[]): TSpanRow[] {
  const ids = new Set(observations.map((o) => o.id));
  const children = new Map<string | null, TObservation[]>();
  for (const o of observations) {
    const parent =
      o.parentObservationId && ids.has(o.parentObservationId) && o.parentObservationId !== o.id
        ? o.parentObservationId
        : null;
    const list = children.get(parent) ?? [];
    list.push(o);
    children.set(parent, list);
  }
  for (const list of children.values())
    list.sort((a, b) => time(a.startTime) - time(b.startTime) || a.id.localeCompare(b.id));
  const rows: TSpanRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const o of children.get(parent) ?? []) {
      if (seen.has(o.id)) continue;
      seen.add(o.id);
      rows.push({ obs: o, depth, childCount: children.get(o.id)?.length ?? 0 });
      walk(o.id, depth + 1);
    }
  };
  walk(null, 0);
  // Anything left is part of a parent cycle: list it at the top level.
  for (const o of observations) if (!seen.has(o.id)) rows.push({ obs: o, depth: 0, childCount: 0 });
  return rows;
}

export type TTimeline = { start: number; end: number };

/** The span of time the waterfall covers: the trace start to the last observation's end. */
export function traceTimeline(
  traceStart: Date | string,
  latencyMs: number | null,
  observations: TObservation[],
): TTimeline {
  let start = time(traceStart);
  let end = start + (latencyMs ?? 0);
  for (const o of observations) {
    start = Math.min(start, time(o.startTime));
    end = Math.max(end, time(o.endTime ?? o.startTime));
  }
  return { start, end: Math.max(end, start + 1) };
}

/** Left offset and width of an observation's bar, as percentages of the timeline. */
export function barPosition(o: TObservation, t: TTimeline): { left: number; width: number } {
  const total = t.end - t.start;
  const s = time(o.startTime);
  const e = o.endTime ? time(o.endTime) : s;
  const left = ((s - t.start) / total) * 100;
  const width = Math.max(((e - s) / total) * 100, 0.6);
  return { left: Math.min(left, 99.4), width: Math.min(width, 100 - Math.min(left, 99.4)) };
}
