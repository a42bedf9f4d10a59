// Uploads and downloads: type decided by content, size limits, random storage keys, safe
// names, attachment headers, and nobody reads a file that is not theirs.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { callerFor, createPractice, signUp, createOrganization } from "@caredesk/api/testing";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { eq } from "drizzle-orm";
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
  filesDir = await mkdtemp(join(tmpdir(), "caredesk-files-"));
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

const pdf = Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  randomBytes(64),
]);

function multipart(filename: string, content: Buffer, type = "application/octet-stream") {
  const boundary = `----caredesk${randomBytes(8).toString("hex")}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(
  token: string | null,
  organizationId: string,
  filename: string,
  content: Buffer,
  options: { purpose?: string; origin?: string | null } = {},
) {
  const body = multipart(filename, content);
  return app.inject({
    method: "POST",
    url: `/files/${organizationId}?purpose=${options.purpose ?? "document"}`,
    headers: {
      ...body.headers,
      ...(options.origin === null ? {} : { origin: options.origin ?? appOrigin }),
      ...(token ? { cookie: `${sessionCookieName}=${token}` } : {}),
    },
    payload: body.payload,
  });
}

function download(token: string | null, organizationId: string, fileId: string, query = "") {
  return app.inject({
    method: "GET",
    url: `/files/${organizationId}/${fileId}${query}`,
    headers: token ? { cookie: `${sessionCookieName}=${token}` } : {},
  });
}

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(filesDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(filesDir, join(e.parentPath, e.name)));
}

async function fileRowCount(organizationId: string) {
  const rows = await db
    .select({ id: schema.file.id })
    .from(schema.file)
    .where(eq(schema.file.organizationId, organizationId));
  return rows.length;
}

describe("uploading", () => {
  it("stores a PDF under a random key with its detected type, size and hash, and audits it", async () => {
    const res = await upload(practice.staff.token, practice.organization.id, "Blood test.pdf", pdf);

    expect(res.statusCode).toBe(201);
    const body = res.json<{
      id: string;
      mimeType: string;
      originalName: string;
      sizeBytes: number;
    }>();
    expect(body).toMatchObject({
      mimeType: "application/pdf",
      originalName: "Blood test.pdf",
      sizeBytes: pdf.length,
    });
    const [row] = await db.select().from(schema.file).where(eq(schema.file.id, body.id));
    expect(row?.sha256).toBe(createHash("sha256").update(pdf).digest("hex"));
    expect(row?.storageKey).toMatch(
      new RegExp(`^${practice.organization.id}/\\d{4}/\\d{2}/[0-9a-f]{64}$`),
    );
    expect(row?.storageKey).not.toContain("Blood");
    expect(await storedFiles()).toContain(row?.storageKey);
    const audit = await db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.entityId, body.id));
    expect(audit.map((a) => a.action)).toEqual(["file.upload"]);
  });

  it("refuses a document over 10 MB with 413 and a clear message, storing nothing", async () => {
    const before = {
      rows: await fileRowCount(practice.organization.id),
      files: (await storedFiles()).length,
    };
    const big = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]);

    const res = await upload(practice.staff.token, practice.organization.id, "huge.pdf", big);

    expect(res.statusCode).toBe(413);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/10 MB/);
    expect(await fileRowCount(practice.organization.id)).toBe(before.rows);
    expect((await storedFiles()).length).toBe(before.files);
  });

  it("refuses a photo over 5 MB with 413", async () => {
    const big = Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]);
    const res = await upload(practice.owner.token, practice.organization.id, "portrait.png", big, {
      purpose: "photo",
    });
    expect(res.statusCode).toBe(413);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/5 MB/);
  });

  it.each([
    [
      "an SVG image",
      "logo.svg",
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
    [
      "an HTML page",
      "notes.txt",
      Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>"),
    ],
    [
      "a renamed Windows executable",
      "report.pdf",
      Buffer.concat([Buffer.from("MZ"), randomBytes(200)]),
    ],
    [
      "a renamed Linux executable",
      "scan.png",
      Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), randomBytes(200)]),
    ],
    ["a PDF with a double extension", "invoice.pdf.exe", pdf],
    ["a PDF hiding behind an image extension", "photo.png", pdf],
    [
      "a ZIP that is not a Word document",
      "archive.docx",
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(100)]),
    ],
  ])("refuses %s with 415", async (_label, name, content) => {
    const before = await fileRowCount(practice.organization.id);
    const res = await upload(practice.staff.token, practice.organization.id, name, content);
    expect(res.statusCode).toBe(415);
    expect(await fileRowCount(practice.organization.id)).toBe(before);
  });

  it("refuses a PDF as a practitioner photo", async () => {
    const res = await upload(practice.owner.token, practice.organization.id, "me.pdf", pdf, {
      purpose: "photo",
    });
    expect(res.statusCode).toBe(415);
  });

  it("keeps a path-traversal file name out of every path and sanitises it", async () => {
    const res = await upload(
      practice.staff.token,
      practice.organization.id,
      "../../../../etc/passwd.txt",
      Buffer.from("root:x:0:0\n"),
    );

    expect(res.statusCode).toBe(201);
    expect(res.json<{ originalName: string }>().originalName).toBe("passwd.txt");
    for (const path of await storedFiles()) expect(path).not.toMatch(/passwd|\.\./);
  });

  it("refuses an upload without an allowed Origin (CSRF)", async () => {
    const res = await upload(practice.staff.token, practice.organization.id, "a.pdf", pdf, {
      origin: null,
    });
    expect(res.statusCode).toBe(403);
  });

  it("refuses an anonymous upload with 401 and a non-member's with 404", async () => {
    expect((await upload(null, practice.organization.id, "a.pdf", pdf)).statusCode).toBe(401);
    const stranger = await signUp(db);
    expect((await upload(stranger.token, practice.organization.id, "a.pdf", pdf)).statusCode).toBe(
      404,
    );
  });
});

describe("downloading", () => {
  it("streams the exact bytes as an attachment with a safe name and nosniff", async () => {
    const uploaded = (
      await upload(practice.staff.token, practice.organization.id, "résumé final.pdf", pdf)
    ).json<{ id: string }>();

    const res = await download(practice.doctor.token, practice.organization.id, uploaded.id);

    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(pdf)).toBe(true);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="r_sum_ final.pdf"; filename\*=UTF-8''r%C3%A9sum%C3%A9%20final.pdf$/,
    );
  });

  it("answers 404 to a member of another organization, even with the right ids", async () => {
    const uploaded = (
      await upload(practice.staff.token, practice.organization.id, "x.pdf", pdf)
    ).json<{ id: string }>();
    const other = await signUp(db);
    const otherOrg = await createOrganization(db, other);

    expect((await download(other.token, practice.organization.id, uploaded.id)).statusCode).toBe(
      404,
    );
    expect((await download(other.token, otherOrg.id, uploaded.id)).statusCode).toBe(404);
  });

  it("lets a patient download only documents on their own record", async () => {
    const staff = await callerFor(db, {
      token: practice.staff.token,
      organizationId: practice.organization.id,
    });
    const mine = await staff.patient.create({
      firstName: "Pat",
      lastName: "Own",
      mobile: "+447911123456",
    });
    const theirs = await staff.patient.create({
      firstName: "Other",
      lastName: "Person",
      mobile: "+447911123457",
    });
    await staff.patient.linkAccount({ id: mine.id, email: practice.patient.email });
    const myFile = (
      await upload(practice.staff.token, practice.organization.id, "mine.pdf", pdf)
    ).json<{ id: string }>();
    const theirFile = (
      await upload(practice.staff.token, practice.organization.id, "theirs.pdf", pdf)
    ).json<{ id: string }>();
    await staff.document.create({
      patientId: mine.id,
      fileId: myFile.id,
      kind: "lab_result",
      title: "Mine",
    });
    await staff.document.create({
      patientId: theirs.id,
      fileId: theirFile.id,
      kind: "lab_result",
      title: "Theirs",
    });

    expect(
      (await download(practice.patient.token, practice.organization.id, myFile.id)).statusCode,
    ).toBe(200);
    expect(
      (await download(practice.patient.token, practice.organization.id, theirFile.id)).statusCode,
    ).toBe(404);
  });

  it("previews images and PDFs inline only when asked, sandboxed", async () => {
    const uploaded = (
      await upload(practice.staff.token, practice.organization.id, "x.png", png)
    ).json<{ id: string }>();
    const res = await download(
      practice.staff.token,
      practice.organization.id,
      uploaded.id,
      "?inline=1",
    );
    expect(res.headers["content-disposition"]).toMatch(/^inline;/);
    expect(res.headers["content-security-policy"]).toContain("sandbox");
  });

  it("answers 401 without a session and 404 for malformed ids", async () => {
    const uploaded = (
      await upload(practice.staff.token, practice.organization.id, "x.pdf", pdf)
    ).json<{ id: string }>();
    expect((await download(null, practice.organization.id, uploaded.id)).statusCode).toBe(401);
    expect(
      (await download(practice.staff.token, practice.organization.id, "../../etc/passwd"))
        .statusCode,
    ).toBe(404);
  });
});

describe("doctors' photos on the public page", () => {
  const photoUrl = (slug: string, fileId: string) => `/files/public/${slug}/${fileId}`;

  it("serves the current photo of an active doctor to anyone, and nothing else", async () => {
    const owner = await callerFor(db, {
      token: practice.owner.token,
      organizationId: practice.organization.id,
    });
    const photo = (
      await upload(practice.owner.token, practice.organization.id, "face.png", png, {
        purpose: "photo",
      })
    ).json<{ id: string }>();
    const doctor = await owner.practitioner.create({ name: "Salma Nour", photoFileId: photo.id });
    const slug = practice.organization.slug;

    const shown = await app.inject({ method: "GET", url: photoUrl(slug, photo.id) });
    expect(shown.statusCode).toBe(200);
    expect(shown.rawPayload.equals(png)).toBe(true);
    expect(shown.headers["content-type"]).toBe("image/png");
    expect(shown.headers["x-content-type-options"]).toBe("nosniff");
    expect(shown.headers["cache-control"]).toBe("public, max-age=3600");

    // Not under another practice's address, and no other file of this practice.
    const other = await createOrganization(db, await signUp(db));
    expect(
      (await app.inject({ method: "GET", url: photoUrl(other.slug, photo.id) })).statusCode,
    ).toBe(404);
    const document = (
      await upload(practice.owner.token, practice.organization.id, "notes.pdf", pdf)
    ).json<{ id: string }>();
    expect((await app.inject({ method: "GET", url: photoUrl(slug, document.id) })).statusCode).toBe(
      404,
    );
    expect(
      (await app.inject({ method: "GET", url: photoUrl(slug, "../../etc/passwd") })).statusCode,
    ).toBe(404);

    // A removed photo, or an archived doctor's, is no longer served.
    await owner.practitioner.update({ id: doctor.id, name: "Salma Nour", photoFileId: null });
    expect((await app.inject({ method: "GET", url: photoUrl(slug, photo.id) })).statusCode).toBe(
      404,
    );
    await owner.practitioner.update({ id: doctor.id, name: "Salma Nour", photoFileId: photo.id });
    expect((await app.inject({ method: "GET", url: photoUrl(slug, photo.id) })).statusCode).toBe(
      200,
    );
    await owner.practitioner.update({ id: doctor.id, name: "Salma Nour", active: false });
    expect((await app.inject({ method: "GET", url: photoUrl(slug, photo.id) })).statusCode).toBe(
      404,
    );
  });
});
