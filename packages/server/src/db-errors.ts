// Database failures as the public API answers them: "unavailable" (503 + Retry-After, the client
// retries) and "a value cannot be stored" (400, the client's text). Recognised by class and code
// through the layers that wrap them: pg (DatabaseError with a SQLSTATE, node socket errors), Prisma's
// adapter-pg (DriverAdapterError, whose cause has a kind and the original SQLSTATE) and Prisma Client
// (P-codes, meta.driverAdapterError). Prisma passes pg's own client errors through unchanged.

/** SQLSTATE classes 08 (connection exception), 57P (operator intervention: a terminated backend, shutdown), 53 (insufficient resources). */
const UNAVAILABLE_SQLSTATE = /^(?:08[0-9A-Z]{3}|57P[0-9A-Z]{2}|53[0-9A-Z]{3})$/;
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
]);
/** Prisma: can't reach, timed out, socket timeout, connection closed, pool timeout, too many connections. */
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** @prisma/driver-adapter-utils error kinds (Prisma maps them to the P-codes above). */
const ADAPTER_UNAVAILABLE = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
/** 22021 character_not_in_repertoire (a NUL in text), 22P05 untranslatable_character (\u0000 in jsonb). */
const UNSTORABLE_SQLSTATE = new Set(["22021", "22P05"]);

/**
 * The one check that reads message text, because pg 8.23 offers nothing else: its client and pool
 * throw plain `Error`s without a code when a connection is lost or cannot be had (pg/lib/client.js:
 * the 'end' handler, query() on a client that is not queryable; pg-pool/index.js: connect timeout,
 * an ended pool). Exact messages of plain Errors only, so no other error can match by accident.
 */
function isPgClientConnectionError(e: object): boolean {
  return Object.getPrototypeOf(e) === Error.prototype && PG_CONNECTION_MESSAGES.has((e as Error).message);
}
const PG_CONNECTION_MESSAGES = new Set([
  "Connection terminated",
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
  "timeout exceeded when trying to connect",
  "Cannot use a pool after calling end on the pool",
]);

type TLayer = { code?: unknown; originalCode?: unknown; kind?: unknown };

/** `err` and what it wraps: its cause chain and Prisma's meta.driverAdapterError (bounded, cycles cannot loop). */
function layers(err: unknown): TLayer[] {
  const out: TLayer[] = [];
  let e: unknown = err;
  while (e && typeof e === "object" && out.length < 8 && !out.includes(e as TLayer)) {
    out.push(e as TLayer);
    const o = e as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
    e = o.meta?.driverAdapterError ?? o.cause;
  }
  return out;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** The database cannot be reached or lost the connection: answer 503 with Retry-After. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return layers(err).some((l) => {
    const code = str(l.code);
    return (
      UNAVAILABLE_SQLSTATE.test(code) ||
      SOCKET_CODES.has(code) ||
      PRISMA_UNAVAILABLE.has(code) ||
      UNAVAILABLE_SQLSTATE.test(str(l.originalCode)) ||
      ADAPTER_UNAVAILABLE.has(str(l.kind)) ||
      isPgClientConnectionError(l)
    );
  });
}

/** Postgres refused text the client sent (a NUL that validation did not catch): a 400, not a 500. */
export function isUnstorableValue(err: unknown): boolean {
  return layers(err).some((l) => UNSTORABLE_SQLSTATE.has(str(l.code)) || UNSTORABLE_SQLSTATE.has(str(l.originalCode)));
}
