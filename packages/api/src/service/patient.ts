// Patients of an organization: fuzzy search, E.164 mobiles unique per organization, and the
// link between a patient record and the portal account of the person it describes.
import { schema, type Database } from "@caredesk/db";
import type {
  PatientCreateInput,
  PatientListInput,
  PatientUpdateInput,
} from "@caredesk/validators";
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { auditChange, forPatient } from "../audit";
import { FieldError, notFound } from "../errors";
import type { OrgScope } from "../scope";
import {
  cursorId,
  decodeCursor,
  encodeCursor,
  hasChanges,
  likePattern,
  type Page,
} from "./pagination";

const { patient, membership, user } = schema;

export const patientColumns = {
  id: patient.id,
  firstName: patient.firstName,
  lastName: patient.lastName,
  mobile: patient.mobile,
  email: patient.email,
  dateOfBirth: patient.dateOfBirth,
  sex: patient.sex,
  address: patient.address,
  notes: patient.notes,
  userId: patient.userId,
  archivedAt: patient.archivedAt,
  createdAt: patient.createdAt,
};

export type Patient = {
  id: string;
  firstName: string;
  lastName: string;
  mobile: string;
  email: string | null;
  dateOfBirth: string | null;
  sex: "female" | "male" | "other" | "unknown";
  address: string | null;
  notes: string | null;
  userId: string | null;
  archivedAt: Date | null;
  createdAt: Date;
};

/** Mobiles are stored as E.164; numbers typed without a country code use the practice's. */
export function normaliseMobile(input: string, country: string | null): string {
  return normalisePhoneNumber(input, country, "mobile");
}

/**
 * A phone number in international form; one typed without a country code is read as the
 * practice's country's. A number that is not valid is a field error on `field`.
 */
export function normalisePhoneNumber(
  input: string,
  country: string | null,
  field: "mobile" | "phone",
): string {
  const parsed = parsePhoneNumberFromString(
    input,
    (country ?? undefined) as CountryCode | undefined,
  );
  if (!parsed?.isValid()) {
    const noun = field === "mobile" ? "mobile number" : "phone number";
    throw new FieldError("BAD_REQUEST", {
      [field]: [
        country
          ? `Enter a valid ${noun}`
          : `Enter a valid ${noun} with its country code, e.g. +20 100 123 4567`,
      ],
    });
  }
  return parsed.number;
}

export async function listPatients(
  db: Database,
  org: { id: string; country: string | null },
  input: PatientListInput,
): Promise<Page<Patient>> {
  const base = and(
    eq(patient.organizationId, org.id),
    input.includeArchived ? undefined : isNull(patient.archivedAt),
  );
  const text = input.search?.trim();
  if (text) return searchPatients(db, org.id, base, text, input);

  const values = decodeCursor(input.cursor);
  let after: SQL | undefined;
  if (values) {
    const [a, b, c] = values;
    if (input.sort === "name" && typeof a === "string" && typeof b === "string") {
      after = sql`(lower(${patient.lastName}), lower(${patient.firstName}), ${patient.id}) > (${a}, ${b}, ${cursorId(c)}::uuid)`;
    } else if (input.sort === "createdAt" && values.length === 1) {
      // The anchor's own timestamp, read in SQL: JavaScript dates drop the microseconds, and
      // rows inserted together (imports, the demo seed) share one to the microsecond.
      const id = cursorId(a);
      const anchor = sql`(select ${patient.createdAt} from ${patient} where ${patient.organizationId} = ${org.id} and ${patient.id} = ${id}::uuid)`;
      after = sql`(${patient.createdAt}, ${patient.id}) < (${anchor}, ${id}::uuid)`;
    } else {
      throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
    }
  }
  const order =
    input.sort === "name"
      ? [
          asc(sql`lower(${patient.lastName})`),
          asc(sql`lower(${patient.firstName})`),
          asc(patient.id),
        ]
      : [desc(patient.createdAt), desc(patient.id)];
  const rows = await db
    .select(patientColumns)
    .from(patient)
    .where(and(base, after))
    .orderBy(...order)
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor(
            input.sort === "name"
              ? [last.lastName.toLowerCase(), last.firstName.toLowerCase(), last.id]
              : [last.id],
          )
        : null,
  };
}

