import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { createApiKeySecret, createOrg, signUp, snap, uniqueEmail } from "./helpers";

// Rough edges a newcomer hit (issue 12): the shell on a phone (a drawer behind "Open navigation",
// no sideways scrolling), a too-long name refused naming the field and a long toast wrapped on
// screen, the playground saying "no provider key" before Run, a deterministic grader made through
// its form, a favicon, and a trace that is not found linking back to the traces list.

async function step(page: Page, testInfo: TestInfo, name: string) {
  await page.waitForLoadState("networkidle");
  await snap(page, testInfo, name);
}

async function noSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth, culprit } = await page.evaluate(() => {
    // The outermost element reaching past the viewport's right edge, to name it in the failure.
    const wide = Array.from(document.body.querySelectorAll("*")).find(
      (el) => el.getBoundingClientRect().right > window.innerWidth + 1,
    );
    const culprit = wide ? `${wide.tagName.toLowerCase()}.${String(wide.getAttribute("class")).slice(0, 120)}` : "";
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, culprit };
  });
  expect(scrollWidth, `the page scrolls sideways (${culprit})`).toBeLessThanOrEqual(innerWidth);
}

test("newcomer rough edges: mobile shell, long names, provider notice, grader form, favicon", async ({
  page,
  request,
}, testInfo) => {
  const suffix = Date.now().toString(36);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, { name: "Nina Newcomer", email: uniqueEmail("newcomer") });
  await createOrg(page, `Newcomer Org ${suffix}`);
  // An unbroken 80-character name: the longest a project may have.
  const longName = `Project${"x".repeat(73)}`;
  let projectId = "";

  await test.step("a 10,000-character name is refused naming the field, not cut silently; a long toast wraps", async () => {
    await page.getByRole("button", { name: "New project" }).click();
    const dialog = page.getByRole("dialog", { name: "New project" });
    await expect(dialog.getByText("Up to 80 characters")).toBeVisible();
    const huge = "n".repeat(10_000);
    await dialog.getByLabel("Project name").fill(huge);
    // The input keeps what was pasted (a maxLength used to cut it to 80 without a word).
    await expect(dialog.getByLabel("Project name")).toHaveValue(huge);
    await dialog.getByRole("button", { name: "Create project" }).click();
    await expect(dialog.getByText("Name must be at most 80 characters")).toBeVisible();
    await expect(dialog.getByLabel("Project name")).toHaveAttribute("aria-invalid", "true");
    await step(page, testInfo, "90-long-name-refused");
    await dialog.getByLabel("Project name").fill(longName);
    await dialog.getByRole("button", { name: "Create project" }).click();
    await expect(page).toHaveURL(/\/projects\/[^/]+$/);
    projectId = page.url().split("/").pop()!;
    const toast = page.getByRole("status").filter({ hasText: "created" });
    await expect(toast).toBeVisible();
    const box = (await toast.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1440);
    expect(box.width).toBeLessThanOrEqual(320);
    await noSidewaysScroll(page);
    await snap(page, testInfo, "91-long-toast-1440");
  });

  await test.step("at 390 px the sidebar is a drawer behind 'Open navigation'; no page scrolls sideways", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/projects/${projectId}`);
    await expect(page.getByRole("heading", { level: 1, name: longName })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    await noSidewaysScroll(page);
    await step(page, testInfo, "92-mobile-overview-390");
    await page.getByRole("button", { name: "Open navigation" }).click();
    await expect(nav).toBeVisible();
    await step(page, testInfo, "93-mobile-drawer-390");
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
    await page.getByRole("button", { name: "Open navigation" }).click();
    await nav.getByRole("link", { name: "Traces" }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/traces$`));
    await expect(nav).toBeHidden();
  });

  await test.step("the traces list with long names and the not-found page fit at 390 px", async () => {
    const secret = await createApiKeySecret(page, projectId, "Newcomer key", ["Ingest", "Read"]);
    const at = new Date().toISOString();
    const traceName = `checkout-${"y".repeat(150)}`;
    const res = await request.post("/api/public/ingestion", {
      headers: { Authorization: `Bearer ${secret}` },
      data: {
        batch: [
          {
            id: `evt-${suffix}-1`,
            timestamp: at,
            type: "trace-create",
            body: {
              id: `tr-${suffix}`,
              timestamp: at,
              name: traceName,
              sessionId: `sess-${"z".repeat(120)}`,
              userId: `user-${"u".repeat(100)}`,
              tags: ["support"],
              input: "w".repeat(3000),
            },
          },
        ],
      },
    });
    expect(res.status()).toBe(207);
    await page.goto(`/projects/${projectId}/traces`);
    await expect(page.getByRole("table").first()).toBeVisible();
    await noSidewaysScroll(page);
    await step(page, testInfo, "94-mobile-traces-390");

    await page.goto(`/projects/${projectId}/traces/does-not-exist`);
    await expect(page.getByRole("heading", { name: "Trace not found" })).toBeVisible();
    await noSidewaysScroll(page);
    await page.getByRole("link", { name: "Back to traces" }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/traces$`));
  });

  await test.step("the playground says there is no provider key before Run, with a link to the settings", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/projects/${projectId}/prompts/new`);
    await page.getByLabel("Name", { exact: true }).fill("support-answer");
    await page.getByLabel("Model", { exact: true }).fill("claude-sonnet-4-6");
    await expect(page.getByTestId("claude-params-rule")).toContainText("2026-10-21");
    await page.getByLabel("Message 1 content").fill("{{question}}");
    await page.getByLabel("Commit message").fill("First version");
    await page.getByRole("button", { name: "Create prompt" }).click();
    await expect(page).toHaveURL(/\/prompts\/[^/?]+$/);
    await page.getByRole("tab", { name: "Playground" }).click();
    const notice = page.getByRole("note", { name: "Provider key missing" });
    await expect(notice).toContainText("No Anthropic API key is set for this project");
    await expect(notice.getByRole("link", { name: /Model providers/ })).toHaveAttribute(
      "href",
      `/projects/${projectId}/settings/providers`,
    );
    await step(page, testInfo, "95-playground-no-key");
  });

  await test.step("a deterministic grader is made through its form, with field validation", async () => {
    await page.goto(`/projects/${projectId}/graders/new`);
    await page.getByLabel("Name", { exact: true }).fill("mentions-refund");
    await page.getByLabel("Type", { exact: true }).selectOption("contains_all");
    const values = page.getByLabel("Substrings (all must appear)");
    await expect(values).toHaveValue("refund");
    await values.fill("");
    await page.getByLabel("Commit message").fill("must mention refunds and receipts");
    await page.getByRole("button", { name: "Create grader" }).click();
    await expect(page.getByText("Add at least one entry")).toBeVisible();
    await expect(values).toHaveAttribute("aria-invalid", "true");
    await step(page, testInfo, "96-grader-form-error");
    await values.fill("refund\nreceipt");
    await page.getByRole("checkbox", { name: "Case-sensitive" }).check();
    // The JSON behind the form says the same.
    await page.getByRole("button", { name: "Advanced (JSON)" }).click();
    await expect(page.getByLabel("Config (JSON)")).toHaveValue(
      JSON.stringify({ type: "contains_all", values: ["refund", "receipt"], caseSensitive: true }, null, 2),
    );
    await page.getByRole("button", { name: "Back to the form" }).click();
    await expect(values).toHaveValue("refund\nreceipt");
    await step(page, testInfo, "97-grader-form");
    await page.getByRole("button", { name: "Create grader" }).click();
    await expect(page).toHaveURL(/\/graders\/[^/?]+$/);
    await expect(page.getByRole("heading", { level: 1, name: "mentions-refund" })).toBeVisible();
    await expect(page.getByText('"receipt"').first()).toBeVisible();
    await step(page, testInfo, "98-grader-created");
  });

  await test.step("the favicon answers at /favicon.ico and the app icon is linked", async () => {
    const ico = await request.get("/favicon.ico");
    expect(ico.status()).toBe(200);
    expect(ico.headers()["content-type"]).toMatch(/image\//);
    const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
    expect(href).toBeTruthy();
    expect((await request.get(href!)).status()).toBe(200);
  });
});
