// What each kind of import does with a row: read its mapped cells into the product's own input
// (validated by the same zod schema as the create form), name its natural key (patients by
// mobile, products by SKU), find keys that already exist, and write a batch without duplicates.
import { schema, type Database } from "@caredesk/db";
import { localToEpochMinutes } from "@caredesk/scheduling";
import {
  appointmentStatuses,
  LocalDate,
  PatientCreateInput,
  PractitionerCreateInput,
  ProductCreateInput,
  ServiceCreateInput,
  type ImportKind,
  type ImportRowError,
} from "@caredesk/validators";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { badRequest, DomainError, FieldError } from "../errors";
import { normaliseMobile, normalisePhoneNumber } from "./patient";

const {
  appointment,
  appointmentResource,
  patient,
  product,
  practitioner,
  resource,
  service,
  serviceRequirement,
} = schema;

/** What the import needs to know of the practice. */
export interface ImportOrg {
  id: string;
  country: string | null;
  locale: string;
  currency: string;
  timeZone: string;
}

export type Converted<T> =
  { ok: true; key: string; record: T } | { ok: false; error: Omit<ImportRowError, "line"> };

export interface KindHandler<T> {
  /** The row's mapped cells (field → trimmed text; unmapped fields absent). */
  convert(values: Record<string, string>, org: ImportOrg): Converted<T>;
  /** Which of these natural keys already exist in the practice. */
  existing(db: Database, organizationId: string, keys: string[]): Promise<Set<string>>;
  /**
   * What is wrong with records that passed `convert` but name things that must exist (an
   * appointment's patient, service, practitioner): one entry per record, null when fine.
   */
  problems?(
    db: Database,
    org: ImportOrg,
    records: T[],
  ): Promise<(Omit<ImportRowError, "line"> | null)[]>;
  /** Writes the records, skipping any whose key exists by now; answers how many were made. */
  insert(db: Database, org: ImportOrg, records: T[]): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Cells

const dateOrders = new Map<string, "dmy" | "mdy" | "ymd">();

/** The order a practice's locale writes a day in: 31/12/1980 (en-GB), 12/31/1980 (en-US). */
export function dateOrderOf(locale: string): "dmy" | "mdy" | "ymd" {
  let order = dateOrders.get(locale);
  if (!order) {
    let parts: Intl.DateTimeFormatPart[];
    try {
      parts = new Intl.DateTimeFormat(locale, {
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        timeZone: "UTC",
      }).formatToParts(new Date(Date.UTC(2000, 11, 31)));
    } catch {
      parts = [];
    }
    const kinds = parts
      .map((part) => part.type)
      .filter((type) => type === "day" || type === "month" || type === "year")
      .map((type) => type[0])
      .join("");
    order = kinds === "mdy" ? "mdy" : kinds === "ymd" ? "ymd" : "dmy";
    dateOrders.set(locale, order);
  }
  return order;
}

const example: Record<"dmy" | "mdy" | "ymd", string> = {
  dmy: "31/12/1980",
  mdy: "12/31/1980",
  ymd: "1980-12-31",
};

/**
 * A calendar day as `YYYY-MM-DD`: ISO is always read; otherwise day, month and year in the
 * practice's order with `/`, `.` or `-` between them. Null when the text is not a date at all
 * (whether the day exists is the schema's question).
 */
export function parseLocalDay(text: string, locale: string): string | null {
  const pad = (n: string) => n.padStart(2, "0");
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T00:00(?::00(?:\.000)?)?Z?)?$/.exec(text);
  if (iso?.[1] && iso[2] && iso[3]) return `${iso[1]}-${pad(iso[2])}-${pad(iso[3])}`;
  const local = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/.exec(text);
  if (!local?.[1] || !local[2] || !local[3]) return null;
  const [a, b, c] = [local[1], local[2], local[3]];
  const order = dateOrderOf(locale);
  if (a.length === 4) return `${a}-${pad(b)}-${pad(c)}`;
  if (c.length !== 4) return null;
  return order === "mdy" ? `${c}-${pad(a)}-${pad(b)}` : `${c}-${pad(b)}-${pad(a)}`;
}

export function dateExample(locale: string): string {
  return example[dateOrderOf(locale)];
}

