// Scheduling end to end: booking from the calendar, live updates in a second browser, a
// patient booking in the portal, and two people racing for one slot.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { mobile } from "./fixtures";
import { api, newAccount, shot, signIn, signUp, type Account } from "./support";

/** Today's date in a zone, plus days, skipped forward to a Monday–Friday. */
function futureWeekday(timeZone: string, atLeastDays = 2): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + atLeastDays);
  while (date.getUTCDay() === 0 || date.getUTCDay() === 6) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

interface Practice {
  owner: Account;
  organizationId: string;
  timeZone: string;
  doctor: string;
  doctorId: string;
  doctorResourceId: string;
  service: string;
  serviceId: string;
  patients: { id: string; firstName: string; lastName: string }[];
}

/**
 * A new owner with a practice in `timeZone`: one doctor working Monday–Friday 09:00–17:00
 * (lunch 13:00–14:00), a 30-minute consultation and two patients.
 */
async function setUpPractice(page: Page, timeZone: string): Promise<Practice> {
  const owner = newAccount("Scheduler");
  await signUp(page, owner);
  const suffix = Date.now().toString(36);
  const org = await api<{ id: string }>(page, "organization.create", {
    name: `Harbour Clinic ${suffix}`,
    slug: `harbour-${suffix}`,
    kind: "clinic",
    timeZone,
    currency: "EUR",
    country: "GB",
  });
  const organizationId = org.id;
  const opts = { organizationId };
  const doctorName = `Amira Haddad ${suffix}`;
  const doctor = await api<{ id: string; resourceId: string; name: string }>(
    page,
    "practitioner.create",
    { name: doctorName, title: "Dr", specialization: "General practice" },
    opts,
  );
  await api(
    page,
    "schedule.setWeek",
    {
      resourceId: doctor.resourceId,
      rules: [1, 2, 3, 4, 5].flatMap((weekday) => [
        { weekday, start: "09:00", end: "13:00" },
        { weekday, start: "14:00", end: "17:00" },
      ]),
    },
    opts,
  );
  const service = await api<{ id: string; name: string }>(
    page,
    "service.create",
    {
      name: `Consultation ${suffix}`,
      durationMinutes: 30,
      priceMinor: 6000,
      colour: "#0d9488",
      requirements: [{ kind: "practitioner" }],
    },
    opts,
  );
  const patients = [];
  for (const [firstName, lastName] of [
    ["Layla", `Nasser${suffix}`],
    ["Omar", `Farouk${suffix}`],
  ] as const) {
    const created = await api<{ id: string }>(
      page,
      "patient.create",
      { firstName, lastName, mobile: mobile() },
      opts,
    );
    patients.push({ id: created.id, firstName, lastName });
  }
  // The app remembers the active organization; make it this one.
  await page.evaluate((id) => localStorage.setItem("caredesk.organizationId", id), organizationId);
  return {
    owner,
    organizationId,
    timeZone,
    doctor: `Dr ${doctorName}`,
    doctorId: doctor.id,
    doctorResourceId: doctor.resourceId,
    service: service.name,
    serviceId: service.id,
    patients,
  };
}

/** The same owner signed in in a separate browser context (another device). */
async function secondSession(browser: Browser, practice: Practice): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/signin");
  await signIn(page, practice.owner.email, practice.owner.password);
  await expect(page).toHaveURL(/\/app/);
  return page;
}

async function openCalendar(page: Page, date: string) {
  await page.goto(`/app/calendar?date=${date}&view=day`);
  await expect(page.getByRole("heading", { name: "Calendar", level: 1 })).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
}

