// Annotation queues: define a queue (filter + sampling), fill it from traffic, hand items to
// reviewers one at a time (reserved for a while), store labels as HUMAN scores on the trace,
// and report progress, agreement, disagreements and patterns.
import { randomUUID } from "node:crypto";
import {
  ZAnnotationLabelInput,
  ZAnnotationQueueInput,
  ZPairwiseLabelInput,
  ZPairwiseQueueInput,
  type TAnnotationLabelInput,
  type TAnnotationQueueInput,
  type TPairwiseLabelInput,
  type TPairwiseQueueInput,
  type TScoreConfig,
} from "@yardstick/contracts/annotations";
import { formatZodIssues } from "@yardstick/contracts/ingest";
import { ZTraceFilter, type TTraceFilterParsed } from "@yardstick/contracts/traces";
import {
  checkLabel,
  errorTrigger,
  labelKey,
  leftIsA,
  PREFERENCE_SCORE_CONFIG,
  preferenceFromScreen,
  queueAgreement,
  randomSample,
  stratifiedSample,
  stratumOf,
} from "@yardstick/core/annotations";
import {
  addAnnotationItems,
  countAnnotationItems,
  countAnnotationItemsByStratum,
  countAnnotationItemsSince,
  deleteAnnotationQueueRow,
  findAnnotationItemRow,
  findAnnotationQueueRow,
  findPromptRowByName,
  findPromptVersionRow,
  findTraceWithDetails,
  findUserById,
  insertAnnotationLabel,
  insertAnnotationQueue,
  listAllAnnotationQueueRows,
  listAnnotationLabelRows,
  listAnnotationQueueRows,
  listTraces,
  releaseAnnotationReservation,
  reserveNextAnnotationItem,
  upsertAnnotationGoldItem,
  existingTraceIds,
  type TTraceListRow,
} from "@yardstick/db";
import type { z } from "zod";
import { AppError } from "../errors";
import { fillPairwiseQueue, pairView, preferenceReport } from "./annotations-pairwise";

type TQueueRow = NonNullable<Awaited<ReturnType<typeof findAnnotationQueueRow>>>;

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new AppError("invalid_input", formatZodIssues(r.error), issue ? issue.path.join(".") : undefined);
}

export async function createAnnotationQueue(projectId: string, input: TAnnotationQueueInput) {
  const q = parse(ZAnnotationQueueInput, input);
  const row = await insertAnnotationQueue(projectId, {
    name: q.name,
    description: q.description ?? null,
    filter: q.filter as object,
    sampling: q.sampling,
    rate: q.rate,
    stratifyBy: q.sampling === "stratified" ? (q.stratifyBy ?? null) : null,
    minPerStratum: q.minPerStratum,
    minOutputTokens: q.minOutputTokens ?? null,
    maxOutputTokens: q.maxOutputTokens ?? null,
    scoreName: q.sampling === "low_score" ? (q.scoreName ?? null) : null,
    scoreBelow: q.sampling === "low_score" ? (q.scoreBelow ?? null) : null,
    dailyCap: q.dailyCap,
    reviewersPerItem: q.reviewersPerItem,
    reservationMinutes: q.reservationMinutes,
    scoreConfig: q.scoreConfig,
    issueTags: [...new Set(q.issueTags)],
  });
  if (!row) throw new AppError("conflict", `A queue named "${q.name}" already exists in this project`, "name");
  return row;
}

/**
 * A pairwise queue: the trace filter plus prompt versions A and B, both of this project. Items
 * pair A's and B's traces for the same input; reviewers pick the better output blind.
 */
