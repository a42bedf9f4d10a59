// The staff calendar without a mouse and on a phone: one Tab stop into a keyboard grid, focus
// back on the cell a booking started from, a one-doctor agenda with large tap targets, and no
// serious axe-core violation at either width. The demo hospital has ten doctors and five rooms.
import { expect, test, type Page } from "@playwright/test";
import { demoPassword, expectNoSeriousA11yViolations, shot, signIn } from "./support";

const hospitalZone = "Africa/Cairo";

/** A working day of the demo hospital (Sunday–Thursday) at least `days` ahead. */
function workingDayAhead(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: hospitalZone }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  while (date.getUTCDay() === 5 || date.getUTCDay() === 6) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

async function openCalendar(page: Page, date: string) {
  await page.goto("/signin");
  await signIn(page, "staff@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto(`/app/calendar?date=${date}&view=day`);
  await expect(page.getByRole("heading", { name: "Calendar", level: 1 })).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
}

/** The focused element's cell position and state, as the grid marks them. */
function focusedCell(page: Page) {
  return page.evaluate(() => {
    const cell = document.activeElement?.closest<HTMLElement>('[role="gridcell"]');
    return cell
      ? {
          row: Number(cell.dataset.row),
          col: Number(cell.dataset.col),
          state: cell.dataset.state ?? "",
          isCell: cell === document.activeElement,
        }
      : null;
  });
}

test("keyboard only: one Tab stop into the grid, arrows to the third doctor, book, focus returns", async ({
  page,
}) => {
  await openCalendar(page, workingDayAhead(9));
  const grid = page.getByRole("grid");
  await expect(grid.getByRole("gridcell").first()).toBeVisible();
  await expect(grid.locator('[data-state="loading"]')).toHaveCount(0);
  // Closed hours are shown, not offered: no button before the doctors start at 09:00.
  await expect(grid.locator('[data-state="closed"]').first()).toBeVisible();
  await expect(grid.locator('[data-state="closed"] button')).toHaveCount(0);

  // Exactly one element of the grid is in the Tab order.
  await expect(grid.locator('[tabindex="0"]')).toHaveCount(1);
  await expect(grid.locator('button:not([tabindex="-1"])')).toHaveCount(0);
  await page.getByRole("button", { name: "Week" }).focus();
  await page.keyboard.press("Tab");
  expect(await focusedCell(page)).toMatchObject({ isCell: true });
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByRole("button", { name: "Week" })).toBeFocused();
  await page.keyboard.press("Tab");

  // Home: the first column; two steps right: the third doctor.
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  const third = (await grid.getByRole("columnheader").nth(3).innerText()).split("\n")[0] ?? "";
  expect(third).toMatch(/^(Dr\.|Prof\.) /);
  for (let i = 0; i < 60; i++) {
    const cell = await focusedCell(page);
    if (cell?.state === "free") break;
    await page.keyboard.press("ArrowDown");
  }
  const slot = await focusedCell(page);
  expect(slot).toMatchObject({ col: 2, state: "free", isCell: true });
  await shot(page, "calendar-keyboard-slot", { fullPage: false });

  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "New appointment" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(third);
  await expect(dialog.getByLabel("Find a patient")).toBeFocused();
  // The first matching patient, by keyboard; focus then moves on to the service.
  const firstPatient = dialog.getByRole("list", { name: "Matching patients" }).getByRole("button");
  await expect(firstPatient.first()).toBeVisible();
  const patientName = (await firstPatient.first().locator("span").first().innerText()).trim();
  await page.keyboard.press("Tab");
  await expect(firstPatient.first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog.getByTestId("booking-patient")).toHaveText(patientName);
  const service = dialog.getByLabel("Service");
  await expect(service).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(service).not.toHaveValue("");
  const submit = dialog.getByRole("button", { name: "Book appointment" });
  for (let i = 0; i < 6 && !(await submit.evaluate((b) => b === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(submit).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();

  // Focus is back on the same cell, which now holds the appointment.
  await expect
    .poll(() => focusedCell(page))
    .toEqual({ row: slot?.row, col: 2, state: "appointment", isCell: true });
  await expect(grid.getByRole("button", { name: new RegExp(patientName) }).first()).toBeVisible();
  await shot(page, "calendar-keyboard-booked", { fullPage: false });

  // The appointment opens by keyboard too, and closing it brings focus back again.
  await page.keyboard.press("Enter");
  const drawer = page.getByRole("dialog", { name: patientName });
  await expect(drawer).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect.poll(() => focusedCell(page)).toMatchObject({ row: slot?.row, col: 2 });
});

test("no serious accessibility violations on the calendar, desktop and phone", async ({ page }) => {
  await openCalendar(page, workingDayAhead(2));
  await expect(page.getByRole("grid").locator('[data-state="loading"]')).toHaveCount(0);
  const block = page.getByTestId("appointment-block").first();
  await expect(block).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  // The phone shows one doctor at a time: one with appointments that day.
  const col = await block.evaluate((b) =>
    Number(b.closest("[data-col]")?.getAttribute("data-col")),
  );
  const header = page
    .getByRole("grid")
    .getByRole("columnheader")
    .nth(col + 1);
  const doctor = (await header.locator("div").first().innerText()).trim();

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("grid")).toHaveCount(0);
  await page.getByLabel("Doctor or room").selectOption({ label: doctor });
  await expect(page.getByTestId("agenda-appointment").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("staff book by touch from the one-doctor agenda", async ({ page }) => {
    await openCalendar(page, workingDayAhead(10));
    await expect(page.getByRole("grid")).toHaveCount(0);
    const picker = page.getByLabel("Doctor or room");
    const doctor = (await picker.locator("option").nth(1).innerText()).trim();
    await picker.selectOption({ index: 1 });

    const times = page.getByTestId("agenda-free-time");
    await expect(times.first()).toBeVisible();
    for (const i of [0, 1, 2]) {
      const box = await times.nth(i).boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
    }
    const label = (await times.first().innerText()).trim();
    await shot(page, "calendar-phone-agenda", { fullPage: false });

    await times.first().tap();
    const dialog = page.getByRole("dialog", { name: "New appointment" });
    await expect(dialog).toContainText(doctor);
    const firstPatient = dialog
      .getByRole("list", { name: "Matching patients" })
      .getByRole("button");
    const patientName = (await firstPatient.first().locator("span").first().innerText()).trim();
    await firstPatient.first().tap();
    await expect(dialog.getByTestId("booking-patient")).toHaveText(patientName);
    await dialog.getByLabel("Service").selectOption({ index: 1 });
    await dialog.getByRole("button", { name: "Book appointment" }).tap();
    await expect(dialog).toBeHidden();

    const booked = page
      .getByTestId("agenda-appointment")
      .filter({ hasText: patientName })
      .filter({ hasText: label });
    await expect(booked).toBeVisible();
    await expect(times.filter({ hasText: new RegExp(`^${label}$`) })).toHaveCount(0);
    await shot(page, "calendar-phone-booked", { fullPage: false });
  });
});
