// Demo appointments, booked through `appointment.book` as the practice's staff would.
import { createSession, invalidateSession, validateSessionToken } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import { demoEmail, demoPractices } from "@caredesk/db/seed";
import {
  epochMinutesToLocal,
  fromEpochMinutes,
  localToEpochMinutes,
  toEpochMinutes,
} from "@caredesk/scheduling";
import { TRPCError } from "@trpc/server";
import { and, asc, eq, inArray } from "drizzle-orm";
import { createContextInner } from "./context";
import { appRouter } from "./root";
import { createCallerFactory } from "./trpc";

const { appointment, department, membership, organization, patient, resource, scheduleRule } =
  schema;
const { service, serviceRequirement, user } = schema;

const createCaller = createCallerFactory(appRouter);

/** Doctors with a calendar to fill, one per department first. */
const DOCTORS = 4;
/** Working days ahead to fill. */
const DAYS = 3;
/** Local start times; each leaves room for the longest demo visit (90 minutes). */
const START_TIMES = ["09:00", "11:00", "14:30"] as const;
/**
 * How the booking path says no to a slot (taken, outside hours, too soon): skipped. Any
 * other error (a missing record, a lost connection) is a fault of the seed and stops it.
 */
const REFUSALS: ReadonlySet<TRPCError["code"]> = new Set([
  "CONFLICT",
  "BAD_REQUEST",
  "PRECONDITION_FAILED",
]);

export interface DemoAppointmentsResult {
  /** Appointments booked, over all demo practices. */
  booked: number;
  /** Slots the booking path refused (taken, outside hours, …): skipped, never forced. */
  refused: number;
  /** Demo practices that already had appointments, left alone. */
  untouched: number;
}

/**
 * Books a few appointments per doctor on the next working days of every demo practice
 * (`seedDemo` of @caredesk/db must have run). Going through the procedure is the point:
 * each appointment holds every resource its service needs (doctor, room, equipment) under
 * the exclusion constraint, so demo data can never double-book what users could not.
 * A practice that has any appointment already is left alone, so this runs once per
 * practice; `now` fixes "today" (tests).
 */
export async function seedDemoAppointments(
  db: Database,
  now = new Date(),
): Promise<DemoAppointmentsResult> {
  const result: DemoAppointmentsResult = { booked: 0, refused: 0, untouched: 0 };
  for (const practice of demoPractices) {
    const [org] = await db
      .select({ id: organization.id, timeZone: organization.timeZone })
      .from(organization)
      .where(eq(organization.slug, practice.slug));
    if (!org) continue;
    const [existing] = await db
      .select({ id: appointment.id })
      .from(appointment)
      .where(eq(appointment.organizationId, org.id))
      .limit(1);
    if (existing) {
      result.untouched++;
      continue;
    }
    const plan = await demoPlan(db, org, practice.slug, now);
    const outcome = await bookAsStaff(db, org.id, practice.slug, plan);
    result.booked += outcome.booked;
    result.refused += outcome.refused;
  }
  return result;
}

interface PlannedBooking {
  serviceId: string;
  patientId: string;
  doctorResourceId: string;
  start: Date;
  idempotencyKey: string;
}

/**
 * What to book: up to four doctors (one per department in name order, so the departments
 * whose services need a room or equipment take part), three times a day on the next three
 * working days, with a gap in every third slot and the department's services in turn (each
 * doctor starting at a different one, so colleagues rarely want the same equipment at once).
 */
