// Pairwise annotation queues: fill by pairing traces of prompt versions A and B with the same
// input, show a reviewer the two outputs blind (order fixed per item and reviewer), and report
// B's win rate over A. Queue creation and labelling live with the other queue services.
import { ZTraceFilter, type TTraceFilterParsed } from "@yardstick/contracts/traces";
import { leftIsA, pairTraces, preferenceSummary, randomSample, type TPreference } from "@yardstick/core/annotations";
import {
  addAnnotationPairs,
  countAnnotationItemsSince,
  listTraces,
  pairedTraceIds,
  traceInputsOutputs,
} from "@yardstick/db";
import type { findAnnotationQueueRow } from "@yardstick/db";

type TQueueRow = NonNullable<Awaited<ReturnType<typeof findAnnotationQueueRow>>>;

const PAGE = 200;
const MAX_PAGES = 10;
const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

async function traceIdsOf(q: TQueueRow, filter: TTraceFilterParsed, name: string, version: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await listTraces(
      q.projectId,
      { ...filter, promptName: name, promptVersion: version },
      { sort: "timestamp", order: "asc", limit: PAGE, cursor },
    );
    ids.push(...r.traces.map((t) => t.id));
    if (!r.nextCursor) break;
    cursor = r.nextCursor;
  }
  return ids;
}

/**
 * Pairs traces of A and B (the queue's filter, at most 2,000 each) that saw the same normalised
 * input and are not in the queue yet, samples pairs at the queue's rate and adds them under the
 * daily cap. No cursor: a partner may arrive days later. Deterministic per (queue, input).
 */
export async function fillPairwiseQueue(q: TQueueRow, now: Date) {
  const stored = ZTraceFilter.safeParse(q.filter);
  const base: TTraceFilterParsed = stored.success ? stored.data : {};
  const filter: TTraceFilterParsed = { ...base, to: base.to && base.to < now ? base.to : now };
  const [idsA, idsB, used, today] = await Promise.all([
    traceIdsOf(q, filter, q.promptAName ?? "", q.promptAVersion ?? 0),
    traceIdsOf(q, filter, q.promptBName ?? "", q.promptBVersion ?? 0),
    pairedTraceIds(q.projectId, q.id),
    countAnnotationItemsSince(q.id, startOfUtcDay(now)),
  ]);
  const fresh = (ids: string[]) => ids.filter((id) => !used.has(id));
  const [a, b] = await Promise.all([
    traceInputsOutputs(q.projectId, fresh(idsA)),
    traceInputsOutputs(q.projectId, fresh(idsB)),
  ]);
  // a trace run under both versions cannot stand on both sides
  const inA = new Set(idsA);
  const bOnly = b.filter((t) => !inA.has(t.id));
  const pairs = pairTraces(a, bOnly, q.id);
  const sampled = randomSample(
    pairs.map((p) => ({ ...p, id: p.inputKey, stratum: null })),
    q.rate,
    q.id,
  );
  const addedToday = [...today.values()].reduce((s, n) => s + n, 0);
  const room = Math.max(0, q.dailyCap - addedToday);
  const added = await addAnnotationPairs(q.projectId, q.id, sampled.slice(0, room));
  return { considered: a.length + b.length, added, capped: sampled.length > room };
}

/**
 * What a reviewer sees of a pair: the shared input and two outputs, left and right, with no
 * trace ids or prompt versions (they would reveal which side is A).
 */
export async function pairView(
  projectId: string,
  item: { id: string; traceId: string; traceIdB: string | null },
  userId: string,
) {
  const rows = await traceInputsOutputs(projectId, [item.traceId, item.traceIdB ?? ""]);
  const a = rows.find((r) => r.id === item.traceId);
  const b = rows.find((r) => r.id === item.traceIdB);
  const aLeft = leftIsA(item.id, userId);
  return {
    input: a?.input ?? b?.input ?? null,
    left: (aLeft ? a?.output : b?.output) ?? null,
    right: (aLeft ? b?.output : a?.output) ?? null,
  };
}

/** B's win rate over A from the stored preferences (gold items already left out). */
export function preferenceReport(
  q: TQueueRow,
  labels: ReadonlyArray<{ userId: string; userName: string | null; stringValue: string | null }>,
) {
  const prefs = labels.map((l) => l.stringValue as TPreference);
  const perReviewer = new Map<string, { userId: string; name: string | null; prefs: TPreference[] }>();
  for (const l of labels) {
    const r = perReviewer.get(l.userId) ?? { userId: l.userId, name: l.userName, prefs: [] };
    r.prefs.push(l.stringValue as TPreference);
    perReviewer.set(l.userId, r);
  }
  return {
    promptA: { name: q.promptAName, version: q.promptAVersion },
    promptB: { name: q.promptBName, version: q.promptBVersion },
    ...preferenceSummary(prefs),
    reviewers: [...perReviewer.values()].map((r) => {
      const s = preferenceSummary(r.prefs);
      return {
        userId: r.userId,
        name: r.name,
        labels: s.n,
        winsA: s.winsA,
        winsB: s.winsB,
        ties: s.ties,
        bothBad: s.bothBad,
      };
    }),
  };
}
