/**
 * `npm start`: resolve the database (DATABASE_URL, else embedded PGlite under .yardstick/),
 * apply migrations, seed the demo on an empty database, then run the built Next.js server.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, startEmbeddedPostgres } from "@yardstick/db/admin";
import { createDb, setDb } from "@yardstick/db";
import { seedDemo } from "@yardstick/server/services/seed";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DATA_DIR = resolve(ROOT, process.env.YARDSTICK_DATA_DIR || ".yardstick");
const PORT = process.env.PORT || "3000";

function persistentSecret(): string {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, "secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

async function main() {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT };
  if (!env.AUTH_SECRET) {
    env.AUTH_SECRET = persistentSecret();
    console.log(`AUTH_SECRET not set: using the one stored in ${join(DATA_DIR, "secret")}`);
  }
  process.env.AUTH_SECRET = env.AUTH_SECRET;

  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!env.DATABASE_URL) {
    const pgDir = join(DATA_DIR, "pgdata");
    const embedded = await startEmbeddedPostgres({ dataDir: pgDir, port: Number(process.env.YARDSTICK_EMBEDDED_PORT || 0) });
    stopEmbedded = embedded.stop;
    env.DATABASE_URL = embedded.url;
    env.DATABASE_POOL_MAX = "1"; // PGlite runs one statement at a time (see packages/db/src/embedded.ts)
    console.log(`Embedded Postgres (PGlite) at ${pgDir}; set DATABASE_URL to use your own Postgres`);
  }

  const { applied } = await applyMigrations(env.DATABASE_URL, { log: (l) => console.log(l) });
  if (!applied.length) console.log("Database schema is up to date");

  const db = createDb(env.DATABASE_URL, { poolMax: 1 });
  setDb(db);
  const seed = await seedDemo({ demoApiKey: process.env.YARDSTICK_DEMO_API_KEY || undefined });
  await db.$disconnect();
  if (seed.created) {
    console.log(`\nDemo account created: ${seed.email} / ${seed.password}\n`);
  }

  // Our own small server around Next (not `next start`): it decides X-Forwarded-For, see the file.
  const child = spawn(process.execPath, [join(ROOT, "scripts", "serve-web.mjs")], {
    cwd: join(ROOT, "apps", "web"),
    env: { ...env, NODE_ENV: "production" },
    stdio: "inherit",
  });
  console.log(`Yardstick on http://localhost:${PORT}`);
  const shutdown = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  child.on("exit", (code) => {
    void (async () => {
      await stopEmbedded?.();
      process.exit(code ?? 0);
    })();
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
