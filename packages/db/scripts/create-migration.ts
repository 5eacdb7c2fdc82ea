/**
 * Authors a migration: replays prisma/migrations onto a throw-away database, diffs it against
 * the schema (every .prisma file of prisma/schema) with Prisma's schema engine (WASM build),
 * and writes prisma/migrations/<timestamp>_<name>/migration.sql.
 *
 * The scratch database is created on a real Postgres server (MIGRATION_DATABASE_URL, else
 * DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres) and dropped afterwards.
 * Not on PGlite: it is Postgres 18, whose NOT NULL constraints (contype 'n') Prisma 7.10's
 * schema describer cannot read.
 *
 *   npm run db:migration -- add_traces     write a new migration
 *   npm run db:migration -- --check        exit 1 if the schema has changes no migration holds
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withScratchDatabase } from "../src/scratch-database";
import { applyMigrations, MIGRATIONS_DIR } from "../src/migrate";
import { diffDatabaseToSchema, readSchemaFiles } from "./schema-engine";

async function main(): Promise<number> {
  const arg = process.argv[2];
  const check = arg === "--check";
  if (!check && (!arg || !/^[a-z0-9_]+$/.test(arg))) {
    console.error("usage: npm run db:migration -- <snake_case_name> | --check");
    return 2;
  }
  mkdirSync(MIGRATIONS_DIR, { recursive: true });
  const lock = join(MIGRATIONS_DIR, "migration_lock.toml");
  if (!existsSync(lock)) writeFileSync(lock, 'provider = "postgresql"\n');

  const serverUrl =
    process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  return withScratchDatabase(serverUrl, "yardstick_migrate", async (url) => {
    await applyMigrations(url);
    const sql = await diffDatabaseToSchema(url, readSchemaFiles());
    if (check) {
      if (sql) {
        console.error("prisma/schema has changes that no migration holds:\n" + sql);
        return 1;
      }
      console.log("migrations are in sync with prisma/schema");
      return 0;
    }
    if (!sql) {
      console.log("No changes: prisma/schema matches the migrations.");
      return 0;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = join(MIGRATIONS_DIR, `${stamp}_${arg}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "migration.sql"), sql.trimStart());
    console.log(`wrote ${dir}/migration.sql`);
    return 0;
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
