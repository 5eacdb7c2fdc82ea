import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { expect, test, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { startFakeAnthropic, type FakeAnthropic } from "@yardstick/llm/testing";
import { createApiKeySecret, createOrg, createProject, signUp, snap, uniqueEmail } from "./helpers";

// Drift reports and alerts (issue 20) in the browser. A week of good English refund traffic is
// followed by a day of Spanish crypto-wallet questions answered by a lower-scoring prompt: the
// next report flags quality, language and topics with their charts, tests and sample traces. A
// judge whose prompt changed is flagged by its anchor set. An alert reaches a local webhook
// receiver once, not on every evaluation, and a bad URL or threshold is refused naming the field.

const HOUR = 3600_000;
let fake: FakeAnthropic;
let receiver: Server;
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

test.beforeAll(async () => {
  fake = await startFakeAnthropic();
  // v1 of the judge agrees with the humans; a version whose rubric says STRICT scores everything 1.
  fake.setHandler((req) => {
    const text = JSON.stringify(req.body);
    const i = Number(/anchor-(\d\d)/.exec(text)?.[1] ?? 0);
    const score = text.includes("STRICT") ? 1 : (i % 5) + 1;
    return {
      type: "tool_use",
      name: "submit_grade",
      input: { reasoning: `scored ${score}`, strengths: [], weaknesses: [], score },
    };
  });
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
});
test.afterAll(async () => {
  await fake?.close();
  await new Promise<void>((r) => receiver?.close(() => r()));
});

async function trpc(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()).result.data.json;
}

async function trpcQuery(page: Page, path: string, input: unknown) {
  const res = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()).result.data.json;
}

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await page.waitForLoadState("networkidle");
  await snap(page, testInfo, name);
}

const REF_Q = [
  "How do I get a refund for my order",
  "Where is my refund for the order I returned",
  "Can I get a refund on this order",
];
const NEW_Q = [
  "No puedo transferir dinero desde mi billetera de cripto, la transferencia de cripto falla siempre y necesito ayuda con la billetera",
  "La billetera de cripto no muestra mi saldo después de la transferencia, por favor ayuda con la billetera y la transferencia",
];

async function ingest(request: APIRequestContext, secret: string, suffix: string, opts: { errors?: number } = {}) {
  const now = Date.now();
  let n = 0;
  const batch: Array<Record<string, unknown>> = [];
  const trace = (at: number, input: string, output: string, score: number | null, error = false) => {
    const id = `tr-${suffix}-${++n}`;
    const ts = new Date(at).toISOString();
    batch.push({
      id: `e-${id}`,
      type: "trace-create",
      timestamp: ts,
      body: { id, timestamp: ts, name: "support", input, output },
    });
    if (score !== null)
      batch.push({
        id: `s-${id}`,
        type: "score-create",
        timestamp: ts,
        body: { traceId: id, name: "helpfulness", value: score },
      });
    if (error)
      batch.push({
        id: `g-${id}`,
        type: "generation-create",
        timestamp: ts,
        body: { id: `g-${id}`, traceId: id, startTime: ts, level: "ERROR" },
      });
  };
  if (opts.errors !== undefined) {
    for (let i = 0; i < 30; i++) trace(now - 5 * 60_000, "refund?", "ok", null, i < opts.errors);
  } else {
    for (let i = 0; i < 140; i++) {
      trace(
        now - 26 * HOUR - Math.floor((i / 140) * 150) * HOUR,
        `${REF_Q[i % 3]} #${i}?`,
        "You can request a refund from the orders page.",
        i % 4 ? 4 : 5,
      );
      trace(
        now - HOUR - Math.floor((i / 140) * 19) * HOUR,
        i % 2 ? `${NEW_Q[i % 2]} (${i})` : `${REF_Q[i % 3]} #${i}?`,
        "Lo siento, no puedo ayudar con eso en este momento. Por favor intente de nuevo más tarde.",
        i % 2 ? 2 : 3,
      );
    }
  }
  for (let i = 0; i < batch.length; i += 200) {
    const res = await request.post("/api/public/ingestion", {
      headers: { Authorization: `Bearer ${secret}` },
      data: { batch: batch.slice(i, i + 200) },
    });
    expect(res.status()).toBe(207);
    expect((await res.json()).errors).toEqual([]);
  }
}

