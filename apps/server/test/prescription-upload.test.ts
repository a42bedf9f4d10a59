// A patient's prescription over HTTP: uploaded as a "prescription" (a photo or a PDF, nothing
// else), readable by the patient who sent it and by the pharmacist who reviews it, by no other
// patient.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addMember, addPortalPatient, createPractice } from "@caredesk/api/testing";
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
  filesDir = await mkdtemp(join(tmpdir(), "caredesk-prescription-"));
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

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64)]);
const pdf = Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
const text = Buffer.from("Amoxicillin 500 mg, three times a day\n");

function upload(token: string, content: Buffer, filename: string) {
  const boundary = `----caredesk${randomBytes(8).toString("hex")}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return app.inject({
    method: "POST",
    url: `/files/${practice.organization.id}?purpose=prescription`,
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      origin: appOrigin,
      cookie: `${sessionCookieName}=${token}`,
    },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

function download(token: string, fileId: string) {
  return app.inject({
    method: "GET",
    url: `/files/${practice.organization.id}/${fileId}?inline=1`,
    headers: { cookie: `${sessionCookieName}=${token}` },
  });
}

describe("a prescription upload", () => {
  it("takes a photo or a PDF and refuses other files", async () => {
    const patient = await addPortalPatient(db, practice.organization.id, practice.owner);
    expect((await upload(patient.user.token, jpeg, "rx.jpg")).statusCode).toBe(201);
    expect((await upload(patient.user.token, pdf, "rx.pdf")).statusCode).toBe(201);
    const refused = await upload(patient.user.token, text, "rx.txt");
    expect(refused.statusCode).toBe(415);
  });

  it("is read by its patient and the pharmacist, not by another patient", async () => {
    const patient = await addPortalPatient(db, practice.organization.id, practice.owner);
    const other = await addPortalPatient(db, practice.organization.id, practice.owner);
    const pharmacist = await addMember(db, practice.organization.id, practice.owner, "pharmacist");
    const sent = await upload(patient.user.token, pdf, "rx.pdf");
    const { id } = sent.json<{ id: string }>();
    expect((await download(patient.user.token, id)).statusCode).toBe(200);
    expect((await download(pharmacist.token, id)).statusCode).toBe(200);
    expect((await download(other.user.token, id)).statusCode).toBe(404);
  });
});
