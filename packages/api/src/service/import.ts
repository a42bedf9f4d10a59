// Bulk imports: an uploaded CSV or Excel file, its header read and mapped to a kind's fields,
// a dry run over every row (refused rows stored by line), then a commit the background job
// writes in batches. Rows matching an existing record by its natural key are skipped, so
// importing the same file twice creates nothing new.
import { enqueueJobs, jobQueues, schema, type Database } from "@caredesk/db";
import {
  importFields,
  importLimits,
  type ImportFormat,
  type ImportKind,
  type ImportRowError,
  type ImportCheckInput,
  type ImportListInput,
  type ImportStartInput,
  type ImportSummary,
  type ImportView,
} from "@caredesk/validators";
import { and, asc, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { runAudited, type AuditOrigin } from "../audit";
import { badRequest, conflict, DomainError, FieldError, notFound } from "../errors";
import type { FileStore } from "../file-store";
import type { OrgScope } from "../scope";
import type { Cell, ExportTable } from "./export";
import { kindHandlers, type ImportOrg, type KindHandler } from "./import-kinds";
import { importMimeTypes, readRows, type FileRow } from "./import-read";
import { cursorId, decodeCursor, toPage, type Page } from "./pagination";

const { importJob, importError, importMapping, file, organization } = schema;

type ImportRow = typeof importJob.$inferSelect;

const summaryColumns = {
  id: importJob.id,
  kind: importJob.kind,
  status: importJob.status,
  format: importJob.format,
  fileName: file.originalName,
  totalRows: importJob.totalRows,
  processedRows: importJob.processedRows,
  createdRows: importJob.createdRows,
  skippedRows: importJob.skippedRows,
  errorRows: importJob.errorRows,
  failure: importJob.failure,
  createdAt: importJob.createdAt,
  checkedAt: importJob.checkedAt,
  startedAt: importJob.startedAt,
  finishedAt: importJob.finishedAt,
};

async function importRow(db: Database, organizationId: string, importId: string) {
  const [row] = await db
    .select({ job: importJob, fileName: file.originalName, storageKey: file.storageKey })
    .from(importJob)
    .innerJoin(
      file,
      and(eq(file.organizationId, importJob.organizationId), eq(file.id, importJob.fileId)),
    )
    .where(and(eq(importJob.organizationId, organizationId), eq(importJob.id, importId)));
  if (!row) throw notFound("Import not found");
  return row;
}

async function viewOf(
  db: Database,
  row: { job: ImportRow; fileName: string },
  suggestedMapping: Record<string, string> = row.job.mapping,
): Promise<ImportView> {
  const { job } = row;
  const errors = await db
    .select({ line: importError.line, field: importError.field, message: importError.message })
    .from(importError)
    .where(
      and(
        eq(importError.organizationId, job.organizationId),
        eq(importError.importId, job.id),
        eq(
          importError.phase,
          job.status === "uploaded" || job.status === "checked" ? "check" : "commit",
        ),
      ),
    )
    .orderBy(asc(importError.line))
    .limit(importLimits.viewErrors);
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    format: job.format,
    fileName: row.fileName,
    columns: job.columns,
    fields: importFields[job.kind].map((f) => ({ ...f })),
    mapping: job.mapping,
    suggestedMapping,
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    createdRows: job.createdRows,
    skippedRows: job.skippedRows,
    errorRows: job.errorRows,
    errors,
    failure: job.failure,
    createdAt: job.createdAt,
    checkedAt: job.checkedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

/** One import with its progress and first errors. */
export async function getImport(
  db: Database,
  organizationId: string,
  importId: string,
): Promise<ImportView> {
  return viewOf(db, await importRow(db, organizationId, importId));
}

/** The practice's imports, newest first. */
export async function listImports(
  db: Database,
  organizationId: string,
  input: ImportListInput,
): Promise<Page<ImportSummary>> {
  const limit = input.limit ?? 25;
  const after = decodeCursor(input.cursor);
  const afterCondition = after
    ? (() => {
        const [at, id] = after;
        if (typeof at !== "string" || Number.isNaN(Date.parse(at))) {
          throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
        }
        const atDate = new Date(at);
        return or(
          lt(importJob.createdAt, atDate),
          and(eq(importJob.createdAt, atDate), lt(importJob.id, cursorId(id))),
        );
      })()
    : undefined;
  const rows = await db
    .select(summaryColumns)
    .from(importJob)
    .innerJoin(
      file,
      and(eq(file.organizationId, importJob.organizationId), eq(file.id, importJob.fileId)),
    )
    .where(and(eq(importJob.organizationId, organizationId), afterCondition))
    .orderBy(desc(importJob.createdAt), desc(importJob.id))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => [row.createdAt.toISOString(), row.id]);
}

// ---------------------------------------------------------------------------------------------
// Reading the file

/** The stored import file's rows, or a clear refusal when its bytes are gone. */
async function rowsOf(files: FileStore, storageKey: string, format: ImportFormat) {
  const stream = await files.get(storageKey);
  if (!stream) throw badRequest("The uploaded file is no longer stored: upload it again");
  return readRows(stream, format);
}

/** Header names: present, distinct, not too many, and not a row of data. */
export function checkHeader(cells: string[]): string[] {
  const columns = cells.map((cell) => cell.trim());
  while (columns.length > 0 && columns.at(-1) === "") columns.pop();
  if (columns.length === 0) throw badRequest("The file is empty");
  if (columns.length > importLimits.maxColumns) {
    throw badRequest(`The file has ${columns.length} columns: at most ${importLimits.maxColumns}`);
  }
  const seen = new Set<string>();
  for (const [index, name] of columns.entries()) {
    if (name === "") throw badRequest(`Column ${index + 1} has no name in the first row`);
    if (name.length > importLimits.maxColumnName) {
      throw badRequest(`The name of column ${index + 1} is too long`);
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(name)) {
      throw badRequest(`The name of column ${index + 1} holds control characters`);
    }
    const folded = name.toLowerCase();
    if (seen.has(folded)) throw badRequest(`The column “${name}” appears twice in the first row`);
    seen.add(folded);
  }
  // Header names are words: a phone number, a date or an email address means the first row is
  // already data.
  if (columns.some((name) => /^[+\d][\d\s()./:-]{5,}$/.test(name) || /\S@\S+\.\S/.test(name))) {
    throw badRequest(
      "The first row should name the columns (e.g. First name, Last name, Mobile); add a header row",
    );
  }
  return columns;
}

/** Checks a file's size against the import limit (the upload route checks it too). */
export function checkImportSize(sizeBytes: number): void {
  if (sizeBytes > importLimits.maxBytes) {
    throw badRequest("This file is larger than the 50 MB limit: split it into smaller files");
  }
}

// ---------------------------------------------------------------------------------------------
// Suggesting a mapping

const fold = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

/** Other names a column of each field goes by (folded: lower case, letters and digits). */
const synonyms: Record<string, string[]> = {
  firstName: ["first", "firstname", "givenname", "forename", "name1", "fname"],
  lastName: ["last", "lastname", "surname", "familyname", "lname", "name2"],
  mobile: [
    "mobile",
    "mobilenumber",
    "mobilephone",
    "phone",
    "phonenumber",
    "cell",
    "cellphone",
    "telephone",
    "tel",
    "contactnumber",
  ],
  email: ["email", "emailaddress", "mail"],
  dateOfBirth: ["dateofbirth", "dob", "birthdate", "birthday", "born", "birth"],
  sex: ["sex", "gender"],
  address: ["address", "streetaddress", "homeaddress"],
  notes: ["notes", "note", "comments", "comment", "remarks"],
  patientMobile: ["patientmobile", "mobile", "patientphone", "phone"],
  start: ["start", "startsat", "starttime", "datetime", "appointmentstart", "when"],
  service: ["service", "servicename", "treatment", "procedure"],
  practitioner: ["practitioner", "doctor", "practitionername", "dentist", "provider"],
  status: ["status", "state"],
  name: ["name", "productname", "servicename", "fullname", "title"],
  durationMinutes: ["durationminutes", "duration", "minutes", "length"],
  price: ["price", "priceminor", "cost", "fee", "amount", "unitprice"],
  currency: ["currency"],
  description: ["description", "details"],
  colour: ["colour", "color"],
  title: ["title", "honorific", "prefix"],
  specialization: ["specialization", "specialisation", "specialty", "speciality"],
  phone: ["phone", "phonenumber", "telephone", "mobile"],
  yearsOfExperience: ["yearsofexperience", "experience", "years"],
  bio: ["bio", "biography", "about"],
  sku: ["sku", "code", "productcode", "itemcode", "reference"],
  barcode: ["barcode", "ean", "ean13", "upc", "gtin"],
  genericName: ["genericname", "generic", "inn", "activeingredient"],
  form: ["form", "dosageform"],
  strength: ["strength", "dose", "dosage"],
  category: ["category", "group"],
  taxBps: ["taxbps", "tax", "taxrate"],
  prescriptionOnly: ["prescriptiononly", "prescription", "rx", "rxonly"],
  controlled: ["controlled", "controlleddrug"],
  reorderLevel: ["reorderlevel", "reorder", "minstock", "minimumstock"],
};

/**
 * A mapping from the header alone: a column whose folded name is the field's key or one of its
 * other names, else one whose name contains it; each column used once, required fields first.
 */
export function suggestMapping(kind: ImportKind, columns: string[]): Record<string, string> {
  const folded = columns.map((column) => ({ column, name: fold(column) }));
  const used = new Set<string>();
  const mapping: Record<string, string> = {};
  const fields = [...importFields[kind]].sort((a, b) => Number(b.required) - Number(a.required));
  for (const pass of ["exact", "contains"] as const) {
    for (const field of fields) {
      if (mapping[field.key]) continue;
      const names = [fold(field.key), ...(synonyms[field.key] ?? [])];
      const match = folded.find(
        ({ column, name }) =>
          !used.has(column) &&
          (pass === "exact"
            ? names.includes(name)
            : names.some((candidate) => candidate.length >= 4 && name.includes(candidate))),
      );
      if (match) {
        mapping[field.key] = match.column;
        used.add(match.column);
      }
    }
  }
  return mapping;
}

/** The practice's remembered mapping when every column it names is in this file, else null. */
async function rememberedMapping(
  db: Database,
  organizationId: string,
  kind: ImportKind,
  columns: string[],
): Promise<Record<string, string> | null> {
  const [row] = await db
    .select({ mapping: importMapping.mapping })
    .from(importMapping)
    .where(and(eq(importMapping.organizationId, organizationId), eq(importMapping.kind, kind)));
  if (!row) return null;
  const present = new Set(columns);
  const known = new Set(importFields[kind].map((field) => field.key));
  const entries = Object.entries(row.mapping).filter(([field]) => known.has(field));
  return entries.length > 0 && entries.every(([, column]) => present.has(column))
    ? Object.fromEntries(entries)
    : null;
}

// ---------------------------------------------------------------------------------------------
// Start

function handlerFor(kind: ImportKind): KindHandler<unknown> {
  const handler = kindHandlers[kind];
  if (!handler) throw badRequest(`Importing ${kind} is not available yet`);
  return handler;
}

/** Reads an uploaded file's header, counts its rows and suggests a mapping. */
export async function startImport(ctx: OrgScope, input: ImportStartInput): Promise<ImportView> {
  handlerFor(input.kind);
  const [stored] = await ctx.db
    .select({
      id: file.id,
      storageKey: file.storageKey,
      mimeType: file.mimeType,
      sizeBytes: file.sizeBytes,
      purpose: file.purpose,
      originalName: file.originalName,
      status: file.status,
    })
    .from(file)
    .where(and(eq(file.organizationId, ctx.org.id), eq(file.id, input.fileId)));
  if (!stored || stored.status === "infected") throw notFound("File not found");
  // Stored while the malware scanner was away: nothing reads its bytes until it is judged clean.
  if (stored.status === "quarantined") {
    throw new FieldError("CONFLICT", {
      fileId: ["This file is still being checked for malware; try again in a few minutes"],
    });
  }
  const format = (Object.keys(importMimeTypes) as ImportFormat[]).find(
    (candidate) => importMimeTypes[candidate] === stored.mimeType,
  );
  if (stored.purpose !== "import" || !format) {
    throw new FieldError("BAD_REQUEST", {
      fileId: ["Upload a CSV or Excel (.xlsx) file to import"],
    });
  }
  checkImportSize(stored.sizeBytes);

  let columns: string[] | null = null;
  let totalRows = 0;
  for await (const row of await rowsOf(ctx.files, stored.storageKey, format)) {
    if (columns === null) columns = checkHeader(row.cells);
    else totalRows++;
  }
  if (columns === null) throw badRequest("The file is empty");
  if (totalRows === 0) throw badRequest("The file has no rows below its header");

  const header = columns;
  const suggested =
    (await rememberedMapping(ctx.db, ctx.org.id, input.kind, header)) ??
    suggestMapping(input.kind, header);
  const created = await ctx.mutate(async (tx, audit) => {
    const [job] = await tx
      .insert(importJob)
      .values({
        organizationId: ctx.org.id,
        kind: input.kind,
        format,
        fileId: stored.id,
        columns: header,
        mapping: suggested,
        totalRows,
        createdBy: ctx.user.id,
      })
      .returning();
    if (!job) throw new Error("import insert returned nothing");
    audit({
      entityType: "import_job",
      entityId: job.id,
      after: { kind: job.kind, format, fileId: stored.id, totalRows, columns: header.length },
    });
    return job;
  });
  return viewOf(ctx.db, { job: created, fileName: stored.originalName }, suggested);
}

// ---------------------------------------------------------------------------------------------
// Rows → records

/** A mapping that names only the kind's fields and the file's columns, with every required one. */
function checkMapping(
  kind: ImportKind,
  columns: string[],
  mapping: Partial<Record<string, string>>,
): Record<string, string> {
  const fields = importFields[kind];
  const known = new Set(fields.map((field) => field.key));
  const present = new Set(columns);
  const errors: Record<string, string[]> = {};
  const cleaned: Record<string, string> = {};
  for (const [field, column] of Object.entries(mapping)) {
    if (column === undefined) continue;
    if (!known.has(field)) errors[`mapping.${field}`] = [`${kind} have no field “${field}”`];
    else if (!present.has(column)) {
      errors[`mapping.${field}`] = [`The file has no column “${column}”`];
    } else cleaned[field] = column;
  }
  for (const field of fields) {
    if (field.required && !mapping[field.key] && !errors[`mapping.${field.key}`]) {
      errors[`mapping.${field.key}`] = ["Choose the column this field is read from"];
    }
  }
  if (Object.keys(errors).length > 0) throw new FieldError("BAD_REQUEST", errors);
  return cleaned;
}

/** Undoes an export's guard against formulas ('=…, '+…), so an export imports as it was. */
const unguard = (cell: string) => (/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell);

interface Walk {
  rows: number;
  valid: { line: number; key: string; record: unknown; cells: Record<string, string> }[];
  errors: (ImportRowError & { row: Record<string, string> })[];
  duplicates: number;
}

/** The file's data rows in batches, each converted with the mapping. */
async function* walk(
  rows: AsyncGenerator<FileRow>,
  columns: string[],
  mapping: Record<string, string>,
  handler: KindHandler<unknown>,
  org: ImportOrg,
  batchSize: number,
): AsyncGenerator<Walk> {
  const indexOf = new Map(columns.map((column, index) => [column, index]));
  const fields = Object.entries(mapping).map(([field, column]) => ({
    field,
    index: indexOf.get(column) ?? -1,
  }));
  const seen = new Set<string>();
  let batch: Walk = { rows: 0, valid: [], errors: [], duplicates: 0 };
  let header = true;
  for await (const { line, cells } of rows) {
    if (header) {
      header = false;
      continue;
    }
    const values: Record<string, string> = {};
    for (const { field, index } of fields) values[field] = unguard((cells[index] ?? "").trim());
    const asRead = () => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ""]));
    batch.rows++;
    const converted = handler.convert(values, org);
    if (!converted.ok) batch.errors.push({ line, ...converted.error, row: asRead() });
    else if (seen.has(converted.key)) batch.duplicates++;
    else {
      seen.add(converted.key);
      batch.valid.push({ line, key: converted.key, record: converted.record, cells: asRead() });
    }
    if (batch.rows >= batchSize) {
      yield batch;
      batch = { rows: 0, valid: [], errors: [], duplicates: 0 };
    }
  }
  if (batch.rows > 0) yield batch;
}

