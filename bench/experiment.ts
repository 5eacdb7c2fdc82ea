/**
 * bench:experiment — an experiment run through the real job path: the embedded executor (its own
 * process) calls the app's /api/inngest handlers (another process) which run the chunks against
 * Postgres and a local fake Anthropic answering every call in 200 ms. BENCH_CASES items (default
 * 500), one model call and one LLM-judge call per case, concurrency 32.
 * Prints wallSeconds (experiments.create → run completed), idealSeconds (cases × 2 × 0.2 / 32),
 * ratio, and peakRssMb (the larger VmHWM of the two processes). Last line: one JSON object.
 *
 * Postgres: BENCH_DATABASE_URL / TEST_DATABASE_URL server (a scratch database), default local.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { ROOT } from "./lib";

const SERVER =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const CASES = Number(process.env.BENCH_CASES ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const DELAY_MS = 200;
const KEY = "sk-ant-bench-key-0000";

function startProc(mode: "app" | "executor", env: Record<string, string>) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // BENCH_PROFILE_DIR=<dir>: a V8 CPU profile of each process, written when it exits.
      ...(process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []),
      "--expose-gc",
      // BENCH_MAX_OLD_SPACE_MB: cap V8's old space in both processes (as NODE_OPTIONS would in production).
      ...(process.env.BENCH_MAX_OLD_SPACE_MB ? [`--max-old-space-size=${process.env.BENCH_MAX_OLD_SPACE_MB}`] : []),
      "--import",
      "tsx",
      join(ROOT, "bench/experiment-proc.ts"),
      mode,
    ],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve) => lines.once("line", (l) => resolve(JSON.parse(l))));
  return {
    ready: next() as Promise<{ url: string }>,
    /** SIGTERM; resolves with the process's peak RSS in MB and the CPU seconds it used. */
    async stop() {
      const out = next();
      child.kill("SIGTERM");
      const r = await out;
      return { rssMb: Number(r.vmHwmKb) / 1024, cpuSeconds: Number(r.cpuSeconds), heapMb: Number(r.heapMb) };
    },
  };
}

