// The practice dashboard: the demo hospital's owner opens it from the navigation, sees the last
// 30 days' figures and charts, is told when a custom range ends before it starts, narrows the
// range to the last 7 days and downloads the days as CSV — one row per day.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { demoPassword, shot, signIn } from "./support";

test("an owner reads the dashboard, changes its range and exports the days as CSV", async ({
  page,
}) => {
  await page.goto("/signin");
  await signIn(page, "owner@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/app$/);

  await page.getByRole("link", { name: "Dashboard", exact: true }).click();
  await expect(page).toHaveURL(/\/app\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Period", { exact: true })).toHaveValue("last30");

  // The demo day's bookings and the seeded patients are in the last 30 days.
  const appointments = page.getByTestId("kpi-appointments");
  await expect(appointments).toContainText(/Appointments\s*[1-9]/);
  await expect(page.getByTestId("kpi-new-patients")).toContainText(/New patients\s*[1-9]/);
  await expect(page.getByTestId("kpi-revenue")).toContainText("EGP");
  await expect(page.getByRole("img", { name: "Appointments per day" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Utilisation" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Top services" })).toBeVisible();
  await shot(page, "dashboard-last-30-days");

  // A custom range that ends before it starts: the server's message on the field.
  await page.getByLabel("Period", { exact: true }).selectOption("custom");
  await page.getByLabel("From", { exact: true }).fill("2026-03-10");
  await page.getByLabel("To", { exact: true }).fill("2026-03-01");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("Start on or before the end")).toBeVisible();

  await page.getByLabel("Period", { exact: true }).selectOption("last7");
  const range = await page.getByTestId("dashboard-range").innerText();
  const [, from, to] = /(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec(range) ?? [];
  expect(from && to).toBeTruthy();
  // The figures shown are the new range's (the last ones stay while the next load).
  await expect(page.getByTestId("dashboard-figures")).toHaveAttribute("data-from", from ?? "");
  await expect(page.getByTestId("dashboard-figures")).toHaveAttribute("data-to", to ?? "");
  await expect(appointments).toContainText(/Appointments\s*[1-9]/);

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export days as CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`dashboard-days-${from}-${to}.csv`);
  const csv = (await readFile(await download.path(), "utf8")).replace(/^\ufeff/, "");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toBe("Day,Booked,Completed,Cancelled,No-show,New patients");
  expect(lines).toHaveLength(8);
  expect(lines[1]?.startsWith(`${from},`)).toBe(true);
  expect(lines[7]?.startsWith(`${to},`)).toBe(true);
  await shot(page, "dashboard-last-7-days");
});
