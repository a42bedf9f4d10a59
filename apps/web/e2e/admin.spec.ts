import { expect, test } from "@playwright/test";
import { demoPassword, shot, signIn } from "./support";

const demoPractices = [
  "Nile Valley General Hospital",
  "Bright Smile Dental Care",
  "Corner Street Pharmacy",
];

test("a platform operator sees every practice and can search them", async ({ page }) => {
  await page.goto("/admin/");
  await expect(page).toHaveURL(/\/admin\/signin$/);
  await signIn(page, "operator@caredesk.test", demoPassword);

  await expect(page.getByRole("heading", { level: 1, name: "Organizations" })).toBeVisible();
  const table = page.getByRole("table", { name: "Organizations" });
  for (const name of demoPractices) {
    await expect(table.getByText(name, { exact: true })).toBeVisible();
  }
  await shot(page, "10-admin-organizations");

  await page.getByLabel("Search organizations").fill("dental");
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByText("Bright Smile Dental Care", { exact: true })).toBeVisible();
  await expect(table.getByText("Nile Valley General Hospital")).toHaveCount(0);
  await shot(page, "11-admin-search-dental");

  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await page.getByLabel("Search users").fill("operator@caredesk");
  const users = page.getByRole("table", { name: "Users" });
  await expect(users.getByRole("row")).toHaveCount(2);
  await expect(users.getByText("operator@caredesk.test")).toBeVisible();
  await shot(page, "12-admin-users");
});

test("someone who is not a platform operator is refused at the door", async ({ page }) => {
  await page.goto("/admin/signin");
  await signIn(page, "owner@demo-hospital.test", demoPassword);
  await expect(page.getByRole("alert")).toHaveText("This area is for platform operators.");
  await shot(page, "13-admin-refused");

  // No session was left behind: the operator area still sends them to sign in.
  await page.goto("/admin/");
  await expect(page).toHaveURL(/\/admin\/signin$/);
});
