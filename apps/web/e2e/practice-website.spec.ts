// A practice's website from nothing: a new owner creates a hospital, chooses reviews and the
// patient portal, pays for the plan with the Payment Element on the platform's keys (Stripe.js and
// Stripe's API are local stand-ins speaking their protocols), fills in the business profile with
// a logo, a map pin and split opening hours, adds a department and a doctor, and publishes. An
// anonymous visitor then opens the server-rendered site, sees the logo, hours, map and doctor,
// switches to Arabic (right to left) and books.
import {
  startStripeStandIn,
  stripeJsStandIn,
  type StripeStandIn,
} from "@caredesk/payments/testing";
import { expect, test, type Page } from "@playwright/test";
import { mobile } from "./fixtures";
import { api, newAccount, shot, signUp } from "./support";

const standInPort = Number(process.env.STRIPE_STAND_IN_PORT ?? 3104);

/** An 8×8 teal PNG: the hospital's logo. */
const logoPng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGPgndKBFTEMLQkA5KxKQUOZlFYAAAAASUVORK5CYII=",
  "base64",
);

let stripe: StripeStandIn;
test.beforeAll(async () => {
  stripe = await startStripeStandIn({ port: standInPort });
});
test.afterAll(async () => {
  await stripe.close();
});

/** Stripe.js from the stand-in, as Stripe's CDN would serve the real one. */
async function serveStripeJs(page: Page) {
  await page.route("https://js.stripe.com/**", (route) =>
    route.fulfill({ contentType: "text/javascript", body: stripeJsStandIn(stripe.url) }),
  );
}

/** The wizard's current step, by the heading it shows. */
function step(page: Page, name: string) {
  return page.getByRole("heading", { level: 2, name, exact: true });
}

