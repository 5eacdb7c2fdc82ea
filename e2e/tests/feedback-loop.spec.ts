import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createApiKeySecret, createOrg, createProject, signUp, snap, uniqueEmail } from "./helpers";

// Closing the loop: a thumbs-down posted from a web page with a feedback key becomes a candidate,
// a near-identical second report increments its count, and a reviewer promotes it (keyboard) into
// the golden partition of a dataset; the new version shows the item with its provenance.

const iso = (ms: number) => new Date(ms).toISOString();
let seq = 0;
const ev = (type: string, body: Record<string, unknown>) => ({
  id: `evt-${Date.now().toString(36)}-${++seq}`,
  timestamp: iso(Date.now()),
  type,
  body,
});

/** A support-chat trace with its generation, posted server-side with the ingest key. */
async function chatTrace(request: APIRequestContext, secret: string, id: string, question: string, answer: string) {
  const t0 = Date.now() - 60_000;
  const res = await request.post("/api/public/ingestion", {
    headers: { Authorization: `Bearer ${secret}` },
    data: {
      batch: [
        ev("trace-create", {
          id,
          name: "support-chat",
          userId: "user-ada",
          tags: ["support"],
          input: [{ role: "user", content: question }],
          output: { role: "assistant", content: answer },
        }),
        ev("generation-create", {
          id: `${id}-llm`,
          traceId: id,
          name: "answer",
          model: "claude-sonnet-4-5",
          startTime: iso(t0),
          endTime: iso(t0 + 900),
          input: [{ role: "user", content: question }],
          output: answer,
          usage: { input: 120, output: 40 },
        }),
      ],
    },
  });
  expect(res.status()).toBe(207);
  expect((await res.json()).errors).toEqual([]);
}

/** What a web page does on a thumbs-down: a cross-origin-capable fetch with the feedback key. */
async function browserFeedback(page: Page, secret: string, body: Record<string, unknown>) {
  const answer = await page.evaluate(
    async ({ secret, event }) => {
      const res = await fetch("/api/public/ingestion", {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({ batch: [event] }),
      });
      return { status: res.status, body: await res.json() };
    },
    { secret, event: ev("feedback-create", body) },
  );
  expect(answer.status).toBe(207);
  return answer.body as { successes: unknown[]; errors: Array<{ status: number; message: string }> };
}

