import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createApiKeySecret, createOrg, createProject, signUp, snap, uniqueEmail } from "./helpers";

// A pairwise annotation queue: traces of two prompt versions that answered the same question are
// paired; a reviewer sees the two answers blind (left/right), picks the better one, and the
// Preference tab shows version B's win rate over A.

const iso = (ms: number) => new Date(ms).toISOString();
let seq = 0;
const ev = (type: string, body: Record<string, unknown>) => ({
  id: `evt-${Date.now().toString(36)}-${++seq}`,
  timestamp: iso(Date.now()),
  type,
  body,
});

/** Prompt versions through the app's own tRPC endpoint (the prompt editor is covered elsewhere). */
async function promptVersion(page: Page, projectId: string, system: string) {
  const res = await page.request.post("/api/trpc/prompts.createVersion", {
    data: {
      json: {
        projectId,
        name: "support-answer",
        messages: [{ role: "user", content: "{{question}}" }],
        model: "claude-haiku-4-5",
        params: { maxTokens: 256 },
        system,
        commitMessage: system,
      },
    },
  });
  expect(res.status()).toBe(200);
}

async function answered(request: APIRequestContext, secret: string, version: number, qa: Array<[string, string]>) {
  const t0 = Date.now() - 120_000;
  const batch = qa.flatMap(([q, a], i) => {
    const id = `v${version}-${Date.now().toString(36)}-${i}`;
    const ts = iso(t0 + i * 1000 + version * 100);
    return [
      ev("trace-create", { id, name: "support-chat", input: [{ role: "user", content: q }], output: a, timestamp: ts }),
      ev("generation-create", {
        traceId: id,
        startTime: ts,
        model: "claude-haiku-4-5",
        promptName: "support-answer",
        promptVersion: version,
      }),
    ];
  });
  const res = await request.post("/api/public/ingestion", {
    headers: { Authorization: `Bearer ${secret}` },
    data: { batch },
  });
  expect(res.status()).toBe(207);
  expect((await res.json()).errors).toEqual([]);
}

test("a pairwise queue compares two prompt versions blind and reports B's win rate", async ({
  page,
  request,
}, testInfo) => {
  await signUp(page, { name: "Paula Pairs", email: uniqueEmail("pairs") });
  await createOrg(page, "Pairs Org");
  const projectId = await createProject(page, "Support bot");
  const ingestKey = await createApiKeySecret(page, projectId, "Server", ["Ingest"]);
  await promptVersion(page, projectId, "Be brief.");
  await promptVersion(page, projectId, "Be brief and cite the help centre.");
  await answered(request, ingestKey, 1, [
    ["How do I upgrade my plan?", "Email support."],
    ["Can I export my data?", "Maybe."],
  ]);
  await answered(request, ingestKey, 2, [
    ["how do I upgrade my plan", "Open Settings → Billing and choose a plan (help centre: Billing)."],
    ["Can I export my data?", "Yes: Settings → Export downloads a CSV (help centre: Export)."],
  ]);

  await page.goto(`/projects/${projectId}/annotations`);
  await page.getByRole("button", { name: "New pairwise queue" }).click();
  const dialog = page.getByRole("dialog", { name: "New pairwise queue" });
  await dialog.getByLabel("Name").fill("Brief vs cited");
  await dialog.getByLabel("Prompt A").fill("support-answer");
  await dialog.getByLabel("Version").first().fill("1");
  await dialog.getByLabel("Prompt B").fill("support-answer");
  await dialog.getByLabel("Version").nth(1).fill("1");
  await dialog.getByRole("button", { name: "Create queue" }).click();
  await expect(dialog.getByText("Version B must differ from version A")).toBeVisible();
  await snap(page, testInfo, "pairwise-01-same-version");
  await dialog.getByLabel("Version").nth(1).fill("2");
  await dialog.getByRole("button", { name: "Create queue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Brief vs cited" })).toBeVisible();

  await page.getByRole("button", { name: "Fill now" }).click();
  await expect(page.getByText("2 pairs added")).toBeVisible();
  await page.getByRole("button", { name: "Start comparing" }).click();
  const input = page.getByRole("region", { name: "Shared input" });
  let previous = "";
  for (let i = 0; i < 2; i++) {
    const left = page.getByRole("region", { name: "Left output" }).or(page.getByLabel("Left output"));
    await expect(left.first()).toBeVisible();
    // read the sides only once the next pair has replaced the one just saved
    if (previous) await expect(input).not.toHaveText(previous);
    await expect(page.locator("[data-item][aria-busy=true]")).toHaveCount(0);
    previous = await input.innerText();
    if (i === 0) await snap(page, testInfo, "pairwise-02-compare");
    // the cited answer (version B) is better, wherever it is shown
    const leftIsB = (await left.first().innerText()).includes("help centre");
    await page.getByRole("radio", { name: leftIsB ? "Left is better" : "Right is better" }).click();
    await page.getByRole("button", { name: "Save and next" }).click();
    await expect(page.getByText("Preference saved").first()).toBeVisible();
  }
  await expect(page.getByText("No pair is waiting for you in this queue.")).toBeVisible();

  await page.getByRole("tab", { name: "Preference" }).click();
  await expect(page.getByText("Wins A / B")).toBeVisible();
  await expect(page.getByText("0 / 2")).toBeVisible();
  await expect(page.getByText(/95% CI \d+%–100% \(Wilson\)/)).toBeVisible();
  await snap(page, testInfo, "pairwise-03-preference");
});
