// Billing at the desk: staff draft an invoice from a service (tax added), issue it, take the
// payment in cash against it, then refund part of it with a reason. The receipt PDF shows the
// payment and the refund; the patient's balance and the day's takings on screen agree with the
// ledger the server keeps.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { pdfText } from "./pdf-text";
import {
  api,
  createOrganization,
  expectNoSeriousA11yViolations,
  newAccount,
  navLink,
  shot,
  signUp,
} from "./support";

test("staff take a cash payment and a partial refund; receipt, balance and takings agree", async ({
  page,
}) => {
  const owner = newAccount("Billing");
  await signUp(page, owner);
  const practiceName = await createOrganization(page, "Harbour Clinic", "EUR");
  const me = await api<{ organizations: { id: string; name: string }[] }>(
    page,
    "auth.me",
    undefined,
    { query: true },
  );
  const organizationId = me.organizations.find((o) => o.name === practiceName)?.id;
  if (!organizationId) throw new Error("the new practice is not in auth.me");
  const settings = await api<Record<string, unknown>>(page, "billing.settings", undefined, {
    organizationId,
    query: true,
  });
  const { currency: _currency, ...rest } = settings;
  await api(
    page,
    "billing.updateSettings",
    { ...rest, taxRateBps: 1400, taxLabel: "VAT" },
    {
      organizationId,
    },
  );
  await api(
    page,
    "service.create",
    { name: "Check-up", durationMinutes: 30, priceMinor: 12_000, colour: "#2563eb" },
    { organizationId },
  );
  const digits = String(Date.now()).slice(-8);
  const patient = await api<{ id: string }>(
    page,
    "patient.create",
    { firstName: "Salma", lastName: "Fathy", mobile: `+2010${digits}` },
    { organizationId },
  );

  // A new invoice: the patient, one service line; the totals with 14% VAT show as it is made.
  await page.goto("/app");
  await navLink(page, "Billing").click();
  await expect(page.getByRole("heading", { name: "Billing" })).toBeVisible();
  await expect(page.getByText("No invoices yet")).toBeVisible();
  await page.getByRole("link", { name: "New invoice" }).click();
  await page.getByLabel("Search patients by name or mobile").fill("Salma");
  await page.getByRole("button", { name: "Salma Fathy" }).click();
  await page.getByRole("button", { name: "Add a line" }).click();
  await page.getByLabel("Service").selectOption({ label: "Check-up" });
  await expect(page.getByLabel("Unit price")).toHaveValue("120.00");
  await expect(page.getByTestId("new-invoice-total")).toContainText("136.80");
  await shot(page, "billing-new-invoice");
  await page.getByRole("button", { name: "Save draft" }).click();

  // Issue it: it takes number 1 and its charge goes on the account.
  await expect(page.getByRole("heading", { name: /Draft invoice/ })).toBeVisible();
  await page.getByRole("button", { name: "Issue invoice" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Issue invoice" }).click();
  await expect(page.getByRole("heading", { name: /Invoice 1/ })).toBeVisible();
  await expect(page.getByTestId("invoice-outstanding")).toContainText("136.80");

  // Cash at the desk against the invoice (what is owed fills in).
  await expect(page.getByLabel("Amount (EUR)")).toHaveValue("136.80");
  await page.getByLabel("Method").selectOption("cash");
  await page.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByText("Payment recorded.")).toBeVisible();
  await expect(page.getByTestId("invoice-outstanding")).toContainText("0.00");

  // A partial refund with a reason: the dialog offers the most that may go back.
  const payments = page.getByRole("table", { name: "Payments" });
  await payments.getByRole("button", { name: "Refund" }).click();
  const dialog = page.getByRole("dialog", { name: "Refund a payment" });
  await expect(dialog).toContainText("€136.80");
  await dialog.getByLabel("Amount (EUR)").fill("200");
  await dialog.getByLabel("Reason").fill("X-ray not taken");
  await dialog.getByRole("button", { name: "Refund" }).click();
  // The server's answer, next to the amount field, in the practice's money.
  await expect(
    dialog.getByText("At most EUR 136.80 can be refunded", { exact: true }),
  ).toBeVisible();
  await dialog.getByLabel("Amount (EUR)").fill("20");
  await dialog.getByRole("button", { name: "Refund" }).click();
  await expect(dialog).toBeHidden();
  await expect(payments).toContainText("Partly refunded");
  await expect(page.getByTestId("invoice-outstanding")).toContainText("20.00");
  await expectNoSeriousA11yViolations(page);
  await shot(page, "billing-invoice");

  // The receipt PDF: a real PDF that shows the payment and the refund with its reason.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    payments.getByRole("link", { name: "Receipt (PDF)" }).click(),
  ]);
  const path = await download.path();
  const bytes = await readFile(path);
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const text = pdfText(bytes);
  expect(text).toContain("Payment receipt");
  expect(text).toContain("Salma Fathy");
  expect(text).toContain("EUR 136.80");
  expect(text).toContain("X-ray not taken");
  expect(text).toContain("-EUR 20.00");
  expect(text).toContain("EUR 116.80"); // kept

  // The account tab: the balance is the ledger's, with receipt and refund beside the payment.
  const ledger = await api<{
    balanceMinor: number;
    entries: { kind: string; amountMinor: number }[];
  }>(page, "ledger.get", { patientId: patient.id }, { organizationId, query: true });
  expect(ledger.balanceMinor).toBe(2_000);
  await page.goto(`/app/patients/${patient.id}/ledger`);
  await expect(page.getByTestId("ledger-balance")).toContainText("20.00");
  const paymentRow = page
    .getByRole("table", { name: "Entries" })
    .getByRole("row", { name: /Payment/ });
  await expect(paymentRow.getByRole("link", { name: "Receipt (PDF)" })).toBeVisible();
  await expect(paymentRow.getByRole("button", { name: "Refund" })).toBeVisible();

  // The day's takings: cash received less the refund, as the patient's ledger has it.
  const taken = -ledger.entries
    .filter((e) => e.kind === "payment" || e.kind === "refund")
    .reduce((sum, e) => sum + e.amountMinor, 0);
  expect(taken).toBe(11_680);
  await page.goto("/app/billing/takings");
  await expect(page.getByTestId("takings-total")).toContainText("116.80");
  await expect(page.getByTestId("takings-method-cash")).toContainText("116.80");
  await expect(page.getByRole("table", { name: "By doctor" })).toContainText("Unassigned");
  await expectNoSeriousA11yViolations(page);
  await shot(page, "billing-takings");
});
