// A consultation's promise: the doctor writes the note (SOAP, vitals with the BMI shown as
// typed, a diagnosis, a prescription), signs it, and from then on it is read-only; a correction
// is an addendum kept with its author and time; the patient reads it in the portal.
import { expect, test } from "@playwright/test";
import {
  api,
  createOrganization,
  expectNoSeriousA11yViolations,
  newAccount,
  shot,
  signUp,
} from "./support";

test("a doctor writes, signs and amends a consultation; the patient reads it", async ({
  page,
  browser,
}) => {
  const doctor = newAccount("Doctor");
  await signUp(page, doctor);
  const practiceName = await createOrganization(page, "Riverside Clinic");
  const me = await api<{ organizations: { id: string; name: string }[] }>(
    page,
    "auth.me",
    undefined,
    { query: true },
  );
  const organizationId = me.organizations.find((o) => o.name === practiceName)?.id;
  if (!organizationId) throw new Error("the new practice is not in auth.me");
  const digits = String(Date.now()).slice(-8);
  const patient = await api<{ id: string }>(
    page,
    "patient.create",
    { firstName: "Salma", lastName: "Fouad", mobile: `+2010${digits}` },
    { organizationId },
  );

  await page.goto(`/app/patients/${patient.id}/consultations`);
  await expect(page.getByText("No consultations yet")).toBeVisible();
  await page.getByRole("button", { name: "New consultation" }).click();
  await expect(page).toHaveURL(/\/consultations\/[0-9a-f-]{36}$/);

  await page.getByLabel("Subjective").fill("Sore throat and fever for two days");
  await page.getByLabel("Objective").fill("Tonsils swollen with exudate, 38.4 °C");
  await page.getByLabel("Assessment").fill("Acute tonsillitis");
  await page.getByLabel("Plan").fill("Antibiotics, fluids, review in a week");
  await page.getByLabel("Systolic (mmHg)").fill("118");
  await page.getByLabel("Diastolic (mmHg)").fill("76");
  await page.getByLabel("Temperature (°C)").fill("38.4");
  await page.getByLabel("Weight (kg)").fill("70");
  await page.getByLabel("Height (cm)").fill("175");
  await expect(page.getByTestId("bmi")).toHaveText("BMI 22.9");

  await page.getByRole("button", { name: "Add diagnosis" }).click();
  await page.getByLabel("Diagnosis", { exact: true }).fill("Acute tonsillitis");
  await page.getByLabel("Code", { exact: true }).fill("J03.9");
  await page.getByRole("button", { name: "Add medicine" }).click();
  await page.getByLabel("Drug").fill("Amoxicillin");
  await page.getByLabel("Strength").fill("500 mg");
  await page.getByLabel("Dose").fill("1 capsule");
  await page.getByLabel("Frequency").fill("three times a day");
  await page.getByLabel("Duration").fill("7 days");
  await expectNoSeriousA11yViolations(page);
  await shot(page, "consultation-draft");

  await page.getByRole("button", { name: "Sign consultation" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sign", exact: true }).click();

  // Signed: read-only, with who signed it.
  await expect(page.getByText("This consultation is signed")).toBeVisible();
  await expect(page.getByText(`Signed by ${doctor.name}`)).toBeVisible();
  await expect(page.getByLabel("Subjective")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save draft" })).toHaveCount(0);
  await expect(
    page.getByText("Amoxicillin 500 mg — 1 capsule, three times a day, 7 days"),
  ).toBeVisible();
  await expect(page.getByText("BMI", { exact: true })).toBeVisible();

  // A correction is an addendum, shown with its author and time.
  await page
    .getByLabel("Addendum")
    .fill("Penicillin allergy reported by phone: switch to azithromycin.");
  await page.getByRole("button", { name: "Add addendum" }).click();
  const addenda = page.getByRole("list", { name: "Addenda" });
  await expect(addenda).toContainText("switch to azithromycin");
  await expect(addenda).toContainText(doctor.name);
  await expect(addenda).toContainText(new Date().getFullYear().toString());

  // The printable prescription names the practice, the patient and the drug.
  await page.getByRole("button", { name: "Print prescription" }).click();
  const sheet = page.getByRole("dialog", { name: "Prescription" });
  await expect(sheet).toContainText(practiceName);
  await expect(sheet).toContainText("Salma Fouad");
  await expect(sheet).toContainText("Amoxicillin 500 mg");
  await shot(page, "consultation-prescription");
  // On paper only the sheet shows: no navigation, no dialog buttons.
  const paper = page.getByTestId("prescription-print");
  await expect(paper).toBeHidden();
  await page.emulateMedia({ media: "print" });
  await expect(paper).toBeVisible();
  await expect(paper).toContainText(practiceName);
  await expect(paper).toContainText("Amoxicillin 500 mg");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print", exact: true })).toBeHidden();
  await shot(page, "consultation-prescription-print", { fullPage: false });
  await page.emulateMedia({ media: "screen" });
  await sheet.getByRole("button", { name: "Close" }).click();
  await shot(page, "consultation-signed");

  // The patient reads the signed note in the portal.
  const person = newAccount("Salma");
  const context = await browser.newContext();
  const portal = await context.newPage();
  await signUp(portal, person);
  await api(
    page,
    "patient.linkAccount",
    { id: patient.id, email: person.email },
    { organizationId },
  );
  await portal.goto("/portal/records");
  await expect(portal.getByRole("heading", { name: "My records" })).toBeVisible();
  await expect(portal.getByText("Acute tonsillitis").first()).toBeVisible();
  await expect(portal.getByText("Amoxicillin 500 mg", { exact: false })).toBeVisible();
  await expect(portal.getByText("switch to azithromycin")).toBeVisible();
  await expectNoSeriousA11yViolations(portal);
  await shot(portal, "portal-records");
  await context.close();
});
