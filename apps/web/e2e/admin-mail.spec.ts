// The operators' view of outgoing mail. This server sends through SMTP (the mail catcher), so
// what the demo sent is in the Outbox and the local mailbox stays empty; the mailbox's own path
// (no SMTP configured) is proven in apps/server/test/mailbox.test.ts.
import { expect, test } from "@playwright/test";
import { demoPassword, expectNoSeriousA11yViolations, shot, signIn } from "./support";

test("an operator sees what was sent in the Outbox, and an empty local mailbox", async ({
  page,
}) => {
  await page.goto("/admin/signin");
  await signIn(page, "operator@caredesk.test", demoPassword);
  await expect(page.getByRole("heading", { level: 1, name: "Organizations" })).toBeVisible();

  await page.getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  // The demo's bookings sent their confirmations.
  const counts = page.getByTestId("outbox-counts");
  await expect(counts).toBeVisible();
  await expect(page.getByRole("table", { name: "Jobs by queue and state" })).toBeVisible();
  const messages = page.getByRole("table", { name: "Messages" });
  await expect(messages.getByRole("row").nth(1)).toBeVisible();

  await page.getByLabel("Status").selectOption("sent");
  await expect(messages.getByRole("row").nth(1)).toContainText("Sent");
  await expect(messages.getByRole("row").filter({ hasText: "Scheduled" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await shot(page, "admin-outbox");

  await page.getByRole("link", { name: "Mailbox" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mailbox" })).toBeVisible();
  await expect(page.getByText("The mailbox is empty")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await shot(page, "admin-mailbox-empty");
});
