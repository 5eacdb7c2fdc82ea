import { getDb } from "../client";

const SESSION_SELECT = {
  id: true,
  userId: true,
  createdAt: true,
  lastSeenAt: true,
  userAgent: true,
  ip: true,
  revokedAt: true,
} as const;

export async function insertUserSession(data: { userId: string; userAgent: string | null; ip: string | null }) {
  return getDb().userSession.create({ data, select: SESSION_SELECT });
}

export async function findUserSession(id: string) {
  return getDb().userSession.findUnique({ where: { id }, select: SESSION_SELECT });
}

/** Sessions not revoked and seen since `activeSince`, most recently used first. */
export async function listLiveUserSessions(userId: string, activeSince: Date) {
  return getDb().userSession.findMany({
    where: { userId, revokedAt: null, lastSeenAt: { gte: activeSince } },
    orderBy: { lastSeenAt: "desc" },
    select: SESSION_SELECT,
  });
}

export async function touchUserSession(id: string, at: Date) {
  await getDb().userSession.updateMany({ where: { id, revokedAt: null }, data: { lastSeenAt: at } });
}

/** Revokes one of the user's sessions; false when it is not theirs or already revoked. */
export async function revokeUserSession(userId: string, id: string): Promise<boolean> {
  const { count } = await getDb().userSession.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count > 0;
}

/** Revokes every live session of the user except `exceptId`; returns the revoked ids. */
export async function revokeUserSessions(userId: string, exceptId?: string | null): Promise<string[]> {
  return getDb().$transaction(async (tx) => {
    const where = { userId, revokedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) };
    const rows = await tx.userSession.findMany({ where, select: { id: true } });
    await tx.userSession.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { revokedAt: new Date() } });
    return rows.map((r) => r.id);
  });
}

/** Drops rows nobody can use any more (revoked, or idle past the JWT lifetime) so the table stays small. */
export async function deleteDeadUserSessions(userId: string, idleBefore: Date) {
  await getDb().userSession.deleteMany({
    where: { userId, OR: [{ revokedAt: { not: null } }, { lastSeenAt: { lt: idleBefore } }] },
  });
}