test("drift report finds a seeded shift and a changed judge; an alert reaches a webhook once", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(360_000);
  const suffix = Date.now().toString(36);
  await signUp(page, { name: "Dee Rift", email: uniqueEmail("drift") });
  await createOrg(page, `Drift Org ${suffix}`);
  const projectId = await createProject(page, "Support Bot");
  const base = `/projects/${projectId}`;
  const nav = page.getByRole("navigation", { name: "Main" });
  const secret = await createApiKeySecret(page, projectId, "Drift key", ["Ingest"]);

  await test.step("a judge with a human-labelled anchor set, and a week of traffic with a shifted last day", async () => {
    await trpc(page, "providers.set", {
      projectId,
      provider: "anthropic",
      apiKey: "sk-ant-e2e-drift-0000",
      baseUrl: fake.url,
    });
    const g = await trpc(page, "graders.createVersion", {
      projectId,
      name: "helpfulness",
      config: {
        type: "llm_judge",
        rubric: { name: "helpfulness", criteria: ["Answers the question"] },
        model: "claude-sonnet-4-6",
      },
      message: "v1",
    });
    const ds = await trpc(page, "datasets.create", { projectId, name: "anchor items", description: null });
    const rows = Array.from({ length: 15 }, (_, i) => ({
      id: `anchor-${String(i).padStart(2, "0")}`,
      input: { q: `question ${i}` },
      expectedOutput: `answer anchor-${String(i).padStart(2, "0")}`,
    }));
    await trpc(page, "datasets.importFile", {
      projectId,
      datasetId: ds.id,
      format: "jsonl",
      content: rows.map((r) => JSON.stringify(r)).join("\n") + "\n",
      mode: "append",
    });
    const set = await trpc(page, "calibration.createSet", {
      projectId,
      name: "helpfulness anchors",
      graderId: g.grader.id,
      datasetId: ds.id,
    });
    for (let i = 0; i < 15; i++)
      await trpc(page, "calibration.setLabel", {
        projectId,
        setId: set.id,
        itemKey: rows[i]!.id,
        humanScore: (i % 5) + 1,
      });
    await ingest(request, secret, suffix);
  });

  await test.step("the drift page starts empty; the anchor set is marked in the browser", async () => {
    await nav.getByRole("link", { name: "Drift" }).click();
    await expect(page).toHaveURL(new RegExp(`${base}/drift$`));
    await expect(page.getByRole("heading", { name: "No drift reports yet" })).toBeVisible();
    await page.getByLabel("Calibration set").selectOption({ label: "helpfulness anchors" });
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByText("(baseline on the next report)")).toBeVisible();
    await page.getByLabel("Schedule (cron, UTC)").fill("every day");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText(/five-field cron expression/)).toBeVisible();
    await shot(page, testInfo, "200-drift-empty");
    await page.getByLabel("Schedule (cron, UTC)").fill("0 6 * * *");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText(/Next report/)).toBeVisible();
  });

  await test.step("Run now: the next report detects the seeded drift with its evidence", async () => {
    await page.getByRole("button", { name: "Run now" }).click();
    await expect(page).toHaveURL(new RegExp(`${base}/drift/[^/]+$`));
    await expect(page.getByText("completed")).toBeVisible({ timeout: 90_000 });
    await expect(page.getByText(/helpfulness: quality dropped/)).toBeVisible();
    await expect(page.getByText(/Language mix shifted \(Spanish/)).toBeVisible();
    await expect(page.getByText(/Topics shifted \(new:/)).toBeVisible();
    await expect(page.getByText(/Input length shifted/)).toBeVisible();
    const quality = page.getByRole("region", { name: /helpfulness: quality dropped/ });
    await expect(quality.getByText("z-score vs daily history")).toBeVisible();
    await expect(quality.locator(".recharts-wrapper")).toBeVisible();
    await expect(quality.getByRole("link").first()).toHaveAttribute("href", new RegExp(`${base}/traces/tr-`));
    await shot(page, testInfo, "201-drift-report");
  });

  await test.step("a judge whose prompt changed is flagged by the anchor set", async () => {
    await trpc(page, "graders.createVersion", {
      projectId,
      name: "helpfulness",
      config: {
        type: "llm_judge",
        rubric: { name: "helpfulness", criteria: ["STRICT: only perfect answers"] },
        model: "claude-sonnet-4-6",
      },
      message: "v2 stricter",
    });
    await page.goto(`${base}/drift`);
    await page.getByRole("button", { name: "Run now" }).click();
    await expect(page).toHaveURL(new RegExp(`${base}/drift/[^/]+$`));
    await expect(page.getByText("completed")).toBeVisible({ timeout: 90_000 });
    await expect(page.getByText(/The judge “helpfulness” changed \(v1 → v2\)/)).toBeVisible();
    await expect(page.getByText(/scores moved, but the judge changed, not the product/)).toBeVisible();
    await shot(page, testInfo, "202-drift-judge-changed");
    await page.goto(`${base}/drift`);
    await expect(page.getByText("judge changed")).toBeVisible();
    await shot(page, testInfo, "203-drift-list");
  });

  const port = (receiver.address() as { port: number }).port;
  await test.step("alerts: a bad URL and a bad threshold are refused naming the field", async () => {
    await ingest(request, secret, `${suffix}-err`, { errors: 30 });
    await nav.getByRole("link", { name: "Alerts" }).click();
    await expect(page.getByRole("heading", { name: "No alert rules yet" })).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill("local receiver");
    await page.getByLabel("URL").fill("ftp://example.com/hook");
    await page.getByRole("button", { name: "Add channel" }).click();
    await expect(page.getByText("URL must use http or https (not ftp)")).toBeVisible();
    await page.getByLabel("URL").fill(`http://127.0.0.1:${port}/hooks/yardstick`);
    await page.getByRole("button", { name: "Add channel" }).click();
    await expect(page.getByText(/Signing secret — shown once/)).toBeVisible();

    await page.getByRole("button", { name: "New rule" }).click();
    const dialog = page.getByRole("dialog", { name: "New alert rule" });
    await dialog.getByLabel("Name").fill("Error rate above 10%");
    await dialog.getByLabel("Metric").selectOption("error_rate");
    await dialog.getByLabel("Condition").selectOption("above");
    await dialog.getByLabel("Threshold").fill("ten percent");
    await dialog.getByLabel("Period").selectOption("day");
    await dialog.getByLabel("local receiver").check();
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await expect(dialog.getByText("Threshold must be a number")).toBeVisible();
    await shot(page, testInfo, "204-alert-rule-error");
    await dialog.getByLabel("Threshold").fill("0.1");
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step("the alert cron fires it: the webhook gets one signed request, not one per evaluation", async () => {
    await expect.poll(() => received.length, { timeout: 120_000, intervals: [1000] }).toBe(1);
    const firstAt = Date.now();
    const body = JSON.parse(received[0]!.body);
    expect(body).toMatchObject({ type: "alert.firing", rule: { name: "Error rate above 10%" } });
    expect(received[0]!.headers["x-yardstick-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // Wait for the next evaluation of the still-breached rule: it must not notify again.
    await expect
      .poll(
        async () => {
          const rules = await trpcQuery(page, "alerts.rules", { projectId });
          return new Date(rules[0].lastEvaluatedAt).getTime() > firstAt;
        },
        { timeout: 90_000, intervals: [2000] },
      )
      .toBe(true);
    expect(received).toHaveLength(1);
    await page.reload();
    await expect(page.getByText("firing").first()).toBeVisible();
    await expect(page.getByText(/local receiver: delivered/)).toBeVisible();
    await shot(page, testInfo, "205-alerts-firing");
  });

  await test.step("test-fire and acknowledge", async () => {
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(2);
    expect(JSON.parse(received[1]!.body).type).toBe("alert.test");
    await page.getByRole("button", { name: "Acknowledge" }).click();
    await expect(page.getByText("acknowledged")).toBeVisible();
    await shot(page, testInfo, "206-alerts-history");
  });
});
