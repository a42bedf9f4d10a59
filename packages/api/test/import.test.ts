// Bulk imports of patients: the dry run names each refused row by its line, the job writes the
// rest in batches, importing the same file again creates nothing, Excel works like CSV, bad files
// are refused before anything is written, another practice's import is not found, the mapping
// is remembered, and dates are read in the practice's own order.
import { createHash } from "node:crypto";
import { PassThrough } from "node:stream";
import { queryRows, schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createPractice,
  failureOf,
  hostCallerFor,
  nextWeekdayAt,
  uniqueIdempotencyKey,
  type Caller,
} from "@caredesk/api/testing";
import ExcelJS from "exceljs";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createContextInner } from "../src/context";
import { newStorageKey, type FileStore } from "../src/file-store";
import { exportTable, writeCsv } from "../src/service/export";
import { checkImportSize, runImportJob } from "../src/service/import";
import { importMimeTypes } from "../src/service/import-read";

let database: TestDatabase;
let db: Database;
/** The store the api's contexts use when no host gives one (this process's memory). */
let files: FileStore;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  files = createContextInner({ db }).files;
});
afterAll(() => database.drop());

interface Practice {
  organizationId: string;
  owner: { token: string };
  staff: Caller;
}

/** A practice in the UK (mobiles without +44 are British), writing dates as `locale` does. */
async function practice(locale = "en-GB"): Promise<Practice> {
  const { organization, owner } = await createPractice(db);
  await db
    .update(schema.organization)
    .set({ country: "GB", locale })
    .where(eq(schema.organization.id, organization.id));
  const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
  return { organizationId: organization.id, owner, staff };
}

/** Stores bytes as the upload route does and records them as an import file. */
async function upload(
  p: Practice,
  bytes: Buffer,
  format: "csv" | "xlsx" = "csv",
  name = `patients.${format}`,
) {
  const storageKey = newStorageKey(p.organizationId);
  await files.put(storageKey, bytes, importMimeTypes[format]);
  const host = await hostCallerFor(db, { token: p.owner.token, organizationId: p.organizationId });
  return host.file.upload({
    storageKey,
    mimeType: importMimeTypes[format],
    sizeBytes: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    originalName: name,
    purpose: "import",
  });
}

const csv = (rows: string[][]) =>
  Buffer.from(rows.map((row) => row.map((cell) => `"${cell}"`).join(",")).join("\r\n"));

let mobileCounter = 100000;
/** A valid British mobile, different on every call. */
const mobile = () => `07911 ${String(mobileCounter++).padStart(6, "0")}`;

const header = ["First name", "Last name", "Mobile", "Date of birth", "Email"];

/** Ten patients; lines 3, 5 and 8 are wrong (mobile, date, missing last name). */
function tenPatients(): string[][] {
  const rows = Array.from({ length: 10 }, (_, i) => [
    `Patient${i + 2}`,
    `Family${i + 2}`,
    mobile(),
    "31/12/1980",
    `p${i + 2}-${mobileCounter}@example.com`,
  ]);
  const set = (row: number, column: number, value: string) => {
    const cells = rows[row];
    if (cells) cells[column] = value;
  };
  set(1, 2, "12345678"); // line 3: not a mobile number
  set(3, 3, "31/02/1980"); // line 5: no such day
  set(6, 1, ""); // line 8: no last name
  return [header, ...rows];
}

const patientsOf = async (organizationId: string) =>
  (
    await db
      .select({ n: count() })
      .from(schema.patient)
      .where(eq(schema.patient.organizationId, organizationId))
  )[0]?.n ?? 0;

const importsOf = async (organizationId: string) =>
  (
    await db
      .select({ n: count() })
      .from(schema.importJob)
      .where(eq(schema.importJob.organizationId, organizationId))
  )[0]?.n ?? 0;

/** start → check with the suggested mapping → commit → the job, as the wizard and worker do. */
async function importAll(p: Practice, bytes: Buffer, format: "csv" | "xlsx" = "csv") {
  const file = await upload(p, bytes, format);
  const started = await p.staff.dataImport.start({ kind: "patients", fileId: file.id });
  const checked = await p.staff.dataImport.check({
    importId: started.id,
    mapping: started.suggestedMapping,
  });
  await p.staff.dataImport.commit({ importId: started.id });
  await runImportJob(db, files, { organizationId: p.organizationId, importId: started.id });
  const done = await p.staff.dataImport.byId({ importId: started.id });
  return { started, checked, done };
}

