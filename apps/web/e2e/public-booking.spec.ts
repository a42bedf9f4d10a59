// The practice's public site (server-rendered, with a booking island): a visitor without an
// account books a time and the practice sees the request as pending from the public page; the
// site is there only once published with a paid plan; an unknown address is a clean "not found";
// on a phone the booking is one tap away and reads right to left in Arabic.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { mobile } from "./fixtures";
import { api, newAccount, openSite, shot, signUp } from "./support";

/** An 8×8 teal PNG. */
const tealSquarePng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGPgndKBFTEMLQkA5KxKQUOZlFYAAAAASUVORK5CYII=",
  "base64",
);

/** A new owner's practice in London: one doctor on weekdays 09:00–17:00, one check-up. */
async function setUpPractice(page: Page) {
  const owner = newAccount("Public");
  await signUp(page, owner);
  const suffix = Date.now().toString(36);
  const slug = `lakeside-${suffix}`;
  const org = await api<{ id: string }>(page, "organization.create", {
    name: `Lakeside Clinic ${suffix}`,
    slug,
    kind: "clinic",
    timeZone: "Europe/London",
    currency: "GBP",
    country: "GB",
  });
  const opts = { organizationId: org.id };
  // Her photo: uploaded like the staff screen does, then set on her profile.
  const uploaded = await page.request.post(`/files/${org.id}?purpose=photo`, {
    headers: { origin: new URL(page.url()).origin },
    multipart: { file: { name: "salma.png", mimeType: "image/png", buffer: tealSquarePng } },
  });
  expect(uploaded.status()).toBe(201);
  const photo = (await uploaded.json()) as { id: string };
  const doctor = await api<{ resourceId: string }>(
    page,
    "practitioner.create",
    {
      name: `Salma Idris ${suffix}`,
      title: "Dr",
      specialization: "Family medicine",
      photoFileId: photo.id,
    },
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
  const service = await api<{ id: string; name: string }>(
    page,
    "service.create",
    {
      name: `Check-up ${suffix}`,
      durationMinutes: 30,
      priceMinor: 4500,
      colour: "#0d9488",
      requirements: [{ kind: "practitioner" }],
    },
    opts,
  );
  // The site's opening hours: weekdays 9–5, the weekend closed.
  const weekday = [{ start: "09:00", end: "17:00" }];
  await api(
    page,
    "site.updateHours",
    { hours: [weekday, weekday, weekday, weekday, weekday, [], []] },
    opts,
  );

  return { suffix, slug, opts, org, doctor, service };
}

/** Axe on the booking island alone: no serious or critical violations (contrast included). */
async function expectAccessibleIsland(page: Page) {
  const results = await new AxeBuilder({ page }).include('[data-island="booking"]').analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, "serious accessibility violations in the booking").toEqual([]);
}

