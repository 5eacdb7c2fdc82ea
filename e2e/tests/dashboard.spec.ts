import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { createApiKeySecret, createOrg, createProject, signUp, snap, uniqueEmail } from "./helpers";

// Dashboards (issue 14): ingest a week of traffic through the public API, then read the project
// overview and the dashboard, filter it, compare two releases and click a point through to the
// traces behind it.

const DAY = 86_400_000;

function weekOfTraffic(suffix: string) {
  const batch: Array<Record<string, unknown>> = [];
  let n = 0;
  const ev = (type: string, body: Record<string, unknown>) => ({
    id: `evt-${suffix}-${++n}`,
    timestamp: new Date().toISOString(),
    type,
    body,
  });
  const today = Math.floor(Date.now() / DAY) * DAY;
  for (let i = 0; i < 280; i++) {
    const day = 6 - (i % 7);
    const ts = today - day * DAY + ((i * 5) % 20) * 3600_000 + i * 1000;
    if (ts > Date.now() - 60_000) continue;
    const release = day >= 3 ? "v1.0" : "v1.1";
    const model = i % 3 === 0 ? "claude-haiku-4-5" : "claude-sonnet-4-5";
    const latency = (release === "v1.1" ? 900 : 1400) + ((i * 131) % 1200);
    const id = `tr-${suffix}-${i}`;
    batch.push(
      ev("trace-create", {
        id,
        timestamp: new Date(ts).toISOString(),
        name: i % 4 === 0 ? "summarise" : "support-chat",
        userId: `user-${i % 23}`,
        release,
        environment: "production",
        tags: i % 5 === 0 ? ["vip"] : [],
      }),
      ev("generation-create", {
        id: `${id}-g`,
        traceId: id,
        name: "llm-call",
        model,
        startTime: new Date(ts).toISOString(),
        endTime: new Date(ts + latency).toISOString(),
        usage: { input: 800 + (i % 50) * 10, output: 150 + (i % 30) * 5, cacheRead: i % 2 ? 400 : 0 },
        level: i % 17 === 0 ? "ERROR" : undefined,
        promptName: "support-answer",
        promptVersion: release === "v1.1" ? 2 : 1,
      }),
      ev("score-create", {
        traceId: id,
        name: "helpfulness",
        value: ((i * 7) % 10) / 10 + (release === "v1.1" ? 0.05 : 0),
      }),
      ev("score-create", { traceId: id, name: "safety", value: i % 41 === 0 ? 0 : 1 }),
    );
    if (i % 2 === 0)
      batch.push(ev("feedback-create", { traceId: id, thumbs: i % 6 === 0 ? "down" : "up", rating: (i % 5) + 1 }));
  }
  return batch;
}

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await page.waitForLoadState("networkidle");
  await snap(page, testInfo, name);
}

test("dashboard: panels from ingested data, filter, compare, click through", async ({ page, request }, testInfo) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  await signUp(page, { name: "Pam Product", email: uniqueEmail("pm") });
  await createOrg(page, `Dashboards Org ${suffix}`);
  const projectId = await createProject(page, "Support Bot");
  const base = `/projects/${projectId}`;

  await test.step("an empty dashboard says how to send data", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await expect(page).toHaveURL(new RegExp(`${base}/dashboard$`));
    await expect(page.getByRole("heading", { name: "No traces in this range" })).toBeVisible();
  });

  const secret = await createApiKeySecret(page, projectId, "Dashboard key", ["Ingest", "Read"]);
  await test.step("ingest a week of traffic through the public API", async () => {
    const batch = weekOfTraffic(suffix);
    for (let i = 0; i < batch.length; i += 200) {
      const res = await request.post("/api/public/ingestion", {
        headers: { Authorization: `Bearer ${secret}` },
        data: { batch: batch.slice(i, i + 200) },
      });
      expect(res.status()).toBe(207);
      expect((await res.json()).errors).toEqual([]);
    }
  });

  await test.step("the overview shows the last 7 days and folds the finished steps", async () => {
    await page.goto(base);
    await expect(page.getByRole("heading", { name: "Last 7 days" })).toBeVisible();
    await expect(
      page.getByText("Get started — 3 of 3 done").or(page.getByText("Get started — all steps done")),
    ).toBeVisible();
    await shot(page, testInfo, "120-dashboard-overview");
  });

  await test.step("every panel is populated", async () => {
    await page.goto(`${base}/dashboard`);
    for (const id of [
      "cost",
      "cost-per-interaction",
      "top-cost",
      "tokens",
      "latency-traces",
      "latency-generations",
      "latency-models",
      "quality-0",
      "feedback",
      "errors",
      "usage",
      "hour-of-day",
    ]) {
      const panel = page.getByTestId(`panel-${id}`);
      await expect(panel, id).toBeVisible();
      await expect(panel.getByText("No data in this range"), id).toHaveCount(0);
      if (id !== "top-cost") await expect(panel.locator("svg").first(), id).toBeVisible();
    }
    await expect(page.getByText(/traces · daily points/)).toBeVisible();
    await expect(
      page.getByTestId("panel-cost").locator("rect.fill-indigo-500, path.fill-indigo-500, .fill-indigo-500").first(),
    ).toBeVisible();
    await shot(page, testInfo, "121-dashboard-7d");
  });

  await test.step("hovering a point shows its value and interval", async () => {
    const chart = page.getByTestId("panel-feedback").locator(".recharts-wrapper");
    const box = (await chart.boundingBox())!;
    await chart.hover({ position: { x: box.width * 0.6, y: box.height / 2 } });
    await expect(page.getByText(/thumbs-up rate: .*95% CI/)).toBeVisible();
  });

  await test.step("filter by release", async () => {
    await page.getByLabel("Release").selectOption("v1.1");
    await expect(page).toHaveURL(/release=v1.1/);
    await expect(page.getByText("release v1.1").first()).toBeVisible();
    await shot(page, testInfo, "122-dashboard-release-filter");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).not.toHaveURL(/release=/);
  });

  await test.step("compare two releases side by side", async () => {
    await page.getByLabel("Compare").selectOption("release");
    await page.getByLabel("Side A").selectOption("v1.0");
    await page.getByLabel("Side B").selectOption("v1.1");
    await expect(page).toHaveURL(/compare=release&a=v1.0&b=v1.1/);
    await expect(page.getByTestId("panel-latency-traces").getByText("p95 · v1.1")).toBeVisible();
    await shot(page, testInfo, "123-dashboard-compare-releases");
  });

  await test.step("a tag filter answers from raw rows", async () => {
    await page.goto(`${base}/dashboard?tags=vip`);
    await expect(page.getByText("computed from raw rows (tag or user filter)")).toBeVisible();
  });

  await test.step("clicking a point opens the traces behind it", async () => {
    await page.goto(`${base}/dashboard?release=v1.0`);
    const chart = page.getByTestId("panel-errors").locator(".recharts-wrapper").first();
    await expect(chart).toBeVisible();
    const box = (await chart.boundingBox())!;
    await chart.click({ position: { x: box.width * 0.5, y: box.height / 2 } });
    await expect(page).toHaveURL(/\/traces\?range=custom&from=.*release=v1.0.*errors=1/);
    await expect(page.getByRole("table").first()).toBeVisible();
    await shot(page, testInfo, "124-dashboard-click-through");
  });
});