test("feedback becomes a candidate, is deduplicated and promoted into a golden dataset", async ({
  page,
  request,
}, testInfo) => {
  await signUp(page, { name: "Rita Reviewer", email: uniqueEmail("loop") });
  await createOrg(page, "Loop Org");
  const projectId = await createProject(page, "Support bot");
  const ingestKey = await createApiKeySecret(page, projectId, "Server", ["Ingest"]);
  const feedbackKey = await createApiKeySecret(page, projectId, "Browser feedback", ["Feedback"]);
  const suffix = Date.now().toString(36);
  const t1 = `tr-${suffix}-1`;
  const t2 = `tr-${suffix}-2`;
  const wrong = "You can change your plan only by emailing support.";
  await chatTrace(request, ingestKey, t1, "How do I upgrade my plan?", wrong);
  await chatTrace(request, ingestKey, t2, "how do I upgrade my plan", wrong);

  await test.step("a dataset to promote into", async () => {
    await page.goto(`/projects/${projectId}/datasets`);
    await page.getByRole("button", { name: "New dataset" }).click();
    const dialog = page.getByRole("dialog", { name: "New dataset" });
    await dialog.getByLabel("Name").fill("support-golden");
    await dialog.getByRole("button", { name: "Create dataset" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "support-golden" })).toBeVisible();
  });

  await test.step("the candidate queue starts empty", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Candidates" }).click();
    await expect(page.getByRole("heading", { name: "Nothing to review" })).toBeVisible();
    // a project rule: a low helpfulness score queues the trace too
    await page.getByLabel("Score name").fill("helpfulness");
    await page.getByLabel("Below").fill("3");
    await page.getByRole("button", { name: "Add rule" }).click();
    await expect(page.getByRole("region", { name: "Score rules" })).toContainText("score helpfulness < 3");
  });

  await test.step("a thumbs-down from the page (feedback key) shows up as a candidate", async () => {
    const unknown = await browserFeedback(page, feedbackKey, { traceId: "no-such-trace", thumbs: "down" });
    expect(unknown.errors).toMatchObject([{ status: 404, message: "body.traceId: trace not found in this project" }]);
    const ok = await browserFeedback(page, feedbackKey, {
      traceId: t1,
      thumbs: "down",
      comment: "Wrong, there is an Upgrade button in Billing",
      tags: ["Hallucination"],
    });
    expect(ok.errors).toEqual([]);
    await page.reload();
    const list = page.getByRole("list", { name: "Candidates" });
    await expect(list.getByRole("button")).toHaveCount(1);
    await expect(list).toContainText("How do I upgrade my plan?");
    await expect(list.getByLabel("1 reports")).toBeVisible();
    await expect(page.getByText("“Wrong, there is an Upgrade button in Billing”")).toBeVisible();
    await snap(page, testInfo, "90-candidates-first");
  });

  await test.step("a near-identical second report increments the count", async () => {
    await browserFeedback(page, feedbackKey, { traceId: t2, rating: 1, comment: "Not true" });
    await page.reload();
    const list = page.getByRole("list", { name: "Candidates" });
    await expect(list.getByRole("button")).toHaveCount(1);
    await expect(list.getByLabel("2 reports")).toBeVisible();
    await expect(page.getByRole("heading", { name: /Reported 2 times/ })).toBeVisible();
    await expect(page.getByText("2 traces")).toBeVisible();
    await snap(page, testInfo, "91-candidate-count-2");
  });

  await test.step("the reviewer writes the expected output (e) and promotes (p) into golden", async () => {
    await page.getByRole("heading", { name: /Reported 2 times/ }).click(); // focus off any field
    await page.keyboard.press("e");
    await expect(page.getByLabel("Expected output", { exact: true })).toBeFocused();
    await page.keyboard.type("Open Settings → Billing and press Upgrade; the new plan starts at once.");
    await expect(page.getByLabel("Partition")).toHaveValue("golden");
    await expect(page.getByLabel("Dataset")).toContainText("support-golden");
    await snap(page, testInfo, "92-candidate-review");
    await page.getByLabel("Expected output", { exact: true }).blur();
    await page.keyboard.press("p");
    await expect(page.getByText("Promoted: dataset version 1")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Nothing to review" })).toBeVisible();
    await page.getByRole("tab", { name: /Promoted/ }).click();
    await expect(page.getByText(/Promoted by Rita Reviewer/)).toBeVisible();
  });

  await test.step("the new dataset version shows the item with its provenance", async () => {
    await page.getByRole("link", { name: /the dataset \(version 1\)/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "support-golden" })).toBeVisible();
    const table = page.getByRole("table", { name: "Dataset items" });
    await expect(table).toContainText("Golden");
    await expect(table).toContainText("Open Settings → Billing");
    await expect(table.getByRole("link", { name: "Feedback" })).toBeVisible();
    await table.getByRole("button", { name: /./ }).first().click();
    const dialog = page.getByRole("dialog", { name: /^Item / });
    const prov = dialog.getByRole("region", { name: "Provenance" });
    await expect(prov).toContainText("User feedback (candidate queue)");
    await expect(prov).toContainText("2 user reports");
    await expect(prov).toContainText("Rita Reviewer");
    await expect(prov).toContainText("Wrong, there is an Upgrade button in Billing");
    await snap(page, testInfo, "93-dataset-item-provenance");
    await prov.getByRole("link", { name: t1 }).click();
    await expect(page).toHaveURL(new RegExp(`/traces/${t1}`));
  });
});