test("a visitor books from the public page and the practice sees it pending", async ({
  page,
  browser,
}) => {
  // The practice, set up by its owner through the API.
  const { suffix, slug, opts, org, doctor, service } = await setUpPractice(page);

  // Until it is published with a paid plan, the practice has no public site.
  const hidden = await page.request.get(`/p/${slug}`);
  expect(hidden.status()).toBe(404);
  await openSite(page, org.id);

  // A visitor with no account, in a browser of their own.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const response = await visitor.goto(`/p/${slug}`);
  expect(response?.status()).toBe(200);
  await expect(
    visitor.getByRole("heading", { level: 1, name: `Lakeside Clinic ${suffix}` }),
  ).toBeVisible();
  const services = visitor.locator("#services");
  await expect(services).toContainText(service.name);
  await expect(services).toContainText("£45.00");
  await expect(services).toContainText("30 min");
  const doctors = visitor.locator("#doctors");
  await expect(doctors).toContainText(`Dr Salma Idris ${suffix}`);
  // Her photo loads for a visitor without an account.
  const photo = doctors.getByRole("img", { name: `Photo of Dr Salma Idris ${suffix}` });
  await expect(photo).toHaveCount(1);
  await photo.scrollIntoViewIfNeeded();
  await expect
    .poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  // The opening hours the practice set: weekdays 9–5, the weekend closed.
  const hours = visitor.locator("#hours");
  await expect(hours).toContainText(/0?9:00(\sAM)?\s?–\s?(5:00\sPM|17:00)/);
  await expect(hours).toContainText("Closed");
  // The booking island has replaced the server's fallback.
  await expect(visitor.getByText("Times in Europe/London").first()).toBeVisible();

  await visitor.getByLabel("Service", { exact: true }).selectOption(service.id);
  await visitor.getByLabel("Doctor", { exact: true }).selectOption(doctor.resourceId);
  // Next week always has weekdays with free times, whatever today is.
  await visitor.getByRole("button", { name: /Next week/ }).click();
  const times = visitor.getByRole("group", { name: "Free times" });
  await expect(times.getByRole("button").first()).toBeVisible();
  await shot(visitor, "public-practice-page");
  await times.getByRole("button").first().click();

  const details = visitor.getByRole("form", { name: "Your details" });
  // The shared schema refuses an empty form before anything is sent.
  await details.getByRole("button", { name: "Request this appointment" }).click();
  await expect(details.getByText("Enter a first name")).toBeVisible();
  await details.getByLabel("First name").fill("Nadia");
  await details.getByLabel("Last name").fill(`Kamal${suffix}`);
  // The server's own check of the number lands on the field.
  await details.getByLabel("Mobile number").fill("+44 1234");
  await details.getByRole("button", { name: "Request this appointment" }).click();
  await expect(details.getByText(/valid mobile number/)).toBeVisible();
  await details.getByLabel("Mobile number").fill(mobile());
  await shot(visitor, "public-booking-details");
  await details.getByRole("button", { name: "Request this appointment" }).click();

  const done = visitor.getByTestId("public-booked");
  await expect(done).toBeVisible();
  await expect(visitor.getByText("Appointment requested")).toBeVisible();
  await expect(done).toContainText(service.name);
  await expect(done).toContainText(/[0-9A-F]{8}/);
  await expectAccessibleIsland(visitor);
  await shot(visitor, "public-booking-confirmed");
  await visitorContext.close();

  // The practice sees the request: pending, from the public page, with the new patient.
  const from = new Date();
  const to = new Date(from.getTime() + 30 * 86_400_000);
  const listed = await api<
    { status: string; source: string; serviceId: string; patientName: string | null }[]
  >(page, "appointment.list", { from, to }, { ...opts, query: true });
  expect(listed).toEqual([
    expect.objectContaining({
      status: "pending",
      source: "public",
      serviceId: service.id,
      patientName: `Nadia Kamal${suffix}`,
    }),
  ]);
});

test("an unknown practice address shows a clean not found page", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto("/p/no-such-practice-here");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
  await shot(page, "public-practice-not-found");
  await context.close();
});

