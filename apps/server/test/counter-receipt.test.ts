// A counter sale's receipt PDF over HTTP: an attachment named after the sale for the practice's
// staff; another practice's session or a malformed address gets "not found".
import { callerFor, createPractice, signUp, createOrganization } from "@caredesk/api/testing";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildServer } from "../src/app";
import { loadEnv } from "../src/env";
import { appOrigin, sessionCookieName } from "./server";

let database: TestDatabase;
let app: FastifyInstance;
let practice: Awaited<ReturnType<typeof createPractice>>;
let saleId: string;
let saleNumber: number;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  const env = loadEnv({
    NODE_ENV: "test",
    APP_ORIGIN: appOrigin,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
  });
  app = await buildServer({ env, database, logger: false });
  practice = await createPractice(database.db);
  const owner = await callerFor(database.db, {
    token: practice.owner.token,
    organizationId: practice.organization.id,
  });
  const product = await owner.product.create({
    sku: "RCPT-1",
    name: "Saline drops",
    priceMinor: 420,
  });
  const expires = new Date();
  expires.setUTCFullYear(expires.getUTCFullYear() + 1);
  await owner.stock.receive({
    supplier: "Wholesale Ltd",
    receivedOn: new Date().toISOString().slice(0, 10),
    lots: [
      {
        productId: product.id,
        batchNumber: "R-1",
        expiresOn: expires.toISOString().slice(0, 10),
        quantity: 5,
      },
    ],
  });
  const sale = await owner.counter.sell({
    items: [{ productId: product.id, quantity: 1, discountMinor: 0 }],
    method: "card_terminal",
    idempotencyKey: "receipt-route-sale",
  });
  saleId = sale.id;
  saleNumber = sale.number;
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

function get(token: string | null, url: string) {
  return app.inject({
    method: "GET",
    url,
    headers: token ? { cookie: `${sessionCookieName}=${token}` } : {},
  });
}

describe("GET /files/:organizationId/counter/receipt/:id.pdf", () => {
  it("streams the receipt as an attachment to the practice's staff", async () => {
    const res = await get(
      practice.staff.token,
      `/files/${practice.organization.id}/counter/receipt/${saleId}.pdf`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toContain(`receipt-${saleNumber}.pdf`);
    expect(res.headers["content-disposition"]).toMatch(/^attachment/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("is not found for another practice or a bad address; a patient member is refused", async () => {
    const stranger = await signUp(database.db, { name: "Someone Else" });
    await createOrganization(database.db, stranger);
    const url = `/files/${practice.organization.id}/counter/receipt/${saleId}.pdf`;
    expect((await get(stranger.token, url)).statusCode).toBe(404);
    // A member of the practice without the permission is refused, not misled.
    expect((await get(practice.patient.token, url)).statusCode).toBe(403);
    expect((await get(null, url)).statusCode).toBe(401);
    const base = `/files/${practice.organization.id}/counter/receipt`;
    expect((await get(practice.staff.token, `${base}/${saleId}`)).statusCode).toBe(404);
    expect((await get(practice.staff.token, `${base}/not-an-id.pdf`)).statusCode).toBe(404);
  });
});
