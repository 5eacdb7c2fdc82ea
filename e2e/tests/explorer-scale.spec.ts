import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { createApiKeySecret, createOrg, createProject, signUp, snap, uniqueEmail } from "./helpers";

// The explorer's totals bar: exact figures for a small filter, grouped by prompt version (a group
// filters the list to it), then past 10,000 matching traces an estimate labelled as such.

async function step(page: Page, testInfo: TestInfo, name: string) {
  await page.waitForLoadState("networkidle");
  await snap(page, testInfo, name);
}

test("explorer totals: exact, grouped by prompt version, estimate past 10,000", async ({ page, request }, testInfo) => {
  test.setTimeout(240_000);
  const suffix = Date.now().toString(36);
  await signUp(page, { name: "Sam Scale", email: uniqueEmail("scale") });
  await createOrg(page, `Scale Org ${suffix}`);
  const projectId = await createProject(page, "Busy Bot");
  const secret = await createApiKeySecret(page, projectId, "Scale key", ["Ingest", "Read"]);
  const post = async (batch: unknown[]) => {
    const res = await request.post("/api/public/ingestion", {
      headers: { Authorization: `Bearer ${secret}` },
      data: { batch },
      timeout: 120_000,
    });
    expect(res.status()).toBe(207);
    expect((await res.json()).errors).toEqual([]);
  };
  const now = Date.now() - 60_000;
  let n = 0;
  const ev = (type: string, at: number, body: Record<string, unknown>) => ({
    id: `e-${suffix}-${++n}`,
    timestamp: new Date(at).toISOString(),
    type,
    body,
  });

  await test.step("ingest 24 traces over three prompt versions", async () => {
    const batch = [];
    for (let i = 0; i < 24; i++) {
      const at = now - i * 60_000;
      const id = `chat-${suffix}-${i}`;
      const [promptName, promptVersion] = i % 3 === 0 ? ["route", 1] : ["answer", i % 2 ? 2 : 1];
      batch.push(
        ev("trace-create", at, { id, timestamp: new Date(at).toISOString(), name: "support-chat" }),
        ev("generation-create", at, {
          traceId: id,
          model: "claude-sonnet-4-6",
          startTime: new Date(at).toISOString(),
          endTime: new Date(at + 400 + i * 100).toISOString(),
          usage: { input: 1000 + i * 10, output: 200 },
          promptName,
          promptVersion,
        }),
        ev("score-create", at, { traceId: id, name: "helpfulness", value: (i % 5) / 4 }),
      );
    }
    await post(batch);
  });

  const totals = page.getByRole("region", { name: "Totals" });
  await test.step("the totals bar shows exact figures for every match", async () => {
    await page.goto(`/projects/${projectId}/traces?range=all`);
    await expect(totals.getByTestId("totals-count")).toHaveText("24");
    await expect(totals.getByText("estimate")).toHaveCount(0);
    await expect(totals.getByLabel("Mean score")).toHaveValue("helpfulness");
    await expect(totals).toContainText("p95 latency");
    await step(page, testInfo, "70-explorer-totals-exact");
  });

  await test.step("grouped by prompt version; a group filters the list to it", async () => {
    await totals.getByRole("button", { name: "Group by prompt version" }).click();
    const groups = totals.getByRole("table", { name: "Totals by prompt version" });
    await expect(groups.getByRole("row")).toHaveCount(4); // header + answer v1, answer v2, route v1
    await expect(groups.getByRole("row").filter({ hasText: "route v1" })).toContainText("8");
    await step(page, testInfo, "71-explorer-group-by-prompt");
    await groups.getByRole("button", { name: "answer v2" }).click();
    await expect(page).toHaveURL(/prompt=answer/);
    await expect(page).toHaveURL(/promptVersion=2/);
    await expect(totals.getByTestId("totals-count")).toHaveText("8");
    await expect(page.getByLabel("Prompt version")).toHaveValue("2");
    await expect(page.getByRole("table", { name: "Traces" }).getByRole("row")).toHaveCount(9);
    await step(page, testInfo, "72-explorer-prompt-version-filter");
  });

  await test.step("past 10,000 matches the count is an estimate, labelled", async () => {
    for (let b = 0; b < 11; b++) {
      const batch = [];
      for (let i = 0; i < 1000; i++) {
        const at = now - (b * 1000 + i) * 1000;
        batch.push(ev("trace-create", at, { id: `bulk-${suffix}-${b}-${i}`, name: "bulk-import" }));
      }
      await post(batch);
    }
    await page.goto(`/projects/${projectId}/traces?range=all`);
    await expect(totals.getByText("estimate", { exact: true })).toBeVisible();
    await expect(totals.getByTestId("totals-count")).toHaveText(/^≈\d/);
    await expect(totals).toContainText("More than 10,000 traces match");
    await step(page, testInfo, "73-explorer-totals-estimate");
  });

  await test.step("project settings: trace retention and storage per table", async () => {
    await page.goto(`/projects/${projectId}/settings`);
    const card = page.getByRole("region", { name: "Trace retention" });
    const days = page.getByLabel("Keep traces for (days)");
    await days.fill("0");
    await card.getByRole("button", { name: "Save retention" }).click();
    await expect(card).toContainText("1 to 3650");
    await days.fill("90");
    await card.getByRole("button", { name: "Save retention" }).click();
    await expect(page.getByText("Retention saved")).toBeVisible();
    await expect(card).toContainText("Storage on this server");
    await page.reload();
    await expect(page.getByLabel("Keep traces for (days)")).toHaveValue("90");
    await step(page, testInfo, "74-project-trace-retention");
  });
});
