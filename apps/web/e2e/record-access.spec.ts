// "Who viewed my record": a staff member opens a patient's record, and the patient sees that
// read in the portal. The practice's logo, uploaded in settings, shows in the header.
import { expect, test } from "@playwright/test";
import { png } from "./fixtures";
import { api, demoPassword, shot, signIn } from "./support";

interface Me {
  user: { name: string };
  organizations: { id: string; slug: string }[];
}

test("a staff read of a patient's record shows in the patient's portal", async ({ browser }) => {
  // The patient: who they are in the practice.
  const patientContext = await browser.newContext();
  const patientPage = await patientContext.newPage();
  await patientPage.goto("/signin");
  await signIn(patientPage, "patient@demo-hospital.test", demoPassword);
  await expect(patientPage).toHaveURL(/\/portal$/);
  const patientMe = await api<Me>(patientPage, "auth.me", undefined, { query: true });
  const hospital = patientMe.organizations.find((o) => o.slug === "demo-hospital");
  if (!hospital) throw new Error("the demo patient is not in the demo hospital");
  const own = await api<{ id: string }>(patientPage, "portal.me", undefined, {
    organizationId: hospital.id,
    query: true,
  });

  // A doctor opens the patient's record (its documents are listed there).
  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await staffPage.goto("/signin");
  await signIn(staffPage, "owner@demo-hospital.test", demoPassword);
  await expect(staffPage).toHaveURL(/\/app$/);
  const staffMe = await api<Me>(staffPage, "auth.me", undefined, { query: true });
  await staffPage.goto(`/app/patients/${own.id}`);
  await expect(staffPage.getByRole("heading", { name: "Documents" })).toBeVisible();

  // The practice sees the read on the record's access tab.
  await staffPage.getByRole("link", { name: "Record access" }).click();
  const reads = staffPage.getByRole("table", { name: /Reads of .*'s record/ });
  await expect(
    reads.getByRole("row", { name: new RegExp(staffMe.user.name) }).first(),
  ).toBeVisible();
  await shot(staffPage, "record-access-staff");

  // The patient sees who looked, and when.
  await patientPage.goto("/portal/access");
  await expect(patientPage.getByRole("heading", { name: "Who viewed my record" })).toBeVisible();
  const row = patientPage.getByRole("row", { name: new RegExp(staffMe.user.name) }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText("Documents");
  await shot(patientPage, "record-access-portal");

  await staffContext.close();
  await patientContext.close();
});

test("the practice's logo uploaded in settings shows in the header and the audit log", async ({
  page,
}) => {
  await page.goto("/signin");
  await signIn(page, "owner@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/app/settings");
  await page
    .getByLabel(/Upload a logo|Replace the logo/)
    .setInputFiles({ name: "hospital-logo.png", mimeType: "image/png", buffer: png(48) });

  const logo = page.getByTestId("practice-logo");
  await expect(logo).toBeVisible();
  await expect
    .poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(48);
  await expect(page.getByRole("img", { name: /logo$/ })).toBeVisible();
  await shot(page, "settings-logo");

  await page.goto("/app/audit");
  await page.getByLabel("Action starts with").fill("organization.setLogo");
  await page.getByRole("button", { name: "Apply" }).click();
  const change = page.getByRole("row", { name: /organization\.setLogo/ }).first();
  await expect(change).toBeVisible();
  await change.getByRole("button", { name: "Show" }).click();
  await expect(
    page.getByRole("table", { name: "Fields that changed, before and after" }),
  ).toContainText("logoFileId");
  await shot(page, "audit-log");
});
