// A patient reads the portal in Arabic: the switcher turns the page right-to-left with Arabic
// headings and dates, the choice outlives a reload (localStorage and the `lang` cookie the
// practice site reads too), and the staff workspace stays English whatever was picked.
import { expect, test } from "@playwright/test";
import { demoPassword, shot, signIn } from "./support";

const arabicWeekday = /الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد/;

test("a patient switches the portal to Arabic and it stays Arabic", async ({ page, context }) => {
  await page.goto("/signin");
  await signIn(page, "patient@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");

  await page
    .getByRole("group", { name: "Language" })
    .getByRole("button", { name: "العربية" })
    .click();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await expect(page.getByRole("heading", { level: 1, name: /^مرحبًا،/ })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "البوابة" })).toBeVisible();
  await expect(page.getByRole("group", { name: "اللغة" })).toBeVisible();
  await shot(page, "portal-arabic-home");

  await page.getByRole("link", { name: "الحجز" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "احجز موعدًا" })).toBeVisible();
  await page.getByTestId("service-option").first().click();
  // The week's days, named in Arabic.
  await expect(page.getByRole("group", { name: "اليوم" })).toContainText(arabicWeekday);
  await shot(page, "portal-arabic-book");

  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === "lang")?.value).toBe("ar");

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("heading", { level: 1, name: "احجز موعدًا" })).toBeVisible();

  // Back to English with the same switcher.
  await page.getByRole("group", { name: "اللغة" }).getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  await expect(page.getByRole("heading", { level: 1, name: "Book an appointment" })).toBeVisible();
});

test("the sign-in screen offers Arabic; the staff workspace stays English", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "العربية" }).click();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("heading", { level: 1, name: "تسجيل الدخول" })).toBeVisible();
  await page.getByLabel("البريد الإلكتروني").fill("staff@demo-hospital.test");
  await page.getByLabel("كلمة المرور").fill(demoPassword);
  await page.getByRole("button", { name: "تسجيل الدخول" }).click();

  await expect(page).toHaveURL(/\/app/);
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("group", { name: "Language" })).toHaveCount(0);
});

test("every portal page has an Arabic heading", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "العربية" }).click();
  await page.getByLabel("البريد الإلكتروني").fill("patient@demo-hospital.test");
  await page.getByLabel("كلمة المرور").fill(demoPassword);
  await page.getByRole("button", { name: "تسجيل الدخول" }).click();
  await expect(page).toHaveURL(/\/portal$/);

  const pages: [string, string][] = [
    ["/portal/records", "سجلاتي الطبية"],
    ["/portal/plans", "خطط العلاج"],
    ["/portal/access", "من اطّلع على ملفي"],
    ["/portal/payments", "المدفوعات"],
    ["/portal/reviews", "التقييمات"],
  ];
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await shot(page, `portal-arabic-${path.split("/").pop() ?? "page"}`);
  }
});
