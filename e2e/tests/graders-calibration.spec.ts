import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { judgeAgreement } from "@yardstick/core/judge";
import { startFakeAnthropic, type FakeAnthropic } from "@yardstick/llm/testing";
import { createOrg, createProject, signUp, snap, uniqueEmail } from "./helpers";

// Graders and judge calibration in the browser: a bad grader config is refused naming the field
// (nothing saved), an LLM judge is created and tried on one output, then a person scores 20 items
// of a pinned dataset version, the judge (the real Anthropic SDK against a fake Messages API)
// scores the same items, and the agreement page shows κ, ρ and exact agreement — checked against
// judgeAgreement computed here from the same scores. A new judge version makes the status stale.

let fake: FakeAnthropic;
test.beforeAll(async () => {
  fake = await startFakeAnthropic();
});
test.afterAll(async () => {
  await fake?.close();
});

async function step(page: Page, testInfo: TestInfo, name: string) {
  await page.waitForLoadState("networkidle");
  await snap(page, testInfo, name);
}

const N = 20;
const key = (i: number) => `c-${String(i + 1).padStart(2, "0")}`;
// What a person scores each item, and what the judge will say: agreement on most, a few near misses, one far miss.
const HUMAN = Array.from({ length: N }, (_, i) => (i % 5) + 1);
const JUDGE = HUMAN.map((h, i) =>
  i === 3 ? h + 1 : i === 8 ? h - 1 : i === 12 ? h - 1 : i === 17 ? Math.max(1, h - 2) : h,
);

function datasetJsonl(): string {
  return HUMAN.map((_, i) =>
    JSON.stringify({
      id: key(i),
      input: { question: `Customer question number ${i + 1}: how do I get a refund?` },
      expectedOutput: "Refunds are available within 30 days from Settings → Billing.",
      metadata: {
        output: `[${key(i)}] ${i % 2 ? "You can request a refund in Settings → Billing within 30 days." : "Please contact support."}`,
      },
      partition: i < 5 ? "golden" : "distribution",
    }),
  ).join("\n");
}

const grade = (score: number, reasoning: string) => ({
  type: "tool_use" as const,
  name: "submit_grade",
  input: { reasoning, strengths: ["on topic"], weaknesses: score < 4 ? ["misses the 30-day window"] : [], score },
});

function judgedItem(body: unknown): number {
  const text = JSON.stringify(body);
  const m = /<judged_output>\\n\[(c-\d\d)\]/.exec(text);
  if (!m) throw new Error("judged output not found in the judge request");
  return Number(m[1]!.slice(2)) - 1;
}

