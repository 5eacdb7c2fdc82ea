import { expect, test } from "@playwright/test";
import { createApiKey, createOrg, createProject, fillSignUp, invite, signUp, snap, uniqueEmail } from "./helpers";

test("a viewer can look but not create, revoke or manage", async ({ page, browser }, testInfo) => {
  const viewer = { name: "Vera Viewer", email: uniqueEmail("viewer") };
  await signUp(page, { name: "Owen Owner", email: uniqueEmail("owner") });
  const orgId = await createOrg(page, "Viewer Test Org");
  const projectId = await createProject(page, "Search Ranking");
  const { dialog } = await createApiKey(page, projectId, "Backend", ["Ingest"]);
  await dialog.getByRole("button", { name: "I've saved it" }).click();
  const inviteLink = await invite(page, orgId, viewer.email, "VIEWER");

  await test.step("the inviter opening the link is told it is for another email", async () => {
    await page.goto(inviteLink);
    await expect(page.getByRole("alert").filter({ hasText: "but this invitation is for" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Switch account" })).toBeVisible();
    await snap(page, testInfo, "15-invite-wrong-account");
  });

  await test.step("organisations list and switcher", async () => {
    await page.goto("/orgs");
    await expect(page.getByRole("link", { name: /Viewer Test Org/ }).first()).toBeVisible();
    await snap(page, testInfo, "16-orgs-list");
    await page.goto(`/projects/${projectId}`);
    await expect(page.getByRole("heading", { level: 1, name: "Search Ranking" })).toBeVisible();
    await page.getByRole("button", { name: "Switch organization or project" }).click();
    await expect(page.getByRole("link", { name: "Search Ranking" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New organization" })).toBeVisible();
    await snap(page, testInfo, "17-switcher");
    await page.keyboard.press("Escape");
    await expect(page.getByRole("link", { name: "New organization" })).toHaveCount(0);
  });

  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto(`/sign-up?callbackUrl=${encodeURIComponent(new URL(inviteLink).pathname)}`);
  await fillSignUp(guest, viewer);
  await expect(guest).toHaveURL(/\/invite\//);
  await guest.getByRole("button", { name: "Accept invitation" }).click();
  await expect(guest).toHaveURL(new RegExp(`/orgs/${orgId}$`));

  await test.step("project settings: keys are listed without create or revoke controls", async () => {
    await guest.goto(`/projects/${projectId}/settings`);
    const row = guest.getByRole("table", { name: "API keys" }).getByRole("row", { name: /Backend/ });
    await expect(row).toContainText("Active");
    await expect(guest.getByRole("button", { name: "Create API key" })).toBeDisabled();
    await expect(guest.getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
    await expect(guest.getByLabel("Project name")).toBeDisabled();
    await expect(guest.getByRole("button", { name: "Delete project" })).toBeDisabled();
    await snap(guest, testInfo, "13-viewer-project-settings");
  });

  await test.step("org settings: no invitations, role changes or removals", async () => {
    await guest.goto(`/orgs/${orgId}/settings`);
    await expect(guest.getByRole("table", { name: "Members" })).toContainText("Owen Owner");
    await expect(guest.getByRole("heading", { name: "Invitations" })).toHaveCount(0);
    await expect(guest.getByRole("combobox")).toHaveCount(0);
    await expect(guest.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
    await expect(guest.getByRole("button", { name: "Leave organization" })).toBeEnabled();
    await expect(guest.getByRole("button", { name: "Delete organization" })).toBeDisabled();
    await snap(guest, testInfo, "14-viewer-org-settings");
  });

  await test.step("another tenant's ids are not found", async () => {
    await guest.goto("/projects/does-not-exist");
    await expect(guest.getByRole("heading", { name: "Project not found" })).toBeVisible();
    await snap(guest, testInfo, "18-project-not-found");
  });
  await context.close();
});
