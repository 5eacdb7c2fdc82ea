// The candidate queue: negative feedback becomes candidate eval cases, deduplicated, which a
// reviewer promotes into a dataset (a new version, with provenance) or rejects.
import { createHash } from "node:crypto";
import type { TFeedbackRow, TScoreRow } from "@yardstick/contracts/ingest-rows";
import type { TDatasetPartition } from "@yardstick/core/datasets";
import {
  brokenRule,
  candidateInputText,
  isNegativeFeedback,
  normaliseCandidateText,
  type TCandidateRule,
} from "@yardstick/core/feedback";
import {
  candidateSourceKey,
  closeCandidateRow,
  countCandidatesByStatus,
  deleteCandidateRuleRow,
  findCandidateRow,
  findCandidateSources,
  findUserById,
  listCandidateRows,
  listCandidateRuleRows,
  listUnqueuedNegativeFeedback,
  recordCandidateSignals,
  reopenCandidateRow,
  setCandidatePromotion,
  upsertCandidateRuleRow,
  type TCandidateStatus,
  type TNewCandidate,
  type TNewOccurrence,
} from "@yardstick/db";
import { AppError } from "../errors";
import { addDatasetItem, requireDataset } from "./datasets";

/** sha256 of the normalised input text: the cheap, exact dedupe key. */
export function candidateInputHash(inputText: string): string {
  return createHash("sha256").update(normaliseCandidateText(inputText)).digest("hex");
}

// Rules change rarely; a short cache keeps them off the ingest path (as model prices are).
const RULES_TTL_MS = 30_000;
const rulesCache = new Map<string, { at: number; rules: TCandidateRule[] }>();
async function rulesFor(projectId: string): Promise<TCandidateRule[]> {
  const hit = rulesCache.get(projectId);
  if (hit && Date.now() - hit.at < RULES_TTL_MS) return hit.rules;
  const rules = (await listCandidateRuleRows(projectId)).map((r) => ({ scoreName: r.scoreName, below: r.below }));
  rulesCache.set(projectId, { at: Date.now(), rules });
  return rules;
}

type TSignal = { observationId?: string | null; occurrence: TNewOccurrence };

/**
 * Puts the traces behind negative signals into the candidate queue: thumbs down, a rating ≤ 2, or
 * a numeric score under one of the project's rules. Signals for traces that do not exist (yet)
 * are skipped; the backfill picks feedback up later. Returns the ids of new candidates.
 */
export async function queueCandidatesFromSignals(
  projectId: string,
  rows: { feedback: readonly TFeedbackRow[]; scores: readonly TScoreRow[] },
): Promise<{ created: string[]; counted: number }> {
  const signals: TSignal[] = [];
  for (const f of rows.feedback) {
    if (!isNegativeFeedback(f)) continue;
    signals.push({
      observationId: f.observationId ?? null,
      occurrence: {
        kind: "feedback",
        sourceId: f.id,
        traceId: f.traceId,
        thumbs: f.thumbs ?? null,
        rating: f.rating ?? null,
        comment: f.comment ?? null,
        tags: f.tags ?? [],
        userId: f.userId ?? null,
        timestamp: f.timestamp,
      },
    });
  }
  const numeric = rows.scores.filter((s) => typeof s.value === "number" && s.dataType === "NUMERIC");
  if (numeric.length) {
    const rules = await rulesFor(projectId);
    for (const s of numeric) {
      const rule = brokenRule({ name: s.name, value: s.value ?? null }, rules);
      if (!rule) continue;
      signals.push({
        observationId: s.observationId ?? null,
        occurrence: {
          kind: "score",
          sourceId: s.id,
          traceId: s.traceId,
          scoreName: s.name,
          scoreValue: s.value ?? null,
          comment: s.comment ?? `${s.name} ${s.value} < ${rule.below}`,
          timestamp: s.timestamp,
        },
      });
    }
  }
  return recordSignals(projectId, signals);
}

