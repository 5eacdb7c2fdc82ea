import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { startFakeAnthropic, type FakeAnthropic } from "@yardstick/llm/testing";
import { createOrg, createProject, signUp, snap, uniqueEmail } from "./helpers";

// Experiments in the browser (issue 13): two prompt versions over a 10-item dataset (the fewest
// items the comparison gives a verdict on), graded by an
// exact-match grader and an LLM judge (the real Anthropic SDK against a fake Messages API), with
// live progress, the run's verdict and cases, a comparison of the two prompt versions with its
// confidence interval, and a schedule. v1 answers with the bare city (exact match passes), v2 with
// a sentence (exact match fails, the judge scores it lower): the comparison must call v2 a regression.

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

const CITIES: Record<string, string> = {
  France: "Paris",
  Japan: "Tokyo",
  Italy: "Rome",
  Kenya: "Nairobi",
  Peru: "Lima",
  Canada: "Ottawa",
  Egypt: "Cairo",
  Chile: "Santiago",
  Norway: "Oslo",
  Vietnam: "Hanoi",
};
const COUNTRIES = Object.keys(CITIES);

function datasetJsonl(): string {
  return COUNTRIES.map((country, i) =>
    JSON.stringify({
      id: `cap-${i + 1}`,
      input: { question: `What is the capital of ${country}?` },
      expectedOutput: CITIES[country],
      partition: i < 2 ? "golden" : "distribution",
    }),
  ).join("\n");
}

const grade = (score: number, reasoning: string) => ({
  type: "tool_use" as const,
  name: "submit_grade",
  input: { reasoning, strengths: ["on topic"], weaknesses: score < 4 ? ["adds words around the answer"] : [], score },
});

/** Judge requests carry <judged_output>; everything else is a prompt version answering a question. */
function respond(body: unknown) {
  const text = JSON.stringify(body);
  if (text.includes("<judged_output>")) {
    const bare = !text.includes("<judged_output>\\nThe capital");
    return {
      ...grade(bare ? 5 : 3, bare ? "Names the capital and nothing else." : "Correct city, but wrapped in a sentence."),
      delayMs: 100,
    };
  }
  const country = COUNTRIES.find((c) => text.includes(`capital of ${c}`)) ?? "France";
  const sentence = text.includes("full sentence");
  return {
    type: "text" as const,
    text: sentence ? `The capital of ${country} is ${CITIES[country]}.` : CITIES[country]!,
    delayMs: 300,
  };
}

