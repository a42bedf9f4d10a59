import { expect, test } from "@playwright/test";
import { newAccount, shot, signIn } from "./support";

test("signing up with an email that is taken answers like any other: check your email", async ({
  page,
}) => {
  await page.goto("/signup");
  await page.getByLabel("Full name").fill("Someone Else");
  await page.getByLabel("Email").fill("owner@demo-hospital.test");
  await page.getByLabel("Password").fill("another-long-password");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText("owner@demo-hospital.test")).toBeVisible();
  await shot(page, "20-signup-check-email");
});

test("the sign-up form checks the shared rules before asking the server", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Full name").fill("Short Password");
  await page.getByLabel("Email").fill(newAccount("short").email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(
    /Use at least 10 characters/,
  );
});

test("a wrong password is a form-level message, and /app needs a session", async ({ page }) => {
  await page.goto("/app/members");
  await expect(page).toHaveURL(/\/signin\?redirect=/);
  await signIn(page, "owner@demo-hospital.test", "not-the-password");
  await expect(page.getByRole("alert")).toBeVisible();
  await shot(page, "21-signin-wrong-password");

  await page.getByLabel("Password").fill("caredesk-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  // Back where they were going.
  await expect(page).toHaveURL(/\/app\/members$/);
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
});

test("the account page lists this device and changes the password", async ({ page }) => {
  await page.goto("/signin");
  await signIn(page, "admin@demo-pharmacy.test", "caredesk-demo-2026");
  await expect(page).toHaveURL(/\/app$/);
  await page.getByRole("link", { name: "Account" }).click();
  const sessions = page.getByRole("table", { name: "Your active sessions" });
  await expect(sessions.getByText("This device")).toBeVisible();

  await page.getByLabel("Current password").fill("wrong-current-password");
  await page.getByLabel("New password").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("Current password")).toHaveAccessibleDescription(
    "Current password is incorrect",
  );
  await shot(page, "22-account");
});

test("the landing page says what Caredesk is and leads to sign-in and sign-up", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  await expect(
    page.getByRole("heading", { level: 1, name: "Run your practice from one calm place" }),
  ).toBeVisible();
  await shot(page, "00-landing");
  await page.getByRole("link", { name: "Get started free" }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
});

test("the landing page reflows on a 320-pixel phone without sideways scrolling", async ({
  page,
}) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/");
  await expect(
    page.getByRole("heading", { level: 1, name: "Run your practice from one calm place" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Create an account" })).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await shot(page, "00-landing-320");
});
