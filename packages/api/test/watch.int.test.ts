import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetProviderCache } from "@yardstick/llm";
import { startFakeAnthropic, type FakeAnthropic, type TRecordedRequest } from "@yardstick/llm/testing";
import { getDb } from "@yardstick/db";
import { evaluateProjectAlerts } from "@yardstick/server/services/alerts";
import { appRouter } from "../src/index";
import { addMember, expectTrpcError, newTenant } from "./helpers";
import { driftScenario, ingestTraces, waitFor } from "./watch-fixtures";

type Tenant = Awaited<ReturnType<typeof newTenant>>;

// Drift reports and alerts through the real routers, the real job path (embedded executor →
// /api/inngest → services → Postgres), the real Anthropic SDK against the fake Messages API, and a
// real local HTTP receiver for webhooks.
const jobs = await vi.hoisted(async () => (await import("./job-server")).startJobServer());
beforeAll(() => jobs.serveApp());
afterAll(() => jobs.stop());

const KEY = "sk-ant-watch-key-42";
const JUDGE = {
  type: "llm_judge",
  rubric: { name: "helpfulness", criteria: ["Answers the question", "Polite"] },
  model: "claude-sonnet-4-6",
};
const HOUR = 3600_000;

/** A local webhook receiver: records each request; answers `status()` (200 by default). */
async function startReceiver() {
  const received: Array<{ headers: IncomingHttpHeaders; body: string; url: string }> = [];
  let status = () => 200;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body, url: req.url ?? "" });
      res.writeHead(status()).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/yardstick`,
    received,
    setStatus: (f: () => number) => (status = f),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const itemOf = (req: TRecordedRequest) => {
  const content = (req.body as { messages: Array<{ content: string }> }).messages[0]!.content;
  return Number(/anchor-(\d\d)/.exec(content)![1]);
};
const human = (i: number) => (i % 5) + 1;

describe("drift reports", () => {
  let fake: FakeAnthropic;
  let t: Tenant;
  let projectId: string;
  let c: Tenant["owner"]["caller"];
  let setId: string;

  beforeAll(async () => {
    fake = await startFakeAnthropic({ apiKey: KEY });
    resetProviderCache();
    t = await newTenant("drift");
    projectId = t.project.id;
    c = t.owner.caller;
    await c.providers.set({ projectId, provider: "anthropic", apiKey: KEY, baseUrl: fake.url });
    // The judge: v1 agrees with the humans; a v2 whose rubric says STRICT scores everything 1.
    fake.setHandler((req) => {
      const strict = JSON.stringify(req.body).includes("STRICT");
      const score = strict ? 1 : human(itemOf(req));
      return {
        type: "tool_use",
        name: "submit_grade",
        input: { reasoning: `scored ${score}`, strengths: [], weaknesses: [], score },
      };
    });
    const grader = await c.graders.createVersion({ projectId, name: "helpfulness", config: JUDGE, message: "v1" });
    const ds = await c.datasets.create({ projectId, name: "anchors", description: null });
    const rows = Array.from({ length: 15 }, (_, i) => ({
      id: `anchor-${String(i).padStart(2, "0")}`,
      input: { question: `q ${i}` },
      expectedOutput: `answer anchor-${String(i).padStart(2, "0")}`,
    }));
    await c.datasets.importFile({
      projectId,
      datasetId: ds.id,
      format: "jsonl",
      content: rows.map((r) => JSON.stringify(r)).join("\n") + "\n",
      mode: "append",
    });
    const set = await c.calibration.createSet({
      projectId,
      name: "anchor set",
      graderId: grader.grader.id,
      datasetId: ds.id,
    });
    setId = set.id;
    for (let i = 0; i < 15; i++) {
      await c.calibration.setLabel({ projectId, setId, itemKey: rows[i]!.id, humanScore: human(i) });
    }
    await ingestTraces(projectId, driftScenario(Date.now()));
  });
  afterAll(() => fake.close());

  async function runReport() {
    const started = await c.drift.runNow({ projectId });
    expect(started.status).toBe("running");
    return waitFor(
      () => c.drift.get({ projectId, reportId: started.id }),
      (r) => r.status !== "running",
      "the report",
    );
  }

  it("detects the seeded shift in inputs and the lower-scoring prompt, with evidence", async () => {
    await c.drift.updateSettings({ projectId, baselineMode: "reference", windowHours: 24, referenceHours: 168 });
    await c.drift.setAnchor({ projectId, setId, anchor: true });
    const r = await runReport();
    expect(r.status).toBe("completed");
    const by = (kind: string) => r.findings.find((f) => f.kind === kind)!;
    const q = by("quality");
    expect(q).toMatchObject({ subject: "helpfulness", severity: "alert", attributedTo: "product" });
    expect((q.tests as Array<{ name: string }>).map((x) => x.name)).toEqual(
      expect.arrayContaining([
        "Mean vs reference window",
        "Share of bad scores (≤ 2 (1–5 scale))",
        "z-score vs daily history",
      ]),
    );
    expect(q.sampleTraceIds.length).toBeGreaterThan(0);
    expect(by("input_length").severity).not.toBe("ok");
    expect(by("language").severity).not.toBe("ok");
    expect(by("language").title).toMatch(/Spanish/);
    const topics = by("topics");
    expect(topics.severity).toBe("alert");
    expect((topics.chart as { topics: Array<{ isNew: boolean; label: string }> }).topics.some((x) => x.isNew)).toBe(
      true,
    );
    // First anchor run: the baseline, nothing to compare yet.
    expect(by("judge")).toMatchObject({ severity: "ok", attributedTo: null });
    expect(r.judgeChanged).toBe(false);
    expect(r.summary).toMatchObject({ windowTraces: 140, windowSampled: 140 });
    const anchors = await c.drift.anchors({ projectId });
    expect(anchors[0]).toMatchObject({ setId, graderName: "helpfulness" });
    expect(anchors[0]!.baselineRunId).toBeTruthy();
  });

  it("flags a judge whose prompt changed, and says so instead of blaming the product", async () => {
    await c.graders.createVersion({
      projectId,
      name: "helpfulness",
      config: { ...JUDGE, rubric: { ...JUDGE.rubric, criteria: ["STRICT: only perfect answers pass"] } },
      message: "v2 stricter",
    });
    const r = await runReport();
    expect(r.judgeChanged).toBe(true);
    const judge = r.findings.find((f) => f.kind === "judge")!;
    expect(judge).toMatchObject({ severity: "alert", attributedTo: "judge" });
    expect(judge.title).toMatch(/v1 → v2/);
    const q = r.findings.find((f) => f.kind === "quality")!;
    expect(q.attributedTo).toBe("judge");
    expect(q.title).toMatch(/judge changed, not the product/);
    const list = await c.drift.list({ projectId });
    expect(list.map((x) => x.id)).toContain(r.id);
  });

  it("compares online judge ratings with the golden set on the judge's own scale", async () => {
    // The latest golden-set run stores each case's judge grade normalised to [0, 1] (0.75 = 4 on
    // 1–5); the online scores are ratings on 1–5. The baseline must be on the ratings' scale.
    const v1 = await getDb().graderVersion.findFirstOrThrow({
      where: { grader: { projectId, name: "helpfulness" }, version: 1 },
    });
    const run = await getDb().experimentRun.create({
      data: {
        projectId,
        datasetId: "golden-ds",
        datasetName: "golden",
        datasetVersion: 1,
        datasetVersionId: "golden-ds-v1",
        partitions: ["golden"],
        name: "release gate",
        status: "completed",
        config: {
          arms: [],
          graders: [
            { graderId: v1.graderId, name: "helpfulness", version: 1, graderVersionId: v1.id, type: "llm_judge" },
          ],
          repeats: 1,
          concurrency: 1,
        },
        itemCount: 4,
        totalCases: 4,
        doneCases: 4,
        endedAt: new Date(),
        cases: {
          create: [0.5, 0.75, 0.75, 1].map((score, i) => ({
            arm: 0,
            itemKey: `g${i}`,
            repeat: 0,
            partition: "golden" as const,
            input: { question: `g ${i}` },
            output: "answer",
            graderResults: [{ graderId: v1.graderId, version: 1, score, passed: true, reasoning: null, error: null }],
            passed: true,
          })),
        },
      },
    });
    await c.drift.updateSettings({ projectId, baselineMode: "golden" });
    const r = await runReport();
    const q = r.findings.find((f) => f.kind === "quality")!;
    const chart = q.chart as { baseline: number; baselineLabel: string };
    expect(chart.baselineLabel).toMatch(/golden set of run release gate \(4 cases\)/);
    expect(chart.baseline).toBeCloseTo(4, 6); // mean 0.75 on 1–5
    const test = (q.tests as Array<{ name: string; value: number }>).find(
      (x) => x.name === "Mean vs golden-set baseline",
    )!;
    expect(test.value).toBeLessThan(-1); // the window's ratings (2–3) sit well below the golden 4
    await getDb().experimentRun.delete({ where: { id: run.id } });
    await c.drift.updateSettings({ projectId, baselineMode: "reference" });
  });

  it("rejects bad settings naming the field and changes nothing", async () => {
    const before = await c.drift.settings({ projectId });
    const e1 = await expectTrpcError(c.drift.updateSettings({ projectId, cron: "every day" }), "BAD_REQUEST");
    expect(e1.cause).toMatchObject({ field: "cron" });
    const e2 = await expectTrpcError(
      c.drift.updateSettings({ projectId, windowHours: "x" as unknown as number }),
      "BAD_REQUEST",
    );
    expect(e2.message).toMatch(/Window must be a number/);
    await expectTrpcError(c.drift.updateSettings({ projectId, referenceMode: "pinned" }), "BAD_REQUEST");
    expect(await c.drift.settings({ projectId })).toEqual(before);
  });
});

describe("alerts", () => {
  let t: Tenant;
  let projectId: string;
  let c: Tenant["owner"]["caller"];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    t = await newTenant("alerts");
    projectId = t.project.id;
    c = t.owner.caller;
    receiver = await startReceiver();
    const now = Date.now();
    // A quiet week, then an hour where a third of the traces fail.
    await ingestTraces(projectId, [
      ...Array.from({ length: 50 }, (_, i) => ({
        at: new Date(now - 30 * HOUR - i * HOUR),
        input: "q",
        output: "a",
        score: { name: "correct", value: 1 },
      })),
      ...Array.from({ length: 30 }, (_, i) => ({
        at: new Date(now - 20 * 60_000),
        input: "q",
        output: "a",
        error: i % 3 === 0,
        score: { name: "correct", value: i % 2 },
      })),
    ]);
  });
  afterAll(() => receiver.close());

  it("a firing alert reaches the webhook once, signed, not on every evaluation", async () => {
    const ch = await c.alerts.createChannel({ projectId, name: "receiver", kind: "webhook", url: receiver.url });
    expect(ch.secret).toMatch(/^whsec_/);
    expect(ch.urlHint).toBe(`${new URL(receiver.url).origin}/…`);
    expect(JSON.stringify(await c.alerts.channels({ projectId }))).not.toContain("whsec_");
    const rule = await c.alerts.createRule({
      projectId,
      name: "errors",
      metric: "error_rate",
      condition: "above",
      threshold: 0.1,
      period: "day",
      cooldownMinutes: 60,
      channelIds: [ch.id],
    });
    const { inngest } = await import("@yardstick/jobs");
    const { alertDeliverRequested } = await import("@yardstick/jobs");
    for (let i = 0; i < 3; i++) {
      const r = await evaluateProjectAlerts(projectId, new Date(Date.now() + i * 60_000));
      if (r.deliveries.length) await inngest.send(r.deliveries.map((d) => alertDeliverRequested.create(d)));
    }
    await waitFor(
      async () => receiver.received.length,
      (n) => n >= 1,
      "the webhook",
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    const ts = got.headers["x-yardstick-timestamp"] as string;
    const expected = createHmac("sha256", ch.secret!).update(`${ts}.${got.body}`).digest("hex");
    expect(got.headers["x-yardstick-signature"]).toBe(`t=${ts},v1=${expected}`);
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({
      type: "alert.firing",
      rule: { id: rule.id, name: "errors" },
      project: { id: projectId },
    });
    expect(body.value).toBeCloseTo(10 / 30);
    const events = await c.alerts.events({ projectId });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      status: "firing",
      notifications: 1,
      deliveries: [{ status: "delivered", responseStatus: 200 }],
    });
    expect((await c.alerts.rules({ projectId }))[0]).toMatchObject({ state: "firing" });
    // After the cooldown it reminds once more; acknowledging records who.
    const later = await evaluateProjectAlerts(projectId, new Date(Date.now() + 62 * 60_000));
    expect(later.deliveries).toHaveLength(1);
    await c.alerts.acknowledge({ projectId, eventId: events[0]!.id });
    expect((await c.alerts.events({ projectId }))[0]!.acknowledgedById).toBe(t.owner.id);
  });

  it("test-fire sends a test notification through the job", async () => {
    const rule = (await c.alerts.rules({ projectId }))[0]!;
    const before = receiver.received.length;
    expect(await c.alerts.testFire({ projectId, ruleId: rule.id })).toMatchObject({ deliveries: 1 });
    await waitFor(
      async () => receiver.received.length,
      (n) => n > before,
      "the test notification",
    );
    expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({ type: "alert.test" });
  });

  it("bad input names the field and changes nothing", async () => {
    const other = await newTenant("other");
    await ingestTraces(other.project.id, [
      { at: new Date(), input: "q", output: "a", score: { name: "secret-score", value: 1 } },
    ]);
    const channels = await c.alerts.channels({ projectId });
    const rules = await c.alerts.rules({ projectId });
    const ftp = await expectTrpcError(
      c.alerts.createChannel({ projectId, name: "ftp", kind: "webhook", url: "ftp://example.com/x" }),
      "BAD_REQUEST",
    );
    expect(ftp.cause).toMatchObject({ field: "url" });
    expect(ftp.message).toMatch(/http or https/);
    const js = await expectTrpcError(
      c.alerts.createChannel({ projectId, name: "js", kind: "slack", url: "javascript:alert(1)" }),
      "BAD_REQUEST",
    );
    expect(js.cause).toMatchObject({ field: "url" });
    const base = {
      projectId,
      name: "x",
      metric: "pass_rate" as const,
      condition: "below" as const,
      scoreName: "correct",
    };
    const nan = await expectTrpcError(
      c.alerts.createRule({ ...base, threshold: "lots" as unknown as number }),
      "BAD_REQUEST",
    );
    expect(nan.message).toMatch(/Threshold must be a number/);
    expect((nan.cause as unknown as { issues: Array<{ path: string[] }> }).issues[0]!.path).toEqual(["threshold"]);
    const foreign = await expectTrpcError(
      c.alerts.createRule({ ...base, threshold: 0.5, scoreName: "secret-score" }),
      "BAD_REQUEST",
    );
    expect(foreign.cause).toMatchObject({ field: "scoreName" });
    const noScore = await expectTrpcError(
      c.alerts.createRule({ ...base, threshold: 0.5, scoreName: null }),
      "BAD_REQUEST",
    );
    expect(noScore.cause).toMatchObject({ field: "scoreName" });
    // "p95 latency up 20% without a quality gain" needs the score whose gain would excuse it
    const noQuality = await expectTrpcError(
      c.alerts.createRule({
        ...base,
        metric: "p95_latency_ms",
        condition: "rise_pct_no_quality_gain",
        threshold: 20,
        scoreName: null,
      }),
      "BAD_REQUEST",
    );
    expect(noQuality.cause).toMatchObject({ field: "scoreName" });
    expect(noQuality.message).toMatch(/quality score/);
    const otherCh = await other.owner.caller.alerts.createChannel({
      projectId: other.project.id,
      name: "o",
      kind: "slack",
      url: receiver.url,
    });
    const foreignCh = await expectTrpcError(
      c.alerts.createRule({ ...base, threshold: 0.5, channelIds: [otherCh.id] }),
      "BAD_REQUEST",
    );
    expect(foreignCh.cause).toMatchObject({ field: "channelIds" });
    expect(await c.alerts.channels({ projectId })).toEqual(channels);
    expect(await c.alerts.rules({ projectId })).toEqual(rules);
  });

  it("blocks private webhook addresses when YARDSTICK_ALLOW_PRIVATE_WEBHOOK_URLS=false", async () => {
    const { resetServerEnv } = await import("@yardstick/server");
    process.env.YARDSTICK_ALLOW_PRIVATE_WEBHOOK_URLS = "false";
    resetServerEnv();
    try {
      const e = await expectTrpcError(
        c.alerts.createChannel({ projectId, name: "local", kind: "webhook", url: receiver.url }),
        "BAD_REQUEST",
      );
      expect(e.message).toMatch(/private or local addresses are disabled/);
    } finally {
      delete process.env.YARDSTICK_ALLOW_PRIVATE_WEBHOOK_URLS;
      resetServerEnv();
    }
  });
});

describe("watch procedures: tenant isolation and roles", () => {
  let a: Tenant;
  let b: Tenant;
  let ids: { ruleId: string; channelId: string; eventId: string; reportId: string; setId: string };

  beforeAll(async () => {
    a = await newTenant("watch-a");
    b = await newTenant("watch-b");
    const bc = b.owner.caller;
    const p = b.project.id;
    await ingestTraces(p, [{ at: new Date(), input: "q", output: "a", score: { name: "s", value: 1 } }]);
    const ch = await bc.alerts.createChannel({
      projectId: p,
      name: "c",
      kind: "webhook",
      url: "https://example.com/h",
    });
    const rule = await bc.alerts.createRule({
      projectId: p,
      name: "r",
      metric: "cost",
      condition: "above",
      threshold: 1,
      channelIds: [],
    });
    const { insertAlertEvent, insertDriftReport } = await import("@yardstick/db");
    const ev = await insertAlertEvent({
      projectId: p,
      ruleId: rule.id,
      status: "firing",
      value: 2,
      message: "m",
      details: {},
    });
    const rep = await insertDriftReport({
      projectId: p,
      trigger: "manual",
      windowFrom: new Date(),
      windowTo: new Date(),
      refFrom: new Date(),
      refTo: new Date(),
      createdById: null,
    });
    const g = await bc.graders.createVersion({ projectId: p, name: "j", config: JUDGE, message: "v1" });
    const ds = await bc.datasets.create({ projectId: p, name: "d", description: null });
    await bc.datasets.importFile({
      projectId: p,
      datasetId: ds.id,
      format: "jsonl",
      content: '{"id":"i1","input":"q","expectedOutput":"a"}\n',
      mode: "append",
    });
    const set = await bc.calibration.createSet({ projectId: p, name: "s", graderId: g.grader.id, datasetId: ds.id });
    ids = { ruleId: rule.id, channelId: ch.id, eventId: ev.id, reportId: rep.id, setId: set.id };
  });

  const calls = (u: Tenant["owner"]["caller"], projectId: string, own = true) =>
    ({
      "drift.settings": () => u.drift.settings({ projectId }),
      "drift.updateSettings": () => u.drift.updateSettings({ projectId, windowHours: 12 }),
      "drift.list": () => u.drift.list({ projectId }),
      "drift.get": () => u.drift.get({ projectId, reportId: ids.reportId }),
      "drift.runNow": () => u.drift.runNow({ projectId }),
      "drift.anchors": () => u.drift.anchors({ projectId }),
      "drift.setAnchor": () => u.drift.setAnchor({ projectId, setId: ids.setId, anchor: true }),
      "alerts.rules": () => u.alerts.rules({ projectId }),
      "alerts.scoreNames": () => u.alerts.scoreNames({ projectId }),
      "alerts.createRule": () =>
        u.alerts.createRule({
          projectId,
          name: `r-${Math.random()}`,
          metric: "cost",
          condition: "above",
          threshold: 1,
        }),
      "alerts.updateRule": () => u.alerts.updateRule({ projectId, ruleId: ids.ruleId, threshold: 2 }),
      "alerts.deleteRule": async () => {
        if (!own) return u.alerts.deleteRule({ projectId, ruleId: ids.ruleId });
        const r = await b.owner.caller.alerts.createRule({
          projectId,
          name: `d-${Math.random()}`,
          metric: "cost",
          condition: "above",
          threshold: 1,
        });
        return u.alerts.deleteRule({ projectId, ruleId: r.id });
      },
      "alerts.testFire": () => u.alerts.testFire({ projectId, ruleId: ids.ruleId }),
      "alerts.channels": () => u.alerts.channels({ projectId }),
      "alerts.createChannel": () =>
        u.alerts.createChannel({
          projectId,
          name: `c-${Math.random()}`,
          kind: "slack",
          url: "https://hooks.example.com/x",
        }),
      "alerts.deleteChannel": async () => {
        if (!own) return u.alerts.deleteChannel({ projectId, channelId: ids.channelId });
        const ch = await b.owner.caller.alerts.createChannel({
          projectId,
          name: `d-${Math.random()}`,
          kind: "slack",
          url: "https://hooks.example.com/x",
        });
        return u.alerts.deleteChannel({ projectId, channelId: ch.id });
      },
      "alerts.events": () => u.alerts.events({ projectId }),
      "alerts.acknowledge": () => u.alerts.acknowledge({ projectId, eventId: ids.eventId }),
    }) as Record<string, () => Promise<unknown>>;

  it("covers every drift and alerts procedure", () => {
    const names = Object.keys(appRouter._def.procedures).filter(
      (n) => n.startsWith("drift.") || n.startsWith("alerts."),
    );
    expect(names.sort()).toEqual(Object.keys(calls(a.owner.caller, "x")).sort());
  });

  it("another tenant's owner gets NOT_FOUND for every one and changes nothing", async () => {
    // (the alert cron may evaluate B's rules meanwhile: compare what a caller could change)
    const snapshot = async () =>
      JSON.stringify([
        (await b.owner.caller.alerts.rules({ projectId: b.project.id })).map(
          ({ lastEvaluatedAt: _e, lastValue: _v, updatedAt: _u, ...r }) => r,
        ),
        await b.owner.caller.alerts.channels({ projectId: b.project.id }),
        await b.owner.caller.drift.settings({ projectId: b.project.id }),
        await b.owner.caller.drift.anchors({ projectId: b.project.id }),
      ]);
    const before = await snapshot();
    for (const [name, call] of Object.entries(calls(a.owner.caller, b.project.id, false))) {
      const e = await call().then(
        () => null,
        (x: unknown) => x,
      );
      expect((e as { code?: string } | null)?.code, name).toBe("NOT_FOUND");
    }
    // Ids of B through A's own project: not found either.
    await expectTrpcError(a.owner.caller.drift.get({ projectId: a.project.id, reportId: ids.reportId }), "NOT_FOUND");
    await expectTrpcError(
      a.owner.caller.alerts.acknowledge({ projectId: a.project.id, eventId: ids.eventId }),
      "NOT_FOUND",
    );
    await expectTrpcError(
      a.owner.caller.alerts.updateRule({ projectId: a.project.id, ruleId: ids.ruleId, threshold: 5 }),
      "NOT_FOUND",
    );
    await expectTrpcError(
      a.owner.caller.drift.setAnchor({ projectId: a.project.id, setId: ids.setId, anchor: true }),
      "NOT_FOUND",
    );
    expect(JSON.parse(await snapshot())).toEqual(JSON.parse(before));
  });

  it("role matrix: VIEWER reads; MEMBER edits rules, settings, anchors, runs and acknowledges; ADMIN manages channels", async () => {
    const min: Record<string, "VIEWER" | "MEMBER" | "ADMIN"> = {
      "drift.settings": "VIEWER",
      "drift.list": "VIEWER",
      "drift.get": "VIEWER",
      "drift.anchors": "VIEWER",
      "alerts.rules": "VIEWER",
      "alerts.scoreNames": "VIEWER",
      "alerts.channels": "VIEWER",
      "alerts.events": "VIEWER",
      "drift.updateSettings": "MEMBER",
      "drift.runNow": "MEMBER",
      "drift.setAnchor": "MEMBER",
      "alerts.createRule": "MEMBER",
      "alerts.updateRule": "MEMBER",
      "alerts.deleteRule": "MEMBER",
      "alerts.testFire": "MEMBER",
      "alerts.acknowledge": "MEMBER",
      "alerts.createChannel": "ADMIN",
      "alerts.deleteChannel": "ADMIN",
    };
    const rank = { VIEWER: 0, MEMBER: 1, ADMIN: 2 };
    for (const role of ["VIEWER", "MEMBER", "ADMIN"] as const) {
      const u = await addMember(b, role);
      for (const [name, call] of Object.entries(calls(u.caller, b.project.id))) {
        const e = (await call().then(
          () => null,
          (x: unknown) => x,
        )) as { code?: string } | null;
        if (rank[role] >= rank[min[name]!]) {
          // allowed: passes the role check (testFire on a rule without channels is a precondition)
          expect(e?.code === "FORBIDDEN", `${name} as ${role}`).toBe(false);
        } else {
          expect(e?.code, `${name} as ${role}`).toBe("FORBIDDEN");
        }
      }
    }
  });
});
