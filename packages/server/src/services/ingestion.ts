import { randomUUID } from "node:crypto";
import {
  ZIngestionEvent,
  ZIngestionRequest,
  formatZodIssues,
  type TIngestionEvent,
  type TIngestionResponse,
} from "@yardstick/contracts/ingest";
import { mergeIngestionEvents } from "@yardstick/core/ingest";
import { computeCost, createPriceResolver, matchPatternProblem } from "@yardstick/core/cost";
import {
  existingTraceIds,
  ingestBatch,
  ingestCreateOnly,
  linkTraceAssignments,
  listProjectModelPrices,
  type TCostFn,
} from "@yardstick/db";
import type { TFeedbackRow, TScoreRow } from "@yardstick/contracts/ingest-rows";
import { AppError } from "../errors";
import type { TAuthenticatedKey } from "./api-keys";
import { queueCandidatesFromSignals } from "./candidates";

const FEEDBACK_KEY_TYPES = new Set<TIngestionEvent["type"]>(["feedback-create", "score-create"]);

// Project price rows change rarely; a short cache keeps them off the hot path.
const PRICE_TTL_MS = 30_000;
const priceCache = new Map<string, { at: number; resolve: ReturnType<typeof createPriceResolver> }>();

export function invalidateProjectPrices(projectId: string): void {
  priceCache.delete(projectId);
}

// Rows saved before patterns ran on RE2 may use a lookahead or backreference: they match nothing,
// and each is reported once per process (price rows are never edited, so a row is checked once).
const checkedPriceRows = new Set<string>();
function reportUnusablePatterns(projectId: string, rows: ReadonlyArray<{ id: string; matchPattern: string }>): void {
  for (const row of rows) {
    if (checkedPriceRows.has(row.id)) continue;
    checkedPriceRows.add(row.id);
    const problem = matchPatternProblem(row.matchPattern);
    if (problem) {
      console.warn(
        `model price ${row.id} (project ${projectId}): match pattern ${JSON.stringify(row.matchPattern)} matches nothing: ${problem.reason}`,
      );
    }
  }
}

async function costFnFor(projectId: string): Promise<TCostFn> {
  let entry = priceCache.get(projectId);
  if (!entry || Date.now() - entry.at > PRICE_TTL_MS) {
    const rows = await listProjectModelPrices(projectId);
    reportUnusablePatterns(projectId, rows);
    entry = { at: Date.now(), resolve: createPriceResolver(rows) };
    priceCache.set(projectId, entry);
  }
  const { resolve } = entry;
  return (g) => {
    const price = resolve(g.model, g.startTime);
    if (!price) return undefined;
    return computeCost(
      {
        inputTokens: g.inputTokens ?? 0,
        outputTokens: g.outputTokens ?? 0,
        cacheReadTokens: g.cacheReadTokens ?? 0,
        cacheWriteTokens: g.cacheWriteTokens ?? 0,
      },
      price,
    );
  };
}

function rawEventId(raw: unknown, index: number): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === "string" && id.length > 0 && id.length <= 200 ? id : `#${index}`;
}

type TStoredSignals = { feedback: TFeedbackRow[]; scores: TScoreRow[] };

/**
 * Feeds newly stored feedback and scores to the candidate queue. The events are acknowledged
 * already, so a failure here is logged, not answered: the backfill (Candidates page) catches up.
 */
async function queueCandidates(projectId: string, stored: TStoredSignals) {
  if (!stored.feedback.length && !stored.scores.length) return;
  try {
    await queueCandidatesFromSignals(projectId, stored);
  } catch (err) {
    console.error(`candidate queue (project ${projectId}): ${(err as Error).message}`);
  }
}

/**
 * A browser-safe feedback key may only create: reusing the id of a stored score or feedback, or
 * of one earlier in the batch, is a 409 for that event and changes nothing (an ingest key upserts).
 */
async function createOnly(
  projectId: string,
  events: TIngestionEvent[],
  response: TIngestionResponse,
  stored: TStoredSignals,
) {
  const conflict = (eventId: string, kind: string, id: string) =>
    response.errors.push({
      id: eventId,
      status: 409,
      message: `body.id: ${kind} '${id}' already exists; a feedback key may only create`,
    });
  const claimed = new Set<string>();
  const items: Array<Parameters<typeof ingestCreateOnly>[1][number] & { kind: string; id: string }> = [];
  for (const e of events) {
    const id = (e.body as { id?: string }).id ?? randomUUID();
    const kind = e.type === "score-create" ? "score" : "feedback";
    if (claimed.has(`${kind}:${id}`)) {
      conflict(e.id, kind, id);
      continue;
    }
    claimed.add(`${kind}:${id}`);
    const rows = mergeIngestionEvents([e], () => id);
    items.push({ eventId: e.id, kind, id, score: rows.scores[0], feedback: rows.feedback[0] });
  }
  const { fresh, conflicts } = await ingestCreateOnly(projectId, items);
  for (const i of items) {
    if (conflicts.has(i.eventId)) conflict(i.eventId, i.kind, i.id);
    else response.successes.push({ id: i.eventId, status: fresh.has(i.eventId) ? 201 : 200 });
    if (fresh.has(i.eventId)) {
      if (i.feedback) stored.feedback.push(i.feedback);
      if (i.score) stored.scores.push(i.score);
    }
  }
}

