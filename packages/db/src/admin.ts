export { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";
export { applyMigrations, readMigrations, MigrationError, MIGRATIONS_DIR } from "./migrate";
export { withScratchDatabase, createScratchDatabase } from "./scratch-database";
