// Browser-safe (no server imports): the tRPC HTTP handler enforces these and the web client's
// links follow them, so the client never sends a batch the server refuses.

/** Calls per batched HTTP request (tRPC's `maxBatchSize`; the client's `maxItems`). */
export const MAX_BATCH_SIZE = 20;

/**
 * Procedures that must arrive one per request: they run bcrypt or sessions work, and a batch
 * would let one request do many of them under one check (100 sign-ups in one POST ran 100
 * hashes). One per request keeps per-request limits and the bcrypt queue meaningful.
 */
export function mustNotBatch(path: string): boolean {
  return path.startsWith("auth.") || path.startsWith("account.");
}
