/** Applies pending migrations to DATABASE_URL (the app also does this on `npm start`). */
import { applyMigrations } from "../src/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(2);
}
const { applied } = await applyMigrations(url, { log: console.log });
console.log(applied.length ? `applied ${applied.length} migration(s)` : "database is up to date");
