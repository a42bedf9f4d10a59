// The booking guarantee lives in PostgreSQL: these tests talk to the constraint directly.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findPgError, PG, queryRows, schema } from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let database: TestDatabase;
let org: { id: string };
let doctor: { id: string };
let room: { id: string };
let service: { id: string };
let patients: { id: string }[];

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  const { db } = database;
  [org] = (await db
    .insert(schema.organization)
    .values({
      slug: "constraint-clinic",
      name: "Constraint Clinic",
      kind: "clinic",
      timeZone: "UTC",
      currency: "GBP",
    })
    .returning({ id: schema.organization.id })) as [{ id: string }];
  [doctor, room] = (await db
    .insert(schema.resource)
    .values([
      { organizationId: org.id, kind: "room", name: "Doctor's room", timeZone: "UTC" },
      { organizationId: org.id, kind: "room", name: "Scan room", timeZone: "UTC" },
    ])
    .returning({ id: schema.resource.id })) as [{ id: string }, { id: string }];
  [service] = (await db
    .insert(schema.service)
    .values({
      organizationId: org.id,
      name: "Consultation",
      durationMinutes: 30,
      priceMinor: 0,
      colour: "#2563eb",
    })
    .returning({ id: schema.service.id })) as [{ id: string }];
  patients = await db
    .insert(schema.patient)
    .values(
      [1, 2, 3].map((n) => ({
        organizationId: org.id,
        firstName: "P",
        lastName: `${n}`,
        mobile: `+4479111234${n}0`,
      })),
    )
    .returning({ id: schema.patient.id });
});
afterAll(() => database.drop());

const at = (hhmm: string) => new Date(`2030-01-07T${hhmm}:00Z`);

async function book(
  resourceId: string,
  from: string,
  to: string,
  options: { status?: "confirmed" | "cancelled"; patient?: number } = {},
) {
  const { db } = database;
  return db.transaction(async (tx) => {
    const status = options.status ?? "confirmed";
    const [appt] = await tx
      .insert(schema.appointment)
      .values({
        organizationId: org.id,
        patientId: patients[options.patient ?? 0]?.id ?? null,
        serviceId: service.id,
        startsAt: at(from),
        endsAt: at(to),
        status,
        source: "staff",
      })
      .returning({ id: schema.appointment.id });
    if (!appt) throw new Error("no appointment");
    await tx.insert(schema.appointmentResource).values({
      organizationId: org.id,
      appointmentId: appt.id,
      resourceId,
      during: { start: at(from), end: at(to) },
      status,
    });
    return appt.id;
  });
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (e: unknown) => findPgError(e)?.code ?? String(e),
  );

describe("the booking exclusion constraint", () => {
  it("exists in pg_constraint as an EXCLUDE constraint", async () => {
    const rows = await queryRows<{ conname: string; contype: string }>(
      database.db,
      sql`select conname, contype from pg_constraint where conname in ('appointment_resource_no_overlap', 'appointment_patient_no_overlap') order by conname`,
    );
    expect(rows).toEqual([
      { conname: "appointment_patient_no_overlap", contype: "x" },
      { conname: "appointment_resource_no_overlap", contype: "x" },
    ]);
  });

  it("refuses an overlapping booking of the same resource with 23P01", async () => {
    await book(doctor.id, "09:00", "09:30", { patient: 0 });
    expect(await codeOf(book(doctor.id, "09:15", "09:45", { patient: 1 }))).toBe(
      PG.exclusionViolation,
    );
  });

  it("allows back-to-back bookings (ranges are half-open) and other resources at the same time", async () => {
    expect(await codeOf(book(doctor.id, "09:30", "10:00", { patient: 1 }))).toBe("ok");
    expect(await codeOf(book(room.id, "09:00", "09:30", { patient: 2 }))).toBe("ok");
  });

  it("ignores cancelled bookings, and frees the slot when a booking is cancelled", async () => {
    const id = await book(doctor.id, "11:00", "11:30", { patient: 0 });
    expect(
      await codeOf(book(doctor.id, "11:00", "11:30", { patient: 1, status: "cancelled" })),
    ).toBe("ok");
    await database.db
      .update(schema.appointment)
      .set({ status: "cancelled" })
      .where(and(eq(schema.appointment.id, id)));
    const [mirrored] = await database.db
      .select({ status: schema.appointmentResource.status })
      .from(schema.appointmentResource)
      .where(eq(schema.appointmentResource.appointmentId, id));
    expect(mirrored?.status).toBe("cancelled");
    expect(await codeOf(book(doctor.id, "11:00", "11:30", { patient: 2 }))).toBe("ok");
  });

  it("refuses to put one patient in two places at once", async () => {
    await book(room.id, "14:00", "14:30", { patient: 2 });
    expect(await codeOf(book(doctor.id, "14:15", "14:45", { patient: 2 }))).toBe(
      PG.exclusionViolation,
    );
  });
});
