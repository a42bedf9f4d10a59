// Ambulance requests at the demo hospital: a visitor asks on the hospital's public site, and the
// dispatcher, whose board is already open, sees the request appear without reloading; they
// dispatch a vehicle and crew and record each step to completion. The requester's number gets a
// status message at every step: this server has no SMS provider, so what the e2e can see
// honestly is the outbox, where operators find each message queued to that (masked) number.
import { expect, test, type Page } from "@playwright/test";
import { api, demoPassword, expectNoSeriousA11yViolations, shot, signIn } from "./support";

interface OutboxRow {
  kind: string;
  channel: string;
  recipient: string | null;
  organizationName: string | null;
}

/** An Egyptian mobile no one else used: the number typed, its E.164 form, and as operators see it. */
function egyptianMobile() {
  const local = String(Math.floor(Math.random() * 100_000_000)).padStart(8, "0");
  const e164 = `+2010${local}`;
  const digits = e164.slice(1);
  return {
    typed: `010 ${local.slice(0, 4)} ${local.slice(4)}`,
    masked: `+${digits.slice(0, 2)}${"•".repeat(digits.length - 6)}${digits.slice(-4)}`,
  };
}

/** The request's card on the board, found by the reference the visitor was given. */
const card = (page: Page, reference: string) =>
  page.locator(`[data-testid="ambulance-request"][data-reference="${reference}"]`);

test("a visitor's ambulance request appears live on the board and is told of every step", async ({
  browser,
}) => {
  const suffix = Date.now().toString(36);
  const requester = `Amal Saleh ${suffix}`;
  const phone = egyptianMobile();

  // The dispatcher has the board open before anyone asks.
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await staff.goto("/signin");
  await signIn(staff, "staff@demo-hospital.test", demoPassword);
  await expect(staff).toHaveURL(/\/app$/);
  await staff
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Ambulance", exact: true })
    .click();
  await expect(staff.getByRole("heading", { level: 1, name: "Ambulance dispatch" })).toBeVisible();
  await expect(staff.getByTestId("ambulance-live")).toBeVisible();
  await expect(staff.getByTestId("ambulance-stats")).toBeVisible();

  // A visitor without an account asks on the hospital's site.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto("/p/demo-hospital");
  const section = visitor.locator("#ambulance");
  await expect(section.getByRole("heading", { name: "Request an ambulance" })).toBeVisible();
  const form = section.getByTestId("ambulance-form");
  await expect(form).toBeVisible();
  // Nothing to go on yet: the form says what is missing and sends nothing.
  await form.getByRole("button", { name: "Request an ambulance" }).click();
  await expect(form.getByText("Give the pickup address or share your location")).toBeVisible();
  await form.getByLabel("Your name").fill(requester);
  await form.getByLabel("Phone number").fill(phone.typed);
  await form.getByLabel("Pickup address").fill("14 Tahrir Street, Garden City, Cairo");
  await form.getByLabel("What happened?").fill("My father fainted and is breathing slowly.");
  await form.getByRole("button", { name: "Request an ambulance" }).click();
  const sent = section.getByTestId("ambulance-sent");
  await expect(sent).toBeVisible();
  const reference = (await section.locator(".cd-book-ref").innerText()).trim();
  expect(reference).toMatch(/^[0-9A-F]{8}$/);
  await shot(visitor, "ambulance-site-sent");
  await visitorContext.close();

  // It appears on the open board without a reload, in the "New" column.
  const request = card(staff, reference);
  await expect(staff.getByTestId("ambulance-column-new").locator(request)).toBeVisible();
  await expect(request).toContainText(requester);
  await expect(request).toContainText("14 Tahrir Street");
  await expect(request).toContainText("breathing slowly");
  await expectNoSeriousA11yViolations(staff);
  await shot(staff, "ambulance-board-new");

  // Dispatch with a vehicle and crew.
  await staff.getByRole("button", { name: `Dispatch an ambulance to ${requester}` }).click();
  const dialog = staff.getByRole("dialog");
  await dialog.getByLabel("Vehicle").fill("AMB-12");
  await dialog.getByLabel("Crew").fill("Hany Adel, Mona Samir");
  await dialog.getByRole("button", { name: "Dispatch" }).click();
  await expect(dialog).toBeHidden();
  await expect(staff.getByTestId("ambulance-column-dispatched").locator(request)).toBeVisible();
  await expect(request).toContainText("AMB-12 · Hany Adel, Mona Samir");

  // On its way, arrived, completed.
  await staff.getByRole("button", { name: `On its way: ${requester}` }).click();
  await expect(staff.getByTestId("ambulance-column-en_route").locator(request)).toBeVisible();
  await staff.getByRole("button", { name: `Arrived: ${requester}` }).click();
  await expect(staff.getByTestId("ambulance-column-arrived").locator(request)).toBeVisible();
  await staff.getByRole("button", { name: `Complete: ${requester}` }).click();
  await expect(staff.getByTestId("ambulance-closed").locator(request)).toBeVisible();
  await expect(request).toContainText("Completed");
  await shot(staff, "ambulance-board-completed");
  await staffContext.close();

  // Every step's message went to the requester's number: operators see them in the outbox.
  const operatorContext = await browser.newContext();
  const operator = await operatorContext.newPage();
  await operator.goto("/admin/signin");
  await signIn(operator, "operator@caredesk.test", demoPassword);
  await expect(operator.getByRole("heading", { level: 1, name: "Organizations" })).toBeVisible();
  await expect
    .poll(
      async () => {
        const outbox = await api<{ items: OutboxRow[] }>(
          operator,
          "admin.outbox",
          { limit: 100 },
          { query: true },
        );
        return outbox.items.filter(
          (m) =>
            m.kind === "ambulance_status" &&
            m.channel === "sms" &&
            m.recipient === phone.masked &&
            m.organizationName === "Nile Valley General Hospital",
        ).length;
      },
      { timeout: 15_000, message: "a status message to the requester for each step" },
    )
    // Received, dispatched, on its way, arrived, completed.
    .toBe(5);
  await operatorContext.close();
});
