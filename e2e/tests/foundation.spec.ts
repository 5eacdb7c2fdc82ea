import { expect, test } from "@playwright/test";
import { createApiKey, createOrg, createProject, fillSignUp, invite, PASSWORD, snap, uniqueEmail } from "./helpers";

test("sign up, organisation, project, invitation and API key lifecycle", async ({
  page,
  browser,
  request,
}, testInfo) => {
  const owner = { name: "Olivia Owner", email: uniqueEmail("owner") };
  const invitee = { name: "Ian Invitee", email: uniqueEmail("invitee") };
  const orgName = `Acme Evals ${Date.now().toString(36)}`;
  let orgId = "";
  let projectId = "";
  let inviteLink = "";
  let secret = "";

  await test.step("signed-out visitors are sent to sign-in, and bad credentials are rejected", async () => {
    await page.goto("/orgs");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Forgs/);
    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
    await snap(page, testInfo, "01-sign-in-error");
  });

  await test.step("sign up rejects a short password, then creates the account", async () => {
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page).toHaveURL(/\/sign-up/);
    await fillSignUp(page, { ...owner, password: "short" });
    await expect(page.getByText("Password must be at least 10 characters")).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    await snap(page, testInfo, "02-sign-up-validation");
    // Long enough but one of the commonest passwords: refused, naming the field.
    await page.getByLabel("Password").fill("password123");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText(/Password is too easy to guess/)).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/orgs$/);
    await expect(page.getByText("Create your first organization")).toBeVisible();
    await snap(page, testInfo, "03-orgs-empty");
  });

  await test.step("an empty organisation name is rejected; a valid one creates the organisation", async () => {
    await page.getByRole("link", { name: "Create organization" }).click();
    await expect(page).toHaveURL(/\/orgs\/new$/);
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.getByText("Name is required")).toBeVisible();
    await snap(page, testInfo, "04-org-name-required");
    orgId = await createOrg(page, orgName);
    await expect(page.getByText("No projects yet")).toBeVisible();
    await snap(page, testInfo, "05-org-no-projects");
  });

  await test.step("create a project (Escape closes the dialog first)", async () => {
    await page.getByRole("button", { name: "New project" }).click();
    await expect(page.getByRole("dialog", { name: "New project" })).toBeVisible();
    await expect(page.getByLabel("Project name")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog", { name: "New project" })).toBeHidden();
    projectId = await createProject(page, "Support Bot");
    await expect(page.getByRole("heading", { name: "Get started" })).toBeVisible();
    await snap(page, testInfo, "06-project-overview");
  });

  await test.step("invite a member by email", async () => {
    inviteLink = await invite(page, orgId, invitee.email, "MEMBER");
    await expect(page.getByText("It is shown only once")).toBeVisible();
    const pending = page.getByRole("table", { name: "Pending invitations" });
    await expect(pending.getByRole("row", { name: new RegExp(invitee.email) })).toContainText("Member");
    await snap(page, testInfo, "07-org-settings-invitation");
  });

  await test.step("create an API key and see its secret once", async () => {
    const created = await createApiKey(page, projectId, "CI key", ["Ingest", "Read"]);
    secret = created.secret;
    await snap(page, testInfo, "08-api-key-secret");
    await created.dialog.getByRole("button", { name: "I've saved it" }).click();
    await expect(page.getByLabel("API key secret")).toHaveCount(0);
    const row = page.getByRole("table", { name: "API keys" }).getByRole("row", { name: /CI key/ });
    await expect(row).toContainText("Active");
    await expect(row).toContainText(`${secret.slice(0, 11)}…${secret.slice(-4)}`);
    await expect(row).toContainText("ingest");
    await expect(row).toContainText("read");
    await expect(row).toContainText("Never");
  });

  await test.step("the key authenticates the public API", async () => {
    const res = await request.get("/api/public/project", { headers: { Authorization: `Bearer ${secret}` } });
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.project.name).toBe("Support Bot");
    expect(body.scopes).toEqual(["ingest", "read"]);
    await page.reload();
    const row = page.getByRole("table", { name: "API keys" }).getByRole("row", { name: /CI key/ });
    await expect(row).toContainText("just now");
    await snap(page, testInfo, "09-api-keys-list");
  });

  await test.step("revoke the key; the API then refuses it", async () => {
    await page.getByRole("button", { name: "Revoke CI key" }).click();
    const confirm = page.getByRole("dialog", { name: /Revoke/ });
    await confirm.getByRole("button", { name: "Revoke key" }).click();
    const row = page.getByRole("table", { name: "API keys" }).getByRole("row", { name: /CI key/ });
    await expect(row).toContainText("Revoked");
    await expect(page.getByRole("button", { name: "Revoke CI key" })).toHaveCount(0);
    await snap(page, testInfo, "10-api-key-revoked");
    const res = await request.get("/api/public/project", { headers: { Authorization: `Bearer ${secret}` } });
    expect(res.status()).toBe(401);
  });

  await test.step("sign out", async () => {
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto(`/projects/${projectId}`);
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  });

  await test.step("the invitee signs up from the link and joins the organisation", async () => {
    const context = await browser.newContext();
    const guest = await context.newPage();
    await guest.goto(inviteLink);
    await expect(guest).toHaveURL(/\/sign-in\?callbackUrl=%2Finvite%2F/);
    await guest.getByRole("link", { name: "Create an account" }).click();
    await expect(guest).toHaveURL(/\/sign-up\?callbackUrl=%2Finvite%2F/);
    await fillSignUp(guest, invitee);
    await expect(guest).toHaveURL(/\/invite\//);
    await expect(guest.getByText(orgName)).toBeVisible();
    await expect(guest.getByText("Olivia Owner")).toBeVisible();
    await snap(guest, testInfo, "11-invitation");
    await guest.getByRole("button", { name: "Accept invitation" }).click();
    await expect(guest).toHaveURL(new RegExp(`/orgs/${orgId}$`));
    await expect(guest.getByRole("heading", { level: 1, name: orgName })).toBeVisible();
    await expect(guest.getByRole("link", { name: /Support Bot/ })).toBeVisible();
    // A member cannot create projects: the control is there but disabled, with the reason.
    await expect(guest.getByRole("button", { name: "New project" })).toBeDisabled();
    await snap(guest, testInfo, "12-invitee-joined-org");

    // The link is single-use.
    await guest.goto(inviteLink);
    await expect(guest.getByText("This invitation was already accepted")).toBeVisible();
    await context.close();
  });
});
