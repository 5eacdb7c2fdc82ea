import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { startFakeAnthropic, type FakeAnthropic } from "@yardstick/llm/testing";
import { createApiKeySecret, createOrg, createProject, signUp, snap, uniqueEmail } from "./helpers";

// Online evaluators in the browser: an LLM judge (the real Anthropic SDK against the fake Messages
// API) is made a stratified online rule — bad input is refused naming the field — then traffic is
// posted through the public ingest API with an API key. Traces with an end marker are judged at
// once; one without is judged by the every-minute scan after the project's idle timeout. The rule
// page and the dashboard show the weighted estimate with its CI per prompt version, and the cost
// planner computes a plan and applies it to the rule.

let fake: FakeAnthropic;
test.beforeAll(async () => {
  fake = await startFakeAnthropic();
  // v2 answers are rated 5, v1 answers 3 or 4: the per-version estimates must differ.
  fake.setHandler((req) => {
    const text = JSON.stringify(req.body);
    if (!text.includes("submit_grade")) return undefined;
    const id = /reset my password\? \(([0-9a-f-]{36})\)/.exec(text)?.[1] ?? "0";
    const score = text.includes("answer-v2") ? 5 : parseInt(id.slice(-1), 16) % 2 ? 3 : 4;
    return {
      type: "tool_use",
      name: "submit_grade",
      input: { reasoning: `rated ${score}`, strengths: [], weaknesses: [], score },
    };
  });
});
test.afterAll(async () => {
  await fake?.close();
});

async function step(page: Page, testInfo: TestInfo, name: string) {
  await page.waitForLoadState("networkidle");
  await snap(page, testInfo, name);
}

const now = () => new Date().toISOString();

/** One support-chat trace using prompt support v`pv`, with an end marker unless `end` is false. */
function trace(pv: number, opts: { end?: boolean; error?: boolean } = {}) {
  const id = randomUUID();
  const ev = (type: string, body: Record<string, unknown>) => ({ id: randomUUID(), type, timestamp: now(), body });
  return [
    ev("trace-create", {
      id,
      name: "support-chat",
      input: `How do I reset my password? (${id})`,
      output: `answer-v${pv}`,
    }),
    ev("generation-create", {
      id: randomUUID(),
      traceId: id,
      name: "answer",
      model: "claude-haiku-4-5",
      promptName: "support",
      promptVersion: pv,
      input: "q",
      output: `answer-v${pv}`,
      startTime: now(),
      ...(opts.error && { level: "ERROR", statusMessage: "tool timeout" }),
    }),
    ...(opts.end === false ? [] : [ev("trace-create", { id, endTime: now() })]),
  ];
}

async function ingest(request: APIRequestContext, secret: string, batch: unknown[]) {
  const res = await request.post("/api/public/ingestion", {
    headers: { Authorization: `Bearer ${secret}` },
    data: { batch },
  });
  expect(res.status()).toBe(207);
  expect((await res.json()).errors).toEqual([]);
}