export async function createPairwiseAnnotationQueue(projectId: string, input: TPairwiseQueueInput) {
  const q = parse(ZPairwiseQueueInput, input);
  for (const side of ["promptA", "promptB"] as const) {
    const ref = q[side];
    const prompt = await findPromptRowByName(projectId, ref.name);
    if (!prompt) throw new AppError("not_found", `No prompt named "${ref.name}" in this project`, `${side}.name`);
    if (!(await findPromptVersionRow(prompt.id, ref.version)))
      throw new AppError("not_found", `Prompt "${ref.name}" has no version ${ref.version}`, `${side}.version`);
  }
  const row = await insertAnnotationQueue(projectId, {
    kind: "pairwise",
    promptAName: q.promptA.name,
    promptAVersion: q.promptA.version,
    promptBName: q.promptB.name,
    promptBVersion: q.promptB.version,
    name: q.name,
    description: q.description ?? null,
    filter: q.filter as object,
    sampling: "random",
    rate: q.rate,
    stratifyBy: null,
    minPerStratum: 0,
    minOutputTokens: null,
    maxOutputTokens: null,
    scoreName: null,
    scoreBelow: null,
    dailyCap: q.dailyCap,
    reviewersPerItem: q.reviewersPerItem,
    reservationMinutes: q.reservationMinutes,
    scoreConfig: PREFERENCE_SCORE_CONFIG,
    issueTags: [...new Set(q.issueTags)],
  });
  if (!row) throw new AppError("conflict", `A queue named "${q.name}" already exists in this project`, "name");
  return row;
}

export const listAnnotationQueues = (projectId: string) => listAnnotationQueueRows(projectId);

export async function requireQueue(projectId: string, queueId: string) {
  const q = await findAnnotationQueueRow(projectId, queueId);
  if (!q) throw new AppError("not_found", "Annotation queue not found", "queueId");
  return q;
}

export async function getAnnotationQueue(projectId: string, queueId: string) {
  const q = await requireQueue(projectId, queueId);
  return { ...q, ...(await countAnnotationItems(projectId, q.id, q.reviewersPerItem)) };
}

export async function deleteAnnotationQueue(projectId: string, queueId: string) {
  if (!(await deleteAnnotationQueueRow(projectId, queueId)))
    throw new AppError("not_found", "Annotation queue not found", "queueId");
}

// ── filling ──

const PAGE = 200;
const MAX_PAGES = 25;
const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/**
 * Adds sampled traces newer than the queue's cursor (at most 5,000 considered per call) under
 * its daily cap, and moves the cursor past what it considered. Deterministic per (queue, trace).
 */
export async function fillAnnotationQueue(projectId: string, queueId: string, now = new Date()) {
  const q = await requireQueue(projectId, queueId);
  return fill(q, now);
}

async function fill(q: TQueueRow, now: Date) {
  if (q.kind === "pairwise") return fillPairwiseQueue(q, now);
  const stored = ZTraceFilter.safeParse(q.filter);
  const base: TTraceFilterParsed = stored.success ? stored.data : {};
  const filter: TTraceFilterParsed = { ...base, to: base.to && base.to < now ? base.to : now };
  if (q.fillCursor && (!filter.from || filter.from <= q.fillCursor)) filter.from = new Date(q.fillCursor.getTime() + 1);
  if (q.sampling === "low_score" && q.scoreName) {
    filter.scoreName = q.scoreName;
    filter.scoreMax = q.scoreBelow ?? 0;
  }
  if (filter.from && filter.to && filter.from >= filter.to) return { considered: 0, added: 0, capped: false };
  const rows: TTraceListRow[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await listTraces(q.projectId, filter, { sort: "timestamp", order: "asc", limit: PAGE, cursor });
    rows.push(...r.traces);
    if (!r.nextCursor) break;
    cursor = r.nextCursor;
  }
  const today = await countAnnotationItemsSince(q.id, startOfUtcDay(now));
  const addedToday = [...today.values()].reduce((s, n) => s + n, 0);
  const room = Math.max(0, q.dailyCap - addedToday);
  let picked: Array<{ id: string; stratum: string | null }>;
  if (q.sampling === "stratified") {
    const cands = rows.map((t) => ({ id: t.id, stratum: stratumOf(t, q.stratifyBy ?? "tags") }));
    picked = stratifiedSample(cands, { rate: q.rate, minPerStratum: q.minPerStratum, already: today }, q.id);
  } else if (q.sampling === "errors") {
    const cands = rows.flatMap((t) => {
      const why = errorTrigger(t, q);
      return why ? [{ id: t.id, stratum: why }] : [];
    });
    picked = randomSample(cands, q.rate, q.id);
  } else {
    picked = randomSample(
      rows.map((t) => ({ id: t.id, stratum: null })),
      q.rate,
      q.id,
    );
  }
  const take = picked.slice(0, room);
  // The cursor moves past everything considered; with the cap reached it stops at the last
  // trace taken, so tomorrow's fill continues from there.
  const capped = picked.length > room;
  const last = capped
    ? (rows.find((r) => r.id === take[take.length - 1]?.id)?.timestamp ?? q.fillCursor)
    : (rows[rows.length - 1]?.timestamp ?? q.fillCursor);
  const added = await addAnnotationItems(
    q.projectId,
    q.id,
    take.map((p) => ({ traceId: p.id, stratum: p.stratum })),
    last ?? null,
  );
  return { considered: rows.length, added, capped };
}

