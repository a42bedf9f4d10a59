// The portal's booking on a phone: every service shows its whole price, and picking a time
// brings the confirm button into view with focus on it (it used to sit far below the screen).
// Booking itself is proven in scheduling.spec.ts.
import { expect, test } from "@playwright/test";
import { demoPassword, expectNoSeriousA11yViolations, shot, signIn } from "./support";

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test("on a phone, picking a time brings the focused confirm button into view", async ({ page }) => {
  await page.goto("/signin");
  await signIn(page, "patient@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/portal$/);
  await page.goto("/portal/book");
  await expect(page.getByRole("heading", { name: "Book an appointment", level: 1 })).toBeVisible();

  // Whole prices: nothing clipped, nothing past the screen's edge.
  const prices = page.getByTestId("service-price");
  await expect(prices.first()).toBeVisible();
  for (const price of await prices.all()) {
    const fits = await price.evaluate(
      (e) => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= window.innerWidth,
    );
    expect(fits, await price.innerText()).toBe(true);
  }
  await expectNoSeriousA11yViolations(page);

  await page.getByTestId("service-option").first().tap();
  await expect(page.getByRole("radio").first()).toBeChecked();
  const times = page.getByRole("group", { name: "Free times" }).getByRole("button");
  await expect(times.first()).toBeVisible();
  await shot(page, "portal-phone-times", { fullPage: false });
  await times.first().tap();

  const confirm = page.getByRole("button", { name: "Book this time" });
  await expect(confirm).toBeFocused();
  await expect(confirm).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId("portal-chosen-time")).toBeInViewport();
  await shot(page, "portal-phone-confirm", { fullPage: false });
});
