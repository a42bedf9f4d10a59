// Exports of a practice's records as CSV or Excel, streamed: rows are read from PostgreSQL in
// keyset pages and written as they come (CSV quoted per RFC 4180, Excel by exceljs's streaming
// writer), so memory stays flat whatever the number of rows. The columns are the fields an
// import of the same kind reads, so an export can be imported again.
import type { Writable } from "node:stream";
import { schema, type Database } from "@caredesk/db";
import {
  exportFilters,
  Id,
  importFields,
  type ExportFormat,
  type ExportRequestInput,
  type ExportFiltersParsed,
  type ImportKind,
} from "@caredesk/validators";
import ExcelJS from "exceljs";
import { and, asc, eq, gt, isNotNull, isNull, sql, type Column, type SQL } from "drizzle-orm";
import { badRequest, FieldError, notFound } from "../errors";
import { likePattern } from "./pagination";

const { patient, product, service, practitioner, appointment, appointmentResource, resource } =
  schema;

export type Cell = string | number | null;

export interface ExportTable {
  columns: string[];
  rows: AsyncIterable<Cell[]>;
}

export interface ExportOrg {
  id: string;
  slug: string;
  currency: string;
  timeZone: string;
}

/** Rows read per query. */
const pageSize = 1000;

/** Keyset pages by id until a short page: each query is small, and nothing is held. */
async function* pages<T extends { id: string }>(
  fetch: (after: string | null, limit: number) => Promise<T[]>,
): AsyncGenerator<T> {
  let after: string | null = null;
  for (;;) {
    const rows = await fetch(after, pageSize);
    for (const row of rows) yield row;
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return;
    after = last.id;
  }
}

function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** Minor units as major-unit text ("1250" → "12.50" in a two-decimal currency). */
export function majorUnits(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(minor)).padStart(digits + 1, "0");
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

const columnsOf = (kind: ImportKind) => importFields[kind].map((field) => field.key);

function searchCondition(column: SQL | typeof patient.searchText, search?: string) {
  return search ? sql`lower(${column}) like ${likePattern(search.toLowerCase())}` : undefined;
}