/** Major units ("12.50", "1,200.00") in minor units of the currency; null when not money. */
export function parseMoney(text: string, currency: string): number | null {
  const cleaned = text.replace(/[\s,]/g, "");
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits;
  const [whole = "0", fraction = ""] = cleaned.split(".");
  if (fraction.length > (digits ?? 2)) return null;
  return Number(whole) * 10 ** (digits ?? 2) + Number(fraction.padEnd(digits ?? 2, "0") || "0");
}

const yes = new Set(["true", "yes", "y", "1"]);
const no = new Set(["false", "no", "n", "0", ""]);

function parseBoolean(text: string): boolean | null {
  const value = text.toLowerCase();
  return yes.has(value) ? true : no.has(value) ? false : null;
}

const sexes: Record<string, "female" | "male" | "other" | "unknown"> = {
  f: "female",
  female: "female",
  woman: "female",
  m: "male",
  male: "male",
  man: "male",
  o: "other",
  other: "other",
  u: "unknown",
  unknown: "unknown",
  "": "unknown",
};

/** The schema's first complaint as a row error. */
function firstIssue(error: z.ZodError): Omit<ImportRowError, "line"> {
  const issue = error.issues[0];
  const field = issue?.path[0];
  return {
    field: typeof field === "string" ? field : null,
    message: issue?.message ?? "Invalid row",
  };
}

function fieldErrorOf(error: unknown): Omit<ImportRowError, "line"> {
  if (error instanceof FieldError) {
    const [field, messages] = Object.entries(error.fieldErrors ?? {})[0] ?? [];
    return { field: field ?? null, message: messages?.[0] ?? error.message };
  }
  if (error instanceof DomainError) return { field: null, message: error.message };
  throw error;
}

const fail = (field: string | null, message: string) =>
  ({ ok: false, error: { field, message } }) as const;

// ---------------------------------------------------------------------------------------------
// Kinds

type PatientRecord = z.output<typeof PatientCreateInput>;

const patients: KindHandler<PatientRecord> = {
  convert(values, org) {
    let dateOfBirth: string | undefined;
    if (values.dateOfBirth) {
      const day = parseLocalDay(values.dateOfBirth, org.locale);
      if (!day) return fail("dateOfBirth", `Use a date like ${dateExample(org.locale)}`);
      dateOfBirth = day;
    }
    const sex = sexes[(values.sex ?? "").toLowerCase()];
    if (!sex) return fail("sex", "Use female, male, other or unknown");
    const parsed = PatientCreateInput.safeParse({
      firstName: values.firstName ?? "",
      lastName: values.lastName ?? "",
      mobile: values.mobile ?? "",
      email: values.email ?? "",
      dateOfBirth: dateOfBirth ?? "",
      sex,
      address: values.address ?? "",
      notes: values.notes ?? "",
    });
    if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
    try {
      const mobile = normaliseMobile(parsed.data.mobile, org.country);
      return { ok: true, key: mobile, record: { ...parsed.data, mobile } };
    } catch (error) {
      return { ok: false, error: fieldErrorOf(error) };
    }
  },
  async existing(db, organizationId, keys) {
    if (keys.length === 0) return new Set();
    const rows = await db
      .select({ mobile: patient.mobile })
      .from(patient)
      .where(and(eq(patient.organizationId, organizationId), inArray(patient.mobile, keys)));
    return new Set(rows.map((row) => row.mobile));
  },
  async insert(db, org, records) {
    if (records.length === 0) return 0;
    const rows = await db
      .insert(patient)
      .values(records.map((record) => ({ ...record, organizationId: org.id })))
      .onConflictDoNothing()
      .returning({ id: patient.id });
    return rows.length;
  },
};

type ProductRecord = z.output<typeof ProductCreateInput>;

