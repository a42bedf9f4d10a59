// A video consultation paid at booking, end to end: the patient books in the portal and pays
// with Stripe's Payment Element (Stripe.js and Stripe's API are local stand-ins speaking their
// protocols); the signed webhook reaches the server; the doctor completes the consultation; once
// the dispute window has passed the money is released and the doctor's earnings show it less the
// practice's fee. A second booking cancelled more than 24 hours ahead is refunded automatically.
import {
  startStripeStandIn,
  stripeJsStandIn,
  type StripeStandIn,
} from "@caredesk/payments/testing";
import { expect, test, type Page } from "@playwright/test";
import { api, newAccount, shot, signUp } from "./support";

const standInPort = Number(process.env.STRIPE_STAND_IN_PORT ?? 3104);
const mailHttpPort = Number(process.env.MAIL_HTTP_PORT ?? 3101);

let stripe: StripeStandIn;
test.beforeAll(async () => {
  stripe = await startStripeStandIn({ port: standInPort });
});
test.afterAll(async () => {
  await stripe.close();
});

/** A weekday at least `atLeastDays` ahead in the practice's calendar. */
function futureWeekday(timeZone: string, atLeastDays: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + atLeastDays);
  while (date.getUTCDay() === 0 || date.getUTCDay() === 6) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Stripe.js from the stand-in, as Stripe's CDN would serve the real one. */
async function serveStripeJs(page: Page) {
  await page.route("https://js.stripe.com/**", (route) =>
    route.fulfill({ contentType: "text/javascript", body: stripeJsStandIn(stripe.url) }),
  );
}

/** In the portal: books the video consultation at the first free time of `date`, then pays. */
async function bookAndPay(page: Page, service: string, date: string) {
  await page.goto("/portal/book");
  await page.getByLabel("Where").selectOption({ label: "Video consultation" });
  await page.getByRole("radio", { name: new RegExp(service) }).check();
  await page.locator(`[data-date="${date}"]`).click();
  await page.getByRole("group", { name: "Free times" }).getByRole("button").first().click();
  await page.getByRole("button", { name: "Book this time" }).click();
  await expect(page.getByText(/is reserved for 30 minutes/)).toBeVisible();

  const pay = page.getByTestId("pay-step");
  await pay.getByRole("button", { name: "Card" }).click();
  await pay.getByLabel("Card number").fill("4242 4242 4242 4242");
  await pay.getByLabel("Expiry").fill("12 / 34");
  await pay.getByLabel("CVC").fill("123");
  await shot(page, "portal-pay-card");
  await pay.getByRole("button", { name: "Pay €60.00" }).click();
  await expect(page.getByText("Paid: your video consultation is confirmed.")).toBeVisible();
}