async function recordSignals(projectId: string, signals: TSignal[]) {
  if (!signals.length) return { created: [], counted: 0 };
  const sources = await findCandidateSources(
    projectId,
    signals.map((s) => ({ traceId: s.occurrence.traceId, observationId: s.observationId })),
  );
  const items: TNewCandidate[] = [];
  for (const s of signals) {
    const src = sources.get(candidateSourceKey(s.occurrence.traceId, s.observationId));
    if (!src || src.input === null || src.input === undefined) continue;
    const inputText = candidateInputText(src.input);
    items.push({
      inputHash: candidateInputHash(inputText),
      input: src.input,
      inputText,
      output: src.output ?? null,
      model: src.model,
      promptName: src.promptName,
      promptVersion: src.promptVersion,
      traceId: src.traceId,
      observationId: src.observationId,
      occurrence: s.occurrence,
    });
  }
  return recordCandidateSignals(projectId, items);
}

/** Queues negative feedback of the last `days` days that is not in the queue yet (at most `limit`). */
export async function backfillCandidates(projectId: string, input: { days: number; limit?: number }) {
  const since = new Date(Date.now() - input.days * 86_400_000);
  const rows = await listUnqueuedNegativeFeedback(projectId, since, input.limit ?? 5000);
  const res = await queueCandidatesFromSignals(projectId, {
    feedback: rows.map((r) => ({
      id: r.id,
      traceId: r.traceId,
      ...(r.observationId && { observationId: r.observationId }),
      ...(r.thumbs !== null && { thumbs: r.thumbs as 1 | -1 }),
      ...(r.rating !== null && { rating: r.rating }),
      ...(r.comment !== null && { comment: r.comment }),
      tags: r.tags,
      ...(r.userId !== null && { userId: r.userId }),
      timestamp: r.timestamp,
    })),
    scores: [],
  });
  return { scanned: rows.length, ...res };
}

// ── review ──

export async function listCandidates(
  projectId: string,
  q: { status: TCandidateStatus; cursor?: string; limit?: number },
) {
  const [page, counts] = await Promise.all([
    listCandidateRows(projectId, { status: q.status, limit: q.limit ?? 50, ...(q.cursor && { cursor: q.cursor }) }),
    countCandidatesByStatus(projectId),
  ]);
  return {
    ...page,
    counts: { open: counts.open ?? 0, promoted: counts.promoted ?? 0, rejected: counts.rejected ?? 0 },
  };
}

export async function getCandidate(projectId: string, candidateId: string) {
  const row = await findCandidateRow(projectId, candidateId);
  if (!row) throw new AppError("not_found", "Candidate not found", "candidateId");
  const traces = [...new Set(row.occurrences.map((o) => o.traceId))];
  return { ...row, traceIds: traces };
}

async function reviewer(userId: string) {
  const u = await findUserById(userId);
  return { id: userId, name: u?.name ?? u?.email ?? null };
}

/**
 * Promotes an open candidate into a dataset: a new dataset version with the item (input, expected
 * output or null for judge-only, partition) and its provenance. The candidate is claimed first, so
 * two reviewers cannot promote it twice; if writing the version fails the claim is undone.
 */