test("experiments: run two prompt versions with a judge, watch progress, read the verdict, compare, schedule", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await signUp(page, { name: "Exa Periment", email: uniqueEmail("experiments") });
  await createOrg(page, `Exp Org ${Date.now().toString(36)}`);
  const projectId = await createProject(page, "Capitals Bot");
  const nav = page.getByRole("navigation", { name: "Main" });

  await test.step("provider, dataset, two prompt versions and two graders", async () => {
    await nav.getByRole("link", { name: "Model providers" }).click();
    await page.getByRole("button", { name: "Set Anthropic key" }).click();
    const dialog = page.getByRole("dialog", { name: "Set the Anthropic key" });
    await dialog.getByLabel("API key").fill("sk-ant-e2e-exp-key-51cd");
    await dialog.getByLabel("Base URL").fill(fake.url);
    await dialog.getByRole("button", { name: "Save key" }).click();
    await expect(page.getByTestId("provider-anthropic-last4")).toHaveText("••••••••51cd");

    await nav.getByRole("link", { name: "Datasets" }).click();
    await page.getByRole("button", { name: "New dataset" }).click();
    const ds = page.getByRole("dialog", { name: "New dataset" });
    await ds.getByLabel("Name").fill("capitals");
    await ds.getByRole("button", { name: "Create dataset" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "capitals" })).toBeVisible();
    await page.getByRole("tab", { name: "Import" }).click();
    await page
      .getByLabel("Dataset file")
      .setInputFiles({ name: "capitals.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(datasetJsonl()) });
    await page.getByLabel("Version message").fill("Ten capitals");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByTestId("dataset-item-count")).toHaveText("10");

    await nav.getByRole("link", { name: "Prompts" }).click();
    await page.getByRole("link", { name: "New prompt" }).click();
    await page.getByLabel("Name", { exact: true }).fill("capital-answer");
    await page.getByLabel("Model", { exact: true }).fill("claude-sonnet-4-6");
    await page.getByLabel("System").fill("Answer with the city name only.");
    await page.getByLabel("Message 1 content").fill("{{question}}");
    await page.getByLabel("Max tokens").fill("256");
    await page.getByLabel("Commit message").fill("Bare answer");
    await page.getByRole("button", { name: "Create prompt" }).click();
    await expect(page.getByRole("heading", { name: "Version 1" })).toBeVisible();
    await page.getByRole("button", { name: "New version" }).click();
    await page.getByLabel("System").fill("Answer in a full sentence.");
    await page.getByLabel("Commit message").fill("Friendlier sentence");
    await page.getByRole("button", { name: "Save version" }).click();
    await expect(page.getByRole("heading", { name: "Version 2" })).toBeVisible();
    // The schedule runs the production label.
    await page.getByRole("tab", { name: "Labels" }).click();
    const row = page.getByTestId("label-row-production");
    await row.getByLabel("Version for production").selectOption("1");
    await row.getByRole("button", { name: "Move production to v1" }).click();
    await page
      .getByRole("dialog", { name: "Move “production” to v1?" })
      .getByRole("button", { name: "Move label" })
      .click();
    await expect(row).toContainText("v1");

    await nav.getByRole("link", { name: "Graders" }).click();
    await page.getByRole("link", { name: "New grader" }).click();
    await page.getByLabel("Name", { exact: true }).fill("exact-city");
    await page.getByLabel("Type", { exact: true }).selectOption("exact_match");
    // Deterministic types open on a form; the raw JSON is behind "Advanced (JSON)".
    await page.getByRole("button", { name: "Advanced (JSON)" }).click();
    await page.getByLabel("Config (JSON)").fill('{"type": "exact_match"}');
    await page.getByLabel("Commit message").fill("the city, nothing else");
    await page.getByRole("button", { name: "Create grader" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "exact-city" })).toBeVisible();

    await nav.getByRole("link", { name: "Graders" }).click();
    await page.getByRole("link", { name: "New grader" }).click();
    await page.getByLabel("Name", { exact: true }).fill("answer-quality");
    await page.getByLabel("Type", { exact: true }).selectOption("llm_judge");
    await page.getByLabel("Rubric name").fill("Answer quality");
    await page.getByLabel("Criteria").fill("Names the right capital\nAdds nothing the user did not ask for");
    await page.getByLabel("Subject model").fill("claude-sonnet-4-6");
    await page.getByLabel("Commit message").fill("first rubric");
    await page.getByRole("button", { name: "Create grader" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "answer-quality" })).toBeVisible();
  });

  await test.step("experiments start empty; a run needs a grader (the server names the field)", async () => {
    await nav.getByRole("link", { name: "Experiments", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/experiments$`));
    await expect(page.getByRole("heading", { name: "No experiments yet" })).toBeVisible();
    await step(page, testInfo, "80-experiments-empty");
    await page.getByRole("link", { name: "New experiment" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "New experiment" })).toBeVisible();
    await page.locator("#datasetId").selectOption({ label: "capitals (v1, 10 items)" });
    await page.locator("#arm-0-prompt").selectOption({ label: "capital-answer" });
    await page.locator("#arm-0-version").selectOption("1");
    await page.getByRole("button", { name: "Start experiment" }).click();
    await expect(page.getByText("Choose at least one grader")).toBeVisible();
    await expect(page).toHaveURL(/\/experiments\/new$/);
  });

  await test.step("start v1 vs v2 with both graders", async () => {
    fake.reset();
    fake.setHandler((req) => respond(req.body));
    await page.getByRole("button", { name: "Add prompt version" }).click();
    await page.locator("#arm-1-prompt").selectOption({ label: "capital-answer" });
    await page.locator("#arm-1-version").selectOption("2");
    await page.getByRole("checkbox", { name: /exact-city/ }).check();
    await page.getByLabel("exact-city threshold", { exact: true }).fill("0.8");
    await page.getByRole("checkbox", { name: /answer-quality/ }).check();
    await page.locator("#concurrency").fill("2");
    await page.locator("#name").fill("v1 vs v2");
    await step(page, testInfo, "81-experiment-new");
    await page.getByRole("button", { name: "Start experiment" }).click();
    await expect(page).toHaveURL(/\/experiments\/(?!new)[^/?]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("v1 vs v2");
  });

  await test.step("watch progress to completion", async () => {
    const progress = page.getByTestId("progress-cases");
    // The run may already be done on a fast machine; otherwise the counter is live.
    if (await progress.isVisible().catch(() => false)) {
      await expect(progress).toHaveText(/^\d+ \/ 20$/);
      await snap(page, testInfo, "82-experiment-running");
    }
    await expect(page.getByRole("heading", { name: /^Verdict/ })).toBeVisible({ timeout: 180_000 });
    await expect(page.getByRole("heading", { level: 1 })).toContainText("completed");
  });

  await test.step("the run page shows the verdict, per-grader scores with CIs and the cases", async () => {
    // v2 fails exact match everywhere: its golden gate and the 0.8 threshold fail.
    await expect(page.getByRole("heading", { level: 1 })).toContainText("FAIL");
    await expect(page.getByText(/golden/).first()).toBeVisible();
    await expect(page.getByText(/95% CI/).first()).toBeVisible();
    const cases = page.getByRole("table", { name: "Cases" });
    await expect(cases.getByRole("row")).toHaveCount(21);
    await expect(cases).toContainText("The capital of France is Paris.");
    await step(page, testInfo, "83-experiment-run");
    await page.getByRole("checkbox", { name: "Failures only" }).check();
    await expect(cases.getByRole("row")).toHaveCount(11);
    await step(page, testInfo, "84-experiment-failures");
  });

  await test.step("compare the two prompt versions", async () => {
    await page.getByRole("button", { name: "Compare" }).click();
    await expect(page).toHaveURL(/\/experiments\/compare\?/);
    await expect(page.getByTestId("compare-headline")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Verdict Regression" })).toBeVisible();
    await page.getByRole("button", { name: "Show the numbers" }).click();
    const metrics = page.getByRole("table", { name: "Metrics" });
    await expect(metrics).toContainText("exact-city");
    await expect(metrics).toContainText("−100.0 pts");
    await step(page, testInfo, "85-experiment-compare");
    await page
      .getByRole("table", { name: "Compared cases" })
      .getByRole("button", { name: "cap-1", exact: true })
      .click();
    await expect(page.getByText("Line diff (baseline → candidate)")).toBeVisible();
    await step(page, testInfo, "86-experiment-compare-case");
  });

  await test.step("list and schedules", async () => {
    await nav.getByRole("link", { name: "Experiments", exact: true }).click();
    const runs = page.getByRole("table", { name: "Experiment runs" });
    await expect(runs.getByRole("row", { name: /v1 vs v2/ })).toContainText("FAIL");
    await page.getByRole("button", { name: "New schedule" }).click();
    const dialog = page.getByRole("dialog", { name: "New schedule" });
    await dialog.getByLabel("Name").fill("nightly production");
    await dialog.getByLabel("Dataset").selectOption({ label: "capitals" });
    await dialog.getByLabel("Prompt", { exact: true }).selectOption({ label: "capital-answer" });
    await dialog.getByRole("checkbox", { name: /exact-city/ }).check();
    await dialog.getByLabel("Cron (UTC)").fill("0 3 * * *");
    await dialog.getByRole("button", { name: "Create schedule" }).click();
    await expect(dialog).toBeHidden();
    const schedules = page.getByRole("table", { name: "Schedules" });
    await expect(schedules).toContainText("nightly production");
    await expect(schedules).toContainText("capital-answer @ production");
    await step(page, testInfo, "87-experiment-schedules");
  });
});