/** The fill job: every queue, one after another; a broken queue does not stop the others. */
export async function fillAllAnnotationQueues(now = new Date()) {
  const out: Array<{ queueId: string; added: number }> = [];
  for (const q of await listAllAnnotationQueueRows(500)) {
    try {
      const r = await fill(q, now);
      out.push({ queueId: q.id, added: r.added });
    } catch (e) {
      console.error(`annotation queue ${q.id} did not fill: ${(e as Error).message}`);
    }
  }
  return out;
}

// ── labelling ──

/** The next item for this reviewer (reserved for the queue's reservation time) with its trace. */
export async function nextAnnotationItem(projectId: string, queueId: string, userId: string) {
  const q = await requireQueue(projectId, queueId);
  if (q.kind === "pairwise")
    throw new AppError("invalid_input", "A pairwise queue hands out pairs (nextPair)", "queueId");
  const itemId = await reserveNextAnnotationItem(projectId, q.id, userId, q.reviewersPerItem, q.reservationMinutes);
  if (!itemId) return { item: null };
  const item = (await findAnnotationItemRow(projectId, q.id, itemId))!;
  const mine = item.reservations.find((r) => r.userId === userId);
  const trace = await findTraceWithDetails(projectId, item.traceId);
  return {
    item: { id: item.id, traceId: item.traceId, stratum: item.stratum, reservedUntil: mine?.expiresAt ?? null },
    trace,
  };
}

/**
 * The next pair for this reviewer (reserved like any item): the shared input and the two outputs
 * as left / right in this reviewer's order. No trace ids: they would tell which side is A.
 */
export async function nextPairwiseItem(projectId: string, queueId: string, userId: string) {
  const q = await requireQueue(projectId, queueId);
  if (q.kind !== "pairwise") throw new AppError("invalid_input", "This queue is not a pairwise queue", "queueId");
  const itemId = await reserveNextAnnotationItem(projectId, q.id, userId, q.reviewersPerItem, q.reservationMinutes);
  if (!itemId) return { item: null, pair: null };
  const item = (await findAnnotationItemRow(projectId, q.id, itemId))!;
  const mine = item.reservations.find((r) => r.userId === userId);
  return {
    item: { id: item.id, reservedUntil: mine?.expiresAt ?? null },
    pair: await pairView(projectId, item, userId),
  };
}

export async function skipAnnotationItem(projectId: string, queueId: string, userId: string, itemId: string) {
  const item = await findAnnotationItemRow(projectId, queueId, itemId);
  if (!item) throw new AppError("not_found", "Item not found in this queue", "itemId");
  await releaseAnnotationReservation(item.id, userId);
}

const DATA_TYPE = { numeric: "NUMERIC", categorical: "CATEGORICAL", boolean: "BOOLEAN" } as const;

export async function labelAnnotationItem(
  projectId: string,
  userId: string,
  input: { queueId: string; itemId: string } & TAnnotationLabelInput,
) {
  const q = await requireQueue(projectId, input.queueId);
  if (q.kind === "pairwise")
    throw new AppError("invalid_input", "A pairwise queue takes a preference (left, right, tie, both bad)", "value");
  const { value, tags, comment } = parse(ZAnnotationLabelInput, {
    value: input.value,
    tags: input.tags,
    comment: input.comment,
  });
  return storeLabel(q, projectId, userId, input.itemId, value, tags, comment ?? null);
}