/** Splits rows whose records name something missing (the kind's `problems`) from the rest. */
async function refused(
  db: Database,
  handler: KindHandler<unknown>,
  org: ImportOrg,
  rows: Walk["valid"],
): Promise<{ valid: Walk["valid"]; errors: Walk["errors"] }> {
  if (!handler.problems || rows.length === 0) return { valid: rows, errors: [] };
  const problems = await handler.problems(
    db,
    org,
    rows.map((row) => row.record),
  );
  const valid: Walk["valid"] = [];
  const errors: Walk["errors"] = [];
  rows.forEach((row, index) => {
    const problem = problems[index];
    if (problem) errors.push({ line: row.line, ...problem, row: row.cells });
    else valid.push(row);
  });
  return { valid, errors };
}

async function storeErrors(
  db: Database,
  organizationId: string,
  importId: string,
  phase: "check" | "commit",
  errors: Walk["errors"],
): Promise<void> {
  for (let i = 0; i < errors.length; i += 1000) {
    await db
      .insert(importError)
      .values(
        errors.slice(i, i + 1000).map((error) => ({
          organizationId,
          importId,
          phase,
          line: error.line,
          field: error.field,
          message: error.message.slice(0, 500),
          row: error.row,
        })),
      )
      .onConflictDoNothing();
  }
}

