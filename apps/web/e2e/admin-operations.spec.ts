// An operator suspends a practice (its site goes offline, its staff see why), restores it, and
// finds both changes in the practice's history. The practice is made by the test: no other
// spec uses it.
import { expect, test } from "@playwright/test";
import {
  api,
  createOrganization,
  demoPassword,
  newAccount,
  openSite,
  shot,
  signIn,
  signUp,
} from "./support";

test("an operator suspends a practice and restores it", async ({ browser, page }) => {
  // A practice of its own, with its site live.
  const owner = newAccount("Suspended Owner");
  await signUp(page, owner);
  const name = await createOrganization(page, "Harbour Clinic");
  const me = await api<{ organizations: { id: string; slug: string; name: string }[] }>(
    page,
    "auth.me",
    undefined,
    { query: true },
  );
  const practice = me.organizations.find((o) => o.name === name);
  if (!practice) throw new Error("the new practice is not in auth.me");
  await openSite(page, practice.id);

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  expect((await visitor.goto(`/p/${practice.slug}`))?.status()).toBe(200);
  await expect(visitor.getByRole("heading", { level: 1, name })).toBeVisible();

  // The operator finds it by search and opens it.
  const operatorContext = await browser.newContext();
  const operator = await operatorContext.newPage();
  await operator.goto("/admin/signin");
  await signIn(operator, "operator@caredesk.test", demoPassword);
  await expect(operator.getByRole("heading", { level: 1, name: "Organizations" })).toBeVisible();
  await operator.getByLabel("Search organizations").fill(name);
  const table = operator.getByRole("table", { name: "Organizations" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await table.getByRole("link", { name }).click();
  await expect(operator.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(operator.getByTestId("suspension-state")).toHaveText("The practice is active.");
  await shot(operator, "admin-ops-01-practice");

  // Suspending asks for a reason first.
  await operator.getByRole("button", { name: "Suspend practice" }).click();
  const dialog = operator.getByRole("dialog", { name: `Suspend ${name}?` });
  await dialog.getByRole("button", { name: "Suspend", exact: true }).click();
  await expect(dialog.getByText("Say why the practice is suspended")).toBeVisible();
  const reason = "Unpaid platform invoices since March";
  await dialog.getByLabel("Reason (shown to the practice)").fill(reason);
  await shot(operator, "admin-ops-02-suspend-dialog");
  await dialog.getByRole("button", { name: "Suspend", exact: true }).click();
  await expect(operator.getByTestId("suspension-state")).toContainText("Suspended");
  await expect(operator.getByTestId("suspension-state")).toContainText(`Reason: ${reason}`);
  await shot(operator, "admin-ops-03-suspended");

  // Its site is offline.
  expect((await visitor.goto(`/p/${practice.slug}`))?.status()).toBe(404);
  await shot(visitor, "admin-ops-04-site-offline");

  // Its staff, signing in, see why instead of the workspace.
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await staff.goto("/signin");
  await signIn(staff, owner.email, owner.password);
  const notice = staff.getByTestId("suspended-notice");
  await expect(notice).toBeVisible();
  await expect(
    notice.getByRole("heading", { level: 1, name: "This practice is suspended" }),
  ).toBeVisible();
  await expect(notice).toContainText(`Reason: ${reason}`);
  await expect(notice).toContainText("contact Caredesk support");
  await shot(staff, "admin-ops-05-staff-notice");

  // The operator restores it: the site is back, and the staff's workspace too.
  await operator.getByRole("button", { name: "Restore practice" }).click();
  await operator
    .getByRole("dialog", { name: `Restore ${name}?` })
    .getByRole("button", { name: "Restore" })
    .click();
  await expect(operator.getByTestId("suspension-state")).toHaveText("The practice is active.");
  expect((await visitor.goto(`/p/${practice.slug}`))?.status()).toBe(200);
  await expect(visitor.getByRole("heading", { level: 1, name })).toBeVisible();
  await staff.reload();
  await expect(staff.getByTestId("suspended-notice")).toHaveCount(0);

  // The practice's history shows both changes, newest first.
  const history = operator.getByTestId("history-entry");
  await expect(history.nth(0)).toContainText("admin.restoreOrganization");
  await expect(history.nth(1)).toContainText("admin.suspendOrganization");
  await expect(history.nth(1)).toContainText(reason);
  await shot(operator, "admin-ops-06-history");

  await Promise.all([visitorContext.close(), operatorContext.close(), staffContext.close()]);
});

test("an operator reads the platform's pages and signs a user out everywhere", async ({
  browser,
  page,
}) => {
  // Someone signed in elsewhere.
  const personContext = await browser.newContext();
  const person = await personContext.newPage();
  const account = newAccount("Signed Out");
  await signUp(person, account);

  await page.goto("/admin/signin");
  await signIn(page, "operator@caredesk.test", demoPassword);
  await expect(page.getByRole("heading", { level: 1, name: "Organizations" })).toBeVisible();

  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const charts = page.getByTestId("platform-charts");
  await expect(charts.getByRole("heading", { name: "Sign-ups" })).toBeVisible();
  await expect(charts.getByRole("heading", { name: "Bookings" })).toBeVisible();
  await expect(charts.locator(".recharts-surface").first()).toBeVisible();
  await shot(page, "admin-ops-07-overview");

  await page.getByRole("link", { name: "Jobs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Jobs" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Jobs, newest first" })).toBeVisible();
  await shot(page, "admin-ops-08-jobs");

  await page.getByRole("link", { name: "Reviews" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reviews" })).toBeVisible();
  await expect(page.getByLabel("Status")).toHaveValue("pending");
  await shot(page, "admin-ops-09-reviews");

  await page.getByRole("link", { name: "Payments" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Plan payments" })).toBeVisible();
  await shot(page, "admin-ops-10-payments");

  await page.getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Search users").fill(account.email);
  const users = page.getByRole("table", { name: "Users" });
  await expect(users.getByRole("row")).toHaveCount(2);
  await users.getByRole("link", { name: account.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: account.name })).toBeVisible();
  await expect(page.getByText("Not confirmed")).toBeVisible();
  await expect(page.getByTestId("session-count")).toHaveText("1 live session");
  await shot(page, "admin-ops-11-user");

  await page.getByRole("button", { name: "End all sessions" }).click();
  await page
    .getByRole("dialog", { name: `Sign ${account.name} out everywhere?` })
    .getByRole("button", { name: "End all sessions" })
    .click();
  await expect(page.getByText("1 session ended.")).toBeVisible();
  await expect(page.getByTestId("session-count")).toHaveText("0 live sessions");

  // Their browser is signed out.
  await person.reload();
  await expect(person).toHaveURL(/\/signin/);
  await personContext.close();
});
