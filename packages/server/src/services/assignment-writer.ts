import { upsertAssignments, type TAssignmentCandidate } from "@yardstick/db";

type TStored = Awaited<ReturnType<typeof upsertAssignments>>;
type TWaiter = { rows: TAssignmentCandidate[]; resolve: (stored: TStored) => void; reject: (error: unknown) => void };

/** Statements in flight at once; rows of the requests that arrive meanwhile wait for the next one. */
const MAX_IN_FLIGHT = 2;
/** Rows per statement, at most (a request's own rows are never split). */
const MAX_ROWS = 500;

const waiting = new Map<string, TWaiter[]>(); // by project: upsertAssignments writes one project
let inFlight = 0;

/**
 * Stores assignments together with those of the requests that arrive while earlier writes are in
 * flight: one statement and one commit per batch instead of one per request. A lone request is
 * written at once; under load the batches grow by themselves (no timer, no added wait). Each
 * caller gets the stored rows of its batch, keyed by assignment id (sticky: an existing row wins).
 */
export function writeAssignments(projectId: string, rows: TAssignmentCandidate[]): Promise<TStored> {
  if (!rows.length) return Promise.resolve(new Map());
  return new Promise<TStored>((resolve, reject) => {
    const list = waiting.get(projectId) ?? [];
    list.push({ rows, resolve, reject });
    waiting.set(projectId, list);
    pump();
  });
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
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        inFlight--;
        pump();
      });
  }
}
