import { expect, test } from "@playwright/test";
import { newAccount, shot, signIn, signUp } from "./support";

test("an owner adds a colleague as doctor, and the colleague then works in that organization", async ({
  browser,
}) => {
  // The colleague signs up on their own device first.
  const member = newAccount("Amal Haddad");
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await signUp(memberPage, member);
  await expect(
    memberPage.getByRole("heading", { name: "You're not part of an organization yet" }),
  ).toBeVisible();
  await shot(memberPage, "01-member-without-organization");
  await memberContext.close();

  // The owner signs up and creates the practice.
  const owner = newAccount("Nadia Owner");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, owner);
  await page.getByRole("link", { name: "Create an organization" }).click();
  await expect(page.getByRole("heading", { name: "Create an organization" })).toBeVisible();

  const suffix = Date.now().toString(36);
  const organizationName = `Riverside Family Clinic ${suffix}`;
  await page.getByLabel("Practice name").fill(organizationName);
  await expect(page.getByLabel("Web address")).toHaveValue(`riverside-family-clinic-${suffix}`);
  await page.getByLabel("Kind of practice").selectOption("clinic");
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/London");
  await page.getByLabel("Currency").selectOption("EUR");
  await shot(page, "02-create-organization");
  await page.getByRole("button", { name: "Create organization" }).click();

  // Straight on to inviting the team.
  await expect(page).toHaveURL(/\/app\/members$/);
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  const table = page.getByRole("table", { name: `Members of ${organizationName}` });
  await expect(table.getByRole("row").filter({ hasText: owner.email })).toBeVisible();

  await page.getByLabel("Member email").fill(member.email);
  await page.getByLabel("Role", { exact: true }).selectOption("doctor");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `${member.name} was added as Doctor` }),
  ).toBeVisible();

  const memberRow = table.getByRole("row").filter({ hasText: member.email });
  await expect(memberRow).toBeVisible();
  await expect(memberRow.getByLabel(`Role for ${member.name}`)).toHaveValue("doctor");
  await shot(page, "03-member-added");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);

  // The colleague signs in and lands in the practice with their role.
  await signIn(page, member.email, member.password);
  await expect(page).toHaveURL(/\/app$/);
  await expect(page.getByRole("heading", { level: 1, name: organizationName })).toBeVisible();
  await expect(
    page.locator("dt", { hasText: "Your role" }).locator("xpath=following-sibling::dd[1]"),
  ).toHaveText("Doctor");
  await expect(page.getByLabel("Active organization").locator("option:checked")).toHaveText(
    organizationName,
  );
  await shot(page, "04-member-workspace");

  // Doctors can see the team but not change it.
  await page.getByRole("link", { name: "Members", exact: true }).click();
  await expect(page.getByText("Only owners and admins can add or change members.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add member" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await shot(page, "05-member-read-only");
  await context.close();
});

test("adding someone without an account explains it on the email field", async ({ page }) => {
  await page.goto("/signin");
  await signIn(page, "owner@demo-dental.test", "caredesk-demo-2026");
  await expect(page).toHaveURL(/\/app$/);
  await page.getByRole("link", { name: "Members", exact: true }).click();
  await page.getByLabel("Member email").fill(`nobody.${Date.now()}@example.test`);
  await page.getByRole("button", { name: "Add member" }).click();
  const email = page.getByLabel("Member email");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription(/Ask them to sign up first/);
  await shot(page, "06-add-member-unknown-email");
});
