import type { AnnotationSampling } from "../generated/prisma/enums";
import { getDb, getPool } from "../client";

// Annotation queues (prisma/schema/annotations.prisma). Every query is scoped by projectId.

export type TAnnotationSampling = AnnotationSampling;

const QUEUE_SELECT = {
  id: true,
  projectId: true,
  kind: true,
  promptAName: true,
  promptAVersion: true,
  promptBName: true,
  promptBVersion: true,
  name: true,
  description: true,
  filter: true,
  sampling: true,
  rate: true,
  stratifyBy: true,
  minPerStratum: true,
  minOutputTokens: true,
  maxOutputTokens: true,
  scoreName: true,
  scoreBelow: true,
  dailyCap: true,
  reviewersPerItem: true,
  reservationMinutes: true,
  scoreConfig: true,
  issueTags: true,
  fillCursor: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type TAnnotationQueueData = {
  kind?: "single" | "pairwise";
  promptAName?: string | null;
  promptAVersion?: number | null;
  promptBName?: string | null;
  promptBVersion?: number | null;
  name: string;
  description: string | null;
  filter: object;
  sampling: AnnotationSampling;
  rate: number;
  stratifyBy: string | null;
  minPerStratum: number;
  minOutputTokens: number | null;
  maxOutputTokens: number | null;
  scoreName: string | null;
  scoreBelow: number | null;
  dailyCap: number;
  reviewersPerItem: number;
  reservationMinutes: number;
  scoreConfig: object;
  issueTags: string[];
};

/** Null when the name is taken in the project. */
export async function insertAnnotationQueue(projectId: string, data: TAnnotationQueueData) {
  try {
    return await getDb().annotationQueue.create({ data: { projectId, ...data }, select: QUEUE_SELECT });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return null;
    throw err;
  }
}

export async function deleteAnnotationQueueRow(projectId: string, id: string) {
  const res = await getDb().annotationQueue.deleteMany({ where: { projectId, id } });
  return res.count === 1;
}

export async function findAnnotationQueueRow(projectId: string, id: string) {
  return getDb().annotationQueue.findFirst({ where: { projectId, id }, select: QUEUE_SELECT });
}

export async function listAnnotationQueueRows(projectId: string) {
  const queues = await getDb().annotationQueue.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    select: QUEUE_SELECT,
  });
  if (!queues.length) return [];
  const { rows } = await getPool().query<{ queueId: string; items: number; done: number; labels: number }>(
    `SELECT i."queueId", count(*)::int AS items,
            count(*) FILTER (WHERE i."labelCount" >= q."reviewersPerItem")::int AS done,
            coalesce(sum(i."labelCount"), 0)::int AS labels
       FROM "AnnotationItem" i JOIN "AnnotationQueue" q ON q.id = i."queueId"
      WHERE i."projectId" = $1 GROUP BY i."queueId"`,
    [projectId],
  );
  const stats = new Map(rows.map((r) => [r.queueId, r]));
  return queues.map((q) => ({ ...q, items: stats.get(q.id)?.items ?? 0, done: stats.get(q.id)?.done ?? 0 }));
}

/** Every queue of every project (the fill job). */
export async function listAllAnnotationQueueRows(limit: number) {
  return getDb().annotationQueue.findMany({ orderBy: { updatedAt: "asc" }, take: limit, select: QUEUE_SELECT });
}

/** Items added since `since`, per stratum (daily cap and per-stratum minimum). */
export async function countAnnotationItemsSince(queueId: string, since: Date) {
  const rows = await getDb().annotationItem.groupBy({
    by: ["stratum"],
    where: { queueId, addedAt: { gte: since } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.stratum ?? "(none)", r._count._all]));
}

