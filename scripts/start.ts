/**
 * `npm start`: resolve the database (DATABASE_URL, else embedded PGlite under .yardstick/),
 * apply migrations, seed the demo on an empty database, then run the built Next.js server.
 * Background jobs: with INNGEST_BASE_URL, INNGEST_DEV or INNGEST_SIGNING_KEY (Inngest Cloud) the
 * SDK talks to that Inngest server; otherwise the embedded executor runs here and syncs with the
 * app once it is up.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, startEmbeddedPostgres } from "@yardstick/db/admin";
import { closeDb, createDb, setDb } from "@yardstick/db";
import { seedDemo } from "@yardstick/server/services/seed";
import { webServerNodeFlags } from "@yardstick/server";
import { EmbeddedExecutor, jobsServerKind, readJobsEnv } from "@yardstick/jobs/embedded";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DATA_DIR = resolve(ROOT, process.env.YARDSTICK_DATA_DIR || ".yardstick");
const PORT = process.env.PORT || "3000";

function persistentSecret(): string {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, "secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** Keys the SDK and the embedded executor share, generated once like AUTH_SECRET. */
function persistentInngestKeys(): { signingKey: string; eventKey: string } {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, "inngest-keys.json");
  if (!existsSync(file)) {
    const keys = {
      signingKey: `signkey-local-${randomBytes(32).toString("hex")}`,
      eventKey: randomBytes(16).toString("hex"),
    };
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, "utf8"));
}

async function startJobs(env: NodeJS.ProcessEnv, embeddedDb: boolean) {
  if (jobsServerKind(readJobsEnv(env)) === "inngest") {
    console.log(`Background jobs: Inngest server at ${env.INNGEST_BASE_URL || env.INNGEST_DEV || "Inngest Cloud"}`);
    return undefined;
  }
  const stored = persistentInngestKeys();
  env.INNGEST_SIGNING_KEY = stored.signingKey;
  env.INNGEST_EVENT_KEY ||= stored.eventKey;
  const db = createDb(env.DATABASE_URL!, { poolMax: embeddedDb ? 2 : 5 });
  setDb(db);
  const executor = await EmbeddedExecutor.start({
    signingKey: env.INNGEST_SIGNING_KEY,
    eventKey: env.INNGEST_EVENT_KEY,
    appUrl: `http://127.0.0.1:${PORT}/api/inngest`,
    port: Number(process.env.YARDSTICK_JOBS_PORT || 0),
  });
  env.INNGEST_BASE_URL = executor.url;
  console.log(`Background jobs: embedded executor at ${executor.url}; set INNGEST_BASE_URL to use an Inngest server`);
  return {
    executor,
    stop: async () => {
      await executor.stop();
      await closeDb(db);
    },
  };
}

/** Syncs the app's functions with the embedded executor once the app answers. */
async function syncWhenUp(executor: EmbeddedExecutor) {
  for (let i = 0; i < 240; i++) {
    try {
      const health = await fetch(`http://127.0.0.1:${PORT}/api/health`);
      if (health.ok) {
        await executor.sync();
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error("Background jobs: the app never came up; functions are not synced");
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
    const embedded = await startEmbeddedPostgres({
      dataDir: pgDir,
      port: Number(process.env.YARDSTICK_EMBEDDED_PORT || 0),
    });
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

  const jobs = await startJobs(env, Boolean(stopEmbedded));

  // Our own small server around Next (not `next start`): it decides X-Forwarded-For, see the file.
  // Single-threaded GC on ≤ 2 cores (packages/server/src/node-flags.ts).
  const child = spawn(process.execPath, [...webServerNodeFlags(), join(ROOT, "scripts", "serve-web.mjs")], {
    cwd: join(ROOT, "apps", "web"),
    env: { ...env, NODE_ENV: "production" },
    stdio: "inherit",
  });
  console.log(`Yardstick on http://localhost:${PORT}`);
  if (jobs) syncWhenUp(jobs.executor).catch((err) => console.error(`Background jobs: sync failed: ${err.message}`));
  const shutdown = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  child.on("exit", (code) => {
    void (async () => {
      await jobs?.stop().catch(() => {});
      await stopEmbedded?.();
      process.exit(code ?? 0);
    })();
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
