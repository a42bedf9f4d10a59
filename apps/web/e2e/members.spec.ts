import { expect, test } from "@playwright/test";
import { linkIn, waitForMail } from "./mail";
import { navLink, newAccount, shot, signIn, signUp } from "./support";

test("an owner invites a colleague as doctor, and the colleague then works in that organization", async ({
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
  await page.getByRole("radio", { name: "Clinic" }).check();
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/London");
  await page.getByLabel("Currency").selectOption("EUR");
  await shot(page, "02-create-organization");
  await page.getByRole("button", { name: "Create organization" }).click();

  // On to the website wizard; the team is invited from Members.
  await expect(page).toHaveURL(/\/app\/website$/);
  await navLink(page, "Members").click();
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  const table = page.getByRole("table", { name: `Members of ${organizationName}` });
  await expect(table.getByRole("row").filter({ hasText: owner.email })).toBeVisible();

  await page.getByLabel("Email", { exact: true }).fill(member.email);
  await page.getByLabel("Role", { exact: true }).selectOption("doctor");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Invitation sent to ${member.email}.` }),
  ).toBeVisible();
  const invitations = page.getByRole("table", { name: `Invitations to ${organizationName}` });
  await expect(invitations.getByRole("row").filter({ hasText: member.email })).toContainText(
    "Pending",
  );
  await shot(page, "03-member-invited");

  // The colleague, still signed in on their device, follows the emailed link and accepts.
  const mail = await waitForMail(member.email, `Join ${organizationName}`);
  await memberPage.goto(linkIn(mail, "/invitation"));
  await expect(memberPage.getByText(`You are signed in as ${member.email}.`)).toBeVisible();
  await memberPage.getByRole("button", { name: "Accept invitation" }).click();
  await expect(memberPage).toHaveURL(/\/app$/);
  await expect(memberPage.getByRole("heading", { level: 1, name: organizationName })).toBeVisible();
  await expect(memberPage.getByLabel("Active organization").locator("option:checked")).toHaveText(
    organizationName,
  );
  await shot(memberPage, "04-member-workspace");
  await memberContext.close();

  await page.reload();
  const memberRow = table.getByRole("row").filter({ hasText: member.email });
  await expect(memberRow.getByLabel(`Role for ${member.name}`)).toHaveValue("doctor");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);

  // The colleague signs in again and lands in the practice.
  await signIn(page, member.email, member.password);
  await expect(page).toHaveURL(/\/app$/);
  await expect(page.getByRole("heading", { level: 1, name: organizationName })).toBeVisible();

  // Doctors can see the team but not change it.
  await page.getByRole("link", { name: "Members", exact: true }).click();
  await expect(page.getByText("Only owners and admins can add or change members.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await shot(page, "05-member-read-only");
  await context.close();
});

test("inviting someone who is already a member explains it on the email field", async ({
  page,
}) => {
  await page.goto("/signin");
  await signIn(page, "owner@demo-dental.test", "caredesk-demo-2026");
  await expect(page).toHaveURL(/\/app$/);
  await page.getByRole("link", { name: "Members", exact: true }).click();
  await page.getByLabel("Email", { exact: true }).fill("doctor@demo-dental.test");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const email = page.getByLabel("Email", { exact: true });
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription("This person is already a member");
  await shot(page, "06-invite-existing-member");
});