/**
 * A reviewer's preference on a pair, given as what they saw (left / right); stored as A / B by
 * the same order they were shown, as a `preference` score (source HUMAN) on A's trace.
 */
export async function labelPairwiseItem(
  projectId: string,
  userId: string,
  input: { queueId: string; itemId: string } & TPairwiseLabelInput,
) {
  const q = await requireQueue(projectId, input.queueId);
  if (q.kind !== "pairwise") throw new AppError("invalid_input", "This queue is not a pairwise queue", "queueId");
  const { choice, tags, comment } = parse(ZPairwiseLabelInput, {
    choice: input.choice,
    tags: input.tags,
    comment: input.comment,
  });
  const value = preferenceFromScreen(choice, leftIsA(input.itemId, userId));
  return storeLabel(q, projectId, userId, input.itemId, value, tags, comment ?? null);
}

async function storeLabel(
  q: TQueueRow,
  projectId: string,
  userId: string,
  itemId: string,
  value: unknown,
  tags: string[],
  comment: string | null,
) {
  const config = q.scoreConfig as TScoreConfig;
  const checked = checkLabel(config, value);
  if ("error" in checked) throw new AppError("invalid_input", checked.error, "value");
  const unknownTag = tags.find((t) => !q.issueTags.includes(t));
  if (unknownTag) throw new AppError("invalid_input", `"${unknownTag}" is not one of this queue's issue tags`, "tags");
  const item = await findAnnotationItemRow(projectId, q.id, itemId);
  if (!item) throw new AppError("not_found", "Item not found in this queue", "itemId");
  if (item.labels.some((l) => l.userId === userId))
    throw new AppError("conflict", "You have already labelled this item", "itemId");
  const mine = item.reservations.some((r) => r.userId === userId && r.expiresAt > new Date());
  const othersHolding = item.reservations.filter((r) => r.userId !== userId && r.expiresAt > new Date()).length;
  if (!mine && item.labelCount + othersHolding >= q.reviewersPerItem)
    throw new AppError("conflict", "This item has all the reviewers it needs", "itemId");
  const user = await findUserById(userId);
  const ok = await insertAnnotationLabel({
    projectId,
    queueId: q.id,
    itemId: item.id,
    traceId: item.traceId,
    userId,
    userName: user?.name ?? user?.email ?? null,
    scoreName: config.name,
    dataType: DATA_TYPE[config.type],
    value: checked.value,
    stringValue: checked.stringValue,
    failed: checked.failed,
    tags: [...new Set(tags)],
    comment,
    scoreId: `annotation-${randomUUID()}`,
  });
  if (!ok) throw new AppError("conflict", "You have already labelled this item", "itemId");
  return { itemId: item.id, failed: checked.failed };
}

/**
 * Mixes a hidden gold item into the queue: a trace with a known answer. Reviewers label it like
 * any other item; the report shows each reviewer's accuracy on gold items, and gold items stay
 * out of the patterns and the agreement.
 */
export async function addAnnotationGoldItem(
  projectId: string,
  input: { queueId: string; traceId: string; value: unknown },
) {
  const q = await requireQueue(projectId, input.queueId);
  if (q.kind === "pairwise") throw new AppError("invalid_input", "Gold items are for single-trace queues", "queueId");
  const checked = checkLabel(q.scoreConfig as TScoreConfig, input.value);
  if ("error" in checked) throw new AppError("invalid_input", checked.error, "value");
  const exists = await existingTraceIds(projectId, [input.traceId]);
  if (!exists.has(input.traceId)) throw new AppError("not_found", "Trace not found in this project", "traceId");
  return upsertAnnotationGoldItem(projectId, q.id, input.traceId, {
    value: checked.value,
    stringValue: checked.stringValue,
  });
}

// ── reports ──