test("a video consultation paid at booking is released to the doctor less the fee, and a cancellation in time is refunded", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  // The practice: its owner is also its doctor.
  const owner = newAccount("Escrow Doctor");
  await signUp(page, owner);
  const suffix = Date.now().toString(36);
  const timeZone = "Europe/London";
  const org = await api<{ id: string }>(page, "organization.create", {
    name: `Nile Video Clinic ${suffix}`,
    slug: `nile-video-${suffix}`,
    kind: "clinic",
    timeZone,
    currency: "EUR",
    country: "GB",
  });
  const opts = { organizationId: org.id };
  const me = await api<{ user: { id: string } }>(page, "auth.me", undefined, { query: true });
  const doctor = await api<{ id: string; resourceId: string }>(
    page,
    "practitioner.create",
    { name: `Amira Haddad ${suffix}`, title: "Dr", userId: me.user.id },
    opts,
  );
  await api(
    page,
    "schedule.setWeek",
    {
      resourceId: doctor.resourceId,
      rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
    },
    opts,
  );
  const service = `Video consultation ${suffix}`;
  await api(
    page,
    "service.create",
    { name: service, durationMinutes: 30, priceMinor: 6000, colour: "#0d9488" },
    opts,
  );
  await api(
    page,
    "billing.updateSettings",
    {
      taxRateBps: 0,
      taxLabel: "VAT",
      platformFeeBps: 1000,
      disputeWindowHours: 48,
      fullRefundHours: 24,
      lateRefundBps: 5000,
    },
    opts,
  );
  const account = await api<{ webhookPath: string }>(
    page,
    "paymentAccount.save",
    {
      provider: "stripe",
      publishableKey: stripe.publishableKey,
      secretKey: stripe.secretKey,
      webhookSecret: stripe.webhookSecret,
      enabled: true,
    },
    opts,
  );
  stripe.setWebhookUrl(new URL(account.webhookPath, page.url()).href);

  // The patient, with a portal account.
  const patientAccount = newAccount("Video Patient");
  const patient = await api<{ id: string }>(
    page,
    "patient.create",
    {
      firstName: "Mona",
      lastName: "Saleh",
      mobile: `+2010${String(Date.now()).slice(-8)}`,
      email: patientAccount.email,
    },
    opts,
  );
  const context = await browser.newContext();
  const patientPage = await context.newPage();
  await serveStripeJs(patientPage);
  await signUp(patientPage, patientAccount);
  await api(page, "patient.linkAccount", { id: patient.id, email: patientAccount.email }, opts);

  // Booked and paid with the Payment Element; Stripe's signed webhook reaches the server too.
  await bookAndPay(patientPage, service, futureWeekday(timeZone, 2));
  await stripe.idle();
  expect(
    stripe.deliveries.filter((d) => d.type === "payment_intent.succeeded").map((d) => d.outcome),
  ).toContain(200);
  const mine = patientPage.getByTestId("my-appointment");
  await expect(mine.first()).toContainText("Confirmed");

  // The doctor completes the consultation.
  const [booked] = await api<{ id: string; version: number; status: string }[]>(
    patientPage,
    "appointment.mine",
    undefined,
    { ...opts, query: true },
  );
  if (!booked) throw new Error("the booking is not in the patient's appointments");
  const current = await api<{ version: number }>(
    page,
    "appointment.byId",
    { id: booked.id },
    { ...opts, query: true },
  );
  await api(
    page,
    "appointment.setStatus",
    { id: booked.id, status: "completed", version: current.version },
    opts,
  );

  // Held until the dispute window has passed.
  await page.goto("/app/earnings");
  await expect(page.getByTestId("earnings-held").first()).toHaveText("€60.00");
  await expect(page.getByTestId("earnings-available").first()).toHaveText("€0.00");

  // Time passes: the window is over, and the release runs.
  const passed = await page.request.post(`http://127.0.0.1:${mailHttpPort}/escrow/window-passed`);
  expect(passed.ok()).toBe(true);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("earnings-available").first()).toHaveText("€54.00");
  }).toPass({ timeout: 90_000 });
  await expect(page.getByTestId("earnings-held").first()).toHaveText("€0.00");
  await expect(page.getByTestId("earnings-release").first()).toContainText("€6.00");
  await shot(page, "earnings-released");

  // A second booking, cancelled more than 24 hours ahead: refunded in full by the provider.
  await bookAndPay(patientPage, service, futureWeekday(timeZone, 3));
  const refundsBefore = stripe.events.filter((e) => e.type === "charge.refunded").length;
  const upcoming = patientPage
    .getByTestId("my-appointment")
    .filter({ hasText: "Confirmed" })
    .last();
  await upcoming.getByRole("button", { name: "Cancel", exact: true }).click();
  await upcoming.getByLabel("Reason for cancelling").fill("Something came up");
  await upcoming.getByRole("button", { name: /Cancel appointment/ }).click();
  await expect
    .poll(() => stripe.events.filter((e) => e.type === "charge.refunded").length, {
      timeout: 60_000,
    })
    .toBe(refundsBefore + 1);
  await patientPage.goto("/portal/payments");
  await expect(patientPage.getByTestId("my-payment").first()).toContainText("Refunded €60.00");
  await shot(patientPage, "portal-payments-refunded");

  // An invoice issued at the desk, paid online from the portal with the same Payment Element.
  const invoice = await api<{ id: string }>(
    page,
    "invoice.create",
    {
      patientId: patient.id,
      lines: [{ description: "Lab tests", quantity: 1, unitPriceMinor: 2500, discountMinor: 0 }],
      treatmentIds: [],
    },
    opts,
  );
  await api(page, "invoice.issue", { id: invoice.id }, opts);
  await patientPage.reload();
  const bill = patientPage.getByTestId("my-invoice").first();
  await bill.getByRole("button", { name: "Pay online" }).click();
  await expect(bill.getByTestId("invoice-outstanding")).toHaveText("Still to pay: €25.00");
  await bill.getByRole("button", { name: "Card" }).click();
  await bill.getByLabel("Card number").fill("4242 4242 4242 4242");
  await bill.getByLabel("Expiry").fill("12 / 34");
  await bill.getByLabel("CVC").fill("123");
  await bill.getByRole("button", { name: "Pay €25.00" }).click();
  await expect(bill.getByText("This invoice is paid. Thank you.")).toBeVisible();
  await shot(patientPage, "portal-invoice-paid");
  await context.close();
});