/** A trace-create's `assignmentIds` become links (online experiments), not a trace column. */
function withoutAssignmentIds(e: TIngestionEvent): TIngestionEvent {
  if (e.type !== "trace-create" || !e.body.assignmentIds) return e;
  const { assignmentIds: _ignored, ...body } = e.body;
  return { ...e, body };
}

function traceAssignmentLinks(events: TIngestionEvent[]): Array<{ traceId: string; assignmentId: string }> {
  const out: Array<{ traceId: string; assignmentId: string }> = [];
  for (const e of events) {
    if (e.type !== "trace-create" || !e.body.assignmentIds?.length || !e.body.id) continue;
    for (const assignmentId of e.body.assignmentIds) out.push({ traceId: e.body.id, assignmentId });
  }
  return out;
}

/**
 * Validates each event on its own, stores the valid ones in one transaction and answers 207
 * with per-event results. A whole-request problem throws AppError invalid_input (400); a database
 * failure propagates so the route answers 503 and nothing is acknowledged.
 */
export async function ingestEvents(
  key: TAuthenticatedKey,
  body: unknown,
  hooks: { onTracesEnded?: (traceIds: string[]) => Promise<void> } = {},
): Promise<TIngestionResponse> {
  const envelope = ZIngestionRequest.safeParse(body);
  if (!envelope.success) throw new AppError("invalid_input", `Invalid request: ${formatZodIssues(envelope.error)}`);

  const response: TIngestionResponse = { successes: [], errors: [] };
  const valid: TIngestionEvent[] = [];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  envelope.data.batch.forEach((raw, i) => {
    const parsed = ZIngestionEvent.safeParse(raw);
    if (!parsed.success) {
      response.errors.push({
        id: rawEventId(raw, i),
        status: 400,
        message: formatZodIssues(parsed.error, `batch.${i}`),
      });
      return;
    }
    const e = parsed.data;
    if (!key.scopes.includes("ingest") && !FEEDBACK_KEY_TYPES.has(e.type)) {
      response.errors.push({ id: e.id, status: 403, message: `A feedback key may not send '${e.type}' events` });
      return;
    }
    if (seen.has(e.id)) {
      duplicates.push(e.id); // same event twice in one batch: stored once
      return;
    }
    seen.add(e.id);
    valid.push(e);
  });

  // A browser-safe feedback key may only attach to traces that exist in its project.
  let accepted = valid;
  if (!key.scopes.includes("ingest") && valid.length) {
    const traceIds = valid.map((e) => (e.body as { traceId: string }).traceId);
    const existing = await existingTraceIds(key.projectId, [...new Set(traceIds)]);
    accepted = valid.filter((e) => {
      const ok = existing.has((e.body as { traceId: string }).traceId);
      if (!ok)
        response.errors.push({ id: e.id, status: 404, message: "body.traceId: trace not found in this project" });
      return ok;
    });
  }

  const stored: TStoredSignals = { feedback: [], scores: [] };
  if (!key.scopes.includes("ingest")) {
    await createOnly(key.projectId, accepted, response, stored);
  } else if (accepted.length) {
    const costFn = await costFnFor(key.projectId);
    const { fresh } = await ingestBatch(
      key.projectId,
      accepted.map((e) => e.id),
      (freshIds) => {
        const rows = mergeIngestionEvents(
          accepted.filter((e) => freshIds.has(e.id)).map(withoutAssignmentIds),
          randomUUID,
        );
        stored.feedback = rows.feedback;
        stored.scores = rows.scores;
        return rows;
      },
      costFn,
    );
    // Links are idempotent (ON CONFLICT DO NOTHING), so a retried batch writes them again safely.
    await linkTraceAssignments(key.projectId, traceAssignmentLinks(accepted));
    for (const e of accepted) response.successes.push({ id: e.id, status: fresh.has(e.id) ? 201 : 200 });
  }
  for (const id of duplicates) response.successes.push({ id, status: 200 });
  await queueCandidates(key.projectId, stored);
  if (hooks.onTracesEnded && key.scopes.includes("ingest")) {
    // Stored end markers (trace.end()): online evaluators judge these traces without the idle wait.
    const ended = accepted
      .filter((e) => e.type === "trace-create" && e.body.endTime && e.body.id)
      .map((e) => e.body.id!);
    if (ended.length) await hooks.onTracesEnded([...new Set(ended)]);
  }
  return response;
}
