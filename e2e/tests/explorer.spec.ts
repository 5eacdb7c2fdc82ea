import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { createApiKeySecret, createOrg, createProject, signUp, snap, uniqueEmail } from "./helpers";

// Trace explorer: ingest a realistic two-turn support chat through the public API, then browse
// it as traces, a trace's span tree, a session conversation and users; finally edit model prices.

const iso = (ms: number) => new Date(ms).toISOString();

function supportChatBatch(suffix: string) {
  const t0 = Date.now() - 5 * 60_000;
  const session = `sess-${suffix}`;
  const user = `user-ada-${suffix}`;
  const t1 = `tr-${suffix}-1`;
  const t2 = `tr-${suffix}-2`;
  const question = "How do I reset my password?";
  const answer =
    "Open Settings → Security, choose “Reset password” and follow the link we email you. The link expires after 30 minutes.";
  let n = 0;
  const ev = (type: string, at: number, body: Record<string, unknown>) => ({
    id: `evt-${suffix}-${++n}`,
    timestamp: iso(at),
    type,
    body,
  });
  const batch = [
    ev("trace-create", t0, {
      id: t1,
      timestamp: iso(t0),
      name: "support-chat",
      userId: user,
      sessionId: session,
      tags: ["support", "beta"],
      release: "v1.4.2",
      environment: "production",
      input: [{ role: "user", content: question }],
      output: { role: "assistant", content: answer },
    }),
    ev("span-create", t0, {
      id: `${t1}-root`,
      traceId: t1,
      name: "handle-request",
      startTime: iso(t0),
      endTime: iso(t0 + 2400),
    }),
    ev("span-create", t0 + 20, {
      id: `${t1}-retrieve`,
      traceId: t1,
      parentObservationId: `${t1}-root`,
      name: "retrieve-docs",
      startTime: iso(t0 + 20),
      endTime: iso(t0 + 320),
      input: { query: question },
      output: { documents: ["kb/security/reset-password.md", "kb/security/2fa.md"] },
    }),
    ev("generation-create", t0 + 350, {
      id: `${t1}-llm`,
      traceId: t1,
      parentObservationId: `${t1}-root`,
      name: "llm-call",
      startTime: iso(t0 + 350),
      completionStartTime: iso(t0 + 900),
      endTime: iso(t0 + 2350),
      model: "claude-sonnet-4-6",
      modelParameters: { temperature: 0.2, max_tokens: 512 },
      usage: { input: 1200, output: 300, cacheRead: 5000 },
      input: {
        system: "You are Acme's support assistant. Answer briefly and cite the help centre.",
        messages: [{ role: "user", content: [{ type: "text", text: question }] }],
      },
      output: { role: "assistant", content: [{ type: "text", text: answer }] },
    }),
    ev("event-create", t0 + 2360, {
      id: `${t1}-guard`,
      traceId: t1,
      parentObservationId: `${t1}-root`,
      name: "guardrail-passed",
      startTime: iso(t0 + 2360),
    }),
    ev("trace-create", t0 + 60_000, {
      id: t2,
      timestamp: iso(t0 + 60_000),
      name: "support-chat",
      userId: user,
      sessionId: session,
      tags: ["support"],
      release: "v1.4.2",
      environment: "production",
      input: "And what about my 2FA recovery codes?",
    }),
    ev("generation-create", t0 + 60_010, {
      id: `${t2}-llm`,
      traceId: t2,
      name: "llm-call",
      startTime: iso(t0 + 60_010),
      endTime: iso(t0 + 61_200),
      model: "claude-sonnet-4-6",
      level: "ERROR",
      statusMessage:
        "Anthropic API error 429: rate_limit_error — Number of request tokens has exceeded your per-minute rate limit",
      usage: { input: 800, output: 0 },
      input: [{ role: "user", parts: [{ type: "text", content: "And what about my 2FA recovery codes?" }] }],
    }),
    ev("score-create", t0 + 3000, {
      id: `score-${suffix}`,
      traceId: t1,
      name: "helpfulness",
      value: 0.8,
      comment: "Clear steps, cites the help centre.",
    }),
    ev("feedback-create", t0 + 4000, {
      id: `fb-${suffix}`,
      traceId: t1,
      thumbs: "down",
      comment: "It didn't say where to find the email.",
      userId: user,
    }),
  ];
  return { batch, session, user, t1, t2 };
}