async function importOrg(db: Database, organizationId: string): Promise<ImportOrg> {
  const [org] = await db
    .select({
      id: organization.id,
      country: organization.country,
      locale: organization.locale,
      timeZone: organization.timeZone,
      currency: organization.currency,
    })
    .from(organization)
    .where(eq(organization.id, organizationId));
  if (!org) throw notFound("Organization not found");
  return org;
}

// ---------------------------------------------------------------------------------------------
// Check

/** The dry run: every row converted and checked for duplicates; refused rows stored by line. */
export async function checkImport(ctx: OrgScope, input: ImportCheckInput): Promise<ImportView> {
  const found = await importRow(ctx.db, ctx.org.id, input.importId);
  const { job } = found;
  if (job.status !== "uploaded" && job.status !== "checked") {
    throw conflict("This import has already been committed");
  }
  const handler = handlerFor(job.kind);
  const mapping = checkMapping(job.kind, job.columns, input.mapping);
  const rows = await rowsOf(ctx.files, found.storageKey, job.format);
  const org: ImportOrg = ctx.org;
  const checked = await ctx.mutate(async (tx, audit) => {
    await tx
      .delete(importError)
      .where(
        and(
          eq(importError.organizationId, ctx.org.id),
          eq(importError.importId, job.id),
          eq(importError.phase, "check"),
        ),
      );
    let totalRows = 0;
    let errorRows = 0;
    let skippedRows = 0;
    for await (const batch of walk(rows, job.columns, mapping, handler, org, 1000)) {
      totalRows += batch.rows;
      const existing = await handler.existing(
        tx,
        ctx.org.id,
        batch.valid.map((row) => row.key),
      );
      skippedRows += batch.duplicates + batch.valid.filter((row) => existing.has(row.key)).length;
      const fresh = batch.valid.filter((row) => !existing.has(row.key));
      const errors = [...batch.errors, ...(await refused(tx, handler, org, fresh)).errors];
      errorRows += errors.length;
      await storeErrors(tx, ctx.org.id, job.id, "check", errors);
    }
    const [after] = await tx
      .update(importJob)
      .set({
        status: "checked",
        mapping,
        totalRows,
        errorRows,
        skippedRows,
        createdRows: 0,
        processedRows: 0,
        checkedAt: new Date(),
      })
      .where(and(eq(importJob.organizationId, ctx.org.id), eq(importJob.id, job.id)))
      .returning();
    if (!after) throw notFound("Import not found");
    audit({
      entityType: "import_job",
      entityId: job.id,
      before: { status: job.status },
      after: { status: after.status, mapping, totalRows, errorRows, skippedRows },
    });
    return after;
  });
  return viewOf(ctx.db, { job: checked, fileName: found.fileName });
}

