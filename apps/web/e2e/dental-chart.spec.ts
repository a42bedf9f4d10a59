// The dental chart's promise: a dentist charts tooth 14 MOD with a composite filling from the
// odontogram, completes it (the charge reaches the account), records a partial payment at the
// desk, and the balance and aging update.
import { expect, test } from "@playwright/test";
import {
  api,
  createOrganization,
  expectNoSeriousA11yViolations,
  newAccount,
  shot,
  signUp,
} from "./support";

test("a dentist charts tooth 14 MOD, completes it and takes a partial payment", async ({
  page,
}) => {
  const dentist = newAccount("Dentist");
  await signUp(page, dentist);
  const practiceName = await createOrganization(page, "Smile Dental", "EUR");
  const me = await api<{ organizations: { id: string; name: string }[] }>(
    page,
    "auth.me",
    undefined,
    { query: true },
  );
  const organizationId = me.organizations.find((o) => o.name === practiceName)?.id;
  if (!organizationId) throw new Error("the new practice is not in auth.me");
  await api(
    page,
    "service.create",
    { name: "Composite filling", durationMinutes: 30, priceMinor: 12_000, colour: "#2563eb" },
    { organizationId },
  );
  const digits = String(Date.now()).slice(-8);
  const patient = await api<{ id: string }>(
    page,
    "patient.create",
    { firstName: "Nour", lastName: "Adel", mobile: `+2010${digits}` },
    { organizationId },
  );

  // The chart: pick tooth 14 on the odontogram, its mesial, occlusal and distal surfaces, and
  // the service, whose price fills in.
  await page.goto(`/app/patients/${patient.id}/chart`);
  await expect(page.getByRole("heading", { name: "Odontogram" })).toBeVisible();
  await page.getByRole("button", { name: "Tooth 14", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Tooth 14" })).toBeVisible();
  for (const surface of ["Mesial", "Occlusal", "Distal"]) {
    await page.getByRole("button", { name: surface, exact: true }).click();
  }
  await page.getByLabel("Service").selectOption({ label: "Composite filling" });
  await expect(page.getByLabel("Price (EUR)")).toHaveValue("120.00");
  await shot(page, "dental-odontogram", { fullPage: false });
  await page.getByRole("button", { name: "Add", exact: true }).click();

  const treatments = page.getByRole("table", { name: "Treatments" });
  const row = treatments.getByRole("row").filter({ hasText: "Composite filling" });
  await expect(row).toContainText("MOD");
  await expect(row).toContainText("Planned");
  await expectNoSeriousA11yViolations(page);
  await shot(page, "dental-chart");

  // Completing it charges the account.
  await row.getByRole("button", { name: "Complete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Complete" }).click();
  await expect(row).toContainText("Completed");

  // The account: the charge is owed and current; a partial payment at the desk lowers both.
  await page
    .getByRole("navigation", { name: "Parts of the patient's record" })
    .getByRole("link", { name: "Account" })
    .click();
  await expect(page.getByTestId("ledger-balance")).toContainText("120.00");
  await expect(page.getByTestId("aging-current")).toContainText("120.00");
  await page.getByLabel("Amount (EUR)").first().fill("50");
  await page.getByLabel("Method").selectOption("cash");
  await page.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByText("Payment recorded.")).toBeVisible();
  await expect(page.getByTestId("ledger-balance")).toContainText("70.00");
  await expect(page.getByTestId("aging-current")).toContainText("70.00");
  await expect(page.getByRole("table", { name: "Entries" }).getByRole("row")).toHaveCount(3);
  await expectNoSeriousA11yViolations(page);
  await shot(page, "dental-ledger");

  // The desk hands over a receipt; on paper only the receipt shows.
  await page
    .getByRole("table", { name: "Entries" })
    .getByRole("row", { name: /Payment/ })
    .getByRole("button", { name: "Receipt" })
    .click();
  const receipt = page.getByRole("dialog", { name: "Receipt" });
  await expect(receipt).toContainText("Nour Adel");
  await expect(receipt).toContainText("€50.00");
  await expect(receipt).toContainText("€70.00");
  const paper = page.getByTestId("receipt-print");
  await expect(paper).toBeHidden();
  await page.emulateMedia({ media: "print" });
  await expect(paper).toBeVisible();
  await expect(paper).toContainText("€50.00");
  await shot(page, "dental-receipt-print", { fullPage: false });
  await page.emulateMedia({ media: "screen" });
});