/** Adds items (existing traces of the queue are skipped) and moves the fill cursor. */
export async function addAnnotationItems(
  projectId: string,
  queueId: string,
  items: Array<{ traceId: string; stratum: string | null }>,
  fillCursor: Date | null,
) {
  return getDb().$transaction(async (tx) => {
    const res = items.length
      ? await tx.annotationItem.createMany({
          data: items.map((i) => ({ projectId, queueId, traceId: i.traceId, stratum: i.stratum })),
          skipDuplicates: true,
        })
      : { count: 0 };
    if (fillCursor) await tx.annotationQueue.updateMany({ where: { id: queueId, projectId }, data: { fillCursor } });
    return res.count;
  });
}

/**
 * Reserves the next item for `userId`: one the user has not labelled, still short of
 * `reviewersPerItem` labels counting live reservations of others; the user's own live
 * reservation comes first. Oldest first. Null when there is nothing left for this user.
 */
export async function reserveNextAnnotationItem(
  projectId: string,
  queueId: string,
  userId: string,
  reviewersPerItem: number,
  reservationMinutes: number,
) {
  const c = await getPool().connect();
  try {
    await c.query("BEGIN");
    const { rows } = await c.query<{ id: string }>(
      `SELECT i.id FROM "AnnotationItem" i
        WHERE i."projectId" = $1 AND i."queueId" = $2
          AND NOT EXISTS (SELECT 1 FROM "AnnotationLabel" l WHERE l."itemId" = i.id AND l."userId" = $3)
          AND (EXISTS (SELECT 1 FROM "AnnotationReservation" r WHERE r."itemId" = i.id AND r."userId" = $3 AND r."expiresAt" > now())
               OR i."labelCount" + (SELECT count(*) FROM "AnnotationReservation" r
                                     WHERE r."itemId" = i.id AND r."userId" <> $3 AND r."expiresAt" > now()) < $4)
        ORDER BY EXISTS (SELECT 1 FROM "AnnotationReservation" r WHERE r."itemId" = i.id AND r."userId" = $3 AND r."expiresAt" > now()) DESC,
                 i."addedAt", i.id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
      [projectId, queueId, userId, reviewersPerItem],
    );
    const id = rows[0]?.id;
    if (id) {
      await c.query(
        `INSERT INTO "AnnotationReservation" ("itemId", "userId", "expiresAt")
         VALUES ($1, $2, now() + make_interval(mins => $3))
         ON CONFLICT ("itemId", "userId") DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt"`,
        [id, userId, reservationMinutes],
      );
    }
    await c.query("COMMIT");
    return id ?? null;
  } catch (err) {
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}

export async function findAnnotationItemRow(projectId: string, queueId: string, itemId: string) {
  return getDb().annotationItem.findFirst({
    where: { projectId, queueId, id: itemId },
    select: {
      id: true,
      traceId: true,
      traceIdB: true,
      stratum: true,
      labelCount: true,
      addedAt: true,
      reservations: { select: { userId: true, expiresAt: true } },
      labels: { select: { userId: true } },
    },
  });
}

export async function releaseAnnotationReservation(itemId: string, userId: string) {
  await getDb().annotationReservation.deleteMany({ where: { itemId, userId } });
}

/**
 * Stores a label and its Score on the trace (source HUMAN) in one transaction; false when this
 * user already labelled the item (nothing written).
 */
