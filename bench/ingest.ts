/**
 * bench:ingest — events per second durably stored through POST /api/public/ingestion (the built
 * Next.js app, real HTTP, batches of 100, several concurrent senders) against the raw ceiling:
 * the same rows written by multi-row INSERT straight into Postgres, same concurrency, same run,
 * the two phases alternating over BENCH_ROUNDS rounds.
 * Also storage bytes per 1,000 generations. Last line: one JSON object.
 *
 * Postgres: BENCH_DATABASE_URL / TEST_DATABASE_URL server (a scratch database is created and
 * dropped), default postgresql://postgres@127.0.0.1:5432/postgres.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { applyMigrations, createScratchDatabase } from "@yardstick/db/admin";
import { closeDb, createDb, setDb } from "@yardstick/db";
import { createCaller } from "@yardstick/api";
import { createApiKey } from "@yardstick/server/services/api-keys";
import { signUp } from "@yardstick/server/services/users";
import { startApp } from "./lib";

const SERVER =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const SENDERS = Number(process.env.BENCH_SENDERS ?? 4);
// Long enough phases that a cost growing with the tables shows (a plan scanning a project's rows
// once made throughput fall round after round); short ones mostly measure warm-up.
const BATCHES_PER_SENDER = Number(process.env.BENCH_BATCHES ?? 60);
const WARM_UP_BATCHES = 5;
// HTTP and raw phases alternate for ROUNDS rounds: a shared 2-core machine drifts (other work,
// autovacuum, CPU steal), and alternating exposes both sides to the same drift.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 100;
const PORT = Number(process.env.BENCH_PORT ?? 3297);

/** 100 events: 20 traces × (trace-create, span, 2 generations, score). */
function makeBatch(): Array<{ id: string; timestamp: string; type: string; body: Record<string, unknown> }> {
  const events = [];
  const now = Date.now();
  for (let t = 0; t < BATCH / 5; t++) {
    const traceId = randomUUID();
    const spanId = randomUUID();
    const ts = new Date(now - t * 1000).toISOString();
    const e = (type: string, body: Record<string, unknown>) => ({ id: randomUUID(), timestamp: ts, type, body });
    events.push(
      e("trace-create", {
        id: traceId,
        name: "support-chat",
        userId: `user-${t % 50}`,
        sessionId: `s-${t % 200}`,
        tags: ["bench"],
        input: { question: "Where is my order #12345?" },
        output: { answer: "It ships today." },
      }),
      e("span-create", {
        id: spanId,
        traceId,
        name: "retrieve",
        startTime: ts,
        endTime: new Date(now - t * 1000 + 120).toISOString(),
      }),
      e("generation-create", {
        traceId,
        parentObservationId: spanId,
        name: "answer",
        model: "claude-sonnet-4-6",
        startTime: ts,
        endTime: new Date(now - t * 1000 + 900).toISOString(),
        modelParameters: { temperature: 0.2, max_tokens: 512 },
        input: [
          { role: "system", content: "You are a helpful support agent." },
          { role: "user", content: "Where is my order #12345?" },
        ],
        output: { role: "assistant", content: "Your order ships today and arrives Thursday." },
        usage: { input: 820, output: 64, cacheRead: 2048 },
      }),
      e("generation-create", {
        traceId,
        name: "classify",
        model: "claude-haiku-4-5",
        startTime: ts,
        endTime: new Date(now - t * 1000 + 300).toISOString(),
        input: [{ role: "user", content: "Classify: Where is my order?" }],
        output: "order_status",
        usage: { input: 40, output: 3 },
      }),
      e("score-create", { traceId, name: "helpfulness", value: 0.8 }),
    );
  }
  return events;
}

