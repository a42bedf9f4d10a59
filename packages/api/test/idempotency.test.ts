// Idempotency keys are the caller's own: the same key from another caller (a patient, a
// visitor) is another key, and the same key with different parameters is refused.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addPortalPatient,
  callerFor,
  createPatient,
  createStockedPractice,
  failureOf,
  nextWeekdayAt,
  uniqueIdempotencyKey,
  type Caller,
  type PortalPatient,
  type StockedPractice,
} from "@caredesk/api/testing";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let practice: StockedPractice;
let staff: Caller;
let portalPatient: PortalPatient;
let portal: Caller;
let visitor: Caller;

/**
 * A half-hour slot (09:00–16:30) that no other test of this file books, on the first weekday
 * at least six days away. The stocked practice books its own 10:00 on the first weekday at
 * least two days away; days two to four ahead always hold a weekday (a weekend is two days),
 * so that booking falls on day four at the latest, while this day, which a clock change can
 * bring no nearer than day five, is never its day.
 */
let slot = 0;
const freeStart = () => {
  const minutes = 9 * 60 + 30 * slot++;
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  return nextWeekdayAt(`${hh}:${String(minutes % 60).padStart(2, "0")}`, 6);
};

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  practice = await createStockedPractice(db);
  staff = await callerFor(db, {
    token: practice.owner.token,
    organizationId: practice.organization.id,
  });
  portalPatient = await addPortalPatient(db, practice.organization.id, practice.owner);
  portal = await callerFor(db, {
    token: portalPatient.user.token,
    organizationId: practice.organization.id,
  });
  visitor = await callerFor(db);
});
afterAll(() => database.drop());

/** Staff book patient X with a private note under `idempotencyKey`. */
async function staffBooking(idempotencyKey: string) {
  const patientX = await createPatient(staff, { firstName: "Xena", lastName: "Private" });
  const booked = await staff.appointment.book({
    serviceId: practice.ids.service,
    patientId: patientX.id,
    start: freeStart(),
    notes: "Staff only: discuss the biopsy result",
    idempotencyKey,
  });
  return { patientX, booked };
}

describe("an idempotency key is scoped to the caller", () => {
  it("gives a patient who reuses staff's key their own new booking, nothing of staff's", async () => {
    const k = uniqueIdempotencyKey();
    const { patientX, booked } = await staffBooking(k);

    const mine = await portal.appointment.bookMine({
      serviceId: practice.ids.service,
      start: freeStart(),
      idempotencyKey: k,
    });

    expect(mine.id).not.toBe(booked.id);
    expect(mine.patientId).toBe(portalPatient.patientId);
    const answer = JSON.stringify(mine);
    expect(answer).not.toContain(patientX.id);
    expect(answer).not.toContain("Xena");
    expect(answer).not.toContain("biopsy");
  });

  it("gives a visitor who reuses staff's key their own booking reference", async () => {
    const k = uniqueIdempotencyKey();
    const { booked } = await staffBooking(k);

    const theirs = await visitor.public.book({
      slug: practice.organization.slug,
      serviceId: practice.ids.service,
      start: freeStart(),
      firstName: "Walk",
      lastName: "In",
      mobile: "+20 100 555 0101",
      idempotencyKey: k,
    });

    expect(theirs.reference).not.toBe(booked.id.slice(0, 8).toUpperCase());
    expect(JSON.stringify(theirs)).not.toContain("biopsy");
  });

  it("keeps the same key of two operations apart (a hold, then a booking)", async () => {
    const k = uniqueIdempotencyKey();
    const hold = await staff.appointment.hold({
      serviceId: practice.ids.service,
      start: freeStart(),
      idempotencyKey: k,
    });
    const patient = await createPatient(staff);

    const booked = await staff.appointment.book({
      serviceId: practice.ids.service,
      patientId: patient.id,
      start: freeStart(),
      idempotencyKey: k,
    });

    expect(booked.id).not.toBe(hold.id);
    expect(booked.status).toBe("confirmed");
  });
});

describe("a repeated key", () => {
  it("answers the very same request with the appointment it made, booking once", async () => {
    const patient = await createPatient(staff);
    const request = {
      serviceId: practice.ids.service,
      patientId: patient.id,
      start: freeStart(),
      idempotencyKey: uniqueIdempotencyKey(),
    };

    const first = await staff.appointment.book(request);
    const again = await staff.appointment.book(request);

    expect(again.id).toBe(first.id);
    const [booked] = await db
      .select({ n: count() })
      .from(schema.appointment)
      .where(
        and(
          eq(schema.appointment.organizationId, practice.organization.id),
          eq(schema.appointment.patientId, patient.id),
        ),
      );
    expect(booked?.n).toBe(1);
  });

  it("refuses the same key with different parameters (CONFLICT), booking nothing more", async () => {
    const patient = await createPatient(staff);
    const k = uniqueIdempotencyKey();
    await staff.appointment.book({
      serviceId: practice.ids.service,
      patientId: patient.id,
      start: freeStart(),
      idempotencyKey: k,
    });

    const failure = await failureOf(
      staff.appointment.book({
        serviceId: practice.ids.service,
        patientId: patient.id,
        start: freeStart(),
        idempotencyKey: k,
      }),
    );

    expect(failure).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { idempotencyKey: [expect.stringMatching(/different request/)] },
    });
    const [booked] = await db
      .select({ n: count() })
      .from(schema.appointment)
      .where(eq(schema.appointment.patientId, patient.id));
    expect(booked?.n).toBe(1);
  });

  it("refuses a visitor's reused key with other details instead of answering the first booking", async () => {
    const k = uniqueIdempotencyKey();
    const start = freeStart();
    const first = {
      slug: practice.organization.slug,
      serviceId: practice.ids.service,
      start,
      firstName: "Amal",
      lastName: "First",
      mobile: "+20 100 555 0202",
      idempotencyKey: k,
    };
    const booked = await visitor.public.book(first);

    // Same key, same slot, someone else's details: a guess at another visitor's booking.
    const failure = await failureOf(
      visitor.public.book({ ...first, firstName: "Other", mobile: "+20 100 555 0303" }),
    );

    expect(failure.code).toBe("CONFLICT");
    expect(JSON.stringify(failure)).not.toContain(booked.reference);
    // The first visitor sending their request again still gets their booking back.
    expect((await visitor.public.book(first)).reference).toBe(booked.reference);
  });
});