async function main() {
  // Imported dynamically, all of them: one instance of each package (the api is imported after
  // INNGEST_* is set, and must share @yardstick/db's instance with the setDb below).
  const { applyMigrations, createScratchDatabase } = await import("@yardstick/db/admin");
  const { closeDb, createDb, setDb } = await import("@yardstick/db");
  const { startFakeAnthropic } = await import("@yardstick/llm/testing");
  const scratch = await createScratchDatabase(SERVER, "yardstick_bench");
  const db = createDb(scratch.url, { poolMax: 4 });
  const fake = await startFakeAnthropic({ apiKey: KEY });
  const procs: Array<ReturnType<typeof startProc>> = [];
  try {
    await applyMigrations(scratch.url);
    process.env.YARDSTICK_SECRET = "bench-secret-0123456789abcdef";
    setDb(db);
    const signingKey = `signkey-bench-${randomBytes(32).toString("hex")}`;
    const eventKey = randomBytes(16).toString("hex");
    const base = {
      DATABASE_URL: scratch.url,
      YARDSTICK_SECRET: process.env.YARDSTICK_SECRET,
      INNGEST_SIGNING_KEY: signingKey,
      INNGEST_EVENT_KEY: eventKey,
    };
    const executor = startProc("executor", base);
    procs.push(executor);
    const executorUrl = (await executor.ready).url;
    const app = startProc("app", { ...base, INNGEST_BASE_URL: executorUrl });
    procs.push(app);
    const appUrl = (await app.ready).url;
    // The Inngest client reads INNGEST_* when first imported: set them before importing the api.
    Object.assign(process.env, {
      INNGEST_BASE_URL: executorUrl,
      INNGEST_SIGNING_KEY: signingKey,
      INNGEST_EVENT_KEY: eventKey,
    });
    const sync = await fetch(appUrl, { method: "PUT" });
    if (!sync.ok) throw new Error(`sync failed: ${sync.status} ${await sync.text()}`);

    const { createCaller } = await import("@yardstick/api");
    const { signUp } = await import("@yardstick/server/services/users");
    const user = await signUp({ name: "Bench", email: "bench@example.test", password: "bench-password" });
    if (!user) throw new Error("bench user exists");
    const c = createCaller({ userId: user.id });
    const org = await c.organizations.create({ name: "Bench" });
    const projectId = (await c.projects.create({ organizationId: org.id, name: "bench" })).id;
    await c.providers.set({ projectId, provider: "anthropic", apiKey: KEY, baseUrl: fake.url });
    const ds = await c.datasets.create({ projectId, name: "bench", description: null });
    const rows = Array.from({ length: CASES }, (_, i) =>
      JSON.stringify({ id: `item-${i}`, input: { question: `q-${i}` }, expectedOutput: null }),
    );
    for (let i = 0; i < rows.length; i += 1000) {
      await c.datasets.importFile({
        projectId,
        datasetId: ds.id,
        format: "jsonl",
        content: rows.slice(i, i + 1000).join("\n") + "\n",
        mode: "append",
      });
    }
    const prompt = await c.prompts.createVersion({
      projectId,
      name: "answerer",
      messages: [{ role: "user", content: "{{question}}" }],
      model: "claude-haiku-4-5",
      params: { maxTokens: 64 },
      system: "answer",
      commitMessage: "v1",
    });
    const judge = await c.graders.createVersion({
      projectId,
      name: "helpful",
      config: {
        type: "llm_judge",
        rubric: { name: "helpfulness", criteria: ["Answers the question"] },
        model: "claude-sonnet-4-6",
      },
      message: "v1",
    });
    const answer: Parameters<typeof fake.setHandler>[0] = (req) => {
      const tools = (req.body as { tools?: Array<{ name: string }> }).tools;
      return tools?.some((t) => t.name === "submit_grade")
        ? {
            type: "tool_use",
            name: "submit_grade",
            input: { reasoning: "ok", strengths: [], weaknesses: [], score: 5 },
            delayMs: DELAY_MS,
          }
        : { type: "text", text: "an answer", delayMs: DELAY_MS };
    };
    fake.setHandler(answer);

    /** Starts a run over `datasetId` and polls until it ends; returns its progress and timings. */
    async function runToEnd(datasetId: string) {
      const t0 = performance.now();
      const run = await c.experiments.create({
        projectId,
        datasetId,
        arms: [{ promptId: prompt.prompt.id, version: 1 }],
        graders: [{ graderId: judge.grader.id }],
        concurrency: CONCURRENCY,
      });
      const createdS = (performance.now() - t0) / 1000;
      for (;;) {
        const p = await c.experiments.progress({ projectId, runId: run.id });
        if (p.status !== "queued" && p.status !== "running") return { p, t0, createdS, runId: run.id };
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    // Warm-up: a small run of its own items (so nothing of the measured run is cached) loads the
    // app's and executor's code paths once, as a serving app has; the measured run is the second.
    const warm = await c.datasets.create({ projectId, name: "warm-up", description: null });
    await c.datasets.importFile({
      projectId,
      datasetId: warm.id,
      format: "jsonl",
      content:
        Array.from({ length: 8 }, (_, i) =>
          JSON.stringify({ id: `w-${i}`, input: { question: `w-${i}` }, expectedOutput: null }),
        ).join("\n") + "\n",
      mode: "append",
    });
    if ((await runToEnd(warm.id)).p.status !== "completed") throw new Error("warm-up run did not complete");
    fake.reset();
    fake.setHandler(answer);

    const { p, t0, createdS, runId } = await runToEnd(ds.id);
    const wallSeconds = (performance.now() - t0) / 1000;
    if (p.status !== "completed" || p.doneCases !== CASES)
      throw new Error(`run ended ${p.status} ${p.doneCases}/${CASES}`);
    const idealSeconds = (CASES * 2 * DELAY_MS) / 1000 / CONCURRENCY;
    // Where the time went: each step's completion time (JobStep.createdAt), and the provider's
    // first and last call, to tell waiting-for-a-call from overhead between steps.
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    const steps = (
      await client.query<{ name: string; at: Date }>(
        `SELECT s.name, s."createdAt" AS at FROM "JobStep" s JOIN "JobRun" r ON r.id = s."runId" WHERE r."functionId" = 'yardstick-experiment-run' AND r.event->'data'->>'runId' = $1 ORDER BY s.seq`,
        [runId],
      )
    ).rows;
    await client.end();
    const calls = fake.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
    let prev = t0 + performance.timeOrigin;
    for (const st of steps) {
      console.error(`step ${st.name}: +${((st.at.getTime() - prev) / 1000).toFixed(2)} s`);
      prev = st.at.getTime();
    }
    console.error(`experiments.create returned after ${createdS.toFixed(2)} s`);
    console.error(
      `first call ${((calls[0]! - t0 - performance.timeOrigin) / 1000).toFixed(2)} s after create, last call ${((calls.at(-1)! - t0 - performance.timeOrigin) / 1000).toFixed(2)} s`,
    );
    const rss = [await app.stop(), await executor.stop()];
    procs.length = 0;
    const out = {
      cases: CASES,
      concurrency: CONCURRENCY,
      providerCalls: fake.requests.length,
      maxInFlight: fake.maxInFlight,
      wallSeconds: Number(wallSeconds.toFixed(2)),
      idealSeconds,
      ratio: Number((wallSeconds / idealSeconds).toFixed(3)),
      peakRssMb: Math.round(Math.max(...rss.map((r) => r.rssMb))),
      appPeakRssMb: Math.round(rss[0]!.rssMb),
      executorPeakRssMb: Math.round(rss[1]!.rssMb),
      // CPU the two processes used (process.cpuUsage at exit, including start-up): on a loaded
      // machine, wall time above the ideal with CPU well below it means waiting for a core.
      appCpuSeconds: Number(rss[0]!.cpuSeconds.toFixed(2)),
      appLiveHeapMb: Math.round(rss[0]!.heapMb),
      executorCpuSeconds: Number(rss[1]!.cpuSeconds.toFixed(2)),
    };
    console.log(JSON.stringify(out));
  } finally {
    for (const p of procs) await p.stop().catch(() => {});
    await fake.close();
    await closeDb(db);
    await scratch.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
