// Exports and imports over HTTP: a patients export (CSV and Excel, with the list's filters) parses
// back to exactly the database's rows, with formula-like text neutralised; only the practice's
// managers get it. Import uploads accept CSV in UTF-8 and .xlsx only, and an import's error file
// downloads with the file's own columns, the line and the error.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  callerFor,
  createOrganization,
  createPractice,
  nextWeekdayAt,
  signUp,
} from "@caredesk/api/testing";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import type { ImportView } from "@caredesk/validators";
import { and, asc, eq, isNull } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildServer } from "../src/app";
import { loadEnv } from "../src/env";
import { until } from "../bench/worker-control";
import { closeChannels, deliveryFromEnv } from "../src/channels";
import { LocalStorage } from "../src/files/storage";
import { startWorker, type Worker } from "../src/worker";
import { appOrigin, memberHeaders, mutationBody, sessionCookieName, trpcData } from "./server";

let database: TestDatabase;
let db: Database;
let app: FastifyInstance;
let filesDir: string;
let practice: Awaited<ReturnType<typeof createPractice>>;
let organizationId: string;
let worker: Worker;
let delivery: ReturnType<typeof deliveryFromEnv>;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  filesDir = await mkdtemp(join(tmpdir(), "caredesk-exports-"));
  const env = loadEnv({
    NODE_ENV: "test",
    APP_ORIGIN: appOrigin,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    ...(database.url ? { DATABASE_URL: database.url } : {}),
  });
  const storage = new LocalStorage(filesDir);
  app = await buildServer({ env, database, logger: false, storage });
  // As index.ts does: the worker reads committed imports from the server's storage.
  delivery = deliveryFromEnv(env, database.db);
  worker = await startWorker({
    env,
    database,
    delivery,
    log: { info() {}, warn() {}, error() {} },
    files: storage,
    schedules: false,
    pollingIntervalSeconds: 0.5,
  });
  practice = await createPractice(db);
  organizationId = practice.organization.id;
  const owner = await callerFor(db, { token: practice.owner.token, organizationId });
  const patients = [
    { firstName: "Amal", lastName: "Saleh", mobile: "+201001234561", dateOfBirth: "1980-12-31" },
    { firstName: "Omar", lastName: "Adel", mobile: "+201001234562", email: "omar@example.com" },
    // Text a spreadsheet would run as a formula.
    { firstName: '=HYPERLINK("http://evil.test")', lastName: "@SUM(A1)", mobile: "+201001234563" },
    {
      firstName: "Nour",
      lastName: 'Quote "Q", comma',
      mobile: "+201001234564",
      notes: "two\nlines",
    },
  ];
  for (const patient of patients) await owner.patient.create(patient);
  const archived = await owner.patient.create({
    firstName: "Old",
    lastName: "Record",
    mobile: "+201001234565",
  });
  await owner.patient.archive({ id: archived.id });
});
afterAll(async () => {
  await worker.stop(5_000);
  await closeChannels(delivery.channels);
  await app.close();
  await database.drop();
  await rm(filesDir, { recursive: true, force: true });
});

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" || typeof value === "number"
    ? String(value)
    : JSON.stringify(value);
}

function get(token: string | null, url: string) {
  return app.inject({
    method: "GET",
    url,
    headers: token ? { cookie: `${sessionCookieName}=${token}` } : {},
  });
}

/** The practice's unarchived patients as an export writes them (formula-like text guarded). */
async function expectedPatients() {
  const rows = await db
    .select()
    .from(schema.patient)
    .where(
      and(eq(schema.patient.organizationId, organizationId), isNull(schema.patient.archivedAt)),
    )
    .orderBy(asc(schema.patient.id));
  const guard = (text: string | null) =>
    text && /^[=+\-@]/.test(text) ? `'${text}` : (text ?? "");
  return rows.map((row) => ({
    firstName: guard(row.firstName),
    lastName: guard(row.lastName),
    mobile: guard(row.mobile),
    email: guard(row.email),
    dateOfBirth: guard(row.dateOfBirth),
    sex: row.sex,
    address: guard(row.address),
    notes: guard(row.notes),
  }));
}

const columns = [
  "firstName",
  "lastName",
  "mobile",
  "email",
  "dateOfBirth",
  "sex",
  "address",
  "notes",
];

