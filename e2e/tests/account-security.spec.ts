import { expect, test, type Browser, type Page } from "@playwright/test";
import { PASSWORD, signUp, snap, uniqueEmail } from "./helpers";

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOutViaMenu(page: Page) {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** A second browser ("another device") signed in as the same person. */
async function otherDevice(browser: Browser, email: string, password = PASSWORD) {
  const context = await browser.newContext({
    userAgent:
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  });
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/orgs$/);
  return { context, page };
}

test("signing out ends the session: the old cookie replayed elsewhere is refused", async ({
  page,
  context,
  browser,
}, testInfo) => {
  const email = uniqueEmail("replay");
  await signUp(page, { name: "Rita Replay", email });
  const cookies = await context.cookies();
  expect(cookies.some((c) => c.name.includes("session-token"))).toBe(true);
  await signOutViaMenu(page);

  const thief = await browser.newContext();
  await thief.addCookies(cookies);
  const stolen = await thief.newPage();
  await stolen.goto("/orgs");
  await expect(stolen).toHaveURL(/\/sign-in\?callbackUrl=%2Forgs/);
  await snap(stolen, testInfo, "68-replayed-cookie-refused");
  // The API refuses it too.
  const me = await thief.request.get("/api/trpc/auth.me");
  expect(me.status()).toBe(401);
  await thief.close();
});

test("account page: sessions, revoking a device, password change, sign out everywhere", async ({
  page,
  browser,
}, testInfo) => {
  const email = uniqueEmail("account");
  await signUp(page, { name: "Avery Account", email });
  const laptop = await otherDevice(browser, email);

  await test.step("the user menu leads to the account page, which lists both devices", async () => {
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("link", { name: "Account" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
    await expect(page.getByText(email).first()).toBeVisible();
    const rows = page.getByRole("table", { name: "Sessions" }).getByRole("row");
    await expect(rows).toHaveCount(3); // header + two devices
    await expect(rows.filter({ hasText: "This device" })).toHaveCount(1);
    await expect(rows.filter({ hasText: "Safari on macOS" })).toHaveCount(1);
    await expect(page.getByText("2 devices signed in as you")).toBeVisible();
    await snap(page, testInfo, "69-account-sessions");
  });

  await test.step("signing out the other device ends its session at once", async () => {
    await page.getByRole("button", { name: /^Sign out Safari on macOS/ }).click();
    await expect(page.getByText("Session signed out")).toBeVisible();
    await expect(page.getByRole("table", { name: "Sessions" }).getByRole("row")).toHaveCount(2);
    await laptop.page.goto("/orgs");
    await expect(laptop.page).toHaveURL(/\/sign-in\?callbackUrl=/);
  });

  await test.step("password change: wrong current password and weak new one are refused, field by field", async () => {
    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password", { exact: true }).fill("tangerine submarine lantern");
    await page.getByLabel("Confirm new password").fill("tangerine submarine lantern");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Current password is wrong")).toBeVisible();
    await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill("password1234");
    await page.getByLabel("Confirm new password").fill("password1234");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText(/Password is too easy to guess/)).toBeVisible();
    await expect(page.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await snap(page, testInfo, "70-account-password-policy");
  });

  await test.step("a good new password signs out every other device", async () => {
    const phone = await otherDevice(browser, email);
    await page.reload();
    await expect(page.getByRole("table", { name: "Sessions" }).getByRole("row")).toHaveCount(3);
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill("tangerine submarine lantern");
    await page.getByLabel("Confirm new password").fill("tangerine submarine lantern");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Password changed. 1 other session signed out.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Sessions" }).getByRole("row")).toHaveCount(2);
    await snap(page, testInfo, "71-account-password-changed");
    await phone.page.goto("/orgs");
    await expect(phone.page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await phone.context.close();
  });

  await test.step("sign out everywhere ends this session too", async () => {
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    const dialog = page.getByRole("dialog", { name: "Sign out everywhere?" });
    await snap(page, testInfo, "72-account-sign-out-everywhere");
    await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount/);
  });
  await laptop.context.close();
});

test("too many wrong passwords: the sign-in form says how long to wait", async ({ page, browser }, testInfo) => {
  const email = uniqueEmail("locked");
  const owner = await browser.newContext();
  await signUp(await owner.newPage(), { name: "Lou Locked", email });
  await owner.close();

  for (let i = 0; i < 5; i++) {
    await signIn(page, email, `wrong password ${i}`);
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  }
  // Even the right password now waits: the account is throttled, whoever is trying.
  await page.getByLabel("Password").fill(PASSWORD);
  const answer = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
  await page.getByRole("button", { name: "Sign in" }).click();
  const res = await answer;
  expect(res.status()).toBe(429);
  const retryAfter = Number(res.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(100);
  expect(retryAfter).toBeLessThanOrEqual(180);
  await expect(page.getByRole("alert").filter({ hasText: "Too many attempts" })).toHaveText(
    `Too many attempts, try again in ${retryAfter} s.`,
  );
  await expect(page).toHaveURL(/\/sign-in/);
  await snap(page, testInfo, "73-sign-in-too-many-attempts");
});