describe("a patients file with three bad rows", () => {
  it("the dry run names exactly those rows by line, and writes no patient", async () => {
    const p = await practice();
    const file = await upload(p, csv(tenPatients()));
    const started = await p.staff.dataImport.start({ kind: "patients", fileId: file.id });
    expect(started).toMatchObject({ status: "uploaded", format: "csv", totalRows: 10 });
    expect(started.columns).toEqual(header);
    expect(started.suggestedMapping).toEqual({
      firstName: "First name",
      lastName: "Last name",
      mobile: "Mobile",
      dateOfBirth: "Date of birth",
      email: "Email",
    });

    const checked = await p.staff.dataImport.check({
      importId: started.id,
      mapping: started.suggestedMapping,
    });
    expect(checked).toMatchObject({ status: "checked", totalRows: 10, errorRows: 3 });
    expect(checked.errors.map(({ line, field }) => ({ line, field }))).toEqual([
      { line: 3, field: "mobile" },
      { line: 5, field: "dateOfBirth" },
      { line: 8, field: "lastName" },
    ]);
    expect(await patientsOf(p.organizationId)).toBe(0);
  });

  it("the job creates the other seven, records the three errors, and the error file has them", async () => {
    const p = await practice();
    const { started, done } = await importAll(p, csv(tenPatients()));
    expect(done).toMatchObject({
      status: "completed",
      totalRows: 10,
      processedRows: 10,
      createdRows: 7,
      skippedRows: 0,
      errorRows: 3,
    });
    expect(done.errors.map((error) => error.line)).toEqual([3, 5, 8]);
    expect(await patientsOf(p.organizationId)).toBe(7);
    const [first] = await db
      .select()
      .from(schema.patient)
      .where(
        and(
          eq(schema.patient.organizationId, p.organizationId),
          eq(schema.patient.firstName, "Patient2"),
        ),
      );
    expect(first?.mobile).toMatch(/^\+447911\d{6}$/);
    expect(first?.dateOfBirth).toBe("1980-12-31");

    const host = await hostCallerFor(db, {
      token: p.owner.token,
      organizationId: p.organizationId,
    });
    const table = await host.transfer.importErrors({ importId: started.id });
    expect(table.columns).toEqual([...header, "line", "error"]);
    const rows: unknown[][] = [];
    for await (const row of table.rows) rows.push(row);
    expect(rows.map((row) => row[5])).toEqual([3, 5, 8]);
    expect(rows[0]?.[2]).toBe("12345678");
  });

  it("queues the data-import job with the commit", async () => {
    const p = await practice();
    const file = await upload(p, csv(tenPatients()));
    const started = await p.staff.dataImport.start({ kind: "patients", fileId: file.id });
    await p.staff.dataImport.check({ importId: started.id, mapping: started.suggestedMapping });
    const queued = await p.staff.dataImport.commit({ importId: started.id });
    expect(queued.status).toBe("queued");
    const jobs = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pgboss.job
          where name = 'data-import' and data->>'importId' = ${started.id}`,
    );
    expect(jobs).toEqual([{ n: 1 }]);
    // Committing twice is refused; the job is not queued again.
    const again = await failureOf(p.staff.dataImport.commit({ importId: started.id }));
    expect(again.code).toBe("CONFLICT");
  });
});

describe("importing the same file again", () => {
  it("creates nothing: every row is skipped as already there", async () => {
    const p = await practice();
    const bytes = csv(tenPatients());
    await importAll(p, bytes);
    const { checked, done } = await importAll(p, bytes);
    expect(checked).toMatchObject({ skippedRows: 7, errorRows: 3 });
    expect(done).toMatchObject({ status: "completed", createdRows: 0, skippedRows: 7 });
    expect(await patientsOf(p.organizationId)).toBe(7);
  });

  it("counts the same mobile twice in one file as one patient", async () => {
    const p = await practice();
    const same = mobile();
    const bytes = csv([header, ["A", "One", same, "", ""], ["B", "Two", same, "", ""]]);
    const { checked, done } = await importAll(p, bytes);
    expect(checked.skippedRows).toBe(1);
    expect(done).toMatchObject({ createdRows: 1, skippedRows: 1 });
  });
});

describe("an Excel file", () => {
  it("imports like the same rows in CSV", async () => {
    const p = await practice();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Patients");
    for (const row of tenPatients()) sheet.addRow(row);
    // A real date cell and a number cell, as spreadsheets keep them.
    sheet.getCell("D2").value = new Date(Date.UTC(1975, 5, 15));
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const { checked, done } = await importAll(p, bytes, "xlsx");
    expect(checked.format).toBe("xlsx");
    expect(checked.errors.map((error) => error.line)).toEqual([3, 5, 8]);
    expect(done).toMatchObject({ status: "completed", createdRows: 7, errorRows: 3 });
    const [first] = await db
      .select({ dateOfBirth: schema.patient.dateOfBirth })
      .from(schema.patient)
      .where(
        and(
          eq(schema.patient.organizationId, p.organizationId),
          eq(schema.patient.firstName, "Patient2"),
        ),
      );
    expect(first?.dateOfBirth).toBe("1975-06-15");
  });
});

describe("bad files are refused with a clear message and nothing written", () => {
  async function refusedStart(p: Practice, bytes: Buffer) {
    const file = await upload(p, bytes);
    const failure = await failureOf(
      p.staff.dataImport.start({ kind: "patients", fileId: file.id }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(await importsOf(p.organizationId)).toBe(0);
    return failure.message;
  }

  it("a file that is not an import (a PDF document)", async () => {
    const p = await practice();
    const host = await hostCallerFor(db, {
      token: p.owner.token,
      organizationId: p.organizationId,
    });
    const document = await host.file.upload({
      storageKey: newStorageKey(p.organizationId),
      mimeType: "application/pdf",
      sizeBytes: 10,
      sha256: "0".repeat(64),
      originalName: "letter.pdf",
      purpose: "document",
    });
    const failure = await failureOf(
      p.staff.dataImport.start({ kind: "patients", fileId: document.id }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors).toEqual({
      fileId: ["Upload a CSV or Excel (.xlsx) file to import"],
    });
  });

  it("no header row, an empty file, blank or repeated column names", async () => {
    const p = await practice();
    expect(
      await refusedStart(
        p,
        csv([
          ["Amal", "Saleh", mobile()],
          ["Omar", "Adel", mobile()],
        ]),
      ),
    ).toMatch(/name the columns/);
    expect(await refusedStart(p, Buffer.from("\r\n\r\n"))).toBe("The file is empty");
    expect(
      await refusedStart(
        p,
        csv([
          ["First name", "", "Mobile"],
          ["a", "b", "c"],
        ]),
      ),
    ).toMatch(/Column 2 has no name/);
    expect(
      await refusedStart(
        p,
        csv([
          ["Mobile", "mobile"],
          ["a", "b"],
        ]),
      ),
    ).toMatch(/appears twice/);
    expect(await refusedStart(p, csv([header]))).toMatch(/no rows below its header/);
  });

  it("more columns than allowed", async () => {
    const p = await practice();
    const wide = Array.from({ length: 101 }, (_, i) => `Column ${i + 1}`);
    expect(await refusedStart(p, csv([wide, wide.map(() => "x")]))).toMatch(/at most 100/);
  });

  it("mixed encodings: UTF-8 with a Latin-1 letter inside", async () => {
    const p = await practice();
    const bytes = Buffer.concat([
      Buffer.from("First name,Last name,Mobile\r\nJosé,", "utf8"),
      Buffer.from("Müller", "latin1"),
      Buffer.from(`,${mobile()}\r\n`, "utf8"),
    ]);
    expect(await refusedStart(p, bytes)).toMatch(/not UTF-8/);
  });

  it("a file over 50 MB", () => {
    expect(() => checkImportSize(50 * 1024 * 1024)).not.toThrow();
    expect(() => checkImportSize(50 * 1024 * 1024 + 1)).toThrow(/50 MB/);
  });

  it("a mapping to a column the file lacks, or without a required field", async () => {
    const p = await practice();
    const file = await upload(p, csv(tenPatients()));
    const started = await p.staff.dataImport.start({ kind: "patients", fileId: file.id });
    const unknown = await failureOf(
      p.staff.dataImport.check({
        importId: started.id,
        mapping: { firstName: "Given", lastName: "Last name", mobile: "Mobile" },
      }),
    );
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.fieldErrors).toEqual({
      "mapping.firstName": ["The file has no column “Given”"],
    });
    const missing = await failureOf(
      p.staff.dataImport.check({
        importId: started.id,
        mapping: { firstName: "First name", mobile: "Mobile", sku: "Email" },
      }),
    );
    expect(missing.fieldErrors).toEqual({
      "mapping.lastName": ["Choose the column this field is read from"],
      "mapping.sku": ["patients have no field “sku”"],
    });
    const view = await p.staff.dataImport.byId({ importId: started.id });
    expect(view).toMatchObject({ status: "uploaded", errorRows: 0, errors: [] });
  });
});

describe("another practice's import", () => {
  it("is not found, and not changed", async () => {
    const a = await practice();
    const b = await practice();
    const file = await upload(a, csv(tenPatients()));
    const started = await a.staff.dataImport.start({ kind: "patients", fileId: file.id });
    for (const call of [
      () => b.staff.dataImport.byId({ importId: started.id }),
      () => b.staff.dataImport.check({ importId: started.id, mapping: started.suggestedMapping }),
      () => b.staff.dataImport.commit({ importId: started.id }),
      () => b.staff.dataImport.start({ kind: "patients", fileId: file.id }),
    ]) {
      expect((await failureOf(call())).code).toBe("NOT_FOUND");
    }
    expect((await b.staff.dataImport.list({})).items).toEqual([]);
    expect((await a.staff.dataImport.byId({ importId: started.id })).status).toBe("uploaded");
  });
});

describe("the mapping", () => {
  it("is remembered for the next file with the same columns", async () => {
    const p = await practice();
    const odd = ["Given", "Family", "Cell no", "Notes"];
    const file = await upload(p, csv([odd, ["Amal", "Saleh", mobile(), ""]]));
    const started = await p.staff.dataImport.start({ kind: "patients", fileId: file.id });
    const mapping = { firstName: "Given", lastName: "Family", mobile: "Cell no", notes: "Notes" };
    await p.staff.dataImport.check({ importId: started.id, mapping });
    await p.staff.dataImport.commit({ importId: started.id });

    const next = await upload(p, csv([odd, ["Omar", "Adel", mobile(), "likes mornings"]]));
    const again = await p.staff.dataImport.start({ kind: "patients", fileId: next.id });
    expect(again.suggestedMapping).toEqual(mapping);
  });

  it("is suggested from header names when nothing is remembered", async () => {
    const p = await practice();
    const file = await upload(
      p,
      csv([
        ["given_name", "Surname", "Phone number", "DOB", "Gender"],
        ["A", "B", mobile(), "", ""],
      ]),
    );
    const started = await p.staff.dataImport.start({ kind: "patients", fileId: file.id });
    expect(started.suggestedMapping).toEqual({
      firstName: "given_name",
      lastName: "Surname",
      mobile: "Phone number",
      dateOfBirth: "DOB",
      sex: "Gender",
    });
  });
});

describe("dates in the practice's locale", () => {
  async function checkDates(locale: string, dates: string[]) {
    const p = await practice(locale);
    const rows = dates.map((date, i) => [`P${i}`, "Day", mobile(), date, ""]);
    const file = await upload(p, csv([header, ...rows]));
    const started = await p.staff.dataImport.start({ kind: "patients", fileId: file.id });
    const checked = await p.staff.dataImport.check({
      importId: started.id,
      mapping: started.suggestedMapping,
    });
    return checked.errors.map((error) => error.line);
  }

  it("en-GB reads 31/12/1980 and refuses 12/31/1980; ISO always works", async () => {
    expect(await checkDates("en-GB", ["31/12/1980", "12/31/1980", "1980-12-31"])).toEqual([3]);
  });

  it("en-US reads 12/31/1980 and refuses 31/12/1980; ISO always works", async () => {
    expect(await checkDates("en-US", ["31/12/1980", "12/31/1980", "1980-12-31"])).toEqual([2]);
  });
});

describe("other kinds", () => {
  async function importKind(
    p: Practice,
    kind: "products" | "services" | "practitioners",
    rows: string[][],
  ) {
    const file = await upload(p, csv(rows), "csv", `${kind}.csv`);
    const started = await p.staff.dataImport.start({ kind, fileId: file.id });
    const checked = await p.staff.dataImport.check({
      importId: started.id,
      mapping: started.suggestedMapping,
    });
    await p.staff.dataImport.commit({ importId: started.id });
    await runImportJob(db, files, { organizationId: p.organizationId, importId: started.id });
    return { checked, done: await p.staff.dataImport.byId({ importId: started.id }) };
  }

  it("products by SKU, prices in major units", async () => {
    const p = await practice();
    const rows = [
      ["SKU", "Name", "Price", "Prescription only"],
      ["PARA-500", "Paracetamol 500 mg", "3.49", "no"],
      ["AMOX-250", "Amoxicillin 250 mg", "7.10", "yes"],
      ["BAD-1", "Broken price", "cheap", "no"],
    ];
    const { done } = await importKind(p, "products", rows);
    expect(done).toMatchObject({ createdRows: 2, errorRows: 1 });
    expect(done.errors).toEqual([{ line: 4, field: "price", message: "Use a price like 12.50" }]);
    const list = await p.staff.product.list({ status: "all" });
    const amox = list.items.find((item) => item.sku === "AMOX-250");
    expect(amox).toMatchObject({ priceMinor: 710, prescriptionOnly: true });
    expect((await importKind(p, "products", rows)).done).toMatchObject({
      createdRows: 0,
      skippedRows: 2,
    });
  });

  it("services and practitioners by name, bookable like those made in the forms", async () => {
    const p = await practice();
    const services = await importKind(p, "services", [
      ["Name", "Duration", "Price"],
      ["Check-up", "30", "45.00"],
      ["check-up", "20", "10.00"],
      ["Cleaning", "45", "60"],
    ]);
    expect(services.done).toMatchObject({ createdRows: 2, skippedRows: 1 });
    const practitioners = await importKind(p, "practitioners", [
      ["Name", "Title", "Specialty"],
      ["Amira Hassan", "Dr", "Dentistry"],
      ["Karim Fathy", "Dr", ""],
    ]);
    expect(practitioners.done).toMatchObject({ createdRows: 2 });
    const again = await importKind(p, "practitioners", [
      ["Name", "Title", "Specialty"],
      ["amira hassan", "Dr", "Dentistry"],
    ]);
    expect(again.done).toMatchObject({ createdRows: 0, skippedRows: 1 });
    const resources = await db
      .select({ name: schema.resource.name })
      .from(schema.resource)
      .where(
        and(
          eq(schema.resource.organizationId, p.organizationId),
          eq(schema.resource.kind, "practitioner"),
        ),
      );
    expect(resources.map((r) => r.name).sort()).toEqual(["Dr Amira Hassan", "Dr Karim Fathy"]);
  });
});

describe("appointments", () => {
  it("an export imports back as all skipped; unknown names and bad starts are refused by line", async () => {
    const p = await practice();
    const doctor = await p.staff.practitioner.create({ name: "Amira Hassan", title: "Dr" });
    await p.staff.schedule.setWeek({
      resourceId: doctor.resourceId,
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "08:00", end: "20:00" })),
    });
    const checkUp = await p.staff.service.create({
      name: "Check-up",
      durationMinutes: 30,
      priceMinor: 5000,
      colour: "#2563eb",
    });
    const salma = await p.staff.patient.create({
      firstName: "Salma",
      lastName: "Fouad",
      mobile: "07911 055001",
    });
    const start = nextWeekdayAt("10:00");
    await p.staff.appointment.book({
      serviceId: checkUp.id,
      patientId: salma.id,
      start,
      idempotencyKey: uniqueIdempotencyKey(),
    });
    // The export's own CSV, as a manager would download it.
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on("data", (chunk: Buffer) => chunks.push(chunk));
    await writeCsv(
      exportTable(
        db,
        { id: p.organizationId, slug: "x", currency: "GBP", timeZone: "Europe/London" },
        "appointments",
        {},
      ),
      out,
    );
    const exported = Buffer.concat(chunks).toString("utf8");
    const later = new Date(start.getTime() + 2 * 3_600_000).toISOString();
    const extra = [
      `"'+447911055001",${later},Check-up,Amira Hassan,confirmed,`,
      `"'+447911055001",${later},Whitening,Amira Hassan,confirmed,`,
      `"'+447911055001",tomorrow,Check-up,Amira Hassan,confirmed,`,
    ].join("\r\n");
    const file = await upload(p, Buffer.from(`${exported}${extra}\r\n`), "csv", "appointments.csv");
    const started = await p.staff.dataImport.start({ kind: "appointments", fileId: file.id });
    const checked = await p.staff.dataImport.check({
      importId: started.id,
      mapping: started.suggestedMapping,
    });
    expect(checked).toMatchObject({ totalRows: 4, skippedRows: 1, errorRows: 2 });
    expect(checked.errors.map(({ line, field }) => ({ line, field }))).toEqual([
      { line: 4, field: "service" },
      { line: 5, field: "start" },
    ]);
    await p.staff.dataImport.commit({ importId: started.id });
    await runImportJob(db, files, { organizationId: p.organizationId, importId: started.id });
    const done = await p.staff.dataImport.byId({ importId: started.id });
    expect(done).toMatchObject({ createdRows: 1, skippedRows: 1, errorRows: 2 });
    const booked = await db
      .select({ startsAt: schema.appointment.startsAt })
      .from(schema.appointment)
      .where(eq(schema.appointment.organizationId, p.organizationId));
    expect(booked.map((row) => row.startsAt.toISOString()).sort()).toEqual(
      [start.toISOString(), later].sort(),
    );
  });
});
