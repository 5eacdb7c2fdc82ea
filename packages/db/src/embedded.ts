import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { keepExtendedQueriesTogether } from "./embedded-queue";

export type EmbeddedPostgres = {
  /** postgres:// URL that `pg` and PrismaPg connect to unchanged. */
  url: string;
  stop: () => Promise<void>;
};

/**
 * Embedded Postgres: PGlite (Postgres compiled to WASM) served over the Postgres wire protocol,
 * so the app keeps a single code path (adapter-pg) for embedded and real Postgres.
 * PGlite has one session: connections take turns, a whole extended query (up to Sync) or an open
 * transaction at a time (embedded-queue.ts).
 * `dataDir` undefined → in-memory (tests).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir?: string;
  port?: number;
  host?: string;
}): Promise<EmbeddedPostgres> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const db = opts.dataDir ? await PGlite.create(opts.dataDir) : await PGlite.create();
  const host = opts.host ?? "127.0.0.1";
  const port = opts.port ?? 0;
  const server = new PGLiteSocketServer({ db, host, port, maxConnections: 32 });
  keepExtendedQueriesTogether(
    (server as unknown as { queryQueue: Parameters<typeof keepExtendedQueriesTogether>[0] }).queryQueue,
  );
  await server.start();
  const conn = server.getServerConn(); // "host:port"
  const actualPort = Number(conn.split(":").pop());
  return {
    url: `postgresql://postgres:postgres@${host}:${actualPort}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