// ---------------------------------------------------------------------------------------------
// Commit

/** Queues a checked import for the job (in the same transaction) and remembers its mapping. */
export async function commitImport(
  ctx: OrgScope,
  input: { importId: string },
): Promise<ImportView> {
  const found = await importRow(ctx.db, ctx.org.id, input.importId);
  const queued = await ctx.mutate(async (tx, audit) => {
    const [after] = await tx
      .update(importJob)
      .set({ status: "queued", failure: null })
      .where(
        and(
          eq(importJob.organizationId, ctx.org.id),
          eq(importJob.id, input.importId),
          inArray(importJob.status, ["checked", "failed"]),
        ),
      )
      .returning();
    if (!after) {
      throw found.job.status === "uploaded"
        ? badRequest("Check the file before importing it")
        : conflict("This import has already been committed");
    }
    await tx
      .insert(importMapping)
      .values({ organizationId: ctx.org.id, kind: after.kind, mapping: after.mapping })
      .onConflictDoUpdate({
        target: [importMapping.organizationId, importMapping.kind],
        set: { mapping: after.mapping, updatedAt: new Date() },
      });
    await enqueueJobs(tx, [
      {
        name: jobQueues.dataImport.name,
        data: { organizationId: ctx.org.id, importId: after.id },
      },
    ]);
    audit({
      entityType: "import_job",
      entityId: after.id,
      before: { status: found.job.status },
      after: { status: after.status },
    });
    return after;
  });
  return viewOf(ctx.db, { job: queued, fileName: found.fileName });
}

