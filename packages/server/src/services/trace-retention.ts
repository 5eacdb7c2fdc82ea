import {
  deleteExpiredEventIdBatch,
  deleteExpiredTraceBatch,
  listProjectsWithTraceRetention,
  traceStorageReport,
  updateProjectTraceRetention,
  type TDeletedCounts,
} from "@yardstick/db";
import { AppError } from "../errors";

export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;
const DAY_MS = 86_400_000;

/** Sets (days) or clears (null: keep forever) how long the project keeps its traces. */
export async function setTraceRetention(projectId: string, days: number | null) {
  if (days !== null && (!Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS)) {
    throw new AppError(
      "invalid_input",
      `Retention must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`,
      "days",
    );
  }
  return updateProjectTraceRetention(projectId, days);
}

export type TPurgeOptions = { now?: Date; batchSize?: number; maxBatches?: number };

/**
 * Deletes the project's traces older than `days` in batches (1,000 by default), at most
 * maxBatches per call, so one call is bounded; what is left goes on the next run.
 */
export async function purgeExpiredTraces(projectId: string, days: number, opts: TPurgeOptions = {}) {
  const before = new Date((opts.now ?? new Date()).getTime() - days * DAY_MS);
  const batchSize = opts.batchSize ?? 1000;
  const maxBatches = opts.maxBatches ?? 200;
  const total: TDeletedCounts = { traces: 0, observations: 0, scores: 0, feedback: 0 };
  let batches = 0;
  let done = false;
  while (!done && batches < maxBatches) {
    const d = await deleteExpiredTraceBatch(projectId, before, batchSize);
    batches++;
    total.traces += d.traces;
    total.observations += d.observations;
    total.scores += d.scores;
    total.feedback += d.feedback;
    done = d.traces < batchSize;
  }
  // Then the event ids of that age (idempotency records), in the same bounded batches.
  let eventIds = 0;
  let eventBatches = 0;
  for (let more = done; more && batches + eventBatches < maxBatches;) {
    const n = await deleteExpiredEventIdBatch(projectId, before, batchSize);
    eventBatches++;
    eventIds += n;
    more = n === batchSize;
    done = !more;
  }
  return { projectId, before: before.toISOString(), batches, ...total, eventIds, done };
}

export async function listRetentionProjects() {
  return listProjectsWithTraceRetention();
}

export async function getTraceStorage() {
  return traceStorageReport();
}