// Human review of sampled traffic: a stratified queue fills from ingested traffic and covers a
// rare stratum; a reviewer labels items (score, issue tags, comment) and reads the patterns view.
test("an annotation queue with stratified sampling fills, a reviewer labels, patterns show", async ({
  page,
  request,
}, testInfo) => {
  await signUp(page, { name: "Ann Annotator", email: uniqueEmail("annot") });
  await createOrg(page, "Review Org");
  const projectId = await createProject(page, "Review bot");
  const ingestKey = await createApiKeySecret(page, projectId, "Server", ["Ingest"]);
  const suffix = Date.now().toString(36);
  const t0 = Date.now() - 10 * 60_000;
  const traces = [
    ...Array.from({ length: 40 }, (_, i) => ({ tag: "billing", i })),
    ...Array.from({ length: 2 }, (_, i) => ({ tag: "locale-is", i })),
  ];
  const res = await request.post("/api/public/ingestion", {
    headers: { Authorization: `Bearer ${ingestKey}` },
    data: {
      batch: traces.map((t, n) =>
        ev("trace-create", {
          id: `tr-${suffix}-${t.tag}-${t.i}`,
          timestamp: iso(t0 + n * 1000),
          name: "support-chat",
          tags: ["support", t.tag],
          input: [{ role: "user", content: `${t.tag} question #${t.i}: why was I charged twice?` }],
          output: { role: "assistant", content: "Refunds take 30 days and cannot be cancelled." },
        }),
      ),
    },
  });
  expect(res.status()).toBe(207);

  await test.step("create a stratified queue", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Annotation" }).click();
    await expect(page.getByRole("heading", { name: "No annotation queues yet" })).toBeVisible();
    await page.getByRole("button", { name: "New queue" }).click();
    const dialog = page.getByRole("dialog", { name: "New annotation queue" });
    await dialog.getByLabel("Name", { exact: true }).fill("Support quality");
    await dialog.getByLabel("Tags (all of)").fill("support");
    await dialog.getByLabel("Rate (%)").fill("200");
    await dialog.getByRole("button", { name: "Create queue" }).click();
    await expect(dialog.getByText("Enter a rate above 0% and at most 100%")).toBeVisible();
    await dialog.getByLabel("Rate (%)").fill("10");
    await expect(dialog.getByLabel("Strategy")).toHaveValue("stratified");
    await dialog.getByLabel("At least per stratum/day").fill("2");
    await snap(page, testInfo, "94-annotation-queue-new");
    await dialog.getByRole("button", { name: "Create queue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Support quality" })).toBeVisible();
  });

  await test.step("the queue fills from ingested traffic and covers the rare stratum", async () => {
    await page.getByRole("button", { name: "Fill now" }).click();
    await expect(page.getByText(/traces? added \(42 considered\)/)).toBeVisible();
    await page.getByRole("tab", { name: "Progress" }).click();
    const strata = page.getByRole("table", { name: "Items by stratum" });
    await expect(strata.getByRole("row", { name: /locale-is/ })).toContainText("2");
    await expect(strata).toContainText("billing");
    await snap(page, testInfo, "95-annotation-queue-progress");
  });

  await test.step("the reviewer labels items with a score, issue tags and a comment", async () => {
    await page.getByRole("tab", { name: "Label" }).click();
    await page.getByRole("button", { name: "Start labelling" }).click();
    const item = page.getByRole("region", { name: "Item to label" });
    await expect(item).toContainText("why was I charged twice?");
    await page.getByRole("radio", { name: "2" }).click();
    await page.getByRole("button", { name: "Hallucination" }).click();
    await page.getByLabel("Comment").fill("Invents a 30-day refund rule");
    await snap(page, testInfo, "96-annotation-label");
    await page.getByRole("button", { name: "Save and next" }).click();
    await expect(page.getByText("Label saved")).toBeVisible();
    await expect(page.getByRole("radio", { name: "2" })).toHaveAttribute("aria-checked", "false");
    await page.getByRole("radio", { name: "1" }).click();
    await page.getByRole("button", { name: "Hallucination" }).click();
    await page.getByRole("button", { name: "Unsafe" }).click();
    await page.getByRole("button", { name: "Save and next" }).click();
    await expect(page.getByRole("radio", { name: "1" })).toHaveAttribute("aria-checked", "false");
    await page.getByRole("radio", { name: "5" }).click();
    await page.getByRole("button", { name: "Save and next" }).click();
    await expect(page.getByRole("radio", { name: "5" })).toHaveAttribute("aria-checked", "false");
  });

  await test.step("the patterns view shows the failure rate and the top issues with examples", async () => {
    await page.getByRole("tab", { name: "Patterns" }).click();
    const patterns = page.getByRole("region", { name: "Patterns" }).or(page.locator('[aria-label="Patterns"]'));
    await expect(patterns).toContainText("67%");
    await expect(patterns).toContainText("2 of 3 labels fail");
    await expect(patterns).toContainText("Hallucination");
    await expect(patterns).toContainText("Invents a 30-day refund rule");
    await snap(page, testInfo, "97-annotation-patterns");
  });

  await test.step("labels are human scores on the trace", async () => {
    const link = page.locator('[aria-label="Patterns"] a').first();
    await link.click();
    await expect(page).toHaveURL(/\/traces\//);
    await expect(page.getByText("quality").first()).toBeVisible();
  });
});