test("a new hospital goes through the wizard, pays, publishes; a visitor reads it in Arabic and books", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await serveStripeJs(page);
  const owner = newAccount("Website");
  await signUp(page, owner);
  const suffix = Date.now().toString(36);
  const name = `Nile Heart Hospital ${suffix}`;

  // Kind of practice: the first step creates the practice.
  await page.goto("/app/organizations/new");
  await page.getByLabel("Practice name").fill(name);
  await page.getByRole("radio", { name: "Hospital" }).check();
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/app\/website$/);
  const me = await api<{ organizations: { id: string; slug: string; name: string }[] }>(
    page,
    "auth.me",
    undefined,
    { query: true },
  );
  const practice = me.organizations.find((o) => o.name === name);
  if (!practice) throw new Error("the new practice is not in auth.me");
  const { slug } = practice;
  const opts = { organizationId: practice.id };
  stripe.setWebhookUrl(new URL("/webhooks/platform/stripe", page.url()).href);

  // Features, with the live total from the catalogue.
  await expect(step(page, "Features")).toBeVisible();
  await page.getByRole("checkbox", { name: /Reviews/ }).check();
  await page.getByRole("checkbox", { name: /Patient portal/ }).check();
  await expect(page.getByTestId("plan-total")).toContainText("€44.00");
  await shot(page, "website-features");
  await page.getByRole("button", { name: "Continue" }).click();

  // The plan: monthly.
  await page.getByRole("radio", { name: "Monthly" }).check();
  await expect(page.getByTestId("plan-total")).toContainText("€44.00");
  await page.getByRole("button", { name: "Confirm plan" }).click();

  // Pay with a card on the platform's keys.
  const pay = page.getByTestId("plan-pay-step");
  await pay.getByRole("button", { name: "Card (Visa, Mastercard)" }).click();
  await pay.getByLabel("Card number").fill("4242 4242 4242 4242");
  await pay.getByLabel("Expiry").fill("12 / 34");
  await pay.getByLabel("CVC").fill("123");
  await shot(page, "website-pay");
  await pay.getByRole("button", { name: /^Pay €44\.00/ }).click();
  await expect(page.getByText(/Paid\. Your plan runs until/)).toBeVisible();

  // The business profile: logo, about, address with a map pin, contact, split hours.
  await expect(step(page, "Business profile")).toBeVisible();
  await page.getByLabel("Upload a logo").setInputFiles({
    name: "logo.png",
    mimeType: "image/png",
    buffer: logoPng,
  });
  await expect(page.getByRole("img", { name: new RegExp(name) }).first()).toBeVisible();
  await page.getByLabel("About the practice").fill("Heart care on the Nile, day and night.");
  await page.getByLabel("Street address").fill("5 Corniche El Nil");
  await page.getByLabel("City").fill("Cairo");
  await page.getByLabel("Latitude").fill("30.0444");
  await page.getByLabel("Longitude").fill("31.2357");
  await page.getByLabel("Phone").fill("+20 2 2345 6789");
  await page.getByLabel("Email").fill("hello@nileheart.example");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();

  // Monday: a morning and an afternoon shift; Sunday stays closed.
  await page.getByLabel("Closed on Monday").uncheck();
  await page.getByLabel("Monday, shift 1 opens").fill("09:00");
  await page.getByLabel("Monday, shift 1 closes").fill("13:00");
  await page.getByRole("button", { name: "Add a shift on Monday" }).click();
  await page.getByLabel("Monday, shift 2 opens").fill("15:00");
  await page.getByLabel("Monday, shift 2 closes").fill("19:00");
  await expect(page.getByLabel("Closed on Sunday")).toBeChecked();
  await page.getByRole("button", { name: "Save opening hours" }).click();
  await expect(page.getByText("Opening hours saved.")).toBeVisible();
  await shot(page, "website-profile");
  await page.getByRole("button", { name: "Continue" }).click();

  // A department and a doctor.
  await expect(step(page, "Departments & doctors")).toBeVisible();
  await page.getByLabel("Department name").fill("Cardiology");
  await page.getByRole("button", { name: "Add department" }).click();
  await expect(page.getByText("Cardiology added.")).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Dr");
  await page.getByLabel("Doctor's name").fill(`Amal Hassan ${suffix}`);
  await page.getByLabel("Specialization").fill("Cardiology");
  await page.getByLabel("Department", { exact: true }).selectOption({ label: "Cardiology" });
  await page.getByRole("button", { name: "Add doctor" }).click();
  await expect(page.getByText(`Amal Hassan ${suffix} added.`)).toBeVisible();

  // What a visitor books is a service with the doctor's working week (set up like staff do).
  const doctors = await api<{ items: { resourceId: string; name: string }[] }>(
    page,
    "practitioner.list",
    {},
    { ...opts, query: true },
  );
  const doctor = doctors.items.find((d) => d.name === `Amal Hassan ${suffix}`);
  if (!doctor) throw new Error("the new doctor is not listed");
  await api(
    page,
    "schedule.setWeek",
    {
      resourceId: doctor.resourceId,
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
    },
    opts,
  );
  const service = await api<{ id: string }>(
    page,
    "service.create",
    {
      name: "Heart check",
      durationMinutes: 30,
      priceMinor: 6000,
      colour: "#dc2626",
      requirements: [{ kind: "practitioner" }],
    },
    opts,
  );
  await page.getByRole("button", { name: "Continue" }).click();

  // Preview, then publish.
  await expect(step(page, "Preview & publish")).toBeVisible();
  await page.getByRole("button", { name: "Publish website" }).click();
  await expect(page.getByText(/Your website is live at/)).toBeVisible();
  await shot(page, "website-published");

  // An anonymous visitor, on a phone-sized screen of their own.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const visitor = await context.newPage();
  const response = await visitor.goto(`/p/${slug}`);
  expect(response?.status()).toBe(200);
  await expect(visitor).toHaveTitle(new RegExp(name));
  await expect(visitor.getByRole("heading", { level: 1, name })).toBeVisible();
  const logo = visitor.getByRole("img", { name }).first();
  await expect
    .poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  const hours = visitor.locator("#hours");
  await expect(hours).toContainText(/9:00/);
  await expect(hours).toContainText(/19:00|7:00\sPM/);
  await expect(hours).toContainText("Closed");
  await expect(visitor.locator("#contact iframe")).toHaveAttribute("src", /openstreetmap/);
  await expect(visitor.locator("#doctors")).toContainText(`Amal Hassan ${suffix}`);
  await shot(visitor, "website-public-home");

  // Arabic, right to left, and the booking in Arabic.
  await visitor.getByRole("link", { name: "العربية" }).click();
  await expect(visitor.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(visitor.locator("html")).toHaveAttribute("lang", /^ar/);
  await visitor.getByLabel("الخدمة", { exact: true }).selectOption(service.id);
  await visitor.getByRole("button", { name: /الأسبوع التالي/ }).click();
  const times = visitor.getByRole("group", { name: "الأوقات المتاحة" });
  await expect(times.getByRole("button").first()).toBeVisible();
  await times.getByRole("button").first().click();
  const details = visitor.getByRole("form", { name: "بياناتك" });
  await details.getByLabel("الاسم الأول").fill("Mona");
  await details.getByLabel("اسم العائلة").fill(`Saad${suffix}`);
  await details.getByLabel("رقم الجوال").fill(mobile());
  await details.getByRole("button", { name: "اطلب هذا الموعد" }).click();
  await expect(visitor.getByText("تم طلب الموعد")).toBeVisible();
  await shot(visitor, "website-public-booked-ar");
  await context.close();

  // The practice sees the request.
  const from = new Date();
  const to = new Date(from.getTime() + 30 * 86_400_000);
  const listed = await api<{ status: string; source: string; patientName: string | null }[]>(
    page,
    "appointment.list",
    { from, to },
    { ...opts, query: true },
  );
  expect(listed).toEqual([
    expect.objectContaining({
      status: "pending",
      source: "public",
      patientName: `Mona Saad${suffix}`,
    }),
  ]);
});