const products: KindHandler<ProductRecord> = {
  convert(values, org) {
    const priceMinor = parseMoney(values.price ?? "", org.currency);
    if (priceMinor === null) return fail("price", "Use a price like 12.50");
    const flags: Record<string, boolean> = {};
    for (const key of ["prescriptionOnly", "controlled"] as const) {
      const flag = parseBoolean(values[key] ?? "");
      if (flag === null) return fail(key, "Use yes or no");
      flags[key] = flag;
    }
    const whole = (key: "taxBps" | "reorderLevel") =>
      values[key] ? Number(values[key]) : undefined;
    const parsed = ProductCreateInput.safeParse({
      sku: values.sku ?? "",
      barcode: values.barcode ?? "",
      name: values.name ?? "",
      genericName: values.genericName ?? "",
      form: values.form ? values.form.toLowerCase() : undefined,
      strength: values.strength ?? "",
      category: values.category ?? "",
      description: values.description ?? "",
      priceMinor,
      taxBps: whole("taxBps"),
      reorderLevel: whole("reorderLevel"),
      ...flags,
    });
    if (!parsed.success) {
      const error = firstIssue(parsed.error);
      return {
        ok: false,
        error: error.field === "priceMinor" ? { ...error, field: "price" } : error,
      };
    }
    return { ok: true, key: parsed.data.sku, record: parsed.data };
  },
  async existing(db, organizationId, keys) {
    if (keys.length === 0) return new Set();
    const rows = await db
      .select({ sku: product.sku })
      .from(product)
      .where(and(eq(product.organizationId, organizationId), inArray(product.sku, keys)));
    return new Set(rows.map((row) => row.sku));
  },
  async insert(db, org, records) {
    if (records.length === 0) return 0;
    const rows = await db
      .insert(product)
      .values(records.map((record) => ({ ...record, organizationId: org.id })))
      .onConflictDoNothing()
      .returning({ id: product.id });
    return rows.length;
  },
};

type ServiceRecord = z.output<typeof ServiceCreateInput>;

/** Names compared as the unique index does: without case. */
const nameKey = (name: string) => name.toLowerCase();

async function existingNames(
  db: Database,
  table: typeof service | typeof practitioner,
  organizationId: string,
  keys: string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ key: sql<string>`lower(${table.name})` })
    .from(table)
    .where(and(eq(table.organizationId, organizationId), inArray(sql`lower(${table.name})`, keys)));
  return new Set(rows.map((row) => row.key));
}