// ---------------------------------------------------------------------------------------------
// The job

export interface ImportJobData {
  organizationId: string;
  importId: string;
}

/** Rows written per transaction (and per progress update). */
export const importBatchSize = 1000;

/**
 * Writes a batch, skipping rows whose key exists; a batch the database refuses is retried row by
 * row, so one bad row is reported and the rest are written.
 */
async function writeBatch(
  tx: Database,
  handler: KindHandler<unknown>,
  org: ImportOrg,
  valid: Walk["valid"],
): Promise<{ created: number; failed: Walk["errors"] }> {
  try {
    const created = await tx.transaction((savepoint) =>
      handler.insert(
        savepoint,
        org,
        valid.map((row) => row.record),
      ),
    );
    return { created, failed: [] };
  } catch {
    let created = 0;
    const failed: Walk["errors"] = [];
    for (const row of valid) {
      try {
        created += await tx.transaction((savepoint) =>
          handler.insert(savepoint, org, [row.record]),
        );
      } catch (error) {
        const known = error instanceof DomainError ? error.message : null;
        failed.push({
          line: row.line,
          field: null,
          message: known ?? "The database refused this row",
          row: row.cells,
        });
      }
    }
    return { created, failed };
  }
}

/**
 * Commits a queued import in batches, each in its own audited transaction that also moves the
 * progress counters. Rows matching an existing record are skipped, so running it again (a retry
 * after a crash) writes nothing twice.
 */
