import { expect, test } from "@playwright/test";
import { createOrg, createProject, signUp, snap, uniqueEmail } from "./helpers";

// Background jobs end to end on `npm start`'s embedded executor: the page sends an event, the
// executor drives the job over /api/inngest (signed calls, a step.sleep), the run is listed.
test("jobs: empty state, then a ping job runs through its sleep and is listed", async ({ page }, testInfo) => {
  await signUp(page, { name: "Jo Bs", email: uniqueEmail("jobs") });
  await createOrg(page, "Jobs Org");
  const projectId = await createProject(page, "Nightly Evals");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/jobs$`));
  await expect(page.getByRole("heading", { name: "No job runs yet" })).toBeVisible();
  await snap(page, testInfo, "70-jobs-empty");

  await page.getByRole("button", { name: "Send a ping job" }).click();
  const runs = page.getByRole("table", { name: "Runs of project-ping" });
  await expect(runs).toBeVisible();
  await expect(runs.getByText("completed")).toBeVisible({ timeout: 30_000 });
  const row = runs.getByRole("row").nth(1);
  await expect(row.getByRole("cell").nth(2)).toHaveText("1"); // attempts
  await expect(row.getByRole("cell").nth(3)).toHaveText("3"); // receive, pause, answer
  await expect(row.getByRole("cell").nth(4)).toHaveText(/^\d+\.\d s$/); // slept ≥ 1 s
  await snap(page, testInfo, "71-jobs-runs");
});