export async function insertAnnotationLabel(data: {
  projectId: string;
  queueId: string;
  itemId: string;
  traceId: string;
  userId: string;
  userName: string | null;
  scoreName: string;
  dataType: "NUMERIC" | "CATEGORICAL" | "BOOLEAN";
  value: number | null;
  stringValue: string | null;
  failed: boolean;
  tags: string[];
  comment: string | null;
  scoreId: string;
}) {
  try {
    await getDb().$transaction(async (tx) => {
      await tx.annotationLabel.create({
        data: {
          itemId: data.itemId,
          queueId: data.queueId,
          projectId: data.projectId,
          userId: data.userId,
          userName: data.userName,
          value: data.value,
          stringValue: data.stringValue,
          failed: data.failed,
          tags: data.tags,
          comment: data.comment,
          scoreId: data.scoreId,
        },
      });
      const comment = [data.tags.length ? `[${data.tags.join(", ")}]` : "", data.comment ?? ""].join(" ").trim();
      await tx.score.create({
        data: {
          projectId: data.projectId,
          id: data.scoreId,
          traceId: data.traceId,
          name: data.scoreName,
          value: data.value,
          stringValue: data.stringValue,
          dataType: data.dataType,
          source: "HUMAN",
          comment: comment || null,
          timestamp: new Date(),
        },
      });
      await tx.annotationItem.update({ where: { id: data.itemId }, data: { labelCount: { increment: 1 } } });
      await tx.annotationReservation.deleteMany({ where: { itemId: data.itemId, userId: data.userId } });
    });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}

export async function listAnnotationLabelRows(projectId: string, queueId: string, limit = 20_000) {
  return getDb().annotationLabel.findMany({
    where: { projectId, queueId },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: {
      id: true,
      itemId: true,
      userId: true,
      userName: true,
      value: true,
      stringValue: true,
      failed: true,
      tags: true,
      comment: true,
      createdAt: true,
      item: { select: { traceId: true, stratum: true, gold: true } },
    },
  });
}

export async function countAnnotationItems(projectId: string, queueId: string, reviewersPerItem: number) {
  const [items, done] = await Promise.all([
    getDb().annotationItem.count({ where: { projectId, queueId } }),
    getDb().annotationItem.count({ where: { projectId, queueId, labelCount: { gte: reviewersPerItem } } }),
  ]);
  return { items, done };
}

/** Items per stratum, and how many have all their labels. */
export async function countAnnotationItemsByStratum(projectId: string, queueId: string, reviewersPerItem: number) {
  const { rows } = await getPool().query<{ stratum: string | null; items: number; done: number }>(
    `SELECT stratum, count(*)::int AS items, count(*) FILTER (WHERE "labelCount" >= $3)::int AS done
       FROM "AnnotationItem" WHERE "projectId" = $1 AND "queueId" = $2 GROUP BY stratum ORDER BY stratum NULLS LAST`,
    [projectId, queueId, reviewersPerItem],
  );
  return rows.map((r) => ({ stratum: r.stratum ?? "(none)", items: r.items, done: r.done }));
}

/** Adds a trace as a hidden gold item (or marks the queue's item for it as gold). */
export async function upsertAnnotationGoldItem(projectId: string, queueId: string, traceId: string, gold: object) {
  return getDb().annotationItem.upsert({
    where: { queueId_traceId: { queueId, traceId } },
    create: { projectId, queueId, traceId, stratum: null, gold },
    update: { gold },
    select: { id: true, traceId: true },
  });
}

/** Trace ids of a pairwise queue already used on either side (so a refill pairs only new ones). */
export async function pairedTraceIds(projectId: string, queueId: string) {
  const rows = await getDb().annotationItem.findMany({
    where: { projectId, queueId },
    select: { traceId: true, traceIdB: true },
  });
  return new Set(rows.flatMap((r) => (r.traceIdB ? [r.traceId, r.traceIdB] : [r.traceId])));
}

/** Adds pairs (A trace, B trace) as items of a pairwise queue; a trace already used is skipped. */
export async function addAnnotationPairs(
  projectId: string,
  queueId: string,
  pairs: Array<{ traceIdA: string; traceIdB: string }>,
) {
  if (!pairs.length) return 0;
  const res = await getDb().annotationItem.createMany({
    data: pairs.map((p) => ({ projectId, queueId, traceId: p.traceIdA, traceIdB: p.traceIdB, stratum: null })),
    skipDuplicates: true,
  });
  return res.count;
}

/** Full input and output of some traces of a project (pairing and the blind pair view). */
export async function traceInputsOutputs(projectId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  return getDb().trace.findMany({
    where: { projectId, id: { in: [...ids] } },
    select: { id: true, timestamp: true, input: true, output: true },
  });
}
