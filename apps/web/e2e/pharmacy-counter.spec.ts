// The pharmacy counter: the demo pharmacy's staff scan a product's barcode (typed into the field
// as a keyboard-wedge scanner does, then Enter), take cash and give change; the receipt PDF shows
// the sale, and the product's on-hand dropped by what was sold.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { pdfText } from "./pdf-text";
import { api, demoPassword, expectNoSeriousA11yViolations, navLink, shot, signIn } from "./support";

interface Product {
  id: string;
  name: string;
  strength: string | null;
  barcode: string | null;
  priceMinor: number;
  taxBps: number;
  prescriptionOnly: boolean;
  available: number;
  onHand: number;
}

test("staff sell a product by barcode for cash; the receipt and the stock agree", async ({
  page,
}) => {
  await page.goto("/signin");
  await signIn(page, "staff@demo-pharmacy.test", demoPassword);
  await expect(page).toHaveURL(/\/app$/);
  const me = await api<{ organizations: { id: string; slug: string; currency: string }[] }>(
    page,
    "auth.me",
    undefined,
    { query: true },
  );
  const organization = me.organizations.find((o) => o.slug === "demo-pharmacy");
  if (!organization) throw new Error("staff is not a member of demo-pharmacy");
  const organizationId = organization.id;

  // A demo product with a barcode, sold over the counter, with at least two units to sell.
  const catalogue = await api<{ items: Product[] }>(
    page,
    "product.list",
    { limit: 100 },
    { organizationId, query: true },
  );
  const item = catalogue.items.find(
    (p) => p.barcode && !p.prescriptionOnly && p.available >= 2 && p.priceMinor > 0,
  );
  if (!item?.barcode) throw new Error("the demo pharmacy has no product to sell at the counter");
  const before = await api<Product>(
    page,
    "product.byId",
    { id: item.id },
    { organizationId, query: true },
  );

  await navLink(page, "Counter").click();
  await expect(page.getByRole("heading", { name: "Counter" })).toBeVisible();
  const barcode = page.getByLabel("Barcode");
  await expect(barcode).toBeFocused();

  // A barcode nobody sells is said at the field.
  await barcode.fill("4006381333931");
  await barcode.press("Enter");
  await expect(page.getByText("No product with this barcode")).toBeVisible();

  // The scanner types the digits and presses Enter, twice: one line, two units.
  await barcode.fill(item.barcode);
  await barcode.press("Enter");
  await expect(page.getByTestId("counter-line")).toHaveCount(1);
  await expect(barcode).toBeFocused();
  await barcode.fill(item.barcode);
  await barcode.press("Enter");
  await expect(page.getByTestId("counter-line")).toHaveCount(1);
  await expect(page.getByTestId("counter-line")).toContainText(item.name);

  // Cash: far more than the total, so there is change.
  const gross = 2 * item.priceMinor;
  const total = gross + Math.floor((gross * item.taxBps + 5000) / 10000);
  const tendered = (Math.ceil(total / 100) * 100 + 1000) / 100;
  await page.getByLabel("Cash handed over").fill(tendered.toFixed(2));
  await expect(page.getByTestId("counter-change")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await shot(page, "pharmacy-counter-basket");
  await page.getByRole("button", { name: "Complete sale" }).click();

  const receipt = page.getByTestId("counter-receipt");
  await expect(receipt).toBeVisible();
  const change = tendered * 100 - total;
  await expect(receipt).toContainText((change / 100).toFixed(2));
  await shot(page, "pharmacy-counter-receipt");

  // The receipt PDF: the practice, the product, the cash handed over and the change.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    receipt.getByRole("link", { name: "Download receipt (PDF)" }).click(),
  ]);
  const bytes = await readFile(await download.path());
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const text = pdfText(bytes);
  expect(text).toContain("Receipt");
  expect(text).toContain(item.name);
  expect(text).toContain("Cash");
  expect(text).toContain(`${organization.currency} ${(total / 100).toFixed(2)}`);
  expect(text).toContain(`${organization.currency} ${(change / 100).toFixed(2)}`);

  // Two units left the shelf.
  const after = await api<Product>(
    page,
    "product.byId",
    { id: item.id },
    { organizationId, query: true },
  );
  expect(after.onHand).toBe(before.onHand - 2);

  // A new sale starts empty, with the scanner's field ready.
  await page.getByRole("button", { name: "New sale" }).click();
  await expect(page.getByText("Nothing in this sale yet")).toBeVisible();
  await expect(barcode).toBeFocused();
});