export async function runImportJob(
  db: Database,
  files: FileStore,
  data: ImportJobData,
): Promise<void> {
  const [found] = await db
    .select({ job: importJob, storageKey: file.storageKey })
    .from(importJob)
    .innerJoin(
      file,
      and(eq(file.organizationId, importJob.organizationId), eq(file.id, importJob.fileId)),
    )
    .where(and(eq(importJob.organizationId, data.organizationId), eq(importJob.id, data.importId)));
  if (!found || !["queued", "running"].includes(found.job.status)) return;
  const { job } = found;
  const origin: AuditOrigin = {
    organizationId: job.organizationId,
    actorUserId: job.createdBy,
    ip: null,
    requestId: null,
  };
  const where = and(eq(importJob.organizationId, job.organizationId), eq(importJob.id, job.id));
  await runAudited(db, origin, "dataImport.run", async (tx, audit) => {
    await tx
      .delete(importError)
      .where(
        and(
          eq(importError.organizationId, job.organizationId),
          eq(importError.importId, job.id),
          eq(importError.phase, "commit"),
        ),
      );
    await tx
      .update(importJob)
      .set({
        status: "running",
        startedAt: new Date(),
        finishedAt: null,
        processedRows: 0,
        createdRows: 0,
        skippedRows: 0,
        errorRows: 0,
      })
      .where(where);
    audit({ entityType: "import_job", entityId: job.id, after: { status: "running" } });
  });
  try {
    const handler = handlerFor(job.kind);
    const org = await importOrg(db, job.organizationId);
    const rows = await rowsOf(files, found.storageKey, job.format);
    for await (const batch of walk(rows, job.columns, job.mapping, handler, org, importBatchSize)) {
      await runAudited(db, origin, "dataImport.batch", async (tx, audit) => {
        const { valid, errors: unresolved } = await refused(tx, handler, org, batch.valid);
        const { created, failed } = await writeBatch(tx, handler, org, valid);
        const errors = [...batch.errors, ...unresolved, ...failed];
        await storeErrors(tx, job.organizationId, job.id, "commit", errors);
        const skipped = batch.rows - errors.length - created;
        await tx
          .update(importJob)
          .set({
            processedRows: sql`least(${importJob.processedRows} + ${batch.rows}, ${importJob.totalRows})`,
            createdRows: sql`${importJob.createdRows} + ${created}`,
            skippedRows: sql`${importJob.skippedRows} + ${skipped}`,
            errorRows: sql`${importJob.errorRows} + ${errors.length}`,
          })
          .where(where);
        audit({
          entityType: "import_job",
          entityId: job.id,
          after: { rows: batch.rows, created, skipped, errors: errors.length },
        });
      });
    }
    await runAudited(db, origin, "dataImport.finish", async (tx, audit) => {
      await tx
        .update(importJob)
        .set({ status: "completed", finishedAt: new Date(), processedRows: importJob.totalRows })
        .where(where);
      audit({ entityType: "import_job", entityId: job.id, after: { status: "completed" } });
    });
    await refreshStatistics(db, job.kind);
  } catch (error) {
    // Row data never goes into `failure`: only our own messages or a generic one.
    const failure =
      error instanceof DomainError ? error.message : "The import stopped unexpectedly";
    await runAudited(db, origin, "dataImport.fail", async (tx, audit) => {
      await tx
        .update(importJob)
        .set({ status: "failed", failure, finishedAt: new Date() })
        .where(where);
      audit({ entityType: "import_job", entityId: job.id, after: { status: "failed" } });
    });
    if (!(error instanceof DomainError)) throw error;
  }
}

