// Prescription refills: the demo hospital's portal patient asks for a refill of the amoxicillin
// from their signed consultation; the doctor approves it choosing the hospital pharmacy's
// product, which makes it an order; the patient sees "Approved" and the order.
import { expect, test } from "@playwright/test";
import { api, demoPassword, expectNoSeriousA11yViolations, navLink, shot, signIn } from "./support";

interface OwnRefill {
  id: string;
  status: string;
  prescriptionId: string | null;
}

test("a patient's refill request, approved by the doctor with a product, becomes an order", async ({
  page,
  browser,
}) => {
  // The patient, in the portal.
  await page.goto("/signin");
  await signIn(page, "patient@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/portal/);
  const me = await api<{ organizations: { id: string; slug: string }[] }>(
    page,
    "auth.me",
    undefined,
    { query: true },
  );
  const hospital = me.organizations.find((o) => o.slug === "demo-hospital");
  if (!hospital) throw new Error("the demo patient is not a patient of demo-hospital");
  const opts = { organizationId: hospital.id };
  // A run before may have left a request waiting: withdrawn, so the prescription can be chosen.
  const mine = await api<{ items: OwnRefill[] }>(
    page,
    "refill.mine",
    { limit: 100 },
    {
      ...opts,
      query: true,
    },
  );
  for (const open of mine.items.filter((r) => r.status === "requested")) {
    await api(page, "refill.cancelMine", { id: open.id }, opts);
  }

  await page.goto("/portal/refills");
  await expect(page.getByRole("heading", { level: 1, name: "Prescription refills" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Refills" }),
  ).toBeVisible();
  await page.getByRole("radio", { name: "A prescription from my consultations" }).check();
  await page
    .getByLabel("Prescription", { exact: true })
    .selectOption({ label: "Amoxicillin 500 mg" });
  await expect(page.getByText(/1 capsule, 3 times a day/)).toBeVisible();
  await page.getByLabel("Note for the practice (optional)").fill("Two capsules left");
  await page.getByRole("button", { name: "Request refill" }).click();
  await expect(page.getByText(/Your request was sent/)).toBeVisible();
  const requests = page.getByRole("list", { name: "Your requests" });
  await expect(requests.getByText("Waiting for the practice").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await shot(page, "portal-refill-requested");

  // The doctor approves it, choosing the hospital pharmacy's amoxicillin.
  const staffContext = await browser.newContext();
  const doctor = await staffContext.newPage();
  await doctor.goto("/signin");
  await signIn(doctor, "doctor@demo-hospital.test", demoPassword);
  await expect(doctor).toHaveURL(/\/app/);
  await navLink(doctor, "Refills").click();
  await expect(
    doctor.getByRole("heading", { level: 1, name: "Prescription refills" }),
  ).toBeVisible();
  await doctor
    .getByRole("link", { name: /^Open: .*Amoxicillin 500 mg$/ })
    .first()
    .click();
  await expect(doctor.getByRole("heading", { level: 1, name: /^Refill for / })).toBeVisible();
  await expect(doctor.getByText("Two capsules left")).toBeVisible();
  await doctor.getByRole("button", { name: "Approve", exact: true }).click();
  const dialog = doctor.getByRole("dialog", { name: "Approve the refill" });
  await expect(dialog.getByRole("searchbox", { name: "Find a product" })).toHaveValue(
    "Amoxicillin",
  );
  await dialog.getByRole("button", { name: /^Add: Amoxicillin 500 mg capsules/ }).click();
  await dialog.getByLabel(/^Quantity of Amoxicillin 500 mg capsules/).fill("1");
  await dialog.getByLabel("Note to the patient (optional)").fill("Same dose as before");
  await shot(doctor, "staff-refill-approve");
  await dialog.getByRole("button", { name: "Approve and make an order" }).click();
  await expect(doctor.getByText(/Approved\. Order \d+ was made for the patient\./)).toBeVisible();
  const orderLink = doctor.getByRole("link", { name: /^Order \d+$/ });
  await expect(orderLink).toBeVisible();
  const orderName = (await orderLink.textContent()) ?? "";
  await staffContext.close();

  // The patient sees it approved, and the order.
  await page.reload();
  await expect(requests.getByText("Approved", { exact: true }).first()).toBeVisible();
  await expect(requests.getByText("Note from the practice: Same dose as before")).toBeVisible();
  await requests.getByRole("link", { name: orderName }).click();
  await expect(page).toHaveURL(/\/portal\/orders\//);
  await expect(page.getByRole("heading", { level: 1, name: orderName })).toBeVisible();
  await shot(page, "portal-refill-order");
});
