import { expect, test, type Page } from "@playwright/test";
import { Yardstick } from "@yardstick/sdk";
import { createOrg, createProject, signUp, snap, uniqueEmail } from "./helpers";

// Online experiments as a person runs one: a prompt with two versions, an A/B experiment created
// in the browser, an application (the SDK, in this test) that gets sticky variants and posts
// traces and thumbs; the experiment page reads out exposures, SRM, the metric per variant with
// CIs and a peek-safe verdict; Ship moves the production label to the winner.

async function newPromptVersion(page: Page, system: string, message: string, first: boolean) {
  if (first) {
    await page.getByRole("link", { name: "New prompt" }).click();
    await page.getByLabel("Name", { exact: true }).fill("support-answer");
    await page.getByLabel("Model", { exact: true }).fill("claude-haiku-4-5");
    await page.getByLabel("Message 1 content").fill("{{question}}");
    await page.getByLabel("Max tokens").fill("256");
  } else {
    await page.getByRole("button", { name: "New version" }).click();
  }
  await page.getByLabel("System").fill(system);
  await page.getByLabel("Commit message").fill(message);
  await page.getByRole("button", { name: first ? "Create prompt" : "Save version" }).click();
}

test("an A/B test on two prompt versions: sticky variants, readout, ship", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await signUp(page, { name: "Olive Online", email: uniqueEmail("online") });
  await createOrg(page, "Online Co");
  const projectId = await createProject(page, "Support bot");
  const nav = page.getByRole("navigation", { name: "Main" });

  await test.step("two versions of the support prompt; production on v1", async () => {
    await nav.getByRole("link", { name: "Prompts" }).click();
    await newPromptVersion(page, "Answer briefly.", "Brief tone", true);
    await expect(page.getByRole("heading", { name: "Version 1" })).toBeVisible();
    await newPromptVersion(page, "Answer warmly and briefly.", "Warm tone", false);
    await expect(page.getByRole("heading", { name: "Version 2" })).toBeVisible();
    await page.getByRole("tab", { name: "Labels" }).click();
    const row = page.getByTestId("label-row-production");
    await row.getByLabel("Version for production").selectOption("1");
    await row.getByRole("button", { name: "Move production to v1" }).click();
    await page
      .getByRole("dialog", { name: "Move “production” to v1?" })
      .getByRole("button", { name: "Move label" })
      .click();
    await expect(row).toContainText("v1");
  });

  let secret = "";
  await test.step("an API key for the application: assign + ingest", async () => {
    await page.goto(`/projects/${projectId}/settings`);
    await page.getByRole("button", { name: "Create API key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.getByLabel("Name").fill("support app");
    await dialog.getByRole("checkbox", { name: "Ingest" }).setChecked(true);
    await dialog.getByRole("checkbox", { name: "Assign" }).setChecked(true);
    await dialog.getByRole("button", { name: "Create key" }).click();
    const secretDialog = page.getByRole("dialog", { name: "Copy your secret now" });
    secret = await secretDialog.getByLabel("API key secret").inputValue();
    await secretDialog.getByRole("button", { name: "I've saved it" }).click();
  });

  await test.step("create the experiment in the browser; bad weights are refused", async () => {
    await nav.getByRole("link", { name: "Online experiments" }).click();
    await expect(page.getByRole("heading", { name: "No online experiments yet" })).toBeVisible();
    await snap(page, testInfo, "online-01-empty");
    await page.getByRole("link", { name: "New online experiment" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Warmer tone");
    await page.getByLabel("Key", { exact: true }).fill("support-tone");
    await page.getByLabel("Hypothesis").fill("A warmer system prompt raises the thumbs-up rate");
    await page.getByLabel("Prompt", { exact: true }).selectOption({ label: "support-answer" });
    await page.getByLabel("Prompt version").first().selectOption({ label: "v1 · Brief tone" });
    await page.getByLabel("Prompt version").nth(1).selectOption({ label: "v2 · Warm tone" });
    await page.locator("#oe-v1-weight").fill("60");
    await snap(page, testInfo, "online-02-new-form");
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect(page.getByText(/weights must sum to 1/)).toBeVisible();
    await page.locator("#oe-v1-weight").fill("50");
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect(page).toHaveURL(/\/online-experiments\/[^/]+$/);
    await expect(page.getByRole("heading", { level: 1, name: "Warmer tone" })).toBeVisible();
    await page.getByRole("button", { name: "Start" }).click();
    await expect(page.getByText("running", { exact: true })).toBeVisible();
  });

  await test.step("the application gets sticky variants and posts traces and thumbs", async () => {
    const baseUrl = new URL(page.url()).origin;
    const ys = new Yardstick({ baseUrl, apiKey: secret, flushAt: 100, flushIntervalMs: 100 });
    const first = new Map<string, string>();
    for (let i = 0; i < 120; i++) {
      const userId = `user-${i}`;
      const v = await ys.getVariant("support-tone", { id: userId });
      expect(v.source).toBe("server");
      expect(v.promptVersion?.system).toBe(v.variant === "control" ? "Answer briefly." : "Answer warmly and briefly.");
      first.set(userId, v.variant);
      const trace = ys.trace({ name: "support-chat", userId });
      const up = v.variant === "control" ? i % 10 < 4 : i % 10 < 9;
      ys.feedback(trace.id, { thumbs: up ? "up" : "down" });
    }
    // sticky: the same users get the same variants again
    for (let i = 0; i < 20; i++) {
      expect((await ys.getVariant("support-tone", { id: `user-${i}` })).variant).toBe(first.get(`user-${i}`));
    }
    await ys.shutdown();
    expect(ys.stats().failed).toBe(0);
  });

  await test.step("the page reads out exposures, SRM, the metric with CIs and a peek-safe verdict", async () => {
    await page.reload();
    await expect(page.getByText("Exposed units").locator("..")).toContainText("120");
    await expect(page.getByRole("status", { name: "Verdict" })).toContainText("Peek-safe");
    await expect(page.getByText(/Sample ratio check: (OK|MISMATCH)/)).toBeVisible();
    const table = page.getByRole("table", { name: "Thumbs-up rate per variant" });
    await expect(table.getByRole("row")).toHaveCount(3);
    await expect(table).toContainText("treatment");
    await expect(table).toContainText("%");
    await snap(page, testInfo, "online-03-readout");
  });

  await test.step("Ship moves the production label to the winner", async () => {
    await page.getByRole("button", { name: "Ship…" }).click();
    const dialog = page.getByRole("dialog", { name: "Ship a variant" });
    await dialog.getByLabel("Variant").selectOption("treatment");
    await snap(page, testInfo, "online-04-ship");
    await dialog.getByRole("button", { name: "Ship" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("shipped treatment")).toBeVisible();
    await nav.getByRole("link", { name: "Prompts" }).click();
    await page.getByRole("link", { name: "support-answer" }).click();
    await page.getByRole("tab", { name: "Labels" }).click();
    await expect(page.getByTestId("label-row-production")).toContainText("v2");
    await snap(page, testInfo, "online-05-label-moved");
  });

  await test.step("the list shows the experiment", async () => {
    await page.goto(`/projects/${projectId}/online-experiments`);
    await expect(page.getByRole("link", { name: "Warmer tone" })).toBeVisible();
    await snap(page, testInfo, "online-06-list");
  });
});