async function demoPlan(
  db: Database,
  org: { id: string; timeZone: string },
  slug: string,
  now: Date,
): Promise<PlannedBooking[]> {
  const practitioners = await db
    .select({
      id: resource.id,
      departmentId: resource.departmentId,
      departmentName: department.name,
    })
    .from(resource)
    .innerJoin(
      department,
      and(
        eq(department.organizationId, resource.organizationId),
        eq(department.id, resource.departmentId),
      ),
    )
    .where(
      and(
        eq(resource.organizationId, org.id),
        eq(resource.kind, "practitioner"),
        eq(resource.active, true),
      ),
    )
    .orderBy(asc(department.name), asc(resource.name), asc(resource.id));
  const firstOfEach = practitioners.filter(
    (p, i) => practitioners.findIndex((q) => q.departmentId === p.departmentId) === i,
  );
  const doctors = [...firstOfEach, ...practitioners.filter((p) => !firstOfEach.includes(p))].slice(
    0,
    DOCTORS,
  );
  if (doctors.length === 0) return [];

  const services = await db
    .select({ id: service.id, departmentId: service.departmentId })
    .from(service)
    .where(and(eq(service.organizationId, org.id), eq(service.active, true)))
    .orderBy(asc(service.name), asc(service.id));
  // Only services a doctor can give (they all need one): the doctor is the preferred resource.
  const withDoctor = new Set(
    (
      await db
        .selectDistinct({ serviceId: serviceRequirement.serviceId })
        .from(serviceRequirement)
        .where(
          and(
            eq(serviceRequirement.organizationId, org.id),
            eq(serviceRequirement.kind, "practitioner"),
          ),
        )
    ).map((r) => r.serviceId),
  );
  const patients = await db
    .select({ id: patient.id })
    .from(patient)
    .where(eq(patient.organizationId, org.id))
    .orderBy(asc(patient.lastName), asc(patient.firstName), asc(patient.id))
    .limit(40);
  if (patients.length === 0) return [];

  const days = await nextWorkingDays(
    db,
    org,
    doctors.map((d) => d.id),
    now,
  );
  const planned: PlannedBooking[] = [];
  const turns = doctors.map((_, i) => i);
  let next = 0;
  for (const [d, day] of days.entries()) {
    for (const [i, doctor] of doctors.entries()) {
      const own = services.filter(
        (s) => s.departmentId === doctor.departmentId && withDoctor.has(s.id),
      );
      for (const [j, time] of START_TIMES.entries()) {
        if ((i + j + d) % 3 === 2) continue; // leave gaps: a full calendar looks fake
        const turn = turns[i] ?? 0;
        turns[i] = turn + 1;
        const svc = own[turn % Math.max(own.length, 1)];
        const who = patients[next % patients.length];
        next++;
        const at = localToEpochMinutes(day, time, org.timeZone);
        if (!svc || !who || at === null) continue;
        planned.push({
          serviceId: svc.id,
          patientId: who.id,
          doctorResourceId: doctor.id,
          start: fromEpochMinutes(at),
          // Stable per slot: booking the same plan twice (two servers starting at once)
          // replays the first booking instead of making a second.
          idempotencyKey: `demo-${slug}-${day}-${i}-${j}`,
        });
      }
    }
  }
  return planned;
}

/**
 * The next `DAYS` local dates after today (in the practice's zone) on which these doctors
 * have weekly hours, looking at most two weeks ahead.
 */
async function nextWorkingDays(
  db: Database,
  org: { id: string; timeZone: string },
  doctorIds: string[],
  now: Date,
): Promise<string[]> {
  const rules = await db
    .selectDistinct({ weekday: scheduleRule.weekday })
    .from(scheduleRule)
    .where(
      and(eq(scheduleRule.organizationId, org.id), inArray(scheduleRule.resourceId, doctorIds)),
    );
  const open = new Set<number>(rules.map((r) => r.weekday));
  const today = epochMinutesToLocal(toEpochMinutes(now), org.timeZone).date;
  // Noon steps from day to day safely across any DST change (as openingHours does).
  const noon = localToEpochMinutes(today, "12:00", org.timeZone) ?? toEpochMinutes(now);
  const days: string[] = [];
  for (let i = 1; days.length < DAYS && i <= 14; i++) {
    const { date, weekday } = epochMinutesToLocal(noon + i * 1440, org.timeZone);
    if (open.has(weekday)) days.push(date);
  }
  return days;
}

/**
 * Books the plan as the practice's demo staff member, through a server-side caller with a
 * session of their own that is revoked afterwards. A refused slot is counted and skipped.
 */
async function bookAsStaff(
  db: Database,
  orgId: string,
  slug: string,
  plan: PlannedBooking[],
): Promise<{ booked: number; refused: number }> {
  const outcome = { booked: 0, refused: 0 };
  if (plan.length === 0) return outcome;
  const [staff] = await db
    .select({ id: user.id })
    .from(user)
    .innerJoin(membership, eq(membership.userId, user.id))
    .where(and(eq(user.email, demoEmail("staff", slug)), eq(membership.organizationId, orgId)));
  if (!staff) throw new Error(`the demo staff account of ${slug} is missing`);

  const userAgent = "caredesk-seed";
  const { token, session } = await createSession(db, staff.id, { userAgent });
  try {
    const auth = await validateSessionToken(db, token, new Date(), { organizationId: orgId });
    if (!auth) throw new Error("the seed's own session did not validate");
    const caller = createCaller(createContextInner({ db, auth, organizationId: orgId, userAgent }));
    for (const booking of plan) {
      try {
        await caller.appointment.book({
          serviceId: booking.serviceId,
          patientId: booking.patientId,
          start: booking.start,
          resourceIds: [booking.doctorResourceId],
          kind: "in_person",
          idempotencyKey: booking.idempotencyKey,
        });
        outcome.booked++;
      } catch (error) {
        // Demo data takes the booking path's no for an answer, as a user would.
        if (!(error instanceof TRPCError) || !REFUSALS.has(error.code)) throw error;
        outcome.refused++;
      }
    }
  } finally {
    await invalidateSession(db, session.id);
  }
  return outcome;
}
