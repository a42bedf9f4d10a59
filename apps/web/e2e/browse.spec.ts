import { expect, test, type Page } from "@playwright/test";
import { demoPassword, navLink, shot, signIn } from "./support";

async function signInAs(page: Page, email: string) {
  await page.goto("/signin");
  await signIn(page, email, demoPassword);
}

test("staff browse the demo hospital's patients: infinite scroll, search as you type, sort", async ({
  page,
}) => {
  await signInAs(page, "owner@demo-hospital.test");
  await expect(page).toHaveURL(/\/app$/);
  await navLink(page, "Patients").click();
  const rows = page.getByRole("table", { name: "Patients" }).getByRole("row");
  await expect(rows).toHaveCount(31); // header + the first page of 30

  // Scrolling to the end loads the next page, again and again.
  await page.getByText(/Loading more patients|Load more/).scrollIntoViewIfNeeded();
  await expect(rows).toHaveCount(61);
  await page.getByText(/Loading more patients|Load more/).scrollIntoViewIfNeeded();
  await expect(rows).toHaveCount(91);
  await shot(page, "40-patients-browse", { fullPage: false });

  // Search as you type: part of someone's last name narrows the list.
  const someone = (await rows.nth(1).getByRole("link").innerText()).split(",")[0] ?? "";
  const fragment = someone.slice(0, Math.max(3, someone.length - 1));
  await page.getByLabel("Search patients").fill(fragment);
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(fragment)}`));
  await expect(rows.nth(1)).toContainText(someone);
  const found = await rows.count();
  expect(found).toBeLessThan(91);
  await shot(page, "41-patients-search");

  // Nothing matches: a clear empty state, not an empty table.
  await page.getByLabel("Search patients").fill("zzqx nobody");
  await expect(page.getByText("No patient matches “zzqx nobody”")).toBeVisible();

  // Newest first.
  await page.getByLabel("Search patients").fill("");
  await page.getByLabel("Sort by").selectOption("createdAt");
  await expect(page).toHaveURL(/sort=createdAt/);
  await expect(rows).toHaveCount(31);
});

test("the demo directory: doctors by department, services priced in the practice's currency", async ({
  page,
}) => {
  await signInAs(page, "manager@demo-hospital.test");
  await navLink(page, "Doctors").click();
  const doctors = page.getByRole("table", { name: "Doctors" }).getByRole("row");
  await expect(doctors.nth(1)).toBeVisible();
  await page.getByLabel("Department").selectOption({ label: "Cardiology" });
  await expect(page).toHaveURL(/department=/);
  await expect(doctors.nth(1)).toContainText("Cardiology");
  for (const row of await doctors.all()) {
    if ((await row.locator("td").count()) > 0) await expect(row).toContainText("Cardiology");
  }
  await shot(page, "42-doctors-cardiology");

  await navLink(page, "Services").click();
  const services = page.getByRole("table", { name: "Services" }).getByRole("row");
  await expect(services.nth(1)).toBeVisible();
  await expect(services.nth(1)).toContainText(/EGP\s?[\d,]+\.\d{2}/);
  await shot(page, "43-services-demo");

  await navLink(page, "Rooms & equipment").click();
  await expect(page.getByRole("table", { name: "Rooms" }).getByRole("row").nth(1)).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Equipment" }).getByRole("row").nth(1),
  ).toBeVisible();
  await shot(page, "44-rooms-demo");
});

test("a doctor reads the directory but cannot change it", async ({ page }) => {
  await signInAs(page, "doctor@demo-hospital.test");
  await expect(page).toHaveURL(/\/app$/);
  await navLink(page, "Doctors").click();
  await expect(page.getByRole("table", { name: "Doctors" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New doctor" })).toHaveCount(0);
  await navLink(page, "Departments").click();
  await expect(page.getByRole("table", { name: "Departments" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New department" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Archive / })).toHaveCount(0);
  // Patients are part of a doctor's work.
  await navLink(page, "Patients").click();
  await expect(page.getByRole("link", { name: "New patient" })).toBeVisible();
});

test("a patient is sent from /app to the portal; staff opening /portal are pointed back", async ({
  page,
}) => {
  await signInAs(page, "patient@demo-hospital.test");
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your details" })).toBeVisible();
  await page.goto("/app/patients");
  await expect(page).toHaveURL(/\/portal$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);

  await signIn(page, "staff@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/portal");
  await expect(page.getByRole("heading", { name: "The portal is for patients" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the workspace" }).click();
  await expect(page).toHaveURL(/\/app$/);
});
