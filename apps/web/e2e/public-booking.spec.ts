// The public practice page: a visitor without an account books a time, the practice sees the
// request as pending from the public page, and an unknown address is a clean "not found".
import { expect, test, type Page } from "@playwright/test";
import { mobile } from "./fixtures";
import { api, newAccount, shot, signUp } from "./support";

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

  return { suffix, slug, opts, doctor, service };
}

test("a visitor books from the public page and the practice sees it pending", async ({
  page,
  browser,
}) => {
  // The practice, set up by its owner through the API.
  const { suffix, slug, opts, doctor, service } = await setUpPractice(page);

  // A visitor with no account, in a browser of their own.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(`/p/${slug}`);
  await expect(visitor.getByRole("heading", { name: `Lakeside Clinic ${suffix}` })).toBeVisible();
  const services = visitor.getByRole("list", { name: "Services" });
  await expect(services).toContainText(service.name);
  await expect(services).toContainText("£45.00");
  await expect(services).toContainText("30 min");
  const doctors = visitor.getByRole("list", { name: "Doctors" });
  await expect(doctors).toContainText(`Dr Salma Idris ${suffix}`);
  // Her photo loads for a visitor without an account.
  const photo = doctors.locator("img");
  await expect(photo).toHaveCount(1);
  await expect
    .poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(8);
  await expect(visitor.getByText("Times in Europe/London").first()).toBeVisible();
  // The coming week's hours come from her schedule: weekdays 9–5, the weekend closed.
  const hours = visitor.getByLabel("Opening hours");
  await expect(visitor.getByTestId("opening-day")).toHaveCount(7);
  await expect(hours).toContainText(/Today · /);
  await expect(hours).toContainText(/9:00\sAM – 5:00\sPM/);
  await expect(hours).toContainText("Closed");

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
  await page.goto("/p/no-such-practice-here");
  await expect(page.getByRole("heading", { name: "Practice not found" })).toBeVisible();
  await shot(page, "public-practice-not-found");
  await context.close();
});

test("a visitor who lost the race is told the slot was just taken and offered others", async ({
  page,
  browser,
}) => {
  const { slug, doctor, service } = await setUpPractice(page);
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
