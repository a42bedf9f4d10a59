import { expect, test } from "@playwright/test";
import { svg } from "./fixtures";
import { demoPassword, navLink, shot, signIn } from "./support";

test.beforeEach(async ({ page }) => {
  await page.goto("/signin");
  await signIn(page, "owner@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/app$/);
});

test("an SVG document is refused with the server's 415 message", async ({ page }) => {
  await navLink(page, "Patients").click();
  const firstPatient = page.getByRole("table", { name: "Patients" }).getByRole("link").first();
  await expect(firstPatient).toBeVisible();
  await firstPatient.click();
  await expect(page.getByRole("heading", { name: "Documents" })).toBeVisible();

  await page.getByLabel("File", { exact: true }).setInputFiles({
    name: "drawing.svg",
    mimeType: "image/svg+xml",
    buffer: svg,
  });
  await page.getByLabel("Title").fill("Drawing");
  await page.getByRole("button", { name: "Upload document" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "drawing.svg was not uploaded" });
  await expect(refusal).toContainText(
    "Only PDF, PNG, JPEG, WebP, Word (.docx) and plain text files are accepted",
  );
  await expect(page.getByRole("row", { name: /Drawing/ })).toHaveCount(0);
  await shot(page, "30-svg-refused");
});

test("a doctor's photo over 5 MB is refused with the server's 413 message", async ({ page }) => {
  await navLink(page, "Doctors").click();
  await page.getByRole("link", { name: "New doctor" }).click();
  // PNG signature, then padding: big enough to cross the photo limit.
  const big = Buffer.alloc(6 * 1024 * 1024, 0);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(big);
  await page
    .getByLabel("Photo")
    .setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: big });
  await expect(
    page.getByRole("alert").filter({ hasText: "huge.png was not uploaded" }),
  ).toContainText("This file is larger than the 5 MB limit");
  await page
    .getByLabel("Photo")
    .setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: svg });
  await expect(
    page.getByRole("alert").filter({ hasText: "logo.svg was not uploaded" }),
  ).toContainText("Only PDF, PNG, JPEG, WebP");
  await shot(page, "31-photo-refused");
});
