import type { PGlite } from "@electric-sql/pglite";

/** The socket server's queue item and manager (pglite-socket 0.2.x internals, private in its types). */
type QueuedMessage = {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
  onData: (data: Uint8Array) => void;
};
type QueryQueue = {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue: () => Promise<void>;
  clearQueueForHandler: (handlerId: number) => void;
};

// Frontend messages that end what a client sends before it waits for the server: Sync, a simple
// Query, Terminate, a password; a startup message has no type byte (its first byte is 0).
const BATCH_END = new Set([0x53, 0x51, 0x58, 0x70, 0x00]);

/**
 * PGlite has a single session that the socket server shares between connections, one protocol
 * message at a time. node-postgres sends an extended query as Parse, Bind, Describe, Execute,
 * Sync; when a large Bind spans several TCP reads, another connection's Parse ran in between and
 * replaced the unnamed statement ("bind message supplies 1 parameters, but prepared statement
 * requires 4", 08P01). This keeps each connection's messages together up to its Sync, as the
 * library already does for an open transaction. It also keeps the queue running after a failed
 * message (the library's loop stopped for good).
 */
export function keepExtendedQueriesTogether(q: QueryQueue): void {
  let open: number | null = null; // the connection whose Parse…Sync batch is still open

  q.processQueue = async function processQueue() {
    if (q.processing || q.queue.length === 0) return;
    q.processing = true;
    try {
      while (q.queue.length > 0) {
        const owner = open ?? (q.db.isInTransaction() ? q.lastHandlerId : null);
        const index = owner === null ? 0 : q.queue.findIndex((m) => m.handlerId === owner);
        if (index === -1) break; // wait for the owner's next message; its enqueue restarts the loop
        const [item] = q.queue.splice(index, 1);
        if (!item) break;
        open = BATCH_END.has(item.message[0] ?? 0) ? null : item.handlerId;
        let bytes = 0;
        try {
          await q.db.runExclusive(() =>
            q.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          if (open === item.handlerId) open = null;
          item.reject(error);
          continue;
        }
        q.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      q.processing = false;
    }
  };

  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    if (open === handlerId) {
      open = null; // the connection went away mid-batch: serve the others
      void q.processQueue();
    }
  };
}
