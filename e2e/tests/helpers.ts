import { expect, type Page, type TestInfo } from "@playwright/test";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SCREENSHOTS = fileURLToPath(new URL("../screenshots/", import.meta.url));

/** A full-page screenshot in the test output, also copied to e2e/screenshots/ for the README. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  copyFileSync(path, join(SCREENSHOTS, `${name}.png`));
}

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export const PASSWORD = "correct-horse-battery";

/** Fills and submits the sign-up form on the current page. */
export async function fillSignUp(page: Page, user: { name: string; email: string; password?: string }) {
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Work email").fill(user.email);
  await page.getByLabel("Password").fill(user.password ?? PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signUp(page: Page, user: { name: string; email: string }) {
  await page.goto("/sign-up");
  await fillSignUp(page, user);
  await expect(page).toHaveURL(/\/orgs$/);
}

export async function createOrg(page: Page, name: string): Promise<string> {
  await page.goto("/orgs/new");
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("Organization name").press("Enter");
  await expect(page).toHaveURL(/\/orgs\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page.url().split("/").pop()!;
}

export async function createProject(page: Page, name: string): Promise<string> {
  await page.getByRole("button", { name: "New project" }).click();
  const dialog = page.getByRole("dialog", { name: "New project" });
  await dialog.getByLabel("Project name").fill(name);
  await dialog.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page.url().split("/").pop()!;
}

/** Creates an invitation from the org settings page and returns the full invite link. */
export async function invite(page: Page, orgId: string, email: string, role: "ADMIN" | "MEMBER" | "VIEWER") {
  await page.goto(`/orgs/${orgId}/settings`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Invite" }).click();
  const link = await page.getByLabel("Invite link").inputValue();
  expect(link).toMatch(/^http:\/\/.+\/invite\/[A-Za-z0-9_-]+$/);
  return link;
}

export async function createApiKey(
  page: Page,
  projectId: string,
  name: string,
  scopes: Array<"Ingest" | "Read" | "Feedback">,
) {
  await page.goto(`/projects/${projectId}/settings`);
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await dialog.getByLabel("Name").fill(name);
  for (const label of ["Ingest", "Read", "Feedback"] as const) {
    await dialog.getByRole("checkbox", { name: label }).setChecked(scopes.includes(label));
  }
  await dialog.getByRole("button", { name: "Create key" }).click();
  const secretDialog = page.getByRole("dialog", { name: "Copy your secret now" });
  const secret = await secretDialog.getByLabel("API key secret").inputValue();
  expect(secret).toMatch(/^ys_/);
  return { secret, dialog: secretDialog };
}

/** A public-API key with the given scopes, created through the settings UI; the secret dialog is closed. */
export async function createApiKeySecret(
  page: Page,
  projectId: string,
  name: string,
  scopes: Array<"Ingest" | "Read" | "Feedback">,
) {
  const { secret, dialog } = await createApiKey(page, projectId, name, scopes);
  await dialog.getByRole("button", { name: "I've saved it" }).click();
  return secret;
}