async function step(page: Page, testInfo: TestInfo, name: string) {
  // Let fonts and late queries settle so the screenshot shows the finished page.
  await page.waitForLoadState("networkidle");
  await snap(page, testInfo, name);
}

test("trace explorer: traces, span tree, sessions, users and model prices", async ({ page, request }, testInfo) => {
  const suffix = Date.now().toString(36);
  await signUp(page, { name: "Tara Tracer", email: uniqueEmail("tracer") });
  await createOrg(page, `Explorer Org ${suffix}`);
  const projectId = await createProject(page, "Support Bot");
  const base = `/projects/${projectId}`;

  await test.step("an empty project explains how to send traces", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Traces" }).click();
    await expect(page).toHaveURL(new RegExp(`${base}/traces$`));
    await expect(page.getByRole("heading", { name: "No traces yet" })).toBeVisible();
    await expect(page.getByLabel("Ingestion example")).toContainText("/api/public/ingestion");
    await step(page, testInfo, "20-traces-empty");
  });

  const secret = await createApiKeySecret(page, projectId, "Explorer key", ["Ingest", "Read"]);
  const data = supportChatBatch(suffix);

  await test.step("ingest a two-turn session through the public API", async () => {
    const res = await request.post("/api/public/ingestion", {
      headers: { Authorization: `Bearer ${secret}` },
      data: { batch: data.batch },
    });
    expect(res.status()).toBe(207);
    const body = await res.json();
    expect(body.errors).toEqual([]);
    expect(body.successes).toHaveLength(data.batch.length);
  });

  await test.step("the read API answers a malformed path or a NUL with a JSON 400, not a 500", async () => {
    // Next decodes [traceId] before any route code runs; apps/web/src/proxy.ts answers these first.
    for (const path of ["/api/public/traces/%E0%A4%A", "/api/public/traces/%", "/api/public/prompts/a%ED%A0%80b"]) {
      const res = await request.get(path, { headers: { Authorization: `Bearer ${secret}` } });
      expect(res.status(), path).toBe(400);
      expect(await res.json()).toEqual({ error: "Invalid path: malformed percent-encoding" });
    }
    for (const path of ["/api/public/traces/%00", "/api/public/traces?name=%00"]) {
      const res = await request.get(path, { headers: { Authorization: `Bearer ${secret}` } });
      expect(res.status(), path).toBe(400);
    }
    const ok = await request.get(`/api/public/traces/${data.t1}`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(ok.status()).toBe(200);
  });

  await test.step("the traces list shows both traces; errors only narrows to one", async () => {
    await page.goto(`${base}/traces`);
    const table = page.getByRole("table", { name: "Traces" });
    await expect(table.getByRole("row")).toHaveCount(3); // header + 2
    const first = table.getByRole("row").filter({ hasText: "How do I reset my password?" });
    await expect(first).toContainText("support-chat");
    await expect(first).toContainText(data.user);
    await expect(first).toContainText("claude-sonnet-4-6");
    await expect(first).toContainText("$0.0096");
    await expect(first).toContainText("beta");
    await expect(table.getByRole("row").filter({ hasText: "2FA recovery codes" })).toContainText("Error");
    await step(page, testInfo, "21-traces-list");

    await page.getByLabel("Errors only").check();
    await expect(page).toHaveURL(/errors=1/);
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table).toContainText("2FA recovery codes");
    await step(page, testInfo, "22-traces-errors-only");

    // The filter lives in the URL: a reload keeps it.
    await page.reload();
    await expect(page.getByLabel("Errors only")).toBeChecked();
    await expect(page.getByRole("table", { name: "Traces" }).getByRole("row")).toHaveCount(2);
    await page.getByLabel("Errors only").uncheck();
    await expect(table.getByRole("row")).toHaveCount(3);

    // Sort by cost, cheapest first.
    await page.getByRole("button", { name: /^Cost/ }).click();
    await expect(page).toHaveURL(/sort=cost/);
    await page.getByRole("button", { name: /^Cost/ }).click();
    await expect(page).toHaveURL(/order=asc/);
    await expect(table.getByRole("row").nth(1)).toContainText("2FA recovery codes");
  });

  await test.step("trace detail: span tree, chat rendering, usage and cost, scores and feedback", async () => {
    await page.getByRole("link", { name: "support-chat" }).last().click();
    await expect(page).toHaveURL(new RegExp(`${base}/traces/${data.t1}$`));
    await expect(page.getByRole("heading", { level: 1, name: "support-chat" })).toBeVisible();
    await expect(page.getByTestId("trace-total-cost")).toHaveText("$0.0096");
    const tree = page.getByRole("list", { name: "Span tree" });
    for (const name of ["handle-request", "retrieve-docs", "llm-call", "guardrail-passed"]) {
      await expect(tree.getByRole("button", { name: new RegExp(`^(Span|Generation|Event) ${name}`) })).toBeVisible();
    }
    // The trace itself is selected first: its input and output as chat bubbles.
    await expect(page.getByRole("list", { name: "Trace input" })).toContainText("How do I reset my password?");
    await expect(page.getByRole("list", { name: "Trace output" })).toContainText("Reset password");

    const scores = page.getByRole("region", { name: "Scores" });
    await expect(scores).toContainText("helpfulness");
    await expect(scores).toContainText("0.8");
    const feedback = page.getByRole("region", { name: "User feedback" });
    await expect(feedback.getByLabel("Thumbs down")).toBeVisible();
    await expect(feedback).toContainText("It didn't say where to find the email.");
    await step(page, testInfo, "23-trace-detail");

    await tree.getByRole("button", { name: /^Generation llm-call/ }).click();
    await expect(page).toHaveURL(/observation=/);
    const panel = page.getByRole("region", { name: "Observation details" });
    const input = panel.getByRole("list", { name: "Input messages" });
    await expect(input).toContainText("System");
    await expect(input).toContainText("You are Acme's support assistant.");
    await expect(input).toContainText("How do I reset my password?");
    await expect(panel.getByRole("list", { name: "Output messages" })).toContainText("Reset password");
    await expect(panel).toContainText("temperature: 0.2");
    const usage = panel.getByRole("table", { name: "Usage and cost" });
    await expect(usage.getByRole("row", { name: /^Input/ })).toContainText("1,200");
    await expect(usage.getByRole("row", { name: /^Input/ })).toContainText("$0.0036");
    await expect(usage.getByRole("row", { name: /^Output/ })).toContainText("$0.0045");
    await expect(usage.getByRole("row", { name: /^Cache read/ })).toContainText("5,000");
    await expect(usage.getByRole("row", { name: /^Cache read/ })).toContainText("$0.0015");
    await expect(panel.getByTestId("observation-total-cost")).toHaveText("$0.0096");
    await expect(panel).toContainText("Computed");
    await step(page, testInfo, "24-trace-generation");

    await panel.getByRole("tab", { name: "Raw JSON" }).click();
    await expect(panel.getByLabel("Observation JSON")).toContainText('"model": "claude-sonnet-4-6"');
    await step(page, testInfo, "25-trace-raw-json");
  });

  await test.step("the failed trace shows its error in red", async () => {
    await page.goto(`${base}/traces/${data.t2}`);
    await page
      .getByRole("list", { name: "Span tree" })
      .getByRole("button", { name: /^Generation llm-call/ })
      .click();
    const panel = page.getByRole("region", { name: "Observation details" });
    await expect(panel.getByRole("alert")).toContainText("rate_limit_error");
    await expect(panel.getByRole("list", { name: "Input messages" })).toContainText("2FA recovery codes");
    await step(page, testInfo, "26-trace-error");
  });

  await test.step("an unknown trace id shows not found", async () => {
    await page.goto(`${base}/traces/does-not-exist`);
    await expect(page.getByRole("heading", { name: "Trace not found" })).toBeVisible();
  });

  await test.step("sessions: the session with both traces as a conversation", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions" }).click();
    const row = page.getByRole("table", { name: "Sessions" }).getByRole("row", { name: new RegExp(data.session) });
    await expect(row.getByRole("cell").nth(1)).toHaveText("2");
    // $0.0096 for the first turn plus 800 input tokens × $3/1M = $0.0024 for the failed one.
    await expect(row.getByRole("cell").nth(5)).toHaveText("$0.012");
    await expect(row.getByRole("cell").nth(6)).toHaveText("1");
    await step(page, testInfo, "27-sessions");
    await row.getByRole("link", { name: data.session }).click();
    await expect(page).toHaveURL(new RegExp(`${base}/sessions/${data.session}$`));
    const convo = page.getByRole("list", { name: "Conversation" });
    await expect(convo.getByRole("listitem", { name: /^Turn/ })).toHaveCount(2);
    await expect(convo.getByRole("listitem", { name: "Turn 1" })).toContainText("How do I reset my password?");
    await expect(convo.getByRole("listitem", { name: "Turn 1" })).toContainText("Reset password");
    await expect(convo.getByRole("listitem", { name: "Turn 2" })).toContainText("2FA recovery codes");
    await step(page, testInfo, "28-session-conversation");
  });

  await test.step("users: cost and trace counts; a user opens their traces", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    const row = page.getByRole("table", { name: "Users" }).getByRole("row", { name: new RegExp(data.user) });
    await expect(row.getByRole("cell").nth(1)).toHaveText("2");
    await expect(row.getByRole("cell").nth(2)).toHaveText("$0.012");
    await expect(row.getByRole("cell").nth(3)).toHaveText("7,300"); // 1,200 + 5,000 cache read + 300, then 800
    await step(page, testInfo, "29-users");
    await row.getByRole("link", { name: data.user }).click();
    await expect(page).toHaveURL(new RegExp(`user=${data.user}`));
    await expect(page.getByLabel("User ID")).toHaveValue(data.user);
    await expect(page.getByRole("table", { name: "Traces" }).getByRole("row")).toHaveCount(3);
  });

  await test.step("model prices: a bad pattern is rejected, a valid price is added, the preview uses it", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Model prices" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Model prices" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Default prices" })).toContainText("claude-sonnet-4-6");

    await page.getByRole("button", { name: "Add price" }).click();
    const dialog = page.getByRole("dialog", { name: "Add model price" });
    await dialog.getByLabel("Model name").fill("claude-sonnet-4-6");
    await dialog.getByLabel("Match pattern").fill("(");
    await dialog.getByLabel("Input", { exact: true }).fill("2.5");
    await dialog.getByLabel("Output", { exact: true }).fill("12");
    await dialog.getByRole("button", { name: "Add price" }).click();
    await expect(dialog.getByText("Not a valid regular expression")).toBeVisible();
    await expect(dialog.getByLabel("Match pattern")).toHaveAttribute("aria-invalid", "true");
    await step(page, testInfo, "30-price-invalid-pattern");

    await dialog.getByLabel("Match pattern").fill("^claude-sonnet-4-6$");
    await dialog.getByLabel("Cache read").fill("0.25");
    await dialog.getByRole("button", { name: "Add price" }).click();
    await expect(dialog).toBeHidden();
    const projectRow = page
      .getByRole("table", { name: "Project prices" })
      .getByRole("row", { name: /claude-sonnet-4-6/ });
    await expect(projectRow).toContainText("$2.50");
    await expect(projectRow).toContainText("$12");

    const preview = page.getByRole("region", { name: "Cost preview" });
    await preview.getByLabel("Model").fill("claude-sonnet-4-6");
    await preview.getByLabel("Input tokens").fill("1000000");
    await preview.getByLabel("Output tokens").fill("0");
    await preview.getByRole("button", { name: "Calculate" }).click();
    const result = page.getByRole("status", { name: "Cost preview result" });
    await expect(result).toContainText("project price");
    await expect(result).toContainText("$2.50");
    await step(page, testInfo, "31-model-prices");
  });
});
