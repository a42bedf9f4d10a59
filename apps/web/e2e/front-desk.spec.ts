// The front desk: a visitor's booking on the public page appears in the requests inbox while
// staff watch it, they confirm it and the calendar shows it confirmed; another is declined with
// a reason; the home page and the
// inbox pass axe; a practice's locale decides how the home page writes the date.
import { expect, test, type Browser, type Page } from "@playwright/test";
import {
  api,
  demoPassword,
  expectNoSeriousA11yViolations,
  shot,
  signIn,
  requestAppointmentAsVisitor,
} from "./support";

const practice = "demo-pharmacy";

async function signInAs(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/signin");
  await signIn(page, email, demoPassword);
  await expect(page).toHaveURL(/\/app$/);
  return page;
}

test("a public booking appears in the inbox live, is confirmed, and the calendar shows it", async ({
  browser,
}) => {
  const staff = await signInAs(browser, `staff@${practice}.test`);

  // The home page: today's counts, what needs attention and the agenda.
  await expect(staff.getByTestId("count-booked")).toBeVisible();
  await expect(staff.getByRole("heading", { name: "Needs attention" })).toBeVisible();
  await expectNoSeriousA11yViolations(staff);
  await shot(staff, "front-desk-home");

  // The inbox, open before the request arrives; the demo has a few waiting already.
  await staff
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /^Requests/ })
    .click();
  await expect(staff.getByRole("heading", { name: "Booking requests" })).toBeVisible();
  await expect(
    staff.getByRole("table", { name: "Booking requests waiting for an answer" }),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(staff);

  // A visitor books on the practice's public page.
  const lastName = `Visitor${Date.now().toString(36)}`;
  await requestAppointmentAsVisitor(browser, practice, { firstName: "Rania", lastName });

  // Staff see it arrive without reloading, and confirm it.
  const patient = `Rania ${lastName}`;
  const row = staff.getByRole("row").filter({ hasText: patient });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await shot(staff, "front-desk-requests");
  await row.getByRole("button", { name: `Confirm: ${patient}` }).click();
  await expect(staff.getByText(`Confirmed ${patient}`)).toBeVisible();
  await expect(row).toHaveCount(0);

  // Another request is declined, with the reason the patient is told (required).
  const other = `Rania ${lastName}b`;
  await requestAppointmentAsVisitor(browser, practice, {
    firstName: "Rania",
    lastName: `${lastName}b`,
  });
  const otherRow = staff.getByRole("row").filter({ hasText: other });
  await otherRow.getByRole("button", { name: `Decline: ${other}` }).click();
  const dialog = staff.getByRole("dialog", { name: `Decline ${other}'s request` });
  await dialog.getByRole("button", { name: "Decline request" }).click();
  await expect(dialog.getByText("Give a reason")).toBeVisible();
  await dialog.getByLabel("Reason").fill("The pharmacist is away that day; please choose another.");
  await dialog.getByRole("button", { name: "Decline request" }).click();
  await expect(staff.getByText(`Declined the request of ${other}.`)).toBeVisible();
  await expect(otherRow).toHaveCount(0);

  // The calendar shows it, confirmed.
  const from = new Date();
  const to = new Date(from.getTime() + 30 * 86_400_000);
  const me = await api<{ organizations: { id: string; slug: string; timeZone: string }[] }>(
    staff,
    "auth.me",
    undefined,
    { query: true },
  );
  const org = me.organizations.find((o) => o.slug === practice);
  if (!org) throw new Error("the demo staff member is not in the demo pharmacy");
  const listed = await api<
    { id: string; status: string; patientName: string | null; startsAt: string }[]
  >(staff, "appointment.list", { from, to }, { organizationId: org.id, query: true });
  const booked = listed.find((a) => a.patientName === patient);
  expect(booked?.status).toBe("confirmed");
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: org.timeZone }).format(
    new Date(booked?.startsAt ?? Date.now()),
  );
  await staff.goto(`/app/calendar?date=${date}&view=day`);
  // The day grid (and, on phones, the agenda) draw it: the first will do.
  const block = staff.getByTestId("appointment-block").filter({ hasText: lastName }).first();
  await expect(block).toBeVisible();
  await block.click();
  await expect(staff.getByTestId("appointment-status")).toHaveText("Confirmed");
  await staff.context().close();
});

test("a practice writing dates the British way shows today's date that way", async ({
  browser,
}) => {
  const owner = await signInAs(browser, "owner@demo-dental.test");
  const heading = owner.getByTestId("today-date");
  // en-US by default: "Sunday, November 29, 2026".
  await expect(heading).toHaveText(/^\w+, \w+ \d{1,2}, \d{4}$/);

  await owner
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Settings" })
    .click();
  await owner.getByLabel("Date, time and money format").selectOption("en-GB");
  await owner.getByRole("button", { name: "Save settings" }).click();
  await expect(owner.getByText("Settings saved.")).toBeVisible();

  await owner
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Workspace" })
    .click();
  // en-GB: "Sunday, 29 November 2026".
  await expect(heading).toHaveText(/^\w+, \d{1,2} \w+ \d{4}$/);

  // Back as it was, for whoever uses the demo next.
  await owner
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Settings" })
    .click();
  await owner.getByLabel("Date, time and money format").selectOption("en-US");
  await owner.getByRole("button", { name: "Save settings" }).click();
  await expect(owner.getByText("Settings saved.")).toBeVisible();
  await owner.context().close();
});