test("online evaluators: stratified rule judges completed traffic; estimates with CIs; cost planner", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(240_000);
  await signUp(page, { name: "Olive Online", email: uniqueEmail("online") });
  await createOrg(page, `Online Org ${Date.now().toString(36)}`);
  const projectId = await createProject(page, "Support Bot");
  const nav = page.getByRole("navigation", { name: "Main" });

  await test.step("provider key pointed at the fake Messages API, and an LLM judge", async () => {
    await nav.getByRole("link", { name: "Model providers" }).click();
    await page.getByRole("button", { name: "Set Anthropic key" }).click();
    const dialog = page.getByRole("dialog", { name: "Set the Anthropic key" });
    await dialog.getByLabel("API key").fill("sk-ant-e2e-online-key-0e1f");
    await dialog.getByLabel("Base URL").fill(fake.url);
    await dialog.getByRole("button", { name: "Save key" }).click();
    await expect(page.getByTestId("provider-anthropic-last4")).toHaveText("••••••••0e1f");

    await nav.getByRole("link", { name: "Graders" }).click();
    await page.getByRole("link", { name: "New grader" }).click();
    await page.getByLabel("Name", { exact: true }).fill("helpfulness");
    await page.getByLabel("Type", { exact: true }).selectOption("llm_judge");
    await page.getByLabel("Rubric name").fill("Helpfulness");
    await page.getByLabel("Criteria").fill("Answers the question asked\nGives steps the user can follow");
    await page.getByLabel("Commit message").fill("first rubric");
    await page.getByRole("button", { name: "Create grader" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "helpfulness" })).toBeVisible();
  });

  await test.step("evaluators start empty; the idle timeout is set to 5 s", async () => {
    await nav.getByRole("link", { name: "Evaluators" }).click();
    await expect(page.getByRole("heading", { name: "No online evaluators yet" })).toBeVisible();
    await page.getByLabel("Idle timeout (seconds)").fill("2");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("idle timeout must be at least 5 seconds")).toBeVisible();
    await page.getByLabel("Idle timeout (seconds)").fill("5");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("button", { name: "Saved" })).toBeVisible();
    await step(page, testInfo, "online-evaluators-empty");
  });

  await test.step("bad input is refused naming the field, and nothing is created", async () => {
    await page.getByRole("link", { name: "New evaluator" }).click();
    await page.getByLabel("Name", { exact: true }).fill("helpfulness by prompt version");
    await page.getByLabel("Grader (latest version)").selectOption({ label: "helpfulness (v1, llm_judge)" });
    await page.getByLabel("Trace name").fill("support-chat");
    await page.getByLabel("Sample rate (%)").fill("150");
    await page.getByRole("button", { name: "Create evaluator" }).click();
    await expect(page.getByText("rate must be between 0 and 1 (0% to 100%)")).toBeVisible();
    await step(page, testInfo, "online-evaluators-bad-rate");

    await page.getByLabel("Sample rate (%)").fill("30");
    await page.getByLabel("Output matches pattern").fill("(?<=sorry)x");
    await page.getByRole("button", { name: "Create evaluator" }).click();
    await expect(page.getByText(/sampling\.always\.outputPattern: invalid pattern/)).toBeVisible();
    await page.getByLabel("Output matches pattern").fill("");
  });

  await test.step("a stratified rule: prompt support v2 at 100%, the rest at 30%, errors always", async () => {
    await page.getByLabel(/Stratify/).check();
    await page.getByLabel("Stratum field").selectOption("promptVersion");
    await page.getByLabel("Stratum 1 value").fill("support v2");
    await page.getByLabel("Stratum 1 rate (%)").fill("100");
    await page.getByLabel("Judge calls per day").fill("500");
    await step(page, testInfo, "online-evaluators-new");
    await page.getByRole("button", { name: "Create evaluator" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "helpfulness by prompt version" })).toBeVisible();
    await expect(page.getByText("Nothing judged yet.")).toBeVisible();
  });
  const rulePage = page.url();

  const secret = await createApiKeySecret(page, projectId, "Ingest key", ["Ingest"]);
  await test.step("traffic through the public ingest API: ended traces are judged at once", async () => {
    const batch = [];
    for (let i = 0; i < 6; i++) batch.push(...trace(2));
    for (let i = 0; i < 20; i++) batch.push(...trace(1));
    await ingest(request, secret, batch);
    // An error trace without an end marker: judged by the scan once idle for 5 s (the cron ticks every minute).
    await ingest(request, secret, trace(1, { end: false, error: true }));

    await page.goto(rulePage);
    await expect(page.getByTestId("overall-estimate")).toBeVisible({ timeout: 30_000 });
    const byVersion = page.getByRole("table", { name: "By prompt version" });
    await expect(byVersion.getByRole("row", { name: /support v2/ })).toContainText("5.000 ± 0.000");
    await expect(byVersion.getByRole("row", { name: /support v2/ })).toContainText("6");
  });

  await test.step("the trace without an end marker is judged after the idle timeout", async () => {
    const recent = page.getByRole("table", { name: "Recent judgments" });
    await expect(recent.getByRole("row", { name: /always:error/ })).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId("overall-estimate")).toContainText(/n = \d+ of 27/);
    await step(page, testInfo, "online-evaluators-rule");
  });

  await test.step("the dashboard shows online scores with CIs per prompt version", async () => {
    await nav.getByRole("link", { name: "Dashboard" }).click();
    const panel = page.getByRole("region", { name: "Online scores" });
    await expect(panel.getByRole("row", { name: /support v2/ })).toContainText("5.000 ± 0.000");
    await expect(panel.getByRole("row", { name: /support v1/ })).toContainText(/[34]\.\d+ ± \d\.\d+/);
    await panel.scrollIntoViewIfNeeded();
    await step(page, testInfo, "online-evaluators-dashboard");
  });

  await test.step("the cost planner computes a plan and applies it to the rule", async () => {
    await page.goto(`/projects/${projectId}/evaluators/planner`);
    await expect(page.getByRole("heading", { level: 1, name: "Eval cost planner" })).toBeVisible();
    await page.getByLabel("Traces per day").fill("10000");
    await page.getByLabel("LLM judge (%)").fill("5");
    await page.getByLabel("Human review (%)").fill("0.5");
    const plan = page.getByRole("table", { name: "Plan by layer" });
    await expect(plan.getByRole("row", { name: /LLM judge/ })).toContainText("15,000");
    await expect(plan.getByRole("row", { name: /Human review/ })).toContainText("75.0");
    await expect(page.getByRole("table", { name: "Judge rules" })).toContainText(
      "measured from this grader's online judge calls",
    );
    await step(page, testInfo, "online-evaluators-planner");
    await page.getByRole("button", { name: "Apply the plan to the rules" }).click();
    await expect(page.getByText("Plan applied to 1 rule")).toBeVisible();
    await nav.getByRole("link", { name: "Evaluators" }).click();
    await expect(page.getByRole("table", { name: "Online evaluators" })).toContainText("5% other");
    await step(page, testInfo, "online-evaluators-list");
  });
});
