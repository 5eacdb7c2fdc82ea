import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { readDbEnv } from "./env";

export type Db = PrismaClient;

// One pg.Pool per client, shared by Prisma (through the adapter) and by the set-based SQL of
// the hot paths (ingest), so the embedded database still sees a single connection when max=1.
const pools = new WeakMap<Db, pg.Pool>();

export function createDb(url: string, opts: { poolMax?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolMax ?? 10, connectionTimeoutMillis: 5_000 });
  pool.on("error", (err) => console.error("postgres pool error", err.message));
  // A connection killed just as it is handed out emits 'error' in the same tick, before the caller
  // of an awaited connect() can listen: unheard, that crashes the process. Every client listens from
  // birth; its failing query still rejects, and the pool discards the client on release.
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  pools.set(db, pool);
  return db;
}

const globalForDb = globalThis as unknown as { __yardstickDb?: Db };

/** The process-wide client, built from DATABASE_URL (set by `npm start` for the embedded database). */
export function getDb(): Db {
  if (!globalForDb.__yardstickDb) {
    const env = readDbEnv();
    if (!env.DATABASE_URL) {
      throw new Error(
        "DATABASE_URL is not set: start the app with `npm start` (embedded database) or set DATABASE_URL",
      );
    }
    globalForDb.__yardstickDb = createDb(env.DATABASE_URL, { poolMax: env.DATABASE_POOL_MAX });
  }
  return globalForDb.__yardstickDb;
}

/** The pg pool behind getDb(), for set-based SQL inside packages/db. */
export function getPool(): pg.Pool {
  const pool = pools.get(getDb());
  if (!pool) throw new Error("the current Db was not created by createDb()");
  return pool;
}

/** Lets tests and scripts install the client that `getDb()` returns. */
export function setDb(db: Db): void {
  globalForDb.__yardstickDb = db;
}

/** Closes the client and its pool. */
export async function closeDb(db: Db): Promise<void> {
  await db.$disconnect();
  await pools
    .get(db)
    ?.end()
    .catch(() => {});
}