/** The kind's rows matching the filters, in the columns an import reads. */
export function exportTable<K extends ImportKind>(
  db: Database,
  org: ExportOrg,
  kind: K,
  filters: ExportFiltersParsed<K>,
): ExportTable {
  const columns = columnsOf(kind);
  /** The practice's own rows after the keyset cursor, and the kind's own conditions. */
  const ownAfter = (
    table: { organizationId: Column; id: Column },
    after: string | null,
    ...conditions: (SQL | undefined)[]
  ) =>
    and(eq(table.organizationId, org.id), after ? gt(table.id, after) : undefined, ...conditions);
  /** A price in minor units also as major-unit text, with the practice's currency. */
  const priced = <T extends { priceMinor: number }>(row: T) => ({
    ...row,
    price: majorUnits(row.priceMinor, org.currency),
    currency: org.currency,
  });
  switch (kind) {
    case "patients": {
      const f = filters as ExportFiltersParsed<"patients">;
      const where = (after: string | null) =>
        ownAfter(
          patient,
          after,
          f.archived === undefined
            ? undefined
            : f.archived
              ? isNotNull(patient.archivedAt)
              : isNull(patient.archivedAt),
          searchCondition(sql`${patient.searchText}`, f.search),
        );
      const rows = pages((after, limit) =>
        db
          .select({
            id: patient.id,
            firstName: patient.firstName,
            lastName: patient.lastName,
            mobile: patient.mobile,
            email: patient.email,
            dateOfBirth: patient.dateOfBirth,
            sex: patient.sex,
            address: patient.address,
            notes: patient.notes,
          })
          .from(patient)
          .where(where(after))
          .orderBy(asc(patient.id))
          .limit(limit),
      );
      return { columns, rows: project(rows, columns) };
    }
    case "products": {
      const f = filters as ExportFiltersParsed<"products">;
      const rows = pages((after, limit) =>
        db
          .select({
            id: product.id,
            sku: product.sku,
            name: product.name,
            priceMinor: product.priceMinor,
            barcode: product.barcode,
            genericName: product.genericName,
            form: product.form,
            strength: product.strength,
            category: product.category,
            description: product.description,
            taxBps: product.taxBps,
            prescriptionOnly: product.prescriptionOnly,
            controlled: product.controlled,
            reorderLevel: product.reorderLevel,
          })
          .from(product)
          .where(
            ownAfter(
              product,
              after,
              f.active === undefined
                ? undefined
                : eq(product.status, f.active ? "active" : "archived"),
              searchCondition(sql`${product.searchText}`, f.search),
            ),
          )
          .orderBy(asc(product.id))
          .limit(limit),
      );
      return {
        columns,
        rows: project(rows, columns, (row) => ({
          ...priced(row),
          prescriptionOnly: row.prescriptionOnly ? "yes" : "no",
          controlled: row.controlled ? "yes" : "no",
        })),
      };
    }
    case "services": {
      const f = filters as ExportFiltersParsed<"services">;
      const rows = pages((after, limit) =>
        db
          .select({
            id: service.id,
            name: service.name,
            durationMinutes: service.durationMinutes,
            priceMinor: service.priceMinor,
            description: service.description,
            colour: service.colour,
          })
          .from(service)
          .where(
            ownAfter(
              service,
              after,
              f.active === undefined ? undefined : eq(service.active, f.active),
              searchCondition(sql`${service.name}`, f.search),
            ),
          )
          .orderBy(asc(service.id))
          .limit(limit),
      );
      return {
        columns,
        rows: project(rows, columns, priced),
      };
    }
    case "practitioners": {
      const f = filters as ExportFiltersParsed<"practitioners">;
      const rows = pages((after, limit) =>
        db
          .select({
            id: practitioner.id,
            name: practitioner.name,
            title: practitioner.title,
            specialization: practitioner.specialization,
            email: practitioner.email,
            phone: practitioner.phone,
            yearsOfExperience: practitioner.yearsOfExperience,
            bio: practitioner.bio,
          })
          .from(practitioner)
          .where(
            ownAfter(
              practitioner,
              after,
              f.active === undefined ? undefined : eq(practitioner.active, f.active),
              searchCondition(sql`${practitioner.name}`, f.search),
            ),
          )
          .orderBy(asc(practitioner.id))
          .limit(limit),
      );
      return { columns, rows: project(rows, columns) };
    }
    case "appointments": {
      const f = filters as ExportFiltersParsed<"appointments">;
      // The practitioner's name through the appointment's practitioner resource.
      const practitionerName = sql<string | null>`(
        select ${practitioner.name} from ${appointmentResource}
        join ${resource} on ${resource.organizationId} = ${appointmentResource.organizationId}
          and ${resource.id} = ${appointmentResource.resourceId}
        join ${practitioner} on ${practitioner.organizationId} = ${resource.organizationId}
          and ${practitioner.id} = ${resource.practitionerId}
        where ${appointmentResource.organizationId} = ${appointment.organizationId}
          and ${appointmentResource.appointmentId} = ${appointment.id}
        limit 1)`;
      const dayStart = (day: string) => sql`(${day}::date)::timestamp at time zone ${org.timeZone}`;
      const rows = pages((after, limit) =>
        db
          .select({
            id: appointment.id,
            patientMobile: patient.mobile,
            start: appointment.startsAt,
            service: service.name,
            practitioner: practitionerName,
            status: appointment.status,
            notes: appointment.notes,
          })
          .from(appointment)
          .innerJoin(
            service,
            and(
              eq(service.organizationId, appointment.organizationId),
              eq(service.id, appointment.serviceId),
            ),
          )
          .leftJoin(
            patient,
            and(
              eq(patient.organizationId, appointment.organizationId),
              eq(patient.id, appointment.patientId),
            ),
          )
          .where(
            ownAfter(
              appointment,
              after,
              f.from ? sql`${appointment.startsAt} >= ${dayStart(f.from)}` : undefined,
              f.to
                ? sql`${appointment.startsAt} < ${dayStart(f.to)} + interval '1 day'`
                : undefined,
              f.status ? eq(appointment.status, f.status) : undefined,
              f.practitionerId
                ? sql`exists (select 1 from ${appointmentResource}
                    join ${resource} on ${resource.organizationId} = ${appointmentResource.organizationId}
                      and ${resource.id} = ${appointmentResource.resourceId}
                    where ${appointmentResource.organizationId} = ${appointment.organizationId}
                      and ${appointmentResource.appointmentId} = ${appointment.id}
                      and ${resource.practitionerId} = ${f.practitionerId})`
                : undefined,
            ),
          )
          .orderBy(asc(appointment.id))
          .limit(limit),
      );
      return { columns, rows: project(rows, columns) };
    }
    default:
      throw badRequest(`Exporting ${kind} is not available yet`);
  }
}

