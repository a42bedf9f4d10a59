// The operators' record browser: an operator opens a demo service from Records, is refused an
// invalid price with the product's own message, saves a valid one and finds it in the history.
import { expect, test } from "@playwright/test";
import { demoPassword, shot, signIn } from "./support";

test("an operator edits a service through the record browser and sees it in its history", async ({
  page,
}) => {
  await page.goto("/admin/signin");
  await signIn(page, "operator@caredesk.test", demoPassword);
  await expect(page.getByRole("heading", { level: 1, name: "Organizations" })).toBeVisible();

  await page.getByRole("link", { name: "Records" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Records" })).toBeVisible();
  await page.getByLabel("Find a table").fill("service");
  const serviceTable = page.getByRole("link", { name: /^service\b/ }).first();
  await expect(serviceTable).toBeVisible();
  await shot(page, "60-admin-records-tables");
  await serviceTable.click();

  await expect(page.getByRole("heading", { level: 1, name: "service" })).toBeVisible();
  await page.getByLabel("Search service").fill("Lipid clinic");
  const rows = page.getByRole("table", { name: "Rows of service" }).getByRole("row");
  await expect(rows).toHaveCount(2);
  await shot(page, "61-admin-records-services");
  await rows.nth(1).getByRole("link", { name: "Open" }).click();

  await expect(page.getByRole("heading", { level: 1, name: /^service / })).toBeVisible();
  await expect(page.getByText("Lipid clinic", { exact: true })).toBeVisible();
  // The records it points at: its practice, by name.
  await expect(page.getByRole("link", { name: "Nile Valley General Hospital" })).toBeVisible();
  await shot(page, "62-admin-records-record");
  await page.getByRole("tab", { name: "Edit" }).click();
  const price = page.getByLabel("priceMinor");
  await expect(price).toHaveValue("35000");

  await price.fill("-100");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Price cannot be negative")).toBeVisible();
  await shot(page, "63-admin-records-field-error");

  await price.fill("38000");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByText("Price cannot be negative")).toHaveCount(0);

  await page.getByRole("tab", { name: "History" }).click();
  const history = page.getByRole("table", { name: "History of this record" });
  const latest = history.getByRole("row").nth(1);
  await expect(latest).toContainText("operator@caredesk.test");
  await expect(latest).toContainText("adminRecords.update");
  await expect(latest).toContainText("priceMinor: 35000 → 38000");
  await shot(page, "64-admin-records-history");
});