// Payloads are built before the clock starts: the load generator shares the 2 cores with the
// server and Postgres, and building them is not the server's work.
async function runSenders<T>(prepare: (batch: ReturnType<typeof makeBatch>) => T, send: (payload: T) => Promise<void>) {
  const batches = Array.from({ length: SENDERS }, () =>
    Array.from({ length: BATCHES_PER_SENDER }, () => prepare(makeBatch())),
  );
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    batches.map(async (mine) => {
      for (const b of mine) {
        const t0 = performance.now();
        await send(b);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, events: SENDERS * BATCHES_PER_SENDER * BATCH, latencies };
}

type TPhase = Awaited<ReturnType<typeof runSenders>>;
function total(phases: TPhase[]) {
  const latencies = phases.flatMap((p) => p.latencies).sort((a, b) => a - b);
  return {
    seconds: phases.reduce((s, p) => s + p.seconds, 0),
    events: phases.reduce((s, p) => s + p.events, 0),
    p50: latencies[Math.floor(latencies.length / 2)]!,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
    perRound: phases.map((p) => Math.round(p.events / p.seconds)),
  };
}

/** The raw ceiling: same rows, multi-row INSERT, no validation, no HTTP. */
async function rawInsert(pool: pg.Pool, projectId: string, batch: ReturnType<typeof makeBatch>) {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    const traces = batch.filter((e) => e.type === "trace-create");
    const obs = batch.filter(
      (e) => e.type.endsWith("-create") && (e.type.startsWith("span") || e.type.startsWith("generation")),
    );
    const scores = batch.filter((e) => e.type === "score-create");
    const values = (n: number, cols: number) =>
      Array.from(
        { length: n },
        (_, i) => `(${Array.from({ length: cols }, (_, j) => `$${i * cols + j + 1}`).join(",")})`,
      ).join(",");
    await c.query(
      `INSERT INTO "Trace" ("projectId", id, "timestamp", name, "userId", "sessionId", tags, input, output, models, "updatedAt") VALUES ${values(traces.length, 10).replace(/\)/g, ", now())")}`,
      traces.flatMap((e) => [
        projectId,
        e.body.id,
        e.timestamp,
        e.body.name,
        e.body.userId,
        e.body.sessionId,
        e.body.tags,
        JSON.stringify(e.body.input),
        JSON.stringify(e.body.output),
        [],
      ]),
    );
    await c.query(
      `INSERT INTO "Observation" ("projectId", id, "traceId", type, name, "startTime", "endTime", model, input, output, "inputTokens", "outputTokens", "cacheReadTokens", "updatedAt") VALUES ${values(obs.length, 13).replace(/\)/g, ", now())")}`,
      obs.flatMap((e) => {
        const b = e.body as Record<string, unknown> & { usage?: Record<string, number> };
        return [
          projectId,
          b.id ?? randomUUID(),
          b.traceId,
          e.type.startsWith("span") ? "SPAN" : "GENERATION",
          b.name,
          b.startTime,
          b.endTime,
          b.model ?? null,
          JSON.stringify(b.input ?? null),
          JSON.stringify(b.output ?? null),
          b.usage?.input ?? null,
          b.usage?.output ?? null,
          b.usage?.cacheRead ?? null,
        ];
      }),
    );
    await c.query(
      `INSERT INTO "Score" ("projectId", id, "traceId", name, value, "dataType", "timestamp") VALUES ${values(scores.length, 7)}`,
      scores.flatMap((e) => [
        projectId,
        randomUUID(),
        e.body.traceId,
        e.body.name,
        e.body.value,
        "NUMERIC",
        e.timestamp,
      ]),
    );
    await c.query("COMMIT");
  } finally {
    c.release();
  }
}

async function main() {
  const scratch = await createScratchDatabase(SERVER, "yardstick_bench");
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  const db = createDb(scratch.url, { poolMax: 4 });
  try {
    await applyMigrations(scratch.url);
    process.env.YARDSTICK_SECRET = "bench-secret-0123456789abcdef";
    setDb(db);
    const user = await signUp({ name: "Bench", email: "bench@example.test", password: "bench-password" });
    if (!user) throw new Error("bench@example.test already exists in the scratch database");
    const caller = createCaller({ userId: user.id });
    const org = await caller.organizations.create({ name: "Bench" });
    const httpProject = await caller.projects.create({ organizationId: org.id, name: "http" });
    const rawProject = await caller.projects.create({ organizationId: org.id, name: "raw" });
    const { secret } = await createApiKey({
      projectId: httpProject.id,
      createdById: user.id,
      name: "bench",
      scopes: ["ingest"],
    });

    app = await startApp(scratch.url, PORT, {
      YARDSTICK_SECRET: "bench-secret-0123456789abcdef",
      YARDSTICK_RATE_LIMIT_PER_MINUTE: "1000000",
    });
    // Warm-up, the same for both sides: compile routes, fill caches, open connections, let the JIT
    // optimise both senders' code.
    const pool = new pg.Pool({ connectionString: scratch.url, max: SENDERS });
    const warmUp = async (send: () => Promise<void>) =>
      Promise.all(
        Array.from({ length: SENDERS }, async () => {
          for (let i = 0; i < WARM_UP_BATCHES; i++) await send();
        }),
      );
    await warmUp(() => postBatch(app!.url, secret, JSON.stringify({ batch: makeBatch() })));
    await warmUp(() => rawInsert(pool, rawProject.id, makeBatch()));

    const httpPhases: TPhase[] = [];
    const rawPhases: TPhase[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      httpPhases.push(
        await runSenders(
          (b) => JSON.stringify({ batch: b }),
          (body) => postBatch(app!.url, secret, body),
        ),
      );
      rawPhases.push(
        await runSenders(
          (b) => b,
          (b) => rawInsert(pool, rawProject.id, b),
        ),
      );
    }
    await pool.end();
    agent.destroy();
    const viaHttp = total(httpPhases);
    const raw = total(rawPhases);

    const check = new pg.Client({ connectionString: scratch.url });
    await check.connect();
    const count = async (table: string, projectId: string) =>
      Number(
        (await check.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "projectId" = $1`, [projectId])).rows[0].n,
      );
    const storedHttp =
      (await count("Trace", httpProject.id)) +
      (await count("Observation", httpProject.id)) +
      (await count("Score", httpProject.id));
    const expected = viaHttp.events + SENDERS * WARM_UP_BATCHES * BATCH;
    const gens = Number(
      (
        await check.query(
          `SELECT count(*)::int AS n FROM "Observation" WHERE "projectId" = $1 AND type = 'GENERATION'`,
          [httpProject.id],
        )
      ).rows[0].n,
    );
    await check.query("VACUUM ANALYZE");
    const bytes = (t: string) =>
      check.query(`SELECT pg_total_relation_size('"${t}"')::bigint AS b`).then((r) => Number(r.rows[0].b));
    // The http project holds about half the rows of each table in this scratch database (raw project: the rest),
    // so attribute storage by row share.
    const share = async (t: string) =>
      (await count(t, httpProject.id)) / Number((await check.query(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0].n);
    const httpBytes =
      (await bytes("Trace")) * (await share("Trace")) +
      (await bytes("Observation")) * (await share("Observation")) +
      (await bytes("Score")) * (await share("Score")) +
      (await bytes("IngestedEvent"));
    await check.end();

    const httpRate = viaHttp.events / viaHttp.seconds;
    const rawRate = raw.events / raw.seconds;
    const result = {
      bench: "ingest",
      senders: SENDERS,
      batchSize: BATCH,
      events: viaHttp.events,
      httpEventsPerSec: Math.round(httpRate),
      rawEventsPerSec: Math.round(rawRate),
      ratio: +(httpRate / rawRate).toFixed(3),
      ratioPerRound: viaHttp.perRound.map((h, i) => +(h / raw.perRound[i]!).toFixed(3)),
      httpPerRound: viaHttp.perRound,
      rawPerRound: raw.perRound,
      rounds: ROUNDS,
      httpBatchP50Ms: +viaHttp.p50.toFixed(1),
      httpBatchP99Ms: +viaHttp.p99.toFixed(1),
      storedEvents: storedHttp,
      expectedEvents: expected,
      allStored: storedHttp === expected,
      bytesPer1000Generations: Math.round((httpBytes / gens) * 1000),
      targets: { eventsPerSec: 5000, ratio: 0.4 },
    };
    console.log(
      `HTTP ${result.httpEventsPerSec} ev/s (p50 ${result.httpBatchP50Ms} ms, p99 ${result.httpBatchP99Ms} ms per batch) · raw ${result.rawEventsPerSec} ev/s · ratio ${result.ratio}`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await app?.stop();
    await closeDb(db);
    await scratch.drop();
  }
}

// node:http with a keep-alive agent rather than fetch: the load generator shares the 2 cores with
// the server and Postgres, and fetch's web-stream machinery cost it about twice the CPU per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: SENDERS });

function postBatch(url: string, secret: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/public/ingestion`,
      {
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${secret}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let answer: { errors?: unknown[] } = {};
          try {
            answer = JSON.parse(text) as { errors?: unknown[] };
          } catch {
            /* reported below */
          }
          if (res.statusCode !== 207 || answer.errors?.length)
            reject(new Error(`ingest failed: ${res.statusCode} ${text.slice(0, 300)}`));
          else resolve();
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