export async function promoteCandidate(
  projectId: string,
  userId: string,
  input: {
    candidateId: string;
    datasetId: string;
    partition: TDatasetPartition;
    expectedOutput: string | null;
    tags?: string[];
  },
) {
  const cand = await findCandidateRow(projectId, input.candidateId);
  if (!cand) throw new AppError("not_found", "Candidate not found", "candidateId");
  await requireDataset(projectId, input.datasetId).catch(() => {
    throw new AppError("not_found", "Dataset not found in this project", "datasetId");
  });
  if (cand.status !== "open") throw new AppError("conflict", `This candidate is already ${cand.status}`, "candidateId");
  const who = await reviewer(userId);
  if (
    !(await closeCandidateRow(projectId, cand.id, {
      status: "promoted",
      reviewedById: who.id,
      reviewedByName: who.name,
    }))
  )
    throw new AppError("conflict", "Another reviewer closed this candidate first", "candidateId");
  const feedback = cand.occurrences.slice(0, 20).map((o) => ({
    kind: o.kind,
    traceId: o.traceId,
    ...(o.thumbs !== null && { thumbs: o.thumbs === -1 ? "down" : "up" }),
    ...(o.rating !== null && { rating: o.rating }),
    ...(o.comment && { comment: o.comment }),
    ...(o.tags.length && { tags: o.tags }),
    ...(o.scoreName && { score: { name: o.scoreName, value: o.scoreValue } }),
    timestamp: o.timestamp.toISOString(),
  }));
  try {
    const res = await addDatasetItem(projectId, userId, {
      datasetId: input.datasetId,
      message: `Promote feedback candidate (${cand.count} report${cand.count === 1 ? "" : "s"})`,
      item: {
        input: cand.input,
        expectedOutput: input.expectedOutput,
        partition: input.partition,
        tags: input.tags ?? [],
        metadata: {
          ...(cand.model && { model: cand.model }),
          ...(cand.promptName && { promptName: cand.promptName, promptVersion: cand.promptVersion }),
          ...(cand.output !== null && { observedOutput: cand.output }),
        },
        source: "feedback",
        provenance: {
          projectId,
          traceId: cand.traceId,
          ...(cand.observationId && { observationId: cand.observationId }),
          candidateId: cand.id,
          count: cand.count,
          firstSeenAt: cand.firstSeenAt.toISOString(),
          lastSeenAt: cand.lastSeenAt.toISOString(),
          feedback,
          reviewer: { id: who.id, name: who.name },
          reviewedAt: new Date().toISOString(),
        },
      },
    });
    await setCandidatePromotion(projectId, cand.id, {
      datasetId: input.datasetId,
      datasetItemKey: res.itemId,
      datasetVersion: res.version?.version ?? null,
    });
    return { candidateId: cand.id, itemId: res.itemId, version: res.version?.version ?? null };
  } catch (err) {
    await reopenCandidateRow(projectId, cand.id);
    throw err;
  }
}

export async function rejectCandidate(
  projectId: string,
  userId: string,
  input: { candidateId: string; reason: string },
) {
  const cand = await findCandidateRow(projectId, input.candidateId);
  if (!cand) throw new AppError("not_found", "Candidate not found", "candidateId");
  if (cand.status !== "open") throw new AppError("conflict", `This candidate is already ${cand.status}`, "candidateId");
  const who = await reviewer(userId);
  const ok = await closeCandidateRow(projectId, cand.id, {
    status: "rejected",
    reviewedById: who.id,
    reviewedByName: who.name,
    rejectReason: input.reason,
  });
  if (!ok) throw new AppError("conflict", "Another reviewer closed this candidate first", "candidateId");
  return { candidateId: cand.id };
}

/** A rejected candidate back to open (a promoted one stays: its item is in a dataset version). */
export async function reopenCandidate(projectId: string, input: { candidateId: string }) {
  const cand = await findCandidateRow(projectId, input.candidateId);
  if (!cand) throw new AppError("not_found", "Candidate not found", "candidateId");
  if (cand.status !== "rejected")
    throw new AppError("conflict", "Only a rejected candidate can be reopened", "candidateId");
  await reopenCandidateRow(projectId, cand.id);
  return { candidateId: cand.id };
}

// ── rules ──
export const listCandidateRules = (projectId: string) => listCandidateRuleRows(projectId);

export async function setCandidateRule(projectId: string, input: { scoreName: string; below: number }) {
  const row = await upsertCandidateRuleRow(projectId, input.scoreName, input.below);
  rulesCache.delete(projectId);
  return row;
}

export async function deleteCandidateRule(projectId: string, input: { ruleId: string }) {
  if (!(await deleteCandidateRuleRow(projectId, input.ruleId)))
    throw new AppError("not_found", "Rule not found", "ruleId");
  rulesCache.delete(projectId);
}
