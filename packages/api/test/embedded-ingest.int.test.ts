import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, startEmbeddedPostgres, type EmbeddedPostgres } from "@yardstick/db/admin";
import { closeDb, createDb, getDb, setDb, type Db } from "@yardstick/db";
import { createApiKey } from "@yardstick/server/services/api-keys";
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { newTenant } from "./helpers";

// The embedded database (the default of `npm start`) always, whatever TEST_DATABASE_URL says: PGlite
// serves every connection from one session, so what one connection prepared is there for the next.
// The pool drops idle connections after 10 s; the next batch must still be stored.
describe("ingest on the embedded database", () => {
  let embedded: EmbeddedPostgres;
  let suiteDb: Db;
  let db: Db | undefined;
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres({});
    await applyMigrations(embedded.url);
    suiteDb = getDb();
  }, 120_000);
  afterAll(async () => {
    setDb(suiteDb);
    if (db) await closeDb(db);
    await embedded.stop();
  });

  const batch = () => {
    const traceId = randomUUID();
    return {
      batch: [
        { id: randomUUID(), timestamp: new Date().toISOString(), type: "trace-create", body: { id: traceId } },
        {
          id: randomUUID(),
          timestamp: new Date().toISOString(),
          type: "generation-create",
          body: { traceId, model: "claude-haiku-4-5", usage: { input: 10, output: 2 } },
        },
      ],
    };
  };

  it("stores batches before and after the pool's connection is replaced", async () => {
    db = createDb(embedded.url, { poolMax: 1 });
    setDb(db);
    const t = await newTenant("embedded");
    const { key } = await createApiKey({
      projectId: t.project.id,
      createdById: t.owner.id,
      name: "e",
      scopes: ["ingest"],
    });
    const auth = { id: key.id, projectId: t.project.id, scopes: ["ingest" as const] };
    for (let round = 0; round < 3; round++) {
      const first = await ingestEvents(auth, batch());
      expect(first.errors).toEqual([]);
      // A new pool: a new connection to the same PGlite session (as after an idle timeout).
      await closeDb(db);
      db = createDb(embedded.url, { poolMax: 1 });
      setDb(db);
      const second = await ingestEvents(auth, batch());
      expect(second.errors).toEqual([]);
      expect(second.successes.map((s) => s.status)).toEqual([201, 201]);
    }
    const [row] = await getDb().$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM "Trace" WHERE "projectId" = ${t.project.id}`;
    expect(row!.n).toBe(6);
  }, 120_000);
});
