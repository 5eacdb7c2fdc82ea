import { upsertAssignments, type TAssignmentCandidate } from "@yardstick/db";

type TStored = Awaited<ReturnType<typeof upsertAssignments>>;
type TWaiter = {
  rows: TAssignmentCandidate[];
  resolve: (stored: TStored) => void;
  reject: (error: unknown) => void;
  /** a write behind the response: retried on failure instead of rejected */
  behind?: { attempts: number };
};

/** Statements in flight at once; rows of the requests that arrive meanwhile wait for the next one. */
const MAX_IN_FLIGHT = 2;
/** Rows per statement, at most (a request's own rows are never split). */
const MAX_ROWS = 500;
/** Rows written behind responses that may wait at once (Postgres down): beyond, new ones are dropped. */
const MAX_BEHIND_ROWS = 100_000;
/** Rows written behind responses gather this long (or up to MAX_ROWS) before they are queued. */
const BEHIND_GATHER_MS = 50;
/** Attempts for a write behind a response, with these pauses between them. */
const BEHIND_RETRY_MS = [200, 2_000, 10_000];

const waiting = new Map<string, TWaiter[]>(); // by project: upsertAssignments writes one project
const gathering = new Map<string, TAssignmentCandidate[]>(); // behind rows not yet queued, by project
let gatherTimer: NodeJS.Timeout | null = null;
let inFlight = 0;
let behindRows = 0;
let dropped = 0;

/**
 * Stores assignments together with those of the requests that arrive while earlier writes are in
 * flight: one statement and one commit per batch instead of one per request. A lone request is
 * written at once; under load the batches grow by themselves (no timer, no added wait). Each
 * caller gets the stored rows of its batch, keyed by assignment id (sticky: an existing row wins).
 */
export function writeAssignments(projectId: string, rows: TAssignmentCandidate[]): Promise<TStored> {
  if (!rows.length) return Promise.resolve(new Map());
  queueGathered(); // rows answered earlier are stored first: an earlier answer wins, as it was given
  return new Promise<TStored>((resolve, reject) => enqueue(projectId, { rows, resolve, reject }));
}

/**
 * Stores assignments whose answer does not depend on what is stored (see `assignmentsFollowHash`)
 * without making the request wait: they gather for up to 50 ms (or 500 rows) and go into the same
 * queue, so Postgres sees a few large statements instead of one per request. A failed write is retried
 * (0.2 s, 2 s, 10 s) and then dropped with a log line; a unit that comes back is stored again
 * under the same id. At most MAX_BEHIND_ROWS wait at once, so an unreachable database cannot
 * grow the process without bound.
 */
export function writeAssignmentsBehind(projectId: string, rows: TAssignmentCandidate[]): void {
  if (!rows.length) return;
  if (behindRows + rows.length > MAX_BEHIND_ROWS) {
    if (dropped++ % 1000 === 0) console.error(`[assignments] write-behind queue full: ${dropped} request(s) dropped`);
    return;
  }
  behindRows += rows.length;
  const list = gathering.get(projectId) ?? [];
  list.push(...rows);
  gathering.set(projectId, list);
  if (list.length >= MAX_ROWS) queueGathered();
  else gatherTimer ??= setTimeout(queueGathered, BEHIND_GATHER_MS);
}

function queueGathered() {
  if (gatherTimer) clearTimeout(gatherTimer);
  gatherTimer = null;
  for (const [projectId, rows] of gathering) {
    gathering.delete(projectId);
    enqueue(projectId, {
      rows,
      resolve: () => (behindRows -= rows.length),
      reject: () => (behindRows -= rows.length),
      behind: { attempts: 0 },
    });
  }
}

/** Resolves once every write queued so far (behind responses included) has been attempted. */
export async function drainAssignmentWrites(): Promise<void> {
  queueGathered();
  while (inFlight > 0 || waiting.size > 0 || behindRows > 0) await new Promise((r) => setTimeout(r, 5));
}

function enqueue(projectId: string, waiter: TWaiter) {
  const list = waiting.get(projectId) ?? [];
  list.push(waiter);
  waiting.set(projectId, list);
  pump();
}

function failed(projectId: string, waiter: TWaiter, error: unknown) {
  if (!waiter.behind) return waiter.reject(error);
  const pause = BEHIND_RETRY_MS[waiter.behind.attempts++];
  if (pause === undefined) {
    console.error(`[assignments] ${waiter.rows.length} assignment(s) not stored: ${(error as Error).message}`);
    return waiter.reject(error);
  }
  setTimeout(() => enqueue(projectId, waiter), pause).unref();
}

function pump(): void {
  while (inFlight < MAX_IN_FLIGHT && waiting.size > 0) {
    const [projectId, list] = waiting.entries().next().value as [string, TWaiter[]];
    let rows = 0;
    let take = 0;
    while (take < list.length && (take === 0 || rows + list[take]!.rows.length <= MAX_ROWS)) {
      rows += list[take]!.rows.length;
      take++;
    }
    const batch = list.splice(0, take);
    waiting.delete(projectId);
    if (list.length) waiting.set(projectId, list); // to the back: other projects go first
    inFlight++;
    upsertAssignments(
      projectId,
      batch.flatMap((w) => w.rows),
    )
      .then(
        (stored) => batch.forEach((w) => w.resolve(stored)),
        (error: unknown) => batch.forEach((w) => failed(projectId, w, error)),
      )
      .finally(() => {
        inFlight--;
        pump();
      });
  }
}
