import type { CandidateStatus } from "../generated/prisma/enums";
import { getDb, getPool } from "../client";

// The candidate queue (prisma/schema/candidates.prisma). Every query is scoped by projectId.

export type TCandidateStatus = CandidateStatus;

export type TCandidateSource = {
  traceId: string;
  input: unknown;
  output: unknown;
  observationId: string | null;
  model: string | null;
  promptName: string | null;
  promptVersion: number | null;
};

/**
 * What a candidate is made of, per trace: the trace's input and output, else those of the
 * observation the feedback names, else of the trace's last generation; with that generation's
 * model and prompt version.
 */
export async function findCandidateSources(
  projectId: string,
  refs: Array<{ traceId: string; observationId?: string | null }>,
): Promise<Map<string, TCandidateSource>> {
  if (!refs.length) return new Map();
  const { rows } = await getPool().query<{
    ref: string;
    traceId: string;
    tInput: unknown;
    tOutput: unknown;
    gInput: unknown;
    gOutput: unknown;
    observationId: string | null;
    model: string | null;
    promptName: string | null;
    promptVersion: number | null;
  }>(
    `SELECT r.ref, t.id AS "traceId", t.input AS "tInput", t.output AS "tOutput",
            g.input AS "gInput", g.output AS "gOutput", g.id AS "observationId", g.model, g."promptName", g."promptVersion"
       FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS r(tid, oid, ref)
       JOIN "Trace" t ON t."projectId" = $1 AND t.id = r.tid
       LEFT JOIN LATERAL (
         SELECT o.id, o.input, o.output, o.model, o."promptName", o."promptVersion"
           FROM "Observation" o
          WHERE o."projectId" = $1 AND o."traceId" = t.id
            AND (CASE WHEN r.oid IS NOT NULL THEN o.id = r.oid ELSE o.type = 'GENERATION' END)
          ORDER BY o."startTime" DESC LIMIT 1
       ) g ON true`,
    [projectId, refs.map((r) => r.traceId), refs.map((r) => r.observationId ?? null)],
  );
  const out = new Map<string, TCandidateSource>();
  for (const row of rows) {
    const r = refs[Number(row.ref) - 1]!;
    // The trace's own input/output win (what the user saw end to end) unless the feedback names
    // an observation; the generation fills in what the trace lacks.
    const useTrace = !r.observationId && row.tInput !== null;
    out.set(candidateSourceKey(r.traceId, r.observationId), {
      traceId: row.traceId,
      input: useTrace ? row.tInput : (row.gInput ?? row.tInput),
      output: useTrace && row.tOutput !== null ? row.tOutput : (row.gOutput ?? row.tOutput),
      observationId: row.observationId,
      model: row.model,
      promptName: row.promptName,
      promptVersion: row.promptVersion,
    });
  }
  return out;
}

export const candidateSourceKey = (traceId: string, observationId?: string | null) =>
  `${traceId}\u0000${observationId ?? ""}`;

export type TNewOccurrence = {
  kind: "feedback" | "score";
  sourceId: string;
  traceId: string;
  thumbs?: number | null;
  rating?: number | null;
  comment?: string | null;
  tags?: string[];
  scoreName?: string | null;
  scoreValue?: number | null;
  userId?: string | null;
  timestamp: Date;
};

export type TNewCandidate = {
  inputHash: string;
  input: unknown;
  inputText: string;
  output: unknown;
  model: string | null;
  promptName: string | null;
  promptVersion: number | null;
  traceId: string;
  observationId: string | null;
  occurrence: TNewOccurrence;
};

/**
 * Adds each signal to the candidate with its input hash (creating it), once per (kind, sourceId):
 * a signal already recorded changes nothing. A candidate folded into another by the similarity
 * job passes its new signals on to that one. One transaction, a few statements per distinct
 * input rather than per signal. Returns the ids of new candidates.
 */
