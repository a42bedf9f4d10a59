// An online order from the demo pharmacy's public site, end to end: a visitor puts an everyday
// product and a prescription-only one in the cart, signs in at checkout, uploads the prescription
// and places the order; the pharmacist approves it and picks it — the units leave the lot that
// expires first — and marks it ready; the customer then sees "Ready to collect" in the portal.
import { expect, test } from "@playwright/test";
import { api, demoPassword, expectNoSeriousA11yViolations, shot, signIn } from "./support";

interface Lot {
  id: string;
  batchNumber: string;
  expiresOn: string;
  quantity: number;
  reserved: number;
}
interface Product {
  id: string;
  name: string;
  lots: Lot[];
}
interface Page<T> {
  items: T[];
}

/** A small PNG photo of a paper prescription. */
const prescriptionPng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGPgndKBFTEMLQkA5KxKQUOZlFYAAAAASUVORK5CYII=",
  "base64",
);

const everyday = "Vitamin D3 1000 IU tablets (90)";
const prescribed = "Atorvastatin 20 mg tablets (28)";

test("a visitor orders from the pharmacy's site; the pharmacist fulfils it first-expiry-first; the customer sees it ready", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);

  // The pharmacist's view of the two products' lots before anything is ordered. (One browser
  // context at a time where axe runs: it opens a page of its own in the context it checks.)
  let pharmacyContext = await browser.newContext();
  let pharmacy = await pharmacyContext.newPage();
  await pharmacy.goto("/signin");
  await signIn(pharmacy, "pharmacist@demo-pharmacy.test", demoPassword);
  await expect(pharmacy).toHaveURL(/\/app$/);
  const me = await api<{ organizations: { id: string; slug: string }[] }>(
    pharmacy,
    "auth.me",
    undefined,
    { query: true },
  );
  const organizationId = me.organizations.find((o) => o.slug === "demo-pharmacy")?.id;
  if (!organizationId) throw new Error("the pharmacist is not a member of demo-pharmacy");
  const productNamed = async (name: string) => {
    const found = await api<Page<{ id: string; name: string }>>(
      pharmacy,
      "product.list",
      { q: name, limit: 10 },
      { organizationId, query: true },
    );
    const id = found.items.find((p) => p.name === name)?.id;
    if (!id) throw new Error(`no product named ${name}`);
    return api<Product>(pharmacy, "product.byId", { id }, { organizationId, query: true });
  };
  const before = await productNamed(everyday);
  const earliest = [...before.lots]
    .filter((lot) => lot.quantity - lot.reserved > 0)
    .sort((a, b) => a.expiresOn.localeCompare(b.expiresOn))[0];
  if (!earliest) throw new Error(`${everyday} has no stock`);

  await pharmacyContext.close();

  // A visitor of the public site fills a cart.
  await page.goto(`/p/demo-pharmacy/products?q=${encodeURIComponent("vitamin d3 1000")}`);
  await page.getByRole("link", { name: everyday }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: everyday })).toBeVisible();
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.goto(`/p/demo-pharmacy/products?q=${encodeURIComponent("atorvastatin 20")}`);
  await page.getByRole("link", { name: prescribed }).first().click();
  await expect(page.getByText("Prescription required").first()).toBeVisible();
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.getByRole("link", { name: "View cart (2)" }).click();
  await shot(page, "pharmacy-cart");
  await page.getByRole("link", { name: "Checkout" }).click();

  // Checkout asks the visitor to sign in, then comes back with the cart.
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, "patient@demo-pharmacy.test", demoPassword);
  await expect(page).toHaveURL(/\/portal\/checkout\?practice=demo-pharmacy/);
  await expect(page.getByRole("heading", { name: "Checkout" })).toBeVisible();
  await expect(page.getByText(everyday)).toBeVisible();
  await expect(page.getByText(prescribed)).toBeVisible();
  await page.getByLabel("I collect it at the pharmacy").check();
  await page.getByLabel("Cash when I receive it").check();
  // Placing it without the prescription is refused at the field.
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByText(/Upload your prescription/).first()).toBeVisible();
  await page.getByLabel("Your prescription").setInputFiles({
    name: "prescription.png",
    mimeType: "image/png",
    buffer: prescriptionPng,
  });
  await expect(page.getByText("Prescription uploaded: prescription.png")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await shot(page, "pharmacy-checkout");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/portal\/orders\/[0-9a-f-]{36}$/);
  const orderId = page.url().split("/").at(-1) ?? "";
  await expect(page.getByText("Waiting for the pharmacist").first()).toBeVisible();
  const heading = await page.getByRole("heading", { level: 1 }).innerText();
  const orderNumber = /Order (\d+)/.exec(heading)?.[1];
  if (!orderNumber) throw new Error(`no order number in "${heading}"`);

  // The pharmacist finds it in the queue, checks the prescription, approves, picks, readies.
  const customerContext = page.context();
  const orderUrl = page.url();
  await customerContext.close();
  pharmacyContext = await browser.newContext();
  pharmacy = await pharmacyContext.newPage();
  await pharmacy.goto("/signin");
  await signIn(pharmacy, "pharmacist@demo-pharmacy.test", demoPassword);
  await expect(pharmacy).toHaveURL(/\/app$/);
  await pharmacy.goto("/app/pharmacy/orders");
  await pharmacy.getByRole("link", { name: `Order ${orderNumber}` }).click();
  await expect(pharmacy).toHaveURL(new RegExp(`/app/pharmacy/orders/${orderId}$`));
  await expect(pharmacy.getByText("Prescription to review")).toBeVisible();
  await expect(pharmacy.getByRole("link", { name: "Open the prescription" })).toBeVisible();
  // The lots to take are the earliest-expiring ones.
  await expect(pharmacy.getByText(new RegExp(`Batch ${earliest.batchNumber}`))).toBeVisible();
  await expectNoSeriousA11yViolations(pharmacy);
  await shot(pharmacy, "pharmacy-order-review");
  await pharmacy.getByRole("button", { name: "Approve" }).click();
  await expect(pharmacy.getByText("Approved").first()).toBeVisible();
  await pharmacy.getByRole("button", { name: "Pick" }).click();
  await expect(pharmacy.getByText("Picked").first()).toBeVisible();
  await pharmacy.getByRole("button", { name: "Ready for pickup" }).click();
  await expect(pharmacy.getByText("Ready for pickup").first()).toBeVisible();
  await shot(pharmacy, "pharmacy-order-ready");

  // On-hand dropped by one, from the lot that expires first; the later lots are untouched.
  const after = await productNamed(everyday);
  const lotAfter = (id: string) => after.lots.find((lot) => lot.id === id);
  expect(lotAfter(earliest.id)?.quantity).toBe(earliest.quantity - 1);
  for (const lot of before.lots.filter((l) => l.id !== earliest.id)) {
    expect(lotAfter(lot.id)?.quantity).toBe(lot.quantity);
  }
  await pharmacy.goto(`/app/pharmacy/products/${before.id}`);
  await expect(pharmacy.getByRole("heading", { name: "Lots" })).toBeVisible();
  await shot(pharmacy, "pharmacy-lots-after-pick");

  await pharmacyContext.close();

  // The customer, signed in again, sees it ready in the portal.
  const customer = await (await browser.newContext()).newPage();
  await customer.goto("/signin");
  await signIn(customer, "patient@demo-pharmacy.test", demoPassword);
  await expect(customer).toHaveURL(/\/portal/);
  await customer.goto(new URL(orderUrl).pathname);
  await expect(customer.getByText("Ready to collect").first()).toBeVisible();
  await shot(customer, "portal-order-ready");
  await customer.context().close();
});
