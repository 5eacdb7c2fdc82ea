import { randomBytes } from "node:crypto";
import { listEventJobRuns } from "@yardstick/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedExecutor, VirtualClock } from "../src/embedded";
import { serveRoute } from "./http-routes";
import type * as Jobs from "../src/index";

// The app's own client and functions, served by the Next.js handler (serveHandlers(), as
// apps/web mounts it), driven by the embedded executor the way `npm start` wires them.

type TJobs = typeof Jobs;
const signingKey = `signkey-local-${randomBytes(32).toString("hex")}`;
const eventKey = randomBytes(16).toString("hex");
const clock = new VirtualClock(new Date("2026-03-01T10:20:00Z"));
let executor: EmbeddedExecutor;
let app: Awaited<ReturnType<typeof serveRoute>>;
let jobs: TJobs;

beforeAll(async () => {
  executor = await EmbeddedExecutor.start({ signingKey, eventKey, clock, autoRun: false, log: () => {} });
  Object.assign(process.env, {
    INNGEST_BASE_URL: executor.url,
    INNGEST_SIGNING_KEY: signingKey,
    INNGEST_EVENT_KEY: eventKey,
  });
  jobs = await import("../src/index");
  app = await serveRoute("/api/inngest", jobs.serveHandlers());
  await executor.sync(app.url);
});
afterAll(async () => {
  await executor.register({ url: app.url, appName: "yardstick", functions: [] });
  await executor.stop();
  await app.close();
});

describe("the app's functions on the embedded executor", () => {
  it("syncs every function of the app through the Next.js route", async () => {
    const ids = (await executor["functions"]()).map((f) => f.id).filter((id) => id.startsWith("yardstick-"));
    // Functions with onFailure sync a second function, "<id>-failure", triggered by inngest/function.failed.
    const withFailure = [
      "yardstick-experiment-run-failure",
      "yardstick-calibration-run-failure",
      "yardstick-online-eval-backfill-failure",
      "yardstick-drift-report-failure",
      "yardstick-alert-deliver-failure",
    ];
    expect(ids.sort()).toEqual([...jobs.functions.map((f) => f.id("yardstick")), ...withFailure].sort());
  });

  it("runs project-ping from an event sent with the app's client, through its sleep", async () => {
    const { ids } = await jobs.inngest.send(
      jobs.projectPing.create({ projectId: "proj-1", requestedBy: "ada", sleepSeconds: 30 }),
    );
    await executor.drain();
    const [sleeping] = await listEventJobRuns(ids[0]!);
    expect(sleeping).toMatchObject({ status: "sleeping", projectId: "proj-1", functionId: "yardstick-project-ping" });
    clock.advance(30_000);
    await executor.drain();
    const [run] = await listEventJobRuns(ids[0]!);
    expect(run).toMatchObject({ status: "completed", output: { projectId: "proj-1", requestedBy: "ada" } });
    expect(run!.steps.map((s) => s.name)).toEqual(["receive", "pause", "answer"]);
  });

  it("fails project-ping at once on an event its schema refuses", async () => {
    const { ids } = await jobs.inngest.send({ name: "yardstick/project.ping", data: { projectId: 42 } });
    await executor.drain();
    const [run] = await listEventJobRuns(ids[0]!);
    expect(run).toMatchObject({
      status: "failed",
      failures: 1,
      error: { message: expect.stringContaining("projectId") },
    });
  });

  it("fires the hourly heartbeat on the hour, trace retention at :17 (and the every-minute and 5-minute crons each time)", async () => {
    // on the hour: heartbeat, scheduled-runs, dashboard-rollups, candidate-dedupe, annotation-fill, bandit-allocation,
    // online-eval-scan, alerts-evaluate, drift-reports
    clock.advance(new Date("2026-03-01T11:00:00Z").getTime() - clock.now().getTime());
    expect(await executor.drain()).toBe(9);
    // 11:59: scheduled-runs, dashboard-rollups, candidate-dedupe, bandit-allocation, online-eval-scan, alerts-evaluate
    // (every minute), annotation-fill and drift-reports (11:55), trace-retention (11:17)
    clock.advance(59 * 60_000);
    expect(await executor.drain()).toBe(9);
  });
});
