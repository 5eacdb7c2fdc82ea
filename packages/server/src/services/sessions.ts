import {
  deleteDeadUserSessions,
  findUserSession,
  insertUserSession,
  listLiveUserSessions,
  revokeUserSession,
  revokeUserSessions,
  touchUserSession,
} from "@yardstick/db";
import { AppError } from "../errors";
import { processWide } from "../process-wide";

/**
 * Server-side sessions behind the JWT (issue 12). Credentials sign-in needs Auth.js's JWT
 * strategy, and a JWT alone stays valid until it expires; so each token carries the id of a
 * UserSession row, and every request checks that row is live. Sign-out, "sign out everywhere"
 * and a password change revoke rows, which ends those sessions on the next request.
 */
export const SESSION_MAX_AGE_S = 30 * 24 * 3600;
// A liveness answer is reused this long per process. Revocations made in this process drop it at
// once; another app instance sees a revocation within this window.
const LIVE_CACHE_MS = 5_000;
const TOUCH_EVERY_MS = 60_000;
const MAX_USER_AGENT = 400;

const liveCache = processWide(
  "session-live-cache",
  () => new Map<string, { live: boolean; userId: string; at: number }>(),
);

function forget(ids: string[]) {
  for (const id of ids) liveCache.delete(id);
}

/** Records a new signed-in browser and returns the id the JWT carries. */
export async function startSession(input: {
  userId: string;
  userAgent: string | null;
  ip: string | null;
}): Promise<string> {
  await deleteDeadUserSessions(input.userId, new Date(Date.now() - SESSION_MAX_AGE_S * 1000));
  const row = await insertUserSession({
    userId: input.userId,
    userAgent: input.userAgent?.slice(0, MAX_USER_AGENT) || null,
    ip: input.ip,
  });
  return row.id;
}

/** Whether the session exists, belongs to the user, is not revoked and has not idled out. */
export async function isSessionLive(sessionId: string, userId: string, now = Date.now()): Promise<boolean> {
  const hit = liveCache.get(sessionId);
  if (hit && now - hit.at < LIVE_CACHE_MS) return hit.live && hit.userId === userId;
  const row = await findUserSession(sessionId);
  const live =
    !!row && !row.revokedAt && row.userId === userId && now - row.lastSeenAt.getTime() < SESSION_MAX_AGE_S * 1000;
  if (liveCache.size > 10_000) liveCache.clear();
  liveCache.set(sessionId, { live, userId, at: now });
  if (live && now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchUserSession(sessionId, new Date(now));
  return live;
}

export async function listSessions(userId: string, currentSessionId: string | null) {
  const rows = await listLiveUserSessions(userId, new Date(Date.now() - SESSION_MAX_AGE_S * 1000));
  const list = rows.map((r) => ({
    id: r.id,
    userAgent: r.userAgent,
    ip: r.ip,
    createdAt: r.createdAt,
    lastSeenAt: r.lastSeenAt,
    current: r.id === currentSessionId,
  }));
  // This device first, then the most recently seen.
  return [...list.filter((s) => s.current), ...list.filter((s) => !s.current)];
}

/** Ends one of the user's own sessions (another user's id answers NOT_FOUND). */
export async function revokeSession(userId: string, sessionId: string) {
  const ok = await revokeUserSession(userId, sessionId);
  forget([sessionId]);
  if (!ok) throw new AppError("not_found", "Session not found", "sessionId");
  return { revoked: 1 };
}

/** Ends every session of the user, or every one but `keepSessionId`. */
export async function revokeAllSessions(userId: string, keepSessionId: string | null = null) {
  const ids = await revokeUserSessions(userId, keepSessionId);
  forget(ids);
  return { revoked: ids.length };
}

/** Sign-out: ends the session the token names (quietly: an already-revoked one is fine). */
export async function endSession(userId: string, sessionId: string) {
  await revokeUserSession(userId, sessionId);
  forget([sessionId]);
}