export async function annotationQueueReport(projectId: string, queueId: string) {
  const q = await requireQueue(projectId, queueId);
  const [allLabels, counts, strata] = await Promise.all([
    listAnnotationLabelRows(projectId, q.id),
    countAnnotationItems(projectId, q.id, q.reviewersPerItem),
    countAnnotationItemsByStratum(projectId, q.id, q.reviewersPerItem),
  ]);
  const config = q.scoreConfig as TScoreConfig;
  const goldOf = (l: (typeof allLabels)[number]) =>
    l.item.gold as { value: number | null; stringValue: string | null } | null;

  // progress per reviewer, with accuracy on hidden gold items
  const perReviewer = new Map<
    string,
    { userId: string; name: string | null; labels: number; failed: number; gold: number; goldCorrect: number }
  >();
  for (const l of allLabels) {
    const r = perReviewer.get(l.userId) ?? {
      userId: l.userId,
      name: l.userName,
      labels: 0,
      failed: 0,
      gold: 0,
      goldCorrect: 0,
    };
    r.labels++;
    if (l.failed) r.failed++;
    const gold = goldOf(l);
    if (gold) {
      r.gold++;
      if (String(labelKey(gold)) === String(labelKey(l))) r.goldCorrect++;
    }
    perReviewer.set(l.userId, r);
  }
  // Gold items measure reviewers; they stay out of patterns and agreement.
  const labels = allLabels.filter((l) => !goldOf(l));

  // patterns: failure rate, top issue tags with their examples
  const failed = labels.filter((l) => l.failed).length;
  const tagCounts = new Map<
    string,
    { tag: string; count: number; examples: Array<{ traceId: string; comment: string | null }> }
  >();
  for (const l of labels) {
    for (const t of l.tags) {
      const e = tagCounts.get(t) ?? { tag: t, count: 0, examples: [] };
      e.count++;
      if (e.examples.length < 5) e.examples.push({ traceId: l.item.traceId, comment: l.comment });
      tagCounts.set(t, e);
    }
  }
  const byStratum = new Map<string, { stratum: string; labels: number; failed: number }>();
  for (const l of labels) {
    const key = l.item.stratum ?? "(none)";
    const s = byStratum.get(key) ?? { stratum: key, labels: 0, failed: 0 };
    s.labels++;
    if (l.failed) s.failed++;
    byStratum.set(key, s);
  }
  const failingExamples = labels
    .filter((l) => l.failed)
    .slice(-10)
    .reverse()
    .map((l) => ({ traceId: l.item.traceId, tags: l.tags, comment: l.comment, reviewer: l.userName }));

  // agreement and disagreements (items with two or more labels)
  const level = config.type === "numeric" ? "interval" : "nominal";
  const agreement = queueAgreement(
    labels.map((l) => ({ itemId: l.itemId, userId: l.userId, key: labelKey(l) })),
    level,
  );
  const byItem = new Map<string, typeof labels>();
  for (const l of labels) byItem.set(l.itemId, [...(byItem.get(l.itemId) ?? []), l]);
  const disagreements = [...byItem.values()]
    .filter((ls) => ls.length >= 2 && new Set(ls.map((l) => String(labelKey(l)))).size > 1)
    .slice(0, 50)
    .map((ls) => ({
      itemId: ls[0]!.itemId,
      traceId: ls[0]!.item.traceId,
      labels: ls.map((l) => ({
        reviewer: l.userName,
        value: l.stringValue ?? l.value,
        tags: l.tags,
        comment: l.comment,
      })),
    }));

  return {
    queue: { id: q.id, name: q.name, kind: q.kind, reviewersPerItem: q.reviewersPerItem, scoreConfig: config },
    preference: q.kind === "pairwise" ? preferenceReport(q, labels) : null,
    progress: {
      ...counts,
      labels: allLabels.length,
      reviewers: [...perReviewer.values()].map((r) => ({ ...r, goldAccuracy: r.gold ? r.goldCorrect / r.gold : null })),
      strata,
    },
    patterns: {
      labels: labels.length,
      failed,
      failureRate: labels.length ? failed / labels.length : null,
      topTags: [...tagCounts.values()].sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1)),
      byStratum: [...byStratum.values()].sort((a, b) => (a.stratum < b.stratum ? -1 : 1)),
      failingExamples,
    },
    agreement,
    disagreements,
  };
}
