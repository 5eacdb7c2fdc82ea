import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  createScratchDatabase,
  readMigrations,
  startEmbeddedPostgres,
  MigrationError,
} from "../src/admin";
import { diffDatabaseToSchema, readSchemaFiles } from "../scripts/schema-engine";

const server = process.env.TEST_DATABASE_URL;

// Each test gets its own empty database: a scratch database on TEST_DATABASE_URL's server,
// else an in-memory embedded Postgres.
async function freshDatabase() {
  if (server) return createScratchDatabase(server, "yardstick_migrations_test");
  const e = await startEmbeddedPostgres({});
  return { url: e.url, drop: e.stop };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("migration runner", () => {
  let db: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.drop());

  it("applies every checked-in migration once and records it in _prisma_migrations", async () => {
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const first = await applyMigrations(db.url);
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    const second = await applyMigrations(db.url);
    expect(second.applied).toEqual([]);
    const rows = await query<{ migration_name: string; checksum: string }>(
      db.url,
      `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual(migrations.map((m) => ({ migration_name: m.name, checksum: m.checksum })));
    const tables = await query<{ table_name: string }>(
      db.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["User", "Organization", "Membership", "Project", "ApiKey", "Invitation", "Account"]),
    );
  });

  it("rolls a failing migration back entirely and records nothing for it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ys-migrations-"));
    mkdirSync(join(dir, "20990101000000_ok"));
    writeFileSync(join(dir, "20990101000000_ok", "migration.sql"), `CREATE TABLE "ok_table" (id int);`);
    mkdirSync(join(dir, "20990101000001_broken"));
    writeFileSync(
      join(dir, "20990101000001_broken", "migration.sql"),
      `CREATE TABLE "half_table" (id int);\nSELECT * FROM "no_such_table";`,
    );
    const err = await applyMigrations(db.url, { dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).migration).toBe("20990101000001_broken");
    const tables = await query<{ table_name: string }>(
      db.url,
      `SELECT table_name FROM information_schema.tables WHERE table_name IN ('ok_table', 'half_table')`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(["ok_table"]);
    const names = await query<{ migration_name: string }>(db.url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(names.map((n) => n.migration_name)).toContain("20990101000000_ok");
    expect(names.map((n) => n.migration_name)).not.toContain("20990101000001_broken");
  });
});

// The schema engine cannot describe PGlite (Postgres 18) databases, so this needs a server.
describe.runIf(server)("prisma/schema and prisma/migrations", () => {
  it("are in sync (no change in any schema file lacks a migration)", async () => {
    const scratch = await createScratchDatabase(server!, "yardstick_drift_test");
    try {
      await applyMigrations(scratch.url);
      const files = readSchemaFiles();
      // The split schema: generator/datasource alone in schema.prisma, models in the other files.
      expect(files.length).toBeGreaterThan(1);
      expect(await diffDatabaseToSchema(scratch.url, files)).toBe("");
      // And the check can fail: one more model, in a file of its own, yields SQL.
      const extra = [...files, { path: "drift-probe.prisma", content: "model DriftProbe {\n  id String @id\n}\n" }];
      expect(await diffDatabaseToSchema(scratch.url, extra)).toMatch(/CREATE TABLE "DriftProbe"/);
      // So can a new field in a model of one of the split files.
      const probe = "model Feedback {\n  driftProbe String?\n";
      const edited = files.map((f) =>
        f.path === "tracing.prisma" ? { ...f, content: f.content.replace("model Feedback {\n", probe) } : f,
      );
      expect(edited).not.toEqual(files);
      const sql = await diffDatabaseToSchema(scratch.url, edited);
      expect(sql).toMatch(/ALTER TABLE "Feedback" ADD COLUMN\s+"driftProbe"/);
    } finally {
      await scratch.drop();
    }
  });
});

describe("pingDatabase", () => {
  it("is false, within its timeout, when the database is unreachable", async () => {
    const { createDb, setDb, pingDatabase } = await import("../src/index");
    const net = await import("node:net");
    // A port that nothing listens on: bind, read the port, close.
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const dead = createDb(`postgresql://postgres@127.0.0.1:${port}/postgres`);
    setDb(dead);
    const started = Date.now();
    expect(await pingDatabase(1_000)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    const live = await freshDatabase();
    try {
      setDb(createDb(live.url, { poolMax: 1 }));
      expect(await pingDatabase(5_000)).toBe(true);
    } finally {
      await live.drop();
    }
  });
});