async function* project<T extends object>(
  rows: AsyncIterable<T>,
  columns: string[],
  shape: (row: T) => Record<string, unknown> = (row) => row as Record<string, unknown>,
): AsyncGenerator<Cell[]> {
  for await (const row of rows) {
    const shaped = shape(row);
    yield columns.map((column) => {
      const value = shaped[column];
      if (value === null || value === undefined) return null;
      if (typeof value === "number" || typeof value === "string") return value;
      if (value instanceof Date) return value.toISOString();
      if (typeof value === "boolean") return value ? "yes" : "no";
      return JSON.stringify(value);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

const formulaLike = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet would run as a formula (= + - @, and tab or CR that some read as one)
 * is prefixed with ' so it stays text. Numbers are written as numbers and need no guard.
 */
export function neutralise(text: string): string {
  return formulaLike.test(text) ? `'${text}` : text;
}

function csvField(cell: Cell): string {
  if (cell === null) return "";
  const text = typeof cell === "number" ? String(cell) : neutralise(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) {
    await new Promise<void>((resolve, reject) => {
      const cleanup = () => {
        out.off("drain", done);
        out.off("error", failed);
        out.off("close", done);
      };
      const done = () => {
        cleanup();
        resolve();
      };
      const failed = (error: Error) => {
        cleanup();
        reject(error);
      };
      out.once("drain", done);
      out.once("error", failed);
      out.once("close", done);
    });
  }
}

/** CSV, UTF-8 with a BOM (so Excel reads accents), CRLF line ends, quoted per RFC 4180. */
export async function writeCsv(table: ExportTable, out: Writable): Promise<void> {
  await write(out, `\uFEFF${table.columns.map(csvField).join(",")}\r\n`);
  let chunk = "";
  for await (const row of table.rows) {
    if (out.destroyed) return;
    chunk += `${row.map(csvField).join(",")}\r\n`;
    if (chunk.length >= 65536) {
      await write(out, chunk);
      chunk = "";
    }
  }
  if (chunk) await write(out, chunk);
  out.end();
}

/**
 * Excel (.xlsx) by exceljs's streaming writer: each row is committed as it is written. Cells
 * are typed, and a text cell is never run as a formula, so text is written as it is (a mobile
 * stays "+20…", not "'+20…" as the CSV has to write it). Text that starts like a formula also
 * gets the Text number format ("@"), Excel's own guard: editing the cell keeps it text.
 */
export async function writeXlsx(table: ExportTable, out: Writable, sheetName: string) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow(table.columns).commit();
  for await (const row of table.rows) {
    if (out.destroyed) return;
    const added = sheet.addRow(row);
    row.forEach((cell, index) => {
      if (typeof cell === "string" && formulaLike.test(cell)) {
        added.getCell(index + 1).numFmt = "@";
      }
    });
    added.commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** `<slug>-<kind>-<yyyy-mm-dd>.<ext>`, the day in UTC. */
export function exportFileName(
  slug: string,
  kind: string,
  format: ExportFormat,
  now = new Date(),
): string {
  return `${slug}-${kind}-${now.toISOString().slice(0, 10)}.${format}`;
}

/** Writes the table in the format asked for. */
export function writeExport(
  table: ExportTable,
  format: ExportFormat,
  out: Writable,
  sheetName: string,
): Promise<void> {
  return format === "csv" ? writeCsv(table, out) : writeXlsx(table, out, sheetName);
}

/**
 * An export the member asked for: its filters checked per kind (BAD_REQUEST by field); a
 * practitioner filter must name one of the practice's (another practice's is not found).
 */
export async function exportFor(
  ctx: { db: Database; org: ExportOrg },
  input: ExportRequestInput,
): Promise<{ fileName: string; contentType: string; table: ExportTable; sheetName: string }> {
  const parsed = exportFilters[input.kind].safeParse(input.filters);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "filters");
      (errors[key] ??= []).push(issue.message);
    }
    throw new FieldError("BAD_REQUEST", errors);
  }
  const practitionerId = input.filters.practitionerId;
  if (practitionerId !== undefined) {
    const [found] = Id.safeParse(practitionerId).success
      ? await ctx.db
          .select({ id: practitioner.id })
          .from(practitioner)
          .where(
            and(eq(practitioner.organizationId, ctx.org.id), eq(practitioner.id, practitionerId)),
          )
      : [];
    if (!found) throw notFound("Practitioner not found");
  }
  return {
    fileName: exportFileName(ctx.org.slug, input.kind, input.format),
    contentType:
      input.format === "csv"
        ? "text/csv; charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    table: exportTable(ctx.db, ctx.org, input.kind, parsed.data),
    sheetName: input.kind,
  };
}
