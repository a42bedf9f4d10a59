// A medical-history form's round trip: staff send it by email, the patient fills it on a phone
// from the emailed link (date of birth, answers with a follow-up, a drawn signature), and staff
// see the submission, its alert on the patient's header and the PDF, whose SHA-256 is the one
// stored.
import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { linkIn, waitForMail } from "./mail";
import { api, demoPassword, shot, signIn } from "./support";

const practice = "demo-hospital";

test("staff send a form, the patient signs it on a phone, staff see it, its alert and its PDF", async ({
  page: staff,
  browser,
}) => {
  await staff.goto("/signin");
  await signIn(staff, `owner@${practice}.test`, demoPassword);
  await expect(staff).toHaveURL(/\/app$/);
  const me = await api<{ organizations: { id: string; slug: string }[] }>(
    staff,
    "auth.me",
    undefined,
    { query: true },
  );
  const org = me.organizations.find((o) => o.slug === practice);
  if (!org) throw new Error("the demo owner is not in the demo hospital");
  const as = { organizationId: org.id };
  const suffix = Date.now().toString(36);
  const email = `history.${suffix}@example.test`;
  const patient = await api<{ id: string }>(
    staff,
    "patient.create",
    {
      firstName: "Salma",
      lastName: `History${suffix}`,
      mobile: `+2010${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
      email,
      dateOfBirth: "1985-04-23",
    },
    as,
  );
  // The form is seeded through the API; the builder is a screen of its own.
  const title = `Medical history ${suffix}`;
  await api(
    staff,
    "questionnaire.create",
    {
      title,
      questions: [
        {
          key: "allergy",
          type: "yes_no",
          label: "Are you allergic to any medicine?",
          required: true,
          alert: { label: "Allergy", when: ["yes"] },
        },
        {
          key: "which",
          type: "text",
          label: "Which?",
          required: true,
          showIf: { questionKey: "allergy", equals: "yes" },
        },
      ],
    },
    as,
  );

  // Staff send it by email from the patient's forms tab.
  await staff.goto(`/app/patients/${patient.id}/forms`);
  await staff.getByLabel("Form", { exact: true }).selectOption({ label: title });
  await staff.getByLabel("Send by").selectOption("email");
  await staff.getByRole("button", { name: "Send", exact: true }).click();
  await expect(staff.getByText("Sent. The patient receives a link")).toBeVisible();

  // The patient, on a phone, without an account.
  const mail = await waitForMail(email, title);
  const link = linkIn(mail, "/form");
  const phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const phone = await phoneContext.newPage();
  await phone.goto(link);
  await expect(phone.getByRole("heading", { name: title })).toBeVisible();
  await phone.getByLabel("Your date of birth").fill("1985-04-23");
  await phone.getByRole("button", { name: "Continue" }).click();
  await expect(phone.getByText("Are you allergic to any medicine?")).toBeVisible();
  await expect(phone.getByLabel("Which?")).toHaveCount(0);
  await phone.getByRole("radio", { name: "Yes" }).check();
  await phone.getByLabel("Which?").fill("Penicillin");
  const pad = phone.getByTestId("signature-pad");
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error("no signature pad");
  await phone.mouse.move(box.x + 30, box.y + box.height / 2);
  await phone.mouse.down();
  for (let step = 1; step <= 12; step++) {
    await phone.mouse.move(box.x + 30 + step * 20, box.y + box.height / 2 + (step % 2 ? -25 : 25), {
      steps: 3,
    });
  }
  await phone.mouse.up();
  await shot(phone, "medical-history-form-phone");
  await phone.getByRole("button", { name: "Sign and send" }).click();
  await expect(phone.getByTestId("form-submitted")).toBeVisible();
  await phoneContext.close();

  // Staff see the submission, the alert on the header, and the PDF with its SHA-256.
  await staff.reload();
  await expect(staff.getByTestId("patient-alerts")).toContainText("Allergy: Penicillin");
  const requests = staff.getByTestId("form-requests");
  await expect(requests).toContainText("Signed");
  const submissions = staff.getByTestId("form-submissions");
  await expect(submissions).toContainText(title);
  await submissions.getByRole("button", { name: "Show" }).click();
  const submission = staff.getByTestId("form-submission");
  await expect(submission).toContainText("Penicillin");
  const shown = (await staff.getByTestId("pdf-sha256").textContent())?.trim() ?? "";
  expect(shown).toMatch(/^[0-9a-f]{64}$/);
  const href = await staff.getByTestId("download-pdf").getAttribute("href");
  if (!href) throw new Error("no PDF link");
  const response = await staff.request.get(href);
  expect(response.ok()).toBe(true);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  const bytes = await response.body();
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(shown);
  await shot(staff, "medical-history-form-staff");
});

test("staff build a form with a follow-up, reorder it, and publish a second version", async ({
  page,
}) => {
  await page.goto("/signin");
  await signIn(page, `owner@${practice}.test`, demoPassword);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/app/forms");
  await page.getByRole("link", { name: "New form" }).first().click();
  const title = `Intake ${Date.now().toString(36)}`;
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Add a question" }).click();
  await page.getByRole("button", { name: "Add a question" }).click();
  const questions = page.getByTestId("form-questions").getByRole("listitem");
  await questions.nth(0).getByLabel("Question", { exact: true }).fill("Are you pregnant?");
  await questions.nth(0).getByLabel("Alert label (optional)").fill("Pregnancy");
  await questions.nth(1).getByLabel("Type").selectOption("text");
  await questions.nth(1).getByLabel("Question", { exact: true }).fill("Which week?");
  await questions.nth(1).getByLabel("Show").selectOption({ label: "Are you pregnant?" });
  await questions.nth(1).getByLabel("Only when the answer is").selectOption("yes");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByText("Version 1").first()).toBeVisible();

  // A third question, moved to the top with the keyboard-reachable buttons, publishes v2.
  await page.getByRole("button", { name: "Add a question" }).click();
  await questions.nth(2).getByLabel("Question", { exact: true }).fill("Your GP's name");
  await questions.nth(2).getByLabel("Type").selectOption("text");
  await page.getByRole("button", { name: "Move question 3 up" }).click();
  await page.getByRole("button", { name: "Move question 2 up" }).click();
  await expect(questions.nth(0).getByLabel("Question", { exact: true })).toHaveValue(
    "Your GP's name",
  );
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("heading", { name: "Version history" })).toBeVisible();
  await expect(page.getByText(`Version 2 — ${title}`)).toBeVisible();
  await expect(page.getByText(`Version 1 — ${title}`)).toBeVisible();
  await shot(page, "medical-history-form-builder");
});
