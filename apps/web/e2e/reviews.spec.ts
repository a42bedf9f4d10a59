// Reviews from verified visits: a patient reviews a completed visit in the portal (words with a
// phone number are refused on the field), the review waits for moderation, the practice
// publishes it, and the doctor's public page then shows it with its rating.
import { expect, test } from "@playwright/test";
import { mobile } from "./fixtures";
import { api, newAccount, openSite, shot, signUp } from "./support";

test("a patient reviews a completed visit; once published it shows on the doctor's page", async ({
  page,
  browser,
}) => {
  const owner = newAccount("Reviews");
  await signUp(page, owner);
  const suffix = Date.now().toString(36);
  const slug = `cedar-${suffix}`;
  const org = await api<{ id: string }>(page, "organization.create", {
    name: `Cedar Clinic ${suffix}`,
    slug,
    kind: "clinic",
    timeZone: "Europe/London",
    currency: "GBP",
    country: "GB",
  });
  const opts = { organizationId: org.id };
  await openSite(page, org.id);

  // A doctor, a service and a patient whose visit took place (set up as the desk would).
  const doctor = await api<{ id: string; resourceId: string }>(
    page,
    "practitioner.create",
    { name: `Layla Nour ${suffix}`, title: "Dr", specialization: "Family medicine" },
    opts,
  );
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
      name: "Check-up",
      durationMinutes: 30,
      priceMinor: 4500,
      colour: "#0d9488",
      requirements: [{ kind: "practitioner" }],
    },
    opts,
  );
  const patient = await api<{ id: string }>(
    page,
    "patient.create",
    { firstName: "Mona", lastName: `Saleh${suffix}`, mobile: mobile() },
    opts,
  );
  const tomorrow = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(
    new Date(Date.now() + 86_400_000),
  );
  const { slots } = await api<{ slots: { start: string }[] }>(
    page,
    "availability.search",
    { serviceId: service.id, fromDate: tomorrow, days: 7, limit: 1 },
    { ...opts, query: true },
  );
  const slot = slots[0];
  if (!slot) throw new Error("no free time this week");
  const booked = await api<{ id: string; version: number }>(
    page,
    "appointment.book",
    {
      serviceId: service.id,
      patientId: patient.id,
      start: slot.start,
      resourceIds: [doctor.resourceId],
      idempotencyKey: `review-e2e-${suffix}`,
    },
    opts,
  );
  await api(
    page,
    "appointment.setStatus",
    { id: booked.id, status: "completed", version: booked.version },
    opts,
  );

  // The patient, in the portal.
  const context = await browser.newContext();
  const portal = await context.newPage();
  const person = newAccount("Mona");
  await signUp(portal, person);
  await api(page, "patient.linkAccount", { id: patient.id, email: person.email }, opts);
  await portal.goto("/portal/reviews");
  await expect(portal.getByRole("heading", { level: 1, name: "Reviews" })).toBeVisible();
  // The stars are labels around visually hidden radios: a tap on the fourth star.
  const fourStars = portal.getByRole("radio", { name: "4 stars" });
  await portal.locator("label").filter({ has: fourStars }).click();
  await expect(fourStars).toBeChecked();
  const words = portal.getByLabel("Your review");
  await words.fill("Very kind doctor. Call me on 0207 946 0123 to talk about it.");
  await portal.getByRole("button", { name: "Send review" }).click();
  await expect(
    portal.getByText("Please remove phone numbers, email addresses and links"),
  ).toBeVisible();
  await words.fill("Dr Nour listened carefully and explained every step. Short wait, too.");
  await portal.getByRole("button", { name: "Send review" }).click();
  await expect(portal.getByText(/Your review will appear once the practice/)).toBeVisible();
  await expect(portal.getByText("Waiting for moderation")).toBeVisible();
  await shot(portal, "portal-review-sent");

  // Not on the site while it waits.
  const doctorPage = `/p/${slug}/doctors/${doctor.id}`;
  const before = await page.request.get(doctorPage);
  expect(await before.text()).not.toContain("listened carefully");

  // The practice publishes it.
  await page.goto("/app/reviews");
  await expect(page.getByRole("heading", { level: 1, name: "Reviews" })).toBeVisible();
  await expect(page.getByText("listened carefully")).toBeVisible();
  await shot(page, "staff-reviews-pending");
  await page.getByRole("button", { name: "Publish: Mona S." }).click();
  await expect(page.getByText("The review is on your website.")).toBeVisible();

  // A visitor sees it on the doctor's page, with the rating in the page's structured data.
  const visitor = await context.browser()?.newContext();
  if (!visitor) throw new Error("no browser");
  const site = await visitor.newPage();
  await site.goto(doctorPage);
  await expect(site.getByText("listened carefully")).toBeVisible();
  const jsonLd = JSON.parse(
    (await site.locator('script[type="application/ld+json"]').textContent()) ?? "{}",
  ) as { aggregateRating?: { ratingValue: number; reviewCount: number } };
  expect(jsonLd.aggregateRating).toMatchObject({ ratingValue: 4, reviewCount: 1 });
  await shot(site, "public-doctor-review");
  await visitor.close();

  // The patient sees it published.
  await portal.reload();
  await expect(portal.getByText("Published", { exact: true })).toBeVisible();
  await context.close();
});