test("a visitor who lost the race is told the slot was just taken and offered others", async ({
  page,
  browser,
}) => {
  const { slug, org, doctor, service } = await setUpPractice(page);
  await openSite(page, org.id);
  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto(`/p/${slug}`);
  await visitor.getByLabel("Service", { exact: true }).selectOption(service.id);
  await visitor.getByLabel("Doctor", { exact: true }).selectOption(doctor.resourceId);
  await visitor.getByRole("button", { name: /Next week/ }).click();
  const first = visitor.getByRole("group", { name: "Free times" }).getByRole("button").first();
  await expect(first).toBeVisible();
  await first.click();

  // Someone else books that very time first (the first free time of next week), elsewhere.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const nextWeek = new Date(`${today}T12:00:00Z`);
  nextWeek.setUTCDate(nextWeek.getUTCDate() + 7);
  const { slots } = await api<{ slots: { start: string }[] }>(
    page,
    "public.availability",
    {
      slug,
      serviceId: service.id,
      practitionerResourceId: doctor.resourceId,
      fromDate: nextWeek.toISOString().slice(0, 10),
      days: 7,
    },
    { query: true },
  );
  const rival = await browser.newContext();
  const rivalPage = await rival.newPage();
  await rivalPage.goto(`/p/${slug}`);
  await api(rivalPage, "public.book", {
    slug,
    serviceId: service.id,
    practitionerResourceId: doctor.resourceId,
    start: slots[0]?.start,
    firstName: "Rival",
    lastName: "Visitor",
    mobile: mobile(),
    idempotencyKey: `rival${Date.now()}`,
  });

  const details = visitor.getByRole("form", { name: "Your details" });
  await details.getByLabel("First name").fill("Late");
  await details.getByLabel("Last name").fill("Comer");
  await details.getByLabel("Mobile number").fill(mobile());
  await details.getByRole("button", { name: "Request this appointment" }).click();
  await expect(visitor.getByText("That slot was just taken")).toBeVisible();
  const alternative = visitor.getByRole("button", { name: /^Book / });
  await expect(alternative.first()).toBeVisible();
  await shot(visitor, "public-booking-slot-taken");
  // Taking an offered time keeps the details typed; submitting books it.
  await alternative.first().click();
  await details.getByRole("button", { name: "Request this appointment" }).click();
  await expect(visitor.getByTestId("public-booked")).toBeVisible();
  await rival.close();
  await context.close();
});

test("on a phone the booking is one tap away, fits the screen, and reads right to left in Arabic", async ({
  page,
  browser,
}) => {
  const { slug, org, doctor, service } = await setUpPractice(page);
  await openSite(page, org.id);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await context.newPage();

  // The booking starts on the first screen, and the hero's button leads to it.
  await phone.goto(`/p/${slug}`);
  const serviceField = phone.getByLabel("Service", { exact: true });
  await expect(serviceField).toBeInViewport();
  const cta = phone.getByRole("link", { name: "Book an appointment" }).first();
  await expect(cta).toBeInViewport();
  await cta.click();
  await expect(serviceField).toBeInViewport();

  // A service link on the page (#book?service=…) opens the booking with it chosen.
  await phone.goto(`/p/${slug}#book?service=${service.id}`);
  await expect(serviceField).toHaveValue(service.id);
  await expect(serviceField).toBeInViewport();
  // The day strip: each day's name, date and count on a line of its own, never wrapped.
  const days = phone.locator('[data-island="booking"] [role="group"] button[data-date]');
  await expect(days).toHaveCount(7);
  await expect(days.first()).toContainText(/\d+ free/);
  for (const box of await days.evaluateAll((buttons) =>
    buttons.map((b) => b.getBoundingClientRect().height),
  )) {
    expect(box).toBeLessThan(90);
  }
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessibleIsland(phone);
  await shot(phone, "public-site-phone-booking");

  // A doctor's own page books with that doctor chosen.
  await phone.goto(`/p/${slug}`);
  await phone
    .locator("#doctors")
    .getByRole("link", { name: /Salma Idris/ })
    .click();
  await expect(phone.getByLabel("Doctor", { exact: true })).toHaveValue(doctor.resourceId);

  // In Arabic the page and the booking run right to left.
  await phone.goto(`/p/${slug}?lang=ar#book?service=${service.id}`);
  await expect(phone.locator("html")).toHaveAttribute("dir", "rtl");
  const arService = phone.getByLabel("الخدمة", { exact: true });
  await expect(arService).toHaveValue(service.id);
  await expect(phone.getByRole("button", { name: /الأسبوع التالي/ })).toBeVisible();
  expect(
    await phone
      .locator('[data-island="booking"] .cd-book')
      .evaluate((el) => getComputedStyle(el).direction),
  ).toBe("rtl");
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessibleIsland(phone);
  await shot(phone, "public-site-phone-booking-ar");
  await context.close();
});
