// The practice assistant in the browser. A visitor on the demo hospital's site asks for its
// cardiology doctors and a free time on a weekday, and books through the offered button (the
// booking widget opens with that service, doctor and time chosen). A patient in the portal asks
// for a free time, books it after confirming, then asks for their next appointment and is told
// their own appointments — exactly the ones the portal lists for them, no one else's.
import { expect, test, type Page } from "@playwright/test";
import { mobile } from "./fixtures";
import { api, demoPassword, expectNoSeriousA11yViolations, shot, signIn } from "./support";

/** A weekday (Monday–Thursday) at least two days ahead, named in English. */
function comingWeekday(): string {
  const day = new Date(Date.now() + 2 * 86_400_000);
  while ([0, 5, 6].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
  return new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone: "UTC" }).format(day);
}

async function askOnSite(page: Page, question: string) {
  const panel = page.getByTestId("assistant-panel");
  const before = await panel.getByTestId("assistant-reply").count();
  await panel.getByTestId("assistant-input").fill(question);
  await panel.getByTestId("assistant-input").press("Enter");
  const reply = panel.getByTestId("assistant-reply").nth(before);
  await expect(reply).toBeVisible();
  return reply;
}

test("a visitor asks the hospital's assistant for cardiologists and a free time, and books it", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/p/demo-hospital");
  const bubble = page.getByTestId("assistant-bubble");
  await expect(bubble).toBeVisible();
  await bubble.click();
  const panel = page.getByTestId("assistant-panel");
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId("assistant-input")).toBeFocused();
  await expectNoSeriousA11yViolations(page);

  const doctors = await askOnSite(page, "Who are your cardiology doctors?");
  await expect(doctors).toContainText("Cardiology");
  // Each doctor named links to their page on the site: the answer's sources.
  const sources = doctors.getByRole("link");
  await expect(sources.first()).toHaveAttribute("href", /\/p\/demo-hospital(\/doctors\/|#doctors)/);

  const weekday = comingWeekday();
  const times = await askOnSite(page, `Is there a free time on ${weekday}?`);
  await expect(times).toContainText(weekday);
  const slot = times.getByTestId("assistant-slot").first();
  await expect(slot).toBeVisible();
  const label = (await slot.innerText()).trim();
  await shot(page, "assistant-site-free-times");
  await slot.click();

  // The booking widget opens with the service, the doctor and that time chosen.
  const chosen = page.getByTestId("public-chosen-time");
  await expect(chosen).toBeVisible();
  await expect(chosen).toContainText(label);
  await expect(chosen).toContainText(weekday.slice(0, 3));
  const details = page.getByRole("form", { name: "Your details" });
  await details.getByLabel("First name").fill("Laila");
  await details.getByLabel("Last name").fill(`Assistant ${Date.now().toString(36)}`);
  await details.getByLabel("Mobile number").fill(mobile());
  await details.getByRole("button", { name: "Request this appointment" }).click();
  await expect(page.getByTestId("public-booked")).toBeVisible();
  await shot(page, "assistant-site-booked");
  await context.close();
});

test("a patient books in the portal chat and is told only their own appointments", async ({
  browser,
}) => {
  // Reduced motion: answers appear whole at once, so the lines counted below are all there
  // (the word-by-word reveal could still be under way when they are read).
  const context = await browser.newContext({ reducedMotion: "reduce" });
  const page = await context.newPage();
  await page.goto("/signin");
  await signIn(page, "patient@demo-hospital.test", demoPassword);
  await expect(page).toHaveURL(/\/portal/);
  await page.getByTestId("assistant-bubble").click();
  const panel = page.getByTestId("assistant-panel");
  await expect(panel).toBeVisible();
  const input = panel.getByRole("textbox", { name: "Your question" });

  async function ask(question: string) {
    const before = await panel.getByTestId("assistant-answer").count();
    await input.fill(question);
    await input.press("Enter");
    const answer = panel.getByTestId("assistant-answer").nth(before);
    await expect(answer).toBeVisible();
    return answer;
  }

  const weekday = comingWeekday();
  const times = await ask(`Is there a free time for a cardiology consultation on ${weekday}?`);
  const slot = times
    .getByRole("button")
    .filter({ hasText: /^\d\d:\d\d/ })
    .first();
  await expect(slot).toBeVisible();
  await slot.click();
  const booking = panel.getByTestId("assistant-booking");
  await expect(booking).toBeVisible();
  await booking.getByRole("button", { name: "Confirm" }).click();
  await expect(booking).toContainText(/Booked for|Requested for/);

  const answer = await ask("When is my next appointment?");
  await expect(answer).toContainText("Cardiology consultation");
  await shot(page, "assistant-portal-own-appointments");

  // Exactly the patient's own upcoming appointments, as the portal itself lists them.
  const organizations = await api<{ id: string; slug: string }[]>(
    page,
    "organization.listMine",
    undefined,
    { query: true },
  );
  const hospital = organizations.find((o) => o.slug === "demo-hospital");
  if (!hospital) throw new Error("the patient is not a patient of the demo hospital");
  const mine = await api<{ startsAt: string; status: string }[]>(
    page,
    "appointment.mine",
    undefined,
    {
      organizationId: hospital.id,
      query: true,
    },
  );
  const upcoming = mine.filter(
    (a) => new Date(a.startsAt) > new Date() && ["pending", "confirmed"].includes(a.status),
  );
  const lines = (await answer.innerText()).split("\n").filter((l) => l.trim().startsWith("•"));
  expect(lines.length).toBe(Math.min(5, upcoming.length));
  await context.close();
});