/** The tables each kind of import fills (its rows and the rows made with them). */
const filledTables: Record<ImportKind, string[]> = {
  patients: ["patient"],
  appointments: ["appointment", "appointment_resource"],
  services: ["service", "service_requirement"],
  practitioners: ["practitioner", "resource"],
  products: ["product"],
};

/**
 * After a bulk load the planner's statistics describe the tables as they were: a practice that
 * just imported 100,000 patients still looks empty, and plans chosen for an empty table (a
 * sequential scan) would be cached for the hot statements until autovacuum caught up. Fixed
 * table names only; a failure here never fails the import that already committed.
 */
async function refreshStatistics(db: Database, kind: ImportKind): Promise<void> {
  const tables = filledTables[kind];
  await db.execute(sql.raw(`analyze ${tables.map((t) => `"${t}"`).join(", ")}`)).catch(() => {
    // Statistics are an optimisation; autovacuum's analyze comes later in any case.
  });
}

// ---------------------------------------------------------------------------------------------
// The error file

/**
 * The refused rows of an import as a table: the file's own columns, then `line` and `error`,
 * so the manager can fix them and upload the file again. The commit's errors once it ran, the
 * check's before.
 */
export async function importErrorsTable(
  db: Database,
  organizationId: string,
  importId: string,
): Promise<ExportTable & { fileName: string }> {
  const { job, fileName } = await importRow(db, organizationId, importId);
  const phase = job.status === "uploaded" || job.status === "checked" ? "check" : "commit";
  const columns = [...job.columns, "line", "error"];
  async function* rows(): AsyncGenerator<Cell[]> {
    let after = 0;
    for (;;) {
      const page = await db
        .select({
          line: importError.line,
          field: importError.field,
          message: importError.message,
          row: importError.row,
        })
        .from(importError)
        .where(
          and(
            eq(importError.organizationId, organizationId),
            eq(importError.importId, importId),
            eq(importError.phase, phase),
            gt(importError.line, after),
          ),
        )
        .orderBy(asc(importError.line))
        .limit(1000);
      for (const error of page) {
        yield [
          ...job.columns.map((column) => error.row[column] ?? ""),
          error.line,
          error.field ? `${error.field}: ${error.message}` : error.message,
        ];
      }
      const last = page.at(-1);
      if (page.length < 1000 || !last) return;
      after = last.line;
    }
  }
  const stem = fileName.replace(/\.[^.]*$/, "");
  return { columns, rows: rows(), fileName: `${stem}-errors.csv` };
}
