// Shared steps for the E2E specs.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page } from "@playwright/test";
import { mobile } from "./fixtures";

export interface Account {
  name: string;
  email: string;
  password: string;
}

/** An account nobody else in this run uses. */
export function newAccount(label: string): Account {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    name: `${label} ${suffix}`,
    email: `${label.toLowerCase().replace(/\W+/g, ".")}.${suffix}@example.test`,
    password: "correct-horse-battery",
  };
}

export const demoPassword = "caredesk-demo-2026";

/** Kept next to Playwright's own screenshots as artifacts of the run. */
export async function shot(page: Page, name: string, { fullPage = true } = {}) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage });
}

/**
 * Creates the account and signs in with it. Sign-up itself answers "check your email" and
 * opens no session; the address stays unconfirmed, which the workspace allows.
 */
export async function signUp(page: Page, account: Account) {
  await page.goto("/signup");
  await page.getByLabel("Full name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.getByRole("link", { name: "Go to sign in" }).click();
  await signIn(page, account.email, account.password);
  await expect(page).toHaveURL(/\/app$/);
}

export async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** As a signed-in user without one: creates a practice and returns its name. */
export async function createOrganization(
  page: Page,
  label: string,
  currency = "EUR",
): Promise<string> {
  await page.goto("/app/organizations/new");
  const name = `${label} ${Date.now().toString(36)}`;
  await page.getByLabel("Practice name").fill(name);
  await page.getByRole("radio", { name: "Clinic" }).check();
  await page.getByLabel("Currency").selectOption(currency);
  await page.getByRole("button", { name: "Create organization" }).click();
  // On into the website's set-up wizard, which the specs leave for their own screens.
  await expect(page).toHaveURL(/\/app\/website$/);
  return name;
}

/** Main navigation link by its visible name. */
export function navLink(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
}

/** Calls a tRPC procedure with the page's cookies (superjson wire format). */
export async function api<T>(
  page: Page,
  path: string,
  input: unknown,
  { organizationId, query = false }: { organizationId?: string; query?: boolean } = {},
): Promise<T> {
  // Same-origin like the app itself: the server refuses cross-site writes.
  const headers: Record<string, string> = { origin: new URL(page.url()).origin };
  if (organizationId) headers["x-organization-id"] = organizationId;
  const response = query
    ? await page.request.get(
        `/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
        { headers },
      )
    : await page.request.post(`/trpc/${path}`, { data: { json: input }, headers });
  const body = (await response.json()) as { result?: { data?: { json?: T } }; error?: unknown };
  if (!response.ok() || !body.result?.data) {
    throw new Error(`${path} failed: ${response.status()} ${JSON.stringify(body.error)}`);
  }
  return body.result.data.json as T;
}

/**
 * Runs axe-core on the page as it is now and fails on any violation of impact "serious" or
 * "critical", naming each rule and the first elements it found.
 */
export async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 5)
          .map((n) => n.target.join(" "))
          .join(", ")}`,
    );
  expect(serious, "serious or critical accessibility violations").toEqual([]);
}

/**
 * A visitor asks for an appointment on a practice's public page (its first service, the first
 * free time next week) in a browser context of their own, and leaves.
 */
export async function requestAppointmentAsVisitor(
  browser: Browser,
  practiceSlug: string,
  visitor: { firstName: string; lastName: string },
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/p/${practiceSlug}`);
  await page.getByLabel("Service", { exact: true }).selectOption({ index: 1 });
  await page.getByRole("button", { name: /Next week/ }).click();
  const times = page.getByRole("group", { name: "Free times" });
  await expect(times.getByRole("button").first()).toBeVisible();
  await times.getByRole("button").first().click();
  const details = page.getByRole("form", { name: "Your details" });
  await details.getByLabel("First name").fill(visitor.firstName);
  await details.getByLabel("Last name").fill(visitor.lastName);
  await details.getByLabel("Mobile number").fill(mobile());
  await details.getByRole("button", { name: "Request this appointment" }).click();
  await expect(page.getByTestId("public-booked")).toBeVisible();
  await context.close();
}

/**
 * A practice's public site goes live (published, paid plan, reviews and portal on), as the
 * wizard and a plan payment would leave it: done on the test database by the E2E launcher
 * (start-server.mjs). By the practice's id or its slug.
 */
export async function openSite(page: Page, practice: string | { slug: string }) {
  const port = process.env.MAIL_HTTP_PORT ?? "3101";
  const response = await page.request.post(`http://127.0.0.1:${port}/site/open`, {
    data: typeof practice === "string" ? { organizationId: practice } : practice,
  });
  expect(response.status(), await response.text()).toBe(200);
}