export async function recordCandidateSignals(
  projectId: string,
  items: TNewCandidate[],
): Promise<{ created: string[]; counted: number }> {
  if (!items.length) return { created: [], counted: 0 };
  return getDb().$transaction(async (tx) => {
    const seen = await tx.candidateOccurrence.findMany({
      where: { projectId, sourceId: { in: [...new Set(items.map((i) => i.occurrence.sourceId))] } },
      select: { kind: true, sourceId: true },
    });
    const done = new Set(seen.map((o) => `${o.kind}\u0000${o.sourceId}`));
    const byHash = new Map<string, TNewCandidate[]>();
    for (const it of items) {
      const k = `${it.occurrence.kind}\u0000${it.occurrence.sourceId}`;
      if (done.has(k)) continue;
      done.add(k);
      byHash.set(it.inputHash, [...(byHash.get(it.inputHash) ?? []), it]);
    }
    if (!byHash.size) return { created: [], counted: 0 };
    const existing = await tx.feedbackCandidate.findMany({
      where: { projectId, inputHash: { in: [...byHash.keys()] } },
      select: { id: true, inputHash: true, status: true, mergedIntoId: true },
    });
    const targetOf = new Map(
      existing.map((c) => [c.inputHash, c.status === "merged" && c.mergedIntoId ? c.mergedIntoId : c.id]),
    );
    const created: string[] = [];
    const occurrences: Array<{ candidateId: string; o: TNewOccurrence }> = [];
    for (const [hash, group] of byHash) {
      const first = group[0]!;
      const times = group.map((g) => +g.occurrence.timestamp);
      const firstSeen = new Date(Math.min(...times));
      const lastSeen = new Date(Math.max(...times));
      let candidateId = targetOf.get(hash);
      if (candidateId) {
        await tx.$executeRaw`
          UPDATE "FeedbackCandidate" SET count = count + ${group.length},
                 "firstSeenAt" = LEAST("firstSeenAt", ${firstSeen}), "lastSeenAt" = GREATEST("lastSeenAt", ${lastSeen}),
                 "updatedAt" = now()
           WHERE id = ${candidateId} AND "projectId" = ${projectId}`;
      } else {
        const row = await tx.feedbackCandidate.create({
          data: {
            projectId,
            inputHash: hash,
            input: first.input as object,
            inputText: first.inputText,
            output: (first.output ?? undefined) as object | undefined,
            model: first.model,
            promptName: first.promptName,
            promptVersion: first.promptVersion,
            traceId: first.traceId,
            observationId: first.observationId,
            count: group.length,
            firstSeenAt: firstSeen,
            lastSeenAt: lastSeen,
          },
          select: { id: true },
        });
        candidateId = row.id;
        created.push(row.id);
      }
      for (const g of group) occurrences.push({ candidateId, o: g.occurrence });
    }
    await tx.candidateOccurrence.createMany({
      data: occurrences.map(({ candidateId, o }) => ({
        projectId,
        candidateId,
        kind: o.kind,
        sourceId: o.sourceId,
        traceId: o.traceId,
        thumbs: o.thumbs ?? null,
        rating: o.rating ?? null,
        comment: o.comment ?? null,
        tags: o.tags ?? [],
        scoreName: o.scoreName ?? null,
        scoreValue: o.scoreValue ?? null,
        userId: o.userId ?? null,
        timestamp: o.timestamp,
      })),
    });
    return { created, counted: occurrences.length };
  });
}

const LIST_SELECT = {
  id: true,
  inputText: true,
  output: true,
  model: true,
  promptName: true,
  promptVersion: true,
  traceId: true,
  status: true,
  count: true,
  firstSeenAt: true,
  lastSeenAt: true,
  similarityMethod: true,
  reviewedByName: true,
  reviewedAt: true,
  rejectReason: true,
  datasetId: true,
  datasetItemKey: true,
  datasetVersion: true,
} as const;

export async function listCandidateRows(
  projectId: string,
  q: { status: CandidateStatus; limit: number; cursor?: string },
) {
  const rows = await getDb().feedbackCandidate.findMany({
    where: { projectId, status: q.status },
    orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor && { cursor: { id: q.cursor }, skip: 1 }),
    select: LIST_SELECT,
  });
  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}

