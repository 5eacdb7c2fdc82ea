import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { getDb } from "@yardstick/db";
import { createAlertChannel, createAlertRule, listAlertEvents } from "@yardstick/server/services/alerts";
import { listDriftReports, updateDriftSettings } from "@yardstick/server/services/drift";
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { createProject } from "@yardstick/server/services/projects";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedExecutor, VirtualClock } from "../src/embedded";
import { serveRoute } from "./http-routes";

// The watch jobs on the deterministic harness: the app's functions served by the Next handler,
// driven by the embedded executor on a virtual clock. The alert cron fires, the delivery job
// retries a failed webhook with the executor's backoff, and a firing alert is delivered once.

process.env.YARDSTICK_SECRET ??= "jobs-watch-test-secret-0123456789";
const signingKey = `signkey-local-${randomBytes(32).toString("hex")}`;
const eventKey = randomBytes(16).toString("hex");
const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
const clock = new VirtualClock(start);
let executor: EmbeddedExecutor;
let app: Awaited<ReturnType<typeof serveRoute>>;

const received: Array<{ status: number; body: string }> = [];
const answers = [500];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    const status = answers.shift() ?? 200;
    received.push({ status, body });
    res.writeHead(status).end();
  });
});

beforeAll(async () => {
  executor = await EmbeddedExecutor.start({ signingKey, eventKey, clock, autoRun: false, log: () => {} });
  Object.assign(process.env, {
    INNGEST_BASE_URL: executor.url,
    INNGEST_SIGNING_KEY: signingKey,
    INNGEST_EVENT_KEY: eventKey,
  });
  const jobs = await import("../src/index");
  app = await serveRoute("/api/inngest", jobs.serveHandlers());
  await executor.sync(app.url);
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
});
afterAll(async () => {
  await executor.register({ url: app.url, appName: "yardstick", functions: [] });
  await executor.stop();
  await app.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

describe("alert and drift jobs", () => {
  let projectId: string;

  beforeAll(async () => {
    const org = await getDb().organization.create({ data: { name: "watch jobs org" }, select: { id: true } });
    projectId = (await createProject(org.id, "watch jobs")).id;
    const at = new Date(start.getTime() - 10 * 60_000).toISOString();
    const batch = Array.from({ length: 30 }, (_, i) => {
      const id = randomUUID();
      return [
        {
          id: randomUUID(),
          type: "trace-create",
          timestamp: at,
          body: { id, timestamp: at, input: `question ${i}`, output: "answer" },
        },
        ...(i % 3 === 0
          ? [
              {
                id: randomUUID(),
                type: "generation-create",
                timestamp: at,
                body: { id: randomUUID(), traceId: id, startTime: at, level: "ERROR" },
              },
            ]
          : []),
        { id: randomUUID(), type: "score-create", timestamp: at, body: { traceId: id, name: "correct", value: i % 2 } },
      ];
    }).flat();
    const res = await ingestEvents({ id: "k", projectId, scopes: ["ingest"] }, { batch });
    expect(res.errors).toEqual([]);
  });

  it("the cron fires a breached rule; the delivery job retries a 500 and delivers once", async () => {
    const port = (receiver.address() as { port: number }).port;
    const ch = await createAlertChannel(projectId, {
      name: "hook",
      kind: "webhook",
      url: `http://127.0.0.1:${port}/h`,
    });
    await createAlertRule(projectId, {
      name: "error rate",
      metric: "error_rate",
      condition: "above",
      threshold: 0.2,
      period: "day",
      cooldownMinutes: 60,
      channelIds: [ch.id],
    });
    await clock.advance(60_000);
    await executor.drain();
    expect(received.map((r) => r.status)).toEqual([500]);
    // The executor retries the step after its backoff (10 s ± 20%); the next ticks stay quiet.
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      await executor.drain();
    }
    expect(received.map((r) => r.status)).toEqual([500, 200]);
    expect(JSON.parse(received[1]!.body)).toMatchObject({ type: "alert.firing", rule: { name: "error rate" } });
    const [event] = await listAlertEvents(projectId);
    expect(event).toMatchObject({
      status: "firing",
      notifications: 1,
      deliveries: [{ status: "delivered", attempts: 2, responseStatus: 200 }],
    });
  });

  it("the drift cron starts one report per due slot and the report job fills it", async () => {
    // The settings row is stamped with the real time, the ticks with the virtual clock: advance a
    // minute at a time (a minute crosses at most one */5 tick) until the first due tick has run.
    // Six fixed minutes crossed two ticks whenever the clock stood in the last minute of a slot.
    await updateDriftSettings(projectId, { cron: "*/5 * * * *", baselineMode: "reference" });
    let reports = await listDriftReports(projectId);
    for (let i = 0; i < 15 && reports.length === 0; i++) {
      clock.advance(60_000);
      await executor.drain();
      reports = await listDriftReports(projectId);
    }
    expect(reports.length).toBe(1);
    // the same tick handled again (a retry or a duplicate) claims nothing more
    await executor.drain();
    expect((await listDriftReports(projectId)).length).toBe(1);
    expect(reports[0]).toMatchObject({ status: "completed", trigger: "schedule" });
    expect(reports[0]!.findingCount).toBeGreaterThan(0);
  });
});
