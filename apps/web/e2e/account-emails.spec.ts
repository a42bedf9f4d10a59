// Account emails end to end, read from a real SMTP server: a colleague joins through the
// invitation link, and a patient gets back into their account through a reset link.
import { expect, test } from "@playwright/test";
import { linkIn, mailCount, waitForMail } from "./mail";
import { api, demoPassword, newAccount, shot, signIn } from "./support";

test("a doctor invited by email joins through the link, then signs in again", async ({
  page,
  browser,
}) => {
  const doctor = newAccount("Invited Doctor");
  await page.goto("/signin");
  await signIn(page, "owner@demo-dental.test", demoPassword);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/app/members");
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();

  await page.getByLabel("Email", { exact: true }).fill(doctor.email);
  await page.getByLabel("Role", { exact: true }).selectOption("doctor");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${doctor.email}.`)).toBeVisible();
  const invitations = page.getByRole("table", { name: /^Invitations to / });
  await expect(invitations.getByRole("row", { name: new RegExp(doctor.email) })).toContainText(
    "Pending",
  );
  await shot(page, "80-members-invited");

  const mail = await waitForMail(doctor.email, /^Join /);
  const link = linkIn(mail, "/invitation");

  // The doctor, in a browser of their own.
  const context = await browser.newContext();
  const doctorPage = await context.newPage();
  await doctorPage.goto(link);
  await expect(doctorPage.getByRole("heading", { name: "You're invited" })).toBeVisible();
  await expect(doctorPage.getByText(/invites you to join as Doctor/)).toBeVisible();
  await doctorPage.getByLabel("Full name").fill(doctor.name);
  await doctorPage.getByLabel("Password").fill(doctor.password);
  await shot(doctorPage, "81-invitation");
  await doctorPage.getByRole("button", { name: "Create account and accept" }).click();
  await expect(doctorPage).toHaveURL(/\/app$/);
  await expect(doctorPage.getByRole("navigation", { name: "Main" })).toBeVisible();

  await doctorPage.getByRole("button", { name: "Sign out" }).click();
  await expect(doctorPage).toHaveURL(/\/signin$/);
  await signIn(doctorPage, doctor.email, doctor.password);
  await expect(doctorPage).toHaveURL(/\/app$/);
  await expect(doctorPage.getByRole("link", { name: "Calendar", exact: true })).toBeVisible();
  await context.close();

  await page.reload();
  await expect(invitations.getByRole("row", { name: new RegExp(doctor.email) })).toContainText(
    "Accepted",
  );
});

test("a patient resets their password from the emailed link and signs in with it", async ({
  page,
}) => {
  const email = "patient@demo-hospital.test";
  const newPassword = "a-fresh-portal-passphrase";
  const before = await mailCount(email);

  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText(`If an account uses ${email}`)).toBeVisible();

  const mail = await waitForMail(email, "Reset your password", { since: before });
  await page.goto(linkIn(mail, "/reset-password"));
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Your password was changed.")).toBeVisible();
  await shot(page, "82-password-reset");

  // The link worked once: opening it again is refused with the one message.
  await page.goto(linkIn(mail, "/reset-password"));
  await page.getByLabel("New password").fill("yet-another-passphrase");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("alert")).toContainText("This link is not valid any more");

  await page.goto("/signin");
  await signIn(page, email, demoPassword);
  await expect(page.getByRole("alert")).toBeVisible();
  await page.getByLabel("Password").fill(newPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/portal$/);

  // Later specs sign this demo patient in with the demo password.
  await api(page, "auth.changePassword", {
    currentPassword: newPassword,
    newPassword: demoPassword,
  });
});