export async function countCandidatesByStatus(projectId: string) {
  const rows = await getDb().feedbackCandidate.groupBy({
    by: ["status"],
    where: { projectId },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Partial<Record<CandidateStatus, number>>;
}

export async function findCandidateRow(projectId: string, id: string) {
  return getDb().feedbackCandidate.findFirst({
    where: { projectId, id },
    select: {
      ...LIST_SELECT,
      input: true,
      observationId: true,
      mergedIntoId: true,
      occurrences: {
        orderBy: { timestamp: "desc" },
        take: 200,
        select: {
          id: true,
          kind: true,
          sourceId: true,
          traceId: true,
          thumbs: true,
          rating: true,
          comment: true,
          tags: true,
          scoreName: true,
          scoreValue: true,
          userId: true,
          timestamp: true,
        },
      },
    },
  });
}

/** Moves an open candidate to promoted/rejected; false when it is not open (someone else was first). */
export async function closeCandidateRow(
  projectId: string,
  id: string,
  data: {
    status: "promoted" | "rejected";
    reviewedById: string;
    reviewedByName: string | null;
    rejectReason?: string | null;
  },
) {
  const res = await getDb().feedbackCandidate.updateMany({
    where: { projectId, id, status: "open" },
    data: { ...data, reviewedAt: new Date() },
  });
  return res.count === 1;
}

export async function setCandidatePromotion(
  projectId: string,
  id: string,
  data: { datasetId: string; datasetItemKey: string; datasetVersion: number | null },
) {
  await getDb().feedbackCandidate.updateMany({ where: { projectId, id }, data });
}

/** Back to open (a promotion that failed after the candidate was claimed; or "reopen"). */
export async function reopenCandidateRow(projectId: string, id: string) {
  const res = await getDb().feedbackCandidate.updateMany({
    where: { projectId, id, status: { in: ["promoted", "rejected"] } },
    data: {
      status: "open",
      reviewedAt: null,
      reviewedById: null,
      reviewedByName: null,
      rejectReason: null,
      datasetId: null,
      datasetItemKey: null,
      datasetVersion: null,
    },
  });
  return res.count === 1;
}

// ── rules ──
export async function listCandidateRuleRows(projectId: string) {
  return getDb().candidateRule.findMany({
    where: { projectId },
    orderBy: { scoreName: "asc" },
    select: { id: true, scoreName: true, below: true, createdAt: true },
  });
}

export async function upsertCandidateRuleRow(projectId: string, scoreName: string, below: number) {
  return getDb().candidateRule.upsert({
    where: { projectId_scoreName: { projectId, scoreName } },
    create: { projectId, scoreName, below },
    update: { below },
    select: { id: true, scoreName: true, below: true, createdAt: true },
  });
}

export async function deleteCandidateRuleRow(projectId: string, id: string) {
  const res = await getDb().candidateRule.deleteMany({ where: { projectId, id } });
  return res.count === 1;
}

// ── similarity dedupe ──
/** Projects with open candidates the similarity job has not looked at yet. */
export async function projectsWithUndedupedCandidates(limit: number) {
  const rows = await getDb().feedbackCandidate.findMany({
    where: { status: "open", dedupedAt: null },
    distinct: ["projectId"],
    select: { projectId: true },
    take: limit,
  });
  return rows.map((r) => r.projectId);
}

export async function listOpenCandidateTexts(projectId: string, limit: number) {
  return getDb().feedbackCandidate.findMany({
    where: { projectId, status: "open" },
    orderBy: [{ firstSeenAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, inputText: true, dedupedAt: true },
  });
}

/**
 * Folds open candidates into `keepId`: their signals move over, counts add up, first/last seen
 * widen; they become `merged`. Marks every listed open candidate as looked at. One transaction.
 */
export async function mergeCandidateRows(
  projectId: string,
  groups: Array<{ keepId: string; mergeIds: string[] }>,
  method: "embedding" | "tf-idf",
  checkedIds: string[],
) {
  await getDb().$transaction(async (tx) => {
    for (const g of groups) {
      const merged = await tx.feedbackCandidate.findMany({
        where: { projectId, id: { in: g.mergeIds }, status: "open" },
        select: { id: true, count: true, firstSeenAt: true, lastSeenAt: true },
      });
      if (!merged.length) continue;
      const ids = merged.map((m) => m.id);
      await tx.candidateOccurrence.updateMany({
        where: { projectId, candidateId: { in: ids } },
        data: { candidateId: g.keepId },
      });
      await tx.$executeRaw`
        UPDATE "FeedbackCandidate" SET count = count + ${merged.reduce((s, m) => s + m.count, 0)},
               "firstSeenAt" = LEAST("firstSeenAt", ${new Date(Math.min(...merged.map((m) => +m.firstSeenAt)))}),
               "lastSeenAt" = GREATEST("lastSeenAt", ${new Date(Math.max(...merged.map((m) => +m.lastSeenAt)))}),
               "similarityMethod" = ${method}, "updatedAt" = now()
         WHERE id = ${g.keepId} AND "projectId" = ${projectId} AND status = 'open'`;
      await tx.feedbackCandidate.updateMany({
        where: { projectId, id: { in: ids } },
        data: { status: "merged", mergedIntoId: g.keepId, similarityMethod: method },
      });
    }
    await tx.feedbackCandidate.updateMany({
      where: { projectId, id: { in: checkedIds }, dedupedAt: null },
      data: { dedupedAt: new Date() },
    });
  });
}

// ── backfill ──
/** Negative feedback of the last `days` days not yet in the queue (oldest first). */
export async function listUnqueuedNegativeFeedback(projectId: string, since: Date, limit: number) {
  const { rows } = await getPool().query<{
    id: string;
    traceId: string;
    observationId: string | null;
    thumbs: number | null;
    rating: number | null;
    comment: string | null;
    tags: string[];
    userId: string | null;
    timestamp: Date;
  }>(
    `SELECT f.id, f."traceId", f."observationId", f.thumbs, f.rating, f.comment, f.tags, f."userId", f."timestamp"
       FROM "Feedback" f
      WHERE f."projectId" = $1 AND f."timestamp" >= $2 AND (f.thumbs = -1 OR f.rating <= 2)
        AND NOT EXISTS (SELECT 1 FROM "CandidateOccurrence" c
                         WHERE c."projectId" = $1 AND c.kind = 'feedback' AND c."sourceId" = f.id)
      ORDER BY f."timestamp" LIMIT $3`,
    [projectId, since, limit],
  );
  return rows;
}