/**
 * Search as you type over name, mobile and email (the generated, trigram-indexed
 * `search_text`). Every word must appear, in any order; results sorted by name. Only when
 * that finds nothing does a fuzzy pass (trigram word similarity) offer the closest
 * spellings, so "Mohamad" still finds "Mohamed". A run of digits also matches a mobile typed with a
 * national leading zero. The text is always a bound parameter, never SQL.
 */
async function searchPatients(
  db: Database,
  organizationId: string,
  base: SQL | undefined,
  text: string,
  input: PatientListInput,
): Promise<Page<Patient>> {
  const values = decodeCursor(input.cursor);
  const [phase, offsetValue] = values ?? ["exact", 0];
  if ((phase !== "exact" && phase !== "fuzzy") || typeof offsetValue !== "number") {
    throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
  }
  const offset = Math.max(0, Math.min(offsetValue, 10_000));
  // A phone number typed with spaces ("0100 123 4567") is one number, not three words.
  const phoneLike = /^[+\d\s().-]+$/.test(text);
  const terms = (phoneLike ? [text.replace(/[\s().-]/g, "")] : text.toLowerCase().split(/\s+/))
    .filter(Boolean)
    .slice(0, 6)
    .map((term) =>
      /^[+\d().-]+$/.test(term) ? term.replace(/\D/g, "").replace(/^0+/, "") || term : term,
    );
  const everyTerm = and(
    ...terms.map((term) => sql`${patient.searchText} like ${likePattern(term)}`),
  );

  if (phase === "exact") {
    const byName = [
      asc(sql`lower(${patient.lastName})`),
      asc(sql`lower(${patient.firstName})`),
      asc(patient.id),
    ];
    // The page's ids first, sorted on the name alone, then its rows: a common name matches
    // thousands of patients, and sorting whole rows to keep a page copied every one of them.
    const page = db
      .select({ id: patient.id })
      .from(patient)
      .where(and(base, everyTerm))
      .orderBy(...byName)
      .limit(input.limit + 1)
      .offset(offset);
    const rows = await db
      .select(patientColumns)
      .from(patient)
      .where(and(eq(patient.organizationId, organizationId), inArray(patient.id, page)))
      .orderBy(...byName);
    if (rows.length > input.limit) {
      return {
        items: rows.slice(0, input.limit),
        nextCursor: encodeCursor(["exact", offset + input.limit]),
      };
    }
    // Near misses make sense for names, not for numbers or addresses (and digit trigrams
    // are shared by every mobile, so a fuzzy pass over them would read the whole table).
    const nameLike = /^[\p{L}\s'’-]{3,}$/u.test(text);
    if (rows.length > 0 || !nameLike) return { items: rows, nextCursor: null };
  }

  // Nothing matched exactly: offer the closest spellings instead, nearest first. The KNN
  // order comes straight from the GiST index, so this reads a page, not every candidate.
  const query = text.toLowerCase();
  const start = phase === "fuzzy" ? offset : 0;
  const distance = sql<number>`${patient.searchText} <->> ${query}`;
  const rows = await db
    .select({ ...patientColumns, distance })
    .from(patient)
    // True of every row (search_text holds the mobile); it names the KNN index (schema).
    .where(and(base, sql`${patient.searchText} <> ''`))
    .orderBy(distance)
    .limit(input.limit + 1)
    .offset(start);
  const close = rows.filter((r) => r.distance <= maxFuzzyDistance);
  return {
    items: close.slice(0, input.limit).map(({ distance: _distance, ...row }) => row),
    nextCursor: close.length > input.limit ? encodeCursor(["fuzzy", start + input.limit]) : null,
  };
}

/** 1 − word similarity: above this a "match" no longer looks like what was typed. */
const maxFuzzyDistance = 0.5;

export async function getPatient(
  db: Database,
  organizationId: string,
  id: string,
): Promise<Patient> {
  const [row] = await db
    .select(patientColumns)
    .from(patient)
    .where(and(eq(patient.organizationId, organizationId), eq(patient.id, id)));
  if (!row) throw notFound("Patient not found");
  return row;
}

type PatientEditor = Pick<OrgScope, "org" | "mutate">;

/** Writes a new patient row: for changes that create a patient along the way (public booking). */
export async function insertPatient(
  tx: Database,
  org: { id: string; country: string | null },
  input: PatientCreateInput,
): Promise<Patient> {
  const [row] = await tx
    .insert(patient)
    .values({
      ...input,
      mobile: normaliseMobile(input.mobile, org.country),
      organizationId: org.id,
    })
    .returning(patientColumns);
  if (!row) throw new Error("patient insert returned nothing");
  return row;
}

export function createPatient(ctx: PatientEditor, input: PatientCreateInput): Promise<Patient> {
  return ctx.mutate(async (tx, audit) => {
    const created = await insertPatient(tx, ctx.org, input);
    audit({ entityType: "patient", entityId: created.id, patientId: created.id, after: created });
    return created;
  });
}

export function updatePatient(ctx: PatientEditor, input: PatientUpdateInput): Promise<Patient> {
  return auditChange(forPatient(ctx.mutate, input.id), "patient", async (tx) => {
    const before = await getPatient(tx, ctx.org.id, input.id);
    const { id, mobile, ...rest } = input;
    const changes =
      mobile === undefined ? rest : { ...rest, mobile: normaliseMobile(mobile, ctx.org.country) };
    if (!hasChanges(changes)) return { before, after: before };
    const [after] = await tx
      .update(patient)
      .set(changes)
      .where(and(eq(patient.organizationId, ctx.org.id), eq(patient.id, id)))
      .returning(patientColumns);
    if (!after) throw notFound("Patient not found");
    return { before, after };
  });
}

/** Archives (or restores) a patient: their history stays, they leave lists and searches. */
export function setPatientArchived(
  ctx: PatientEditor,
  id: string,
  archived: boolean,
): Promise<Patient> {
  return auditChange(forPatient(ctx.mutate, id), "patient", async (tx) => {
    const before = await getPatient(tx, ctx.org.id, id);
    const [after] = await tx
      .update(patient)
      .set({ archivedAt: archived ? new Date() : null })
      .where(and(eq(patient.organizationId, ctx.org.id), eq(patient.id, id)))
      .returning(patientColumns);
    if (!after) throw notFound("Patient not found");
    return { before, after };
  });
}

/**
 * Gives the patient portal access: links the record to an existing account (by email) and
 * makes that account a patient-role member. `email: null` removes the link.
 */
export function linkPatientAccount(
  ctx: PatientEditor,
  id: string,
  email: string | null,
): Promise<Patient> {
  return auditChange(forPatient(ctx.mutate, id), "patient", async (tx) => {
    const before = await getPatient(tx, ctx.org.id, id);
    const userId = email ? await portalAccount(tx, ctx.org.id, email) : null;
    const [after] = await tx
      .update(patient)
      .set({ userId })
      .where(and(eq(patient.organizationId, ctx.org.id), eq(patient.id, id)))
      .returning(patientColumns);
    if (!after) throw notFound("Patient not found");
    return { before, after };
  });
}

/** The account with this email, made a patient-role member here if it is not one yet. */
async function portalAccount(tx: Database, organizationId: string, email: string) {
  const [account] = await tx
    .select({ id: user.id })
    .from(user)
    .where(eq(sql`lower(${user.email})`, email.toLowerCase()));
  if (!account) {
    throw new FieldError("NOT_FOUND", {
      email: ["No Caredesk account uses this email yet. Ask the patient to sign up first."],
    });
  }
  const [existing] = await tx
    .select({ role: membership.role })
    .from(membership)
    .where(and(eq(membership.organizationId, organizationId), eq(membership.userId, account.id)));
  if (existing && existing.role !== "patient") {
    throw new FieldError("CONFLICT", {
      email: ["This account belongs to a member of staff here and cannot be a patient login."],
    });
  }
  if (!existing) {
    await tx.insert(membership).values({ organizationId, userId: account.id, role: "patient" });
  }
  return account.id;
}

/** The patient record of the signed-in portal user in this organization. */
export async function getOwnPatient(
  db: Database,
  organizationId: string,
  userId: string,
): Promise<Patient> {
  const [row] = await db
    .select(patientColumns)
    .from(patient)
    .where(and(eq(patient.organizationId, organizationId), eq(patient.userId, userId)));
  if (!row) throw notFound("No patient record is linked to your account here");
  return row;
}