const services: KindHandler<ServiceRecord> = {
  convert(values, org) {
    const priceMinor = parseMoney(values.price ?? "", org.currency);
    if (priceMinor === null) return fail("price", "Use a price like 12.50");
    const duration = values.durationMinutes ?? "";
    if (!/^\d+$/.test(duration)) return fail("durationMinutes", "Use a number of minutes");
    const parsed = ServiceCreateInput.safeParse({
      name: values.name ?? "",
      description: values.description ?? "",
      durationMinutes: Number(duration),
      priceMinor,
      colour: values.colour || "#2563eb",
    });
    if (!parsed.success) {
      const error = firstIssue(parsed.error);
      return {
        ok: false,
        error: error.field === "priceMinor" ? { ...error, field: "price" } : error,
      };
    }
    return { ok: true, key: nameKey(parsed.data.name), record: parsed.data };
  },
  existing: (db, organizationId, keys) => existingNames(db, service, organizationId, keys),
  async insert(db, org, records) {
    if (records.length === 0) return 0;
    const rows = await db
      .insert(service)
      .values(
        records.map(({ requirements: _requirements, ...record }) => ({
          ...record,
          organizationId: org.id,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: service.id });
    // Each new service needs a practitioner, as one made in the form does by default.
    if (rows.length > 0) {
      await db.insert(serviceRequirement).values(
        rows.map((row) => ({
          organizationId: org.id,
          serviceId: row.id,
          kind: "practitioner" as const,
        })),
      );
    }
    return rows.length;
  },
};

type PractitionerRecord = z.output<typeof PractitionerCreateInput>;

const practitioners: KindHandler<PractitionerRecord> = {
  convert(values, org) {
    const years = values.yearsOfExperience ?? "";
    if (years && !/^\d+$/.test(years)) return fail("yearsOfExperience", "Use a number of years");
    let phone = values.phone ?? "";
    if (phone) {
      try {
        phone = normalisePhoneNumber(phone, org.country, "phone");
      } catch (error) {
        return { ok: false, error: fieldErrorOf(error) };
      }
    }
    const parsed = PractitionerCreateInput.safeParse({
      name: values.name ?? "",
      title: values.title ?? "",
      specialization: values.specialization ?? "",
      email: values.email ?? "",
      phone,
      yearsOfExperience: years ? Number(years) : null,
      bio: values.bio ?? "",
    });
    if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
    return { ok: true, key: nameKey(parsed.data.name), record: parsed.data };
  },
  existing: (db, organizationId, keys) => existingNames(db, practitioner, organizationId, keys),
  async insert(db, org, records) {
    // No unique index on names: the batch's own transaction checks what exists by now.
    const taken = await existingNames(
      db,
      practitioner,
      org.id,
      records.map((record) => nameKey(record.name)),
    );
    const fresh = records.filter((record) => !taken.has(nameKey(record.name)));
    if (fresh.length === 0) return 0;
    const rows = await db
      .insert(practitioner)
      .values(
        fresh.map(({ timeZone: _timeZone, ...record }) => ({ ...record, organizationId: org.id })),
      )
      .returning({ id: practitioner.id, name: practitioner.name, title: practitioner.title });
    // Each practitioner is bookable, as one made in the form is.
    await db.insert(resource).values(
      rows.map((row) => ({
        organizationId: org.id,
        kind: "practitioner" as const,
        name: row.title ? `${row.title} ${row.name}` : row.name,
        practitionerId: row.id,
        timeZone: org.timeZone,
      })),
    );
    return rows.length;
  },
};

interface AppointmentRecord {
  patientMobile: string;
  startsAt: Date;
  service: string;
  practitioner: string;
  status: (typeof appointmentStatuses)[number];
  notes: string | null;
}

/**
 * An appointment's start: an ISO date-time with its offset, or a day (ISO or in the practice's
 * order) and a time, read in the practice's zone. Null when it is neither.
 */
export function parseStart(text: string, org: ImportOrg): Date | null {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const instant = new Date(text);
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  const match = /^(\S+)[ T](\d{1,2}):(\d{2})(?::00)?$/.exec(text);
  if (!match?.[1] || !match[2] || !match[3]) return null;
  const day = parseLocalDay(match[1], org.locale);
  if (!day || !LocalDate.safeParse(day).success) return null;
  try {
    const minutes = localToEpochMinutes(
      day,
      `${match[2].padStart(2, "0")}:${match[3]}`,
      org.timeZone,
    );
    return minutes === null ? null : new Date(minutes * 60_000);
  } catch {
    return null;
  }
}

const appointmentKey = (mobile: string, startsAt: Date, service: string) =>
  `${mobile}|${startsAt.toISOString()}|${nameKey(service)}`;

/** The practice's services, practitioners' resources and patients a batch names. */
async function appointmentLookups(db: Database, org: ImportOrg, records: AppointmentRecord[]) {
  const serviceRows = await db
    .select({
      id: service.id,
      key: sql<string>`lower(${service.name})`,
      durationMinutes: service.durationMinutes,
      bufferBeforeMinutes: service.bufferBeforeMinutes,
      bufferAfterMinutes: service.bufferAfterMinutes,
    })
    .from(service)
    .where(
      and(
        eq(service.organizationId, org.id),
        inArray(sql`lower(${service.name})`, [...new Set(records.map((r) => nameKey(r.service)))]),
      ),
    );
  const practitionerRows = await db
    .select({ key: sql<string>`lower(${practitioner.name})`, resourceId: resource.id })
    .from(practitioner)
    .innerJoin(
      resource,
      and(
        eq(resource.organizationId, practitioner.organizationId),
        eq(resource.practitionerId, practitioner.id),
      ),
    )
    .where(
      and(
        eq(practitioner.organizationId, org.id),
        inArray(sql`lower(${practitioner.name})`, [
          ...new Set(records.map((r) => nameKey(r.practitioner))),
        ]),
      ),
    );
  const patientRows = await db
    .select({ id: patient.id, mobile: patient.mobile })
    .from(patient)
    .where(
      and(
        eq(patient.organizationId, org.id),
        inArray(patient.mobile, [...new Set(records.map((r) => r.patientMobile))]),
      ),
    );
  return {
    services: new Map(serviceRows.map((row) => [row.key, row])),
    practitioners: new Map(practitionerRows.map((row) => [row.key, row.resourceId])),
    patients: new Map(patientRows.map((row) => [row.mobile, row.id])),
  };
}

type Lookups = Awaited<ReturnType<typeof appointmentLookups>>;

function appointmentProblem(
  record: AppointmentRecord,
  lookups: Lookups,
): Omit<ImportRowError, "line"> | null {
  if (!lookups.patients.has(record.patientMobile)) {
    return {
      field: "patientMobile",
      message: "No patient has this mobile: import the patients first",
    };
  }
  if (!lookups.services.has(nameKey(record.service))) {
    return { field: "service", message: "No service has this name" };
  }
  if (!lookups.practitioners.has(nameKey(record.practitioner))) {
    return { field: "practitioner", message: "No practitioner has this name" };
  }
  return null;
}

const appointments: KindHandler<AppointmentRecord> = {
  convert(values, org) {
    let patientMobile: string;
    try {
      patientMobile = normaliseMobile(values.patientMobile ?? "", org.country);
    } catch (error) {
      const { message } = fieldErrorOf(error);
      return fail("patientMobile", message);
    }
    const startsAt = parseStart(values.start ?? "", org);
    if (!startsAt) {
      return fail("start", `Use a date and time like ${dateExample(org.locale)} 09:30`);
    }
    const status = (values.status || "confirmed").toLowerCase().replace(/[\s-]/g, "_");
    if (!(appointmentStatuses as readonly string[]).includes(status) || status === "held") {
      return fail("status", "Use confirmed, pending, completed, cancelled or no_show");
    }
    const service = values.service ?? "";
    const practitionerName = values.practitioner ?? "";
    if (!service) return fail("service", "Name the service");
    if (!practitionerName) return fail("practitioner", "Name the practitioner");
    const notes = values.notes ? values.notes.slice(0, 2000) : null;
    return {
      ok: true,
      key: appointmentKey(patientMobile, startsAt, service),
      record: {
        patientMobile,
        startsAt,
        service,
        practitioner: practitionerName,
        status: status as AppointmentRecord["status"],
        notes,
      },
    };
  },
  async existing(db, organizationId, keys) {
    if (keys.length === 0) return new Set();
    const mobiles = [...new Set(keys.map((key) => key.split("|")[0] ?? ""))];
    const rows = await db
      .select({ mobile: patient.mobile, startsAt: appointment.startsAt, service: service.name })
      .from(appointment)
      .innerJoin(
        patient,
        and(
          eq(patient.organizationId, appointment.organizationId),
          eq(patient.id, appointment.patientId),
        ),
      )
      .innerJoin(
        service,
        and(
          eq(service.organizationId, appointment.organizationId),
          eq(service.id, appointment.serviceId),
        ),
      )
      .where(and(eq(appointment.organizationId, organizationId), inArray(patient.mobile, mobiles)));
    return new Set(rows.map((row) => appointmentKey(row.mobile, row.startsAt, row.service)));
  },
  async problems(db, org, records) {
    if (records.length === 0) return [];
    const lookups = await appointmentLookups(db, org, records);
    return records.map((record) => appointmentProblem(record, lookups));
  },
  async insert(db, org, records) {
    if (records.length === 0) return 0;
    const lookups = await appointmentLookups(db, org, records);
    const taken = await appointments.existing(
      db,
      org.id,
      records.map((r) => appointmentKey(r.patientMobile, r.startsAt, r.service)),
    );
    let created = 0;
    for (const record of records) {
      if (taken.has(appointmentKey(record.patientMobile, record.startsAt, record.service)))
        continue;
      const problem = appointmentProblem(record, lookups);
      if (problem) throw badRequest(problem.message);
      const svc = lookups.services.get(nameKey(record.service));
      const resourceId = lookups.practitioners.get(nameKey(record.practitioner));
      const patientId = lookups.patients.get(record.patientMobile);
      if (!svc || !resourceId || !patientId) continue;
      const endsAt = new Date(record.startsAt.getTime() + svc.durationMinutes * 60_000);
      const [row] = await db
        .insert(appointment)
        .values({
          organizationId: org.id,
          patientId,
          serviceId: svc.id,
          startsAt: record.startsAt,
          endsAt,
          status: record.status,
          source: "staff",
          notes: record.notes,
        })
        .returning({ id: appointment.id });
      if (!row) continue;
      await db.insert(appointmentResource).values({
        organizationId: org.id,
        appointmentId: row.id,
        resourceId,
        during: {
          start: new Date(record.startsAt.getTime() - svc.bufferBeforeMinutes * 60_000),
          end: new Date(endsAt.getTime() + svc.bufferAfterMinutes * 60_000),
        },
        status: record.status,
      });
      created++;
    }
    return created;
  },
};

/** The kinds that can be imported so far; the others answer a clear BAD_REQUEST. */
export const kindHandlers: Partial<Record<ImportKind, KindHandler<unknown>>> = {
  patients,
  products,
  services,
  practitioners,
  appointments,
};
