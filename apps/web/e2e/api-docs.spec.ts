// The REST API for mobile apps and partners: its interactive docs render in the browser under
// the server's Content-Security-Policy, and a device's bearer token books through /api/v1 until
// its owner revokes that device on the account page.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { demoPassword, shot, signIn } from "./support";

test("the API docs render the operations of the OpenAPI document", async ({ page }) => {
  const refused: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") refused.push(message.text());
  });
  await page.goto("/api/docs");

  await expect(page.getByRole("heading", { name: /Caredesk API/ })).toBeVisible();
  const tokenOperation = page.locator(".opblock-post", {
    has: page.locator('[data-path="/api/v1/auth/token"]'),
  });
  await expect(tokenOperation).toBeVisible();
  await expect(tokenOperation).toContainText("Sign a device in for a bearer token");
  await expect(page.locator('[data-path="/api/v1/appointments"]').first()).toBeVisible();
  // Nothing was blocked by the Content-Security-Policy (no inline script is needed).
  expect(refused.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
  await shot(page, "40-api-docs");
});

interface Slot {
  start: string;
  end: string;
}

/** Books the first of the service's free slots that the patient can take, through REST. */
async function bookFirstFree(
  request: APIRequestContext,
  headers: Record<string, string>,
  serviceId: string,
  patientId: string,
) {
  const availability = await request.get("/api/v1/availability", {
    headers,
    params: { serviceId, days: 14, limit: 40 },
  });
  expect(availability.status()).toBe(200);
  const { slots } = (await availability.json()) as { slots: Slot[] };
  for (const slot of slots) {
    const booked = await request.post("/api/v1/appointments", {
      headers,
      data: {
        serviceId,
        patientId,
        start: slot.start,
        idempotencyKey: `e2e-api-${Date.now().toString(36)}-${slot.start.replace(/\W/g, "")}`,
      },
    });
    // The patient may already be booked at that time: the next slot then.
    if (booked.status() === 409) continue;
    expect(booked.status()).toBe(200);
    return { slot, appointment: (await booked.json()) as { id: string } };
  }
  throw new Error("no slot could be booked");
}

test("a bearer token books through /api/v1 until its device is revoked in the web app", async ({
  page,
  request,
}) => {
  const email = "staff@demo-dental.test";
  const deviceName = `Front desk tablet ${Date.now().toString(36)}`;

  // The device signs in for a token (no Origin, no cookie: as a phone app would).
  const issued = await request.post("/api/v1/auth/token", {
    data: { email, password: demoPassword, deviceName },
  });
  expect(issued.status()).toBe(200);
  const { token } = (await issued.json()) as { token: string };
  expect(issued.headers()["set-cookie"]).toBeUndefined();

  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  const { organizations } = (await me.json()) as { organizations: { id: string }[] };
  const organizationId = organizations[0]?.id ?? "";
  const headers = { authorization: `Bearer ${token}`, "x-organization-id": organizationId };

  const catalog = await request.get("/api/v1/catalog", { headers });
  const { services } = (await catalog.json()) as { services: { id: string }[] };
  const patients = await request.get("/api/v1/patients", { headers, params: { limit: 1 } });
  const { items } = (await patients.json()) as { items: { id: string }[] };
  const { slot, appointment } = await bookFirstFree(
    request,
    headers,
    services[0]?.id ?? "",
    items[0]?.id ?? "",
  );

  const listed = await request.get("/api/v1/appointments", {
    headers,
    params: { from: slot.start, to: slot.end },
  });
  expect(listed.status()).toBe(200);
  const calendar = (await listed.json()) as { id: string }[];
  expect(calendar.map((a) => a.id)).toContain(appointment.id);

  // The same person, in the browser, revokes that device from the account page.
  await page.goto("/signin");
  await signIn(page, email, demoPassword);
  await expect(page).toHaveURL(/\/app$/);
  await page.getByRole("link", { name: "Account" }).click();
  const sessions = page.getByRole("table", { name: "Your active sessions" });
  await expect(sessions.getByText(deviceName)).toBeVisible();
  await shot(page, "41-account-devices");
  await page.getByRole("button", { name: `Revoke session on ${deviceName}` }).click();
  await expect(page.getByText("The session was revoked.")).toBeVisible();
  await expect(sessions.getByText(deviceName)).toHaveCount(0);

  const after = await request.get("/api/v1/appointments", {
    headers,
    params: { from: slot.start, to: slot.end },
  });
  expect(after.status()).toBe(401);
  expect(await after.json()).toMatchObject({ code: "UNAUTHORIZED" });
});