describe("GET /files/:organizationId/exports/patients.csv", () => {
  it("parses back to the practice's unarchived patients, formulas neutralised", async () => {
    const res = await get(
      practice.owner.token,
      `/files/${organizationId}/exports/patients.csv?archived=false`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const today = new Date().toISOString().slice(0, 10);
    expect(res.headers["content-disposition"]).toContain(
      `${practice.organization.slug}-patients-${today}.csv`,
    );
    const parsed = Papa.parse<Record<string, string>>(res.body.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(columns);
    expect(parsed.data).toEqual(await expectedPatients());
    expect(parsed.data.map((row) => row.firstName)).toContain('\'=HYPERLINK("http://evil.test")');
    expect(parsed.data.map((row) => row.lastName)).toContain("'@SUM(A1)");
  });

  it("filters by search and by archived", async () => {
    const searched = await get(
      practice.owner.token,
      `/files/${organizationId}/exports/patients.csv?search=omar`,
    );
    const rows = Papa.parse<Record<string, string>>(searched.body.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.map((row) => row.firstName)).toEqual(["Omar"]);
    const archived = await get(
      practice.owner.token,
      `/files/${organizationId}/exports/patients.csv?archived=true`,
    );
    const old = Papa.parse<Record<string, string>>(archived.body.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(old.map((row) => row.lastName)).toEqual(["Record"]);
  });

  it("refuses a bad filter with a clear 400", async () => {
    const res = await get(
      practice.owner.token,
      `/files/${organizationId}/exports/patients.csv?archived=maybe`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
  });
});

describe("GET /files/:organizationId/exports/patients.xlsx", () => {
  it("parses back to the database's rows; formula-like text is kept as text", async () => {
    const res = await get(
      practice.owner.token,
      `/files/${organizationId}/exports/patients.xlsx?archived=false`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/patients-\d{4}-\d{2}-\d{2}\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const read: string[][] = [];
    const textFormatted: string[] = [];
    sheet?.eachRow((row) => {
      read.push(columns.map((_, i) => cellText(row.getCell(i + 1).value)));
      row.eachCell((cell) => {
        if (cell.numFmt === "@") textFormatted.push(cellText(cell.value));
      });
    });
    expect(read[0]).toEqual(columns);
    // Excel cells are typed: text is written as it is (no ' in front), and text that starts like
    // a formula has the Text format, so Excel never runs it, even when the cell is edited.
    const unguard = (text: string) => text.replace(/^'(?=[=+\-@])/, "");
    const expected = (await expectedPatients()).map((row) =>
      columns.map((c) => unguard(row[c as keyof typeof row])),
    );
    expect(read.slice(1)).toEqual(expected);
    expect(textFormatted).toContain('=HYPERLINK("http://evil.test")');
    expect(textFormatted).toContain("@SUM(A1)");
    expect(textFormatted).toContain("+201001234561");
  });
});

describe("GET /files/:organizationId/exports/appointments.csv", () => {
  it("lists each appointment with the patient's mobile, service and practitioner", async () => {
    const owner = await callerFor(db, { token: practice.owner.token, organizationId });
    const doctor = await owner.practitioner.create({ name: "Amira Hassan", title: "Dr" });
    await owner.schedule.setWeek({
      resourceId: doctor.resourceId,
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "08:00", end: "20:00" })),
    });
    const checkUp = await owner.service.create({
      name: "Check-up",
      durationMinutes: 30,
      priceMinor: 5000,
      colour: "#2563eb",
    });
    const patient = await owner.patient.create({
      firstName: "Salma",
      lastName: "Fouad",
      mobile: "+201001234570",
    });
    const start = nextWeekdayAt("10:00");
    await owner.appointment.book({
      serviceId: checkUp.id,
      patientId: patient.id,
      start,
      idempotencyKey: "export-appointment-1",
    });
    const day = start.toISOString().slice(0, 10);
    const res = await get(
      practice.owner.token,
      `/files/${organizationId}/exports/appointments.csv?from=${day}&to=${day}&practitionerId=${doctor.id}`,
    );
    expect(res.statusCode).toBe(200);
    const rows = Papa.parse<Record<string, string>>(res.body.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows).toEqual([
      {
        patientMobile: "'+201001234570",
        start: start.toISOString(),
        service: "Check-up",
        practitioner: "Amira Hassan",
        status: expect.any(String) as string,
        notes: "",
      },
    ]);
    const otherDay = await get(
      practice.owner.token,
      `/files/${organizationId}/exports/appointments.csv?from=2030-01-01&to=2030-01-02`,
    );
    expect(otherDay.body.trim().split("\r\n")).toHaveLength(1);
  });
});

describe("who may export", () => {
  it("another practice's member gets 404; a member without data.export is refused", async () => {
    const stranger = await signUp(db, { name: "Someone Else" });
    await createOrganization(db, stranger);
    const url = `/files/${organizationId}/exports/patients.csv`;
    expect((await get(stranger.token, url)).statusCode).toBe(404);
    expect((await get(null, url)).statusCode).toBe(401);
    for (const member of [practice.doctor, practice.staff, practice.patient]) {
      expect([403, 404]).toContain((await get(member.token, url)).statusCode);
    }
    expect((await get(practice.manager.token, url)).statusCode).toBe(200);
  });

  it("an unknown kind or format is not found", async () => {
    for (const name of ["invoices.csv", "patients.pdf", "patients"]) {
      const res = await get(practice.owner.token, `/files/${organizationId}/exports/${name}`);
      expect(res.statusCode).toBe(404);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Imports over HTTP

function multipart(filename: string, content: Buffer) {
  const boundary = `----caredesk${randomBytes(8).toString("hex")}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

function uploadImport(filename: string, content: Buffer) {
  const body = multipart(filename, content);
  return app.inject({
    method: "POST",
    url: `/files/${organizationId}?purpose=import`,
    headers: {
      ...body.headers,
      origin: appOrigin,
      cookie: `${sessionCookieName}=${practice.owner.token}`,
    },
    payload: body.payload,
  });
}

function mutation<T>(path: string, input: unknown) {
  return app
    .inject({
      method: "POST",
      url: `/trpc/${path}`,
      headers: {
        ...memberHeaders(practice.owner.token, organizationId),
        "content-type": "application/json",
      },
      payload: mutationBody(input),
    })
    .then((res) => {
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
      return trpcData<T>(res);
    });
}

describe("POST /files/:organizationId?purpose=import", () => {
  it("accepts CSV in UTF-8 and .xlsx", async () => {
    const csv = await uploadImport(
      "patients.csv",
      Buffer.from("First name,Last name\r\nJosé,Müller\r\n"),
    );
    expect(csv.statusCode).toBe(201);
    expect(csv.json()).toMatchObject({ mimeType: "text/csv", purpose: "import" });
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Sheet1").addRow(["First name"]);
    const xlsx = await uploadImport(
      "patients.xlsx",
      Buffer.from(await workbook.xlsx.writeBuffer()),
    );
    expect(xlsx.statusCode).toBe(201);
  });

  it("refuses other files with a clear 400", async () => {
    const cases: [string, Buffer, RegExp][] = [
      ["letter.pdf", Buffer.from("%PDF-1.7\n%%EOF\n"), /Only CSV and Excel/],
      ["old.xls", Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), randomBytes(64)]), /xls/],
      [
        "mixed.csv",
        Buffer.concat([Buffer.from("Name\r\nJosé\r\n"), Buffer.from("Müller\r\n", "latin1")]),
        /not UTF-8/,
      ],
      ["nul.csv", Buffer.from("Name\r\nA\u0000B\r\n"), /binary/],
      [
        "archive.zip",
        Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(64)]),
        /Only CSV/,
      ],
    ];
    for (const [name, bytes, message] of cases) {
      const res = await uploadImport(name, bytes);
      expect(res.statusCode, name).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message, name).toMatch(message);
    }
  });
});

describe("GET /files/:organizationId/imports/:importId/errors.csv", () => {
  it("has the file's columns, the line and the error of each refused row", async () => {
    const bytes = Buffer.from(
      "First name,Last name,Mobile\r\nAmal,Kamal,+201001239991\r\nBad,Mobile,12345678\r\nNo,,+201001239992\r\n",
    );
    const uploaded = await uploadImport("clinic.csv", bytes);
    const fileId = uploaded.json<{ id: string }>().id;
    const started = await mutation<ImportView>("dataImport.start", { kind: "patients", fileId });
    const checked = await mutation<ImportView>("dataImport.check", {
      importId: started.id,
      mapping: started.suggestedMapping,
    });
    expect(checked.errorRows).toBe(2);

    const res = await get(
      practice.owner.token,
      `/files/${organizationId}/imports/${started.id}/errors.csv`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="clinic-errors\.csv"/,
    );
    const parsed = Papa.parse<Record<string, string>>(res.body.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.meta.fields).toEqual(["First name", "Last name", "Mobile", "line", "error"]);
    expect(parsed.data.map((row) => [row.line, row["First name"]])).toEqual([
      ["3", "Bad"],
      ["4", "No"],
    ]);
    expect(parsed.data[1]?.error).toMatch(/^lastName: /);

    const stranger = await signUp(db, { name: "Another One" });
    await createOrganization(db, stranger);
    const other = await get(
      stranger.token,
      `/files/${organizationId}/imports/${started.id}/errors.csv`,
    );
    expect(other.statusCode).toBe(404);
  });
});

describe("a committed import", () => {
  it("is written by the worker's data-import queue", async () => {
    const bytes = Buffer.from(
      "First name,Last name,Mobile\r\nRania,Samir,+201001238881\r\nTarek,Nabil,+201001238882\r\n",
    );
    const fileId = (await uploadImport("worker.csv", bytes)).json<{ id: string }>().id;
    const started = await mutation<ImportView>("dataImport.start", { kind: "patients", fileId });
    await mutation<ImportView>("dataImport.check", {
      importId: started.id,
      mapping: started.suggestedMapping,
    });
    await mutation<ImportView>("dataImport.commit", { importId: started.id });
    const status = async () =>
      (
        await db
          .select({ status: schema.importJob.status, created: schema.importJob.createdRows })
          .from(schema.importJob)
          .where(eq(schema.importJob.id, started.id))
      )[0];
    await until(async () => (await status())?.status === "completed", 30_000, 100);
    expect(await status()).toEqual({ status: "completed", created: 2 });
  });
});
