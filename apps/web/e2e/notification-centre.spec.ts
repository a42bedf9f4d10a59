// The notification centre: a visitor's booking request reaches the front desk's bell while
// they watch, with the unread count in the bell's name; the panel lists it, closes on Escape
// with focus back on the bell, and "Mark all read" clears the count.
import { expect, test } from "@playwright/test";
import {
  demoPassword,
  expectNoSeriousA11yViolations,
  shot,
  signIn,
  requestAppointmentAsVisitor,
} from "./support";

const practice = "demo-pharmacy";

test("a booking request appears live in staff's notification bell", async ({ browser }) => {
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await staff.goto("/signin");
  await signIn(staff, `staff@${practice}.test`, demoPassword);
  await expect(staff).toHaveURL(/\/app$/);
  const bell = staff.getByRole("button", { name: /^Notifications/ });
  await expect(bell).toBeVisible();
  // The bell's count has loaded and its live feed is open before the request is made.
  await expect(staff.locator("[data-live]").filter({ has: bell })).toBeVisible();
  await expect(bell).toHaveAttribute("data-unread", /^\d+$/);
  const before = Number(await bell.getAttribute("data-unread"));

  // A visitor asks for an appointment on the practice's public page.
  const lastName = `Bell${Date.now().toString(36)}`;
  await requestAppointmentAsVisitor(browser, practice, { firstName: "Nour", lastName });

  // The bell counts it without a reload.
  await expect(bell).toHaveAccessibleName(`Notifications, ${before + 1} unread`, {
    timeout: 15_000,
  });

  await bell.click();
  const panel = staff.getByRole("dialog", { name: "Notifications" });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("button", { name: /New booking request/ }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(staff);
  await shot(staff, "notification-centre");

  await staff.keyboard.press("Escape");
  await expect(panel).toHaveCount(0);
  await expect(bell).toBeFocused();

  await staff.keyboard.press("Enter");
  await panel.getByRole("button", { name: "Mark all read" }).click();
  await expect(bell).toHaveAccessibleName("Notifications");
  await staffContext.close();
});
