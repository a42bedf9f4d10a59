// The practice's logo over HTTP: uploaded as a "logo" (images up to 2 MB), shown to every
// member (the portal's patients too) and, for email clients, at a public cacheable address.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { callerFor, createPractice } from "@caredesk/api/testing";
import type { Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildServer } from "../src/app";
import { loadEnv } from "../src/env";
import { LocalStorage } from "../src/files/storage";
import { appOrigin, sessionCookieName } from "./server";

let database: TestDatabase;
let db: Database;
let app: FastifyInstance;
let filesDir: string;
let practice: Awaited<ReturnType<typeof createPractice>>;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  filesDir = await mkdtemp(join(tmpdir(), "caredesk-logo-"));
  const env = loadEnv({
    NODE_ENV: "test",
    APP_ORIGIN: appOrigin,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
  });
  app = await buildServer({ env, database, logger: false, storage: new LocalStorage(filesDir) });
  practice = await createPractice(db);
});
afterAll(async () => {
  await app.close();
  await database.drop();
  await rm(filesDir, { recursive: true, force: true });
});

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  randomBytes(64),
]);
const pdf = Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");

function uploadLogo(token: string, content: Buffer, filename = "logo.png") {
  const boundary = `----caredesk${randomBytes(8).toString("hex")}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return app.inject({
    method: "POST",
    url: `/files/${practice.organization.id}?purpose=logo`,
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      origin: appOrigin,
      cookie: `${sessionCookieName}=${token}`,
    },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

describe("the practice logo", () => {
  it("is uploaded as an image, shown to members and patients, and public for emails", async () => {
    const uploaded = await uploadLogo(practice.owner.token, png);
    expect(uploaded.statusCode).toBe(201);
    const logo = uploaded.json<{ id: string }>();
    const owner = await callerFor(db, {
      token: practice.owner.token,
      organizationId: practice.organization.id,
    });
    await owner.organization.setLogo({ fileId: logo.id });

    const asPatient = await app.inject({
      method: "GET",
      url: `/files/${practice.organization.id}/${logo.id}?inline=1`,
      headers: { cookie: `${sessionCookieName}=${practice.patient.token}` },
    });
    expect(asPatient.statusCode).toBe(200);
    expect(asPatient.rawPayload.equals(png)).toBe(true);

    const publicUrl = `/files/logo/${practice.organization.slug}/${logo.id}`;
    const forEmail = await app.inject({ method: "GET", url: publicUrl });
    expect(forEmail.statusCode).toBe(200);
    expect(forEmail.rawPayload.equals(png)).toBe(true);
    expect(forEmail.headers["content-type"]).toBe("image/png");
    expect(forEmail.headers["cache-control"]).toBe("public, max-age=86400");

    await owner.organization.setLogo({ fileId: null });
    expect((await app.inject({ method: "GET", url: publicUrl })).statusCode).toBe(404);
  });

  it("refuses a logo that is not an image", async () => {
    const refused = await uploadLogo(practice.owner.token, pdf, "logo.pdf");

    expect(refused.statusCode).toBe(415);
  });

  it("answers 404 for malformed addresses", async () => {
    for (const url of [
      "/files/logo/x/not-a-uuid",
      "/files/logo/NO%20SLUG/" + randomBytes(4).toString("hex"),
    ]) {
      expect((await app.inject({ method: "GET", url })).statusCode).toBe(404);
    }
  });
});
