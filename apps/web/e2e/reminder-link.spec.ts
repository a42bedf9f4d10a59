// A reminder's round trip: the front desk sends it from the calendar, the patient confirms from
// the emailed link without signing in, and the calendar left open shows the ✓ at once.
import { expect, test } from "@playwright/test";
import { waitForMail, type CaughtMail } from "./mail";
import { api, demoPassword, expectNoSeriousA11yViolations, shot, signIn } from "./support";

const practice = "demo-hospital";

/** The URL an email's plain text gives after `label: ` (e.g. "Confirm I will come"). */
function actionUrl(mail: CaughtMail, label: string): string {
  const line = mail.text.split("\n").find((l) => l.startsWith(`${label}: `));
  if (!line) throw new Error(`no "${label}" link in "${mail.subject}"`);
  return line.slice(label.length + 2).trim();
}

test("staff send a reminder, the patient confirms from the email, the calendar shows ✓ live", async ({
  page: staff,
  browser,
}) => {
  await staff.goto("/signin");
  await signIn(staff, `owner@${practice}.test`, demoPassword);
  await expect(staff).toHaveURL(/\/app$/);

  // A patient with an email and a confirmed appointment in the coming days, made as the front
  // desk would (the journey of booking itself is other specs' to prove).
  const me = await api<{ organizations: { id: string; slug: string; timeZone: string }[] }>(
    staff,
    "auth.me",
    undefined,
    { query: true },
  );
  const org = me.organizations.find((o) => o.slug === practice);
  if (!org) throw new Error("the demo owner is not in the demo hospital");
  const as = { organizationId: org.id };
  const suffix = Date.now().toString(36);
  const lastName = `Reminder${suffix}`;
  const email = `reminder.${suffix}@example.test`;
  const patient = await api<{ id: string }>(
    staff,
    "patient.create",
    {
      firstName: "Huda",
      lastName,
      mobile: `+2010${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
      email,
    },
    as,
  );
  const services = await api<{ items: { id: string; name: string }[] }>(
    staff,
    "service.list",
    { limit: 20 },
    { ...as, query: true },
  );
  const inDays = (days: number) =>
    new Intl.DateTimeFormat("en-CA", { timeZone: org.timeZone }).format(
      new Date(Date.now() + days * 86_400_000),
    );
  let booked: { start: string; serviceName: string } | null = null;
  for (const service of services.items) {
    const { slots } = await api<{ slots: { start: string }[] }>(
      staff,
      "availability.search",
      { serviceId: service.id, fromDate: inDays(1), days: 7, limit: 5 },
      { ...as, query: true },
    );
    const slot = slots.at(-1);
    if (!slot) continue;
    await api(
      staff,
      "appointment.book",
      {
        serviceId: service.id,
        patientId: patient.id,
        start: slot.start,
        idempotencyKey: `reminder-e2e-${suffix}`,
      },
      as,
    );
    booked = { start: slot.start, serviceName: service.name };
    break;
  }
  if (!booked) throw new Error("no free time in the demo hospital this week");
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: org.timeZone }).format(
    new Date(booked.start),
  );

  // The calendar on that day; the appointment's dialog sends the reminder.
  await staff.goto(`/app/calendar?date=${date}&view=day`);
  const block = staff.getByTestId("appointment-block").filter({ hasText: lastName }).first();
  await expect(block).toBeVisible();
  await expect(block).not.toHaveAccessibleName(/Patient confirmed/);
  await block.click();
  const dialog = staff.getByRole("dialog");
  await expect(dialog.getByTestId("appointment-status")).toHaveText("Confirmed");
  await dialog.getByRole("button", { name: "Send reminder" }).click();
  await expect(dialog.getByText("Reminder sent by email")).toBeVisible();
  await shot(staff, "reminder-sent", { fullPage: false });
  await dialog.getByRole("button", { name: "Close" }).last().click();
  await expect(dialog).toHaveCount(0);

  // The patient, signed in nowhere, opens the email's confirm link in a browser of their own.
  const mail = await waitForMail(email, `Reminder: ${booked.serviceName}`);
  const confirmLink = actionUrl(mail, "Confirm I will come");
  expect(new URL(confirmLink).pathname).toBe("/appointment-link");
  const patientContext = await browser.newContext();
  const patientPage = await patientContext.newPage();
  await patientPage.goto(confirmLink);
  await expect(
    patientPage.getByRole("heading", { level: 1, name: "Will you come to your appointment?" }),
  ).toBeVisible();
  const details = patientPage.getByTestId("link-appointment");
  await expect(details).toContainText("Nile Valley General Hospital");
  await expect(details).toContainText(booked.serviceName);
  await expect(details).toContainText(`Times in ${org.timeZone}`);
  await expectNoSeriousA11yViolations(patientPage);
  await shot(patientPage, "reminder-link-confirm");

  await patientPage.getByRole("button", { name: "Yes, I will come" }).click();
  const done = patientPage.getByTestId("link-confirmed");
  await expect(done).toContainText("Thank you — the practice knows you are coming");
  await expect(done).toBeFocused();
  await expectNoSeriousA11yViolations(patientPage);

  // A used link says so, and changes nothing.
  await patientPage.reload();
  await expect(
    patientPage.getByRole("heading", { level: 1, name: "This link cannot be used" }),
  ).toBeVisible();

  // The same email's last link stops the practice's messages.
  await patientPage.goto(actionUrl(mail, "Stop these messages"));
  await patientPage.getByRole("button", { name: "Stop emails and text messages" }).click();
  await expect(patientPage.getByTestId("unsubscribed")).toContainText(
    "You will get no more emails or text messages",
  );
  await patientContext.close();

  // The staff page, never reloaded, shows the ✓ as the confirmation arrives.
  await expect(block).toHaveAccessibleName(/Patient confirmed/, { timeout: 15_000 });
  await block.click();
  await expect(dialog.getByText("Patient confirmed")).toBeVisible();
  await shot(staff, "reminder-patient-confirmed", { fullPage: false });
});