async function fillBooking(page: Page, practice: Practice, time: string, patientIndex: number) {
  const patient = practice.patients[patientIndex];
  if (!patient) throw new Error("no such patient");
  await page
    .getByRole("button", { name: new RegExp(`^Book ${practice.doctor} at ${time}$`) })
    .click();
  const dialog = page.getByRole("dialog", { name: "New appointment" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Find a patient").fill(patient.lastName.slice(0, 8));
  await dialog
    .getByRole("button", { name: new RegExp(`${patient.firstName} ${patient.lastName}`) })
    .click();
  await expect(dialog.getByTestId("booking-patient")).toHaveText(
    `${patient.firstName} ${patient.lastName}`,
  );
  await dialog.getByLabel("Service").selectOption({ label: `${practice.service} (30 min)` });
  return dialog;
}

test("staff book from the calendar, another session sees it appear live, and they move it", async ({
  page,
  browser,
}) => {
  const practice = await setUpPractice(page, "Europe/Berlin");
  const date = futureWeekday(practice.timeZone);
  const watcher = await secondSession(browser, practice);
  await openCalendar(watcher, date);
  await openCalendar(page, date);
  await expect(page.getByTestId("calendar-zone")).toHaveText("Times in Europe/Berlin");
  await shot(page, "calendar-empty-day");

  const dialog = await fillBooking(page, practice, "10:00\\sAM", 0);
  await shot(page, "calendar-booking-dialog");
  await dialog.getByRole("button", { name: "Book appointment" }).click();
  await expect(dialog).toBeHidden();
  const block = page.getByRole("button", { name: /Layla Nasser.*10:00\sAM–10:30\sAM/ });
  await expect(block).toBeVisible();
  await shot(page, "calendar-booked");

  // The other session never reloads: the SSE subscription brings the booking in.
  await expect(
    watcher.getByRole("button", { name: /Layla Nasser.*10:00\sAM–10:30\sAM/ }),
  ).toBeVisible();
  await shot(watcher, "calendar-live-update");

  // The drawer: details and a status step.
  await block.click();
  const drawer = page.getByRole("dialog", { name: /Layla Nasser/ });
  await expect(drawer.getByTestId("appointment-status")).toHaveText("Confirmed");
  await shot(page, "calendar-appointment-drawer");

  // Moving it: its own doctor's times, its own time counted as free (10:15 overlaps it).
  await drawer.getByRole("button", { name: "Reschedule" }).click();
  const moving = drawer.getByRole("region", { name: "Reschedule" });
  await expect(moving.getByRole("button", { name: /^10:15\sAM$/ })).toBeVisible();
  await moving.getByRole("button", { name: /^11:00\sAM$/ }).click();
  const moved = /Layla Nasser.*11:00\sAM–11:30\sAM/;
  await expect(page.getByRole("button", { name: moved })).toBeVisible();
  await expect(watcher.getByRole("button", { name: moved })).toBeVisible();

  await drawer.getByRole("button", { name: "Cancel appointment" }).click();
  await drawer.getByRole("button", { name: "Cancel appointment" }).click();
  await expect(drawer.getByText("Give a reason")).toBeVisible();
  await drawer.getByLabel("Reason for cancelling").fill("Patient called to cancel");
  await drawer.getByRole("button", { name: "Cancel appointment" }).click();
  await expect(drawer.getByTestId("appointment-status")).toHaveText("Cancelled");
  await drawer.getByRole("button", { name: "Close" }).click();
  await expect(watcher.getByRole("button", { name: moved })).toBeHidden();
  await watcher.context().close();
});

test("two people racing for one slot: the second sees it was just taken and books an alternative", async ({
  page,
  browser,
}) => {
  const practice = await setUpPractice(page, "Europe/Berlin");
  const date = futureWeekday(practice.timeZone, 3);
  const rival = await secondSession(browser, practice);
  await openCalendar(page, date);
  await openCalendar(rival, date);

  const first = await fillBooking(page, practice, "11:00\\sAM", 0);
  const second = await fillBooking(rival, practice, "11:00\\sAM", 1);
  await first.getByRole("button", { name: "Book appointment" }).click();
  await expect(first).toBeHidden();

  await second.getByRole("button", { name: "Book appointment" }).click();
  await expect(second.getByText("That slot was just taken")).toBeVisible();
  const alternatives = second.getByRole("button", { name: /^Book .* instead$/ });
  await expect(alternatives).toHaveCount(3);
  await expect(alternatives.first()).toContainText(/11:30\sAM/);
  await shot(rival, "calendar-slot-just-taken");

  await alternatives.first().click();
  await expect(second).toBeHidden();
  await expect(
    rival.getByRole("button", { name: /Omar Farouk.*11:30\sAM–12:00\sPM/ }),
  ).toBeVisible();
  await expect(
    rival.getByRole("button", { name: /Layla Nasser.*11:00\sAM–11:30\sAM/ }),
  ).toBeVisible();
  await shot(rival, "calendar-after-race");
  await rival.context().close();
});

test("a patient books in the portal in the practice's own time zone and moves it", async ({
  page,
  browser,
}) => {
  // Kolkata, not the browser's London: every time shown must be the practice's clock.
  const practice = await setUpPractice(page, "Asia/Kolkata");
  const patientAccount = newAccount("Portal Patient");
  const context = await browser.newContext();
  const patientPage = await context.newPage();
  await signUp(patientPage, patientAccount);
  const [record] = practice.patients;
  if (!record) throw new Error("no patient");
  await api(
    page,
    "patient.linkAccount",
    { id: record.id, email: patientAccount.email },
    { organizationId: practice.organizationId },
  );

  await patientPage.goto("/portal");
  await patientPage.getByRole("link", { name: "Book an appointment" }).click();
  await expect(patientPage).toHaveURL(/\/portal\/book$/);
  await expect(patientPage.getByText("All times are in Asia/Kolkata.")).toBeVisible();
  await patientPage
    .getByRole("radio", { name: new RegExp(`${practice.service}.*30 min.*€60\\.00`) })
    .check();
  await patientPage.getByLabel("Doctor").selectOption({ label: practice.doctor });
  const date = futureWeekday(practice.timeZone);
  await patientPage.locator(`[data-date="${date}"]`).click();
  const times = patientPage.getByRole("group", { name: "Free times" }).getByRole("button");
  await expect(times.first()).toHaveText(/^9:00\sAM$/);
  await times.first().click();
  await expect(patientPage.getByTestId("portal-chosen-time")).toContainText(/9:00\sAM/);
  await shot(patientPage, "portal-book-choose");
  await patientPage.getByRole("button", { name: "Book this time" }).click();
  await expect(patientPage.getByText(/^Booked: /)).toBeVisible();

  const mine = patientPage.getByTestId("my-appointment");
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText(practice.service);
  await expect(mine).toContainText(/9:00\sAM – 9:30\sAM/);
  await shot(patientPage, "portal-my-appointments");

  // Moving it: the same doctor's free times, its own time counted as free (9:15 overlaps it).
  await mine.getByRole("button", { name: "Reschedule" }).click();
  await mine.locator(`[data-date="${date}"]`).click();
  const newTimes = mine.getByRole("group", { name: "Free times" }).getByRole("button");
  await expect(newTimes.nth(0)).toHaveText(/^9:00\sAM$/);
  await expect(newTimes.nth(1)).toHaveText(/^9:15\sAM$/);
  await newTimes.filter({ hasText: /^10:00\sAM$/ }).click();
  await shot(patientPage, "portal-reschedule");
  await mine.getByRole("button", { name: /^Move to .*10:00\sAM/ }).click();
  await expect(mine).toContainText(/10:00\sAM – 10:30\sAM/);
  await expect(mine.getByRole("group", { name: "Free times" })).toHaveCount(0);

  // Staff see it on their calendar where it was moved to, 10:00 Kolkata time.
  await openCalendar(page, date);
  await expect(page.getByTestId("calendar-zone")).toHaveText("Times in Asia/Kolkata");
  await expect(
    page.getByRole("button", { name: /Layla Nasser.*10:00\sAM–10:30\sAM/ }),
  ).toBeVisible();
  await shot(page, "calendar-kolkata");
  await context.close();
});

test("an owner edits a doctor's working hours and adds a day off", async ({ page }) => {
  const practice = await setUpPractice(page, "Europe/Berlin");
  await page.goto(`/app/practitioners/${practice.doctorId}`);
  const hours = page.getByRole("region", { name: "Every week" });
  await expect(hours.getByTestId("hours-day-1").getByLabel("Monday from")).toHaveCount(2);
  await expect(hours.getByTestId("hours-day-6")).toContainText("Closed");

  // Overlapping intervals are refused with the server's message next to them.
  await hours.getByTestId("hours-day-6").getByRole("button", { name: "Add hours" }).click();
  await hours.getByTestId("hours-day-6").getByRole("button", { name: "Add hours" }).click();
  await hours.getByLabel("Saturday from").nth(1).fill("10:00");
  await hours.getByRole("button", { name: "Save working hours" }).click();
  await expect(hours.getByText("These hours overlap another interval that day")).toBeVisible();
  await hours.getByRole("button", { name: "Remove these Saturday hours" }).nth(1).click();
  await hours.getByRole("button", { name: "Save working hours" }).click();
  await expect(hours.getByText("Working hours saved.")).toBeVisible();
  await expect(hours.getByLabel("Saturday from")).toHaveValue("09:00");

  const exceptions = page.getByRole("region", { name: "Days off and exceptions" });
  const day = futureWeekday(practice.timeZone, 5);
  await exceptions.getByLabel("First day").fill(day);
  await exceptions.getByLabel("Reason (optional)").fill("Conference");
  await exceptions.getByRole("button", { name: "Add exception" }).click();
  await expect(exceptions.getByRole("listitem").filter({ hasText: "Conference" })).toContainText(
    day,
  );
  await shot(page, "doctor-working-hours");

  // The day off is shown closed on the calendar, and no time of it is offered to book.
  await openCalendar(page, day);
  const grid = page.getByRole("grid");
  await expect(grid.locator('[data-state="closed"]').first()).toBeVisible();
  await expect(grid.locator('[data-state="loading"]')).toHaveCount(0);
  await expect(grid.locator('[data-state="free"]')).toHaveCount(0);
  await expect(grid.getByRole("button", { name: /^Book / })).toHaveCount(0);
  await shot(page, "calendar-day-off");
});
