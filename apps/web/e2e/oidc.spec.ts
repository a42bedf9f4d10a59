// Sign-in with an OpenID Connect provider, in the browser, against the local provider that
// start-server.mjs runs ("Test ID"): its login page lets the person choose who they are there.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { newAccount, shot, signUp } from "./support";

/** Signs in on the test provider's own page as `subject`, with a verified address. */
async function providerLogin(page: Page, who: { subject: string; email: string; name?: string }) {
  await expect(page.getByRole("heading", { name: "Test provider" })).toBeVisible();
  await page.getByLabel("Subject").fill(who.subject);
  await page.getByLabel("Email", { exact: true }).fill(who.email);
  if (who.name) await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email verified").check();
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
}

async function expectSignedInAs(page: Page, email: string) {
  await page.goto("/app/account");
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.getByText(email, { exact: true }).first()).toBeVisible();
}

test("a new person signs up with the provider, signs out, and signs in with it again", async ({
  page,
}) => {
  const person = newAccount("oidc new");
  const subject = randomUUID();
  await page.goto("/signup");
  await page.getByRole("link", { name: "Continue with Test ID" }).click();
  await providerLogin(page, { subject, email: person.email, name: person.name });

  await expect(page).toHaveURL(/\/app$/);
  await expectSignedInAs(page, person.email);
  const methods = page.getByRole("list", { name: "Sign-in methods" });
  await expect(methods.getByText("Test ID")).toBeVisible();
  await expect(page.getByText("None — you sign in with a linked provider")).toBeVisible();
  await shot(page, "oidc-01-account-made-with-provider");

  await signOut(page);
  await page.getByRole("link", { name: "Continue with Test ID" }).click();
  // Still signed in at the provider: it sends the browser straight back, signed in.
  await expect(page).toHaveURL(/\/app$/);
  await expectSignedInAs(page, person.email);
});

test("a password account links the provider on the account page, then signs in with it", async ({
  page,
}) => {
  const person = newAccount("oidc link");
  await signUp(page, person);
  await page.goto("/app/account");
  await page.getByRole("link", { name: "Link Test ID" }).click();
  await providerLogin(page, { subject: randomUUID(), email: `elsewhere.${person.email}` });

  await expect(page).toHaveURL(/\/app\/account\?linked=local$/);
  await expect(page.getByText("Test ID is now linked: you can sign in with it.")).toBeVisible();
  const methods = page.getByRole("list", { name: "Sign-in methods" });
  await expect(methods.getByText(`elsewhere.${person.email}`)).toBeVisible();
  await shot(page, "oidc-02-linked");

  await signOut(page);
  await page.getByRole("link", { name: "Continue with Test ID" }).click();
  await expect(page).toHaveURL(/\/app$/);
  await expectSignedInAs(page, person.email);
});

test("linking an identity that belongs to another account is refused with a clear message", async ({
  browser,
}) => {
  const subject = randomUUID();
  // Someone signs up with the provider first.
  const first = await browser.newContext();
  const firstPage = await first.newPage();
  const holder = newAccount("oidc holder");
  await firstPage.goto("/signin");
  await firstPage.getByRole("link", { name: "Continue with Test ID" }).click();
  await providerLogin(firstPage, { subject, email: holder.email, name: holder.name });
  await expect(firstPage).toHaveURL(/\/app$/);
  await first.close();

  // Another person, signed in with a password, tries to link the same identity.
  const second = await browser.newContext();
  const page = await second.newPage();
  const person = newAccount("oidc other");
  await signUp(page, person);
  await page.goto("/app/account");
  await page.getByRole("link", { name: "Link Test ID" }).click();
  await providerLogin(page, { subject, email: holder.email });

  await expect(page).toHaveURL(/\/app\/account\?error=/);
  const refusal = page.getByRole("alert").filter({ hasText: "Nothing was linked" });
  await expect(refusal).toContainText("already linked to another Caredesk account");
  await expect(page.getByText("No provider is linked to this account.")).toBeVisible();
  await shot(page, "oidc-03-link-refused");
  await second.close();
});