test("graders and judge calibration: bad config refused, judge tried, 20 items labelled, agreement measured", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await signUp(page, { name: "Cal Ibrate", email: uniqueEmail("calibration") });
  await createOrg(page, `Judge Org ${Date.now().toString(36)}`);
  const projectId = await createProject(page, "Refund Bot");
  const nav = page.getByRole("navigation", { name: "Main" });

  await test.step("set the Anthropic key and import a 20-item dataset with outputs to judge", async () => {
    await nav.getByRole("link", { name: "Model providers" }).click();
    await page.getByRole("button", { name: "Set Anthropic key" }).click();
    const dialog = page.getByRole("dialog", { name: "Set the Anthropic key" });
    await dialog.getByLabel("API key").fill("sk-ant-e2e-judge-key-77aa");
    await dialog.getByLabel("Base URL").fill(fake.url);
    await dialog.getByRole("button", { name: "Save key" }).click();
    await expect(page.getByTestId("provider-anthropic-last4")).toHaveText("••••••••77aa");

    await nav.getByRole("link", { name: "Datasets" }).click();
    await page.getByRole("button", { name: "New dataset" }).click();
    const ds = page.getByRole("dialog", { name: "New dataset" });
    await ds.getByLabel("Name").fill("refund-answers");
    await ds.getByRole("button", { name: "Create dataset" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "refund-answers" })).toBeVisible();
    await page.getByRole("tab", { name: "Import" }).click();
    await page
      .getByLabel("Dataset file")
      .setInputFiles({ name: "refunds.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(datasetJsonl()) });
    await page.getByLabel("Version message").fill("Sampled refund answers");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByTestId("dataset-item-count")).toHaveText("20");
  });

  await test.step("graders start empty; a config with an unknown field is refused naming it", async () => {
    await nav.getByRole("link", { name: "Graders" }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/graders$`));
    await expect(page.getByRole("heading", { name: "No graders yet" })).toBeVisible();
    await step(page, testInfo, "60-graders-empty");
    await page.getByRole("link", { name: "New grader" }).click();
    await page.getByLabel("Name", { exact: true }).fill("mentions-refund");
    await page.getByLabel("Type", { exact: true }).selectOption("contains_all");
    // Deterministic types open on a form; the raw JSON is behind "Advanced (JSON)".
    await page.getByRole("button", { name: "Advanced (JSON)" }).click();
    await page.getByLabel("Config (JSON)").fill('{"type": "contains_all", "values": ["refund"], "caseSensitiv": true}');
    await page.getByLabel("Commit message").fill("must mention refunds");
    await page.getByRole("button", { name: "Create grader" }).click();
    await expect(page.getByText(/config\.caseSensitiv.*unknown field|caseSensitiv: unknown field/)).toBeVisible();
    await expect(page).toHaveURL(/\/graders\/new$/);
    await step(page, testInfo, "61-grader-config-rejected");
  });

  await test.step("create an LLM judge with a rubric", async () => {
    await page.getByLabel("Name", { exact: true }).fill("refund-helpfulness");
    await page.getByLabel("Type", { exact: true }).selectOption("llm_judge");
    await page.getByLabel("Rubric name").fill("Refund helpfulness");
    await page
      .getByLabel("Criteria")
      .fill(
        "States the 30-day refund window\nPoints to Settings → Billing\nDoes not promise anything policy does not allow",
      );
    await page.getByLabel("Subject model").fill("gpt-4o-mini");
    await page.getByLabel("Commit message").fill("first rubric");
    await page.getByRole("button", { name: "Create grader" }).click();
    await expect(page).toHaveURL(/\/graders\/[^/?]+(\?.*)?$/);
    await expect(page.getByRole("heading", { level: 1, name: "refund-helpfulness" })).toBeVisible();
    await expect(page.getByTestId("calibration-status")).toHaveAttribute("data-status", "not_run");
    await step(page, testInfo, "62-grader-judge-version");
  });

  await test.step("try the judge on one output", async () => {
    await page.getByRole("tab", { name: "Try it" }).click();
    fake.reset();
    fake.enqueue(grade(4, "Gives the window and the place; slightly terse."));
    await page
      .getByLabel("Output", { exact: true })
      .fill("You can get a refund within 30 days from Settings → Billing.");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect(page.getByTestId("preview-verdict")).toHaveText(/pass/i);
    await expect(page.getByTestId("preview-score")).toHaveText("0.75");
    await expect(page.getByTestId("preview-reason")).toBeVisible();
    const sent = JSON.stringify(fake.requests.at(-1)!.body);
    expect(sent).toContain("<judged_output>");
    expect(sent).not.toContain('"temperature"');
    await step(page, testInfo, "63-grader-try-it");
  });

  await test.step("create a calibration set pinned to the dataset version", async () => {
    await page.getByRole("tab", { name: "Calibration" }).click();
    await expect(page.getByRole("heading", { name: "Not calibrated against people yet" })).toBeVisible();
    await page.getByRole("button", { name: "New calibration set" }).click();
    const dialog = page.getByRole("dialog", { name: "New calibration set" });
    await dialog.getByLabel("Name").fill("refund-sample");
    await expect(dialog.getByLabel("Dataset")).toContainText("refund-answers · v1 · 20 items");
    await dialog.getByRole("button", { name: "Create set" }).click();
    await expect(page).toHaveURL(/\/calibration\/[^/?]+$/);
    await expect(page.getByRole("heading", { level: 1, name: "refund-sample" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Run judge" })).toBeDisabled();
  });

  await test.step("label all 20 items on the rubric's scale", async () => {
    await expect(page.getByTestId("calibration-item")).toHaveCount(N);
    for (let i = 0; i < N; i++) {
      const group = page.getByRole("radiogroup", { name: `Score for ${key(i)}` });
      const option = group.getByRole("radio", { name: new RegExp(`^${HUMAN[i]}:`) });
      await option.click();
      await expect(option).toHaveAttribute("aria-checked", "true");
      if (i === 9) await step(page, testInfo, "64-calibration-labelling");
    }
    await expect(page.getByTestId("label-count")).toHaveText(String(N));
  });

  await test.step("run the judge on the labelled items and read the agreement", async () => {
    fake.reset();
    fake.setHandler((req) => {
      const i = judgedItem(req.body);
      // Slow enough to watch the progress bar move.
      return { ...grade(JUDGE[i]!, `Item ${key(i)} scored ${JUDGE[i]}.`), delayMs: 250 };
    });
    await page.getByRole("button", { name: "Run judge" }).click();
    await expect(page.getByTestId("judging-progress")).toHaveText(/^([1-9]|1\d) of 20$/);
    await snap(page, testInfo, "65a-calibration-judging");
    // The judge runs as a background job: wait for every call, then for the page to show the result.
    await expect.poll(() => fake.requests.length, { timeout: 60_000 }).toBe(N);
    await expect(page.getByTestId("judging-progress")).toHaveCount(0, { timeout: 30_000 });
    // No reload: the page picks up the finished run's agreement on its own.
    await expect(page.getByTestId("calibration-verdict")).toBeVisible({ timeout: 30_000 });
    expect(fake.requests).toHaveLength(N);

    const want = judgeAgreement(HUMAN, JUDGE, { scale: { min: 1, max: 5 } });
    expect(want.kappa).not.toBeNull();
    await expect(page.getByTestId("metric-kappa")).toHaveText(want.kappa!.toFixed(2));
    await expect(page.getByTestId("metric-spearman")).toHaveText(want.spearman!.toFixed(2));
    await expect(page.getByTestId("metric-exact")).toHaveText(`${Math.round(want.exactAgreement! * 100)}%`);
    await expect(page.getByTestId("metric-n")).toHaveText(String(N));
    await expect(page.getByTestId("calibration-verdict")).toContainText(
      want.kappa! >= 0.6 ? "Calibrated" : "Uncalibrated",
    );
    // The diagonal of the confusion matrix holds the exact agreements.
    const matrix = page.getByTestId("confusion-matrix");
    await expect(matrix).toBeVisible();
    await expect(page.getByRole("table", { name: "Judgments" }).getByRole("row")).toHaveCount(N + 1);
    await step(page, testInfo, "65-calibration-agreement");
  });

  await test.step("the grader list shows the calibration; a new judge version makes it stale", async () => {
    await nav.getByRole("link", { name: "Graders" }).click();
    const row = page.getByRole("table", { name: "Graders" }).getByRole("row").filter({ hasText: "refund-helpfulness" });
    await expect(row.getByTestId("calibration-status")).toHaveAttribute("data-status", "calibrated");
    await expect(page.getByRole("table", { name: "Graders" }).getByRole("row")).toHaveCount(2);
    await step(page, testInfo, "66-graders-calibrated");

    await row.getByRole("link", { name: "refund-helpfulness" }).click();
    await page.getByRole("button", { name: "New version" }).click();
    await page.getByLabel("Samples").fill("3");
    await page.getByLabel("Commit message").fill("three samples for stability");
    await page.getByRole("button", { name: "Save version" }).click();
    await expect(page.getByTestId("calibration-status")).toHaveAttribute("data-status", "stale");
    await step(page, testInfo, "67-grader-stale-calibration");
  });
});
