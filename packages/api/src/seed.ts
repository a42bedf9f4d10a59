// Demo appointments, booked through `appointment.book` as the practice's staff would: the
// day the demo is started (some visits done, one in progress, a no-show, a cancellation, the
// rest still to come), the next working days, and a few online requests waiting for an answer.
import { randomUUID } from "node:crypto";
import { createSession, invalidateSession, validateSessionToken } from "@caredesk/auth";
import { findPgError, PG, schema, type Database } from "@caredesk/db";
import { demoEmail, demoHours, demoPractices } from "@caredesk/db/seed";
import {
  epochMinutesToLocal,
  fromEpochMinutes,
  localToEpochMinutes,
  startOfLocalDay,
  toEpochMinutes,
} from "@caredesk/scheduling";
import { TRPCError } from "@trpc/server";
import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import { runAudited } from "./audit";
import { createContextInner } from "./context";
import { DomainError } from "./errors";
import { insertAppointment, planAppointment, type BookRequest } from "./service/appointment";
import { appRouter, type AppRouterCaller } from "./root";
import { createCallerFactory } from "./trpc";

const { appointment, department, membership, organization, patient, resource, scheduleRule } =
  schema;
const { service, serviceRequirement, user } = schema;

const createCaller: AppRouterCaller = createCallerFactory(appRouter);

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

/** Local start times of the demo day (on every service's grid); a slot that does not fit is skipped. */
const DAY_TIMES = ["09:00", "10:00", "11:00", "12:00", "14:00", "15:00", "16:00"] as const;
/** Online requests per practice: one later today, the rest on the next working days. */
const REQUESTS = 3;
/** Times a request asks for, the first one free taken. */
const REQUEST_TIMES = ["16:30", "15:30", "12:30", "10:30", "11:30", "14:30"] as const;

export interface DemoAppointmentsResult {
  /** Appointments booked, over all demo practices. */
  booked: number;
  /** Slots the booking path refused (taken, outside hours, …): skipped, never forced. */
  refused: number;
  /** Demo practices whose day (the day of `now`) was seeded already, left alone. */
  untouched: number;
}

type DemoOrg = { id: string; timeZone: string; directoryVersion: number };

/**
 * Books a realistic day in every demo practice (`seedDemo` of @caredesk/db must have run): the
 * day the demo is started, whose earlier visits are done (one a no-show, one still in
 * progress) and later ones to come (one cancelled), the next working days, and a few online
 * requests (public page, pending) for the practice to answer. Going through the booking path is
 * the point: each appointment holds every resource its service needs (doctor, room,
 * equipment) under the exclusion constraint, so demo data can never double-book what users
 * could not. A practice whose day already has appointments is left alone, so a second start
 * adds nothing; `now` fixes "today" (tests).
 */
export async function seedDemoAppointments(
  db: Database,
  now = new Date(),
): Promise<DemoAppointmentsResult> {
  const result: DemoAppointmentsResult = { booked: 0, refused: 0, untouched: 0 };
  for (const practice of demoPractices) {
    const [org] = await db
      .select({
        id: organization.id,
        timeZone: organization.timeZone,
        directoryVersion: organization.directoryVersion,
      })
      .from(organization)
      .where(eq(organization.slug, practice.slug));
    if (!org) continue;
    const today = epochMinutesToLocal(toEpochMinutes(now), org.timeZone).date;
    const dayStart = fromEpochMinutes(startOfLocalDay(today, org.timeZone));
    const dayEnd = new Date(dayStart.getTime() + 24 * 3_600_000);
    const [existing] = await db
      .select({ id: appointment.id })
      .from(appointment)
      .where(
        and(
          eq(appointment.organizationId, org.id),
          gte(appointment.startsAt, dayStart),
          lt(appointment.startsAt, dayEnd),
        ),
      )
      .limit(1);
    if (existing) {
      result.untouched++;
      continue;
    }
    const cast = await demoCast(db, org);
    const days = await nextWorkingDays(
      db,
      org,
      cast.doctors.map((d) => d.id),
      now,
    );
    // Hours are the owner's to change; bookings are the front desk's to make.
    await asDemoMember(db, org.id, practice.slug, "owner", (owner) =>
      openToday(db, owner, org, today),
    );
    const outcome = await asDemoMember(
      db,
      org.id,
      practice.slug,
      "staff",
      async (caller, staffId) => {
        const day = await bookDemoDay(db, org, staffId, caller, cast, practice.slug, today, now);
        const ahead = await bookAsStaff(caller, demoPlan(org, cast, practice.slug, days));
        const requests = await bookRequests(db, org, staffId, cast, today, days, now);
        return {
          booked: day.booked + ahead.booked + requests.booked,
          refused: day.refused + ahead.refused + requests.refused,
        };
      },
    );
    result.booked += outcome.booked;
    result.refused += outcome.refused;
  }
  return result;
}

/**
 * Demo databases made before the demo opened every day keep their weekday hours: the day the
 * demo is started gets the demo's hours for whatever has none on that weekday (through
 * `schedule.setWeek`, as an owner would), so there is always a working day to show.
 */
async function openToday(db: Database, caller: Caller, org: DemoOrg, today: string) {
  const weekday = epochMinutesToLocal(
    startOfLocalDay(today, org.timeZone) + 720,
    org.timeZone,
  ).weekday;
  const resources = await db
    .select({ id: resource.id })
    .from(resource)
    .where(and(eq(resource.organizationId, org.id), eq(resource.active, true)));
  const rules = await db
    .select({
      resourceId: scheduleRule.resourceId,
      weekday: scheduleRule.weekday,
      startTime: scheduleRule.startTime,
      endTime: scheduleRule.endTime,
    })
    .from(scheduleRule)
    .where(eq(scheduleRule.organizationId, org.id));
  for (const r of resources) {
    const own = rules.filter((rule) => rule.resourceId === r.id);
    if (own.length === 0 || own.some((rule) => rule.weekday === weekday)) continue;
    await caller.schedule.setWeek({
      resourceId: r.id,
      rules: [
        ...own.map((rule) => ({
          weekday: rule.weekday,
          start: rule.startTime.slice(0, 5),
          end: rule.endTime.slice(0, 5),
        })),
        ...demoHours.map((h) => ({ weekday, start: h.start, end: h.end })),
      ],
    });
  }
}

interface PlannedBooking {
  serviceId: string;
  patientId: string;
  doctorResourceId: string;
  start: Date;
  idempotencyKey: string;
}

interface DemoDoctor {
  id: string;
  departmentId: string | null;
}

interface DemoCast {
  doctors: DemoDoctor[];
  /** The services each doctor gives (their department's, needing a doctor). */
  servicesOf: (doctor: DemoDoctor) => { id: string }[];
  patients: { id: string }[];
}

/**
 * Who takes part: up to four doctors (one per department in name order, so the departments
 * whose services need a room or equipment take part), their services, and the patients.
 */
async function demoCast(db: Database, org: DemoOrg): Promise<DemoCast> {
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
    .limit(60);
  return {
    doctors,
    servicesOf: (doctor) =>
      services.filter((s) => s.departmentId === doctor.departmentId && withDoctor.has(s.id)),
    patients,
  };
}

/**
 * The next working days: three times a day per doctor, with a gap in every third slot and the
 * department's services in turn (each doctor starting at a different one, so colleagues
 * rarely want the same equipment at once). Patients 20 onwards (the day uses the first 20).
 */
function demoPlan(org: DemoOrg, cast: DemoCast, slug: string, days: string[]): PlannedBooking[] {
  const { doctors, patients } = cast;
  if (doctors.length === 0 || patients.length === 0) return [];
  const planned: PlannedBooking[] = [];
  const turns = doctors.map((_, i) => i);
  let next = 20;
  for (const [d, day] of days.entries()) {
    for (const [i, doctor] of doctors.entries()) {
      const own = cast.servicesOf(doctor);
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
 * Books one planned appointment at a time the booking path would otherwise refuse as past or
 * too soon: it is planned as of the start of the demo day (hours, buffers, every resource the
 * service needs, the free ones chosen) and written by the booking path's own insert under the
 * exclusion constraint, audited as the demo staff's booking. Answers null for a refusal.
 */
async function bookAsOf(
  db: Database,
  org: DemoOrg,
  staffId: string,
  request: BookRequest,
  asOf: Date,
  /** When the booking was asked for, if not now (an inbox whose requests all came in at once looks staged). */
  askedAt?: Date,
) {
  try {
    const plan = await planAppointment(db, org, request, asOf);
    const origin = {
      organizationId: org.id,
      actorUserId: staffId,
      ip: null,
      requestId: "seed:demo-day",
    };
    return await runAudited(db, origin, "appointment.book", async (tx, audit) => {
      const booked = await insertAppointment(tx, org, staffId, request, plan, randomUUID(), asOf);
      if (askedAt) {
        await tx
          .update(appointment)
          .set({ createdAt: askedAt })
          .where(and(eq(appointment.organizationId, org.id), eq(appointment.id, booked.id)));
      }
      audit({ entityType: "appointment", entityId: booked.id, after: booked });
      return booked;
    });
  } catch (error) {
    const code = findPgError(error)?.code;
    if (error instanceof DomainError || code === PG.exclusionViolation) return null;
    throw error;
  }
}

type Caller = ReturnType<typeof createCaller>;

/**
 * The demo day: each doctor's visits through the day. Those already over are completed (every
 * fourth a no-show), one under way is in progress (the patient arrived), and one still to
 * come is cancelled with a reason; the rest wait, confirmed.
 */
async function bookDemoDay(
  db: Database,
  org: DemoOrg,
  staffId: string,
  caller: Caller,
  cast: DemoCast,
  slug: string,
  today: string,
  now: Date,
): Promise<{ booked: number; refused: number }> {
  const outcome = { booked: 0, refused: 0 };
  const asOf = fromEpochMinutes(startOfLocalDay(today, org.timeZone) - 1440);
  const booked: { id: string; startsAt: Date; endsAt: Date }[] = [];
  let next = 0;
  for (const [i, doctor] of cast.doctors.entries()) {
    const own = cast.servicesOf(doctor);
    for (const [j, time] of DAY_TIMES.entries()) {
      if ((i + j) % 4 === 3) continue; // gaps, as in any real day
      const svc = own[(i + j) % Math.max(own.length, 1)];
      const who = cast.patients[next % Math.min(cast.patients.length, 20)];
      next++;
      const at = localToEpochMinutes(today, time, org.timeZone);
      if (!svc || !who || at === null) continue;
      const made = await bookAsOf(
        db,
        org,
        staffId,
        {
          serviceId: svc.id,
          patientId: who.id,
          start: fromEpochMinutes(at),
          resourceIds: [doctor.id],
          kind: "in_person",
          idempotencyKey: `demo-${slug}-${today}-day-${i}-${j}`,
          source: "staff",
          status: "confirmed",
        },
        asOf,
      );
      if (made) {
        outcome.booked++;
        booked.push(made);
      } else {
        outcome.refused++;
      }
    }
  }
  booked.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  let over = 0;
  let cancelled = false;
  for (const a of booked) {
    if (a.endsAt <= now) {
      over++;
      const status = over % 4 === 2 ? "no_show" : "completed";
      await caller.appointment.setStatus({ id: a.id, status, version: 1 });
    } else if (a.startsAt <= now) {
      await caller.appointment.setStatus({ id: a.id, status: "in_progress", version: 1 });
    } else if (!cancelled && a.startsAt.getTime() > now.getTime() + 2 * 3_600_000) {
      cancelled = true;
      await caller.appointment.cancel({
        id: a.id,
        reason: "The patient asked to come another week",
        version: 1,
      });
    }
  }
  return outcome;
}

/** A few online requests (public page, pending): one later today, the rest on the next days. */
async function bookRequests(
  db: Database,
  org: DemoOrg,
  staffId: string,
  cast: DemoCast,
  today: string,
  days: string[],
  now: Date,
): Promise<{ booked: number; refused: number }> {
  const outcome = { booked: 0, refused: 0 };
  const when = [today, ...days].slice(0, REQUESTS);
  for (const [k, day] of when.entries()) {
    const doctor = cast.doctors[k % Math.max(cast.doctors.length, 1)];
    const svc = doctor ? cast.servicesOf(doctor)[0] : undefined;
    const who = cast.patients[cast.patients.length - 1 - k];
    if (!doctor || !svc || !who) continue;
    for (const time of REQUEST_TIMES) {
      const at = localToEpochMinutes(day, time, org.timeZone);
      if (at === null) continue;
      const start = fromEpochMinutes(at);
      // Only times still to come: a visitor cannot ask for the past.
      if (start.getTime() < now.getTime() + 3_600_000) continue;
      const made = await bookAsOf(
        db,
        org,
        staffId,
        {
          serviceId: svc.id,
          patientId: who.id,
          start,
          resourceIds: [doctor.id],
          kind: "in_person",
          notes: k === 0 ? "Booked on the practice's page" : null,
          idempotencyKey: `demo-request-${org.id}-${day}-${k}`,
          source: "public",
          status: "pending",
        },
        // Planned as of the day before: past the notice a visitor's booking had to give.
        new Date(start.getTime() - 1440 * 60_000),
        // Asked for a while ago, the first longest.
        new Date(now.getTime() - (REQUESTS - k) * 53 * 60_000),
      );
      if (made) {
        outcome.booked++;
        break;
      }
      outcome.refused++;
    }
  }
  return outcome;
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
 * Runs `work` as the practice's demo member of `role`, through a server-side caller with a
 * session of their own that is revoked afterwards.
 */
export async function asDemoMember<T>(
  db: Database,
  orgId: string,
  slug: string,
  role: "owner" | "staff" | "doctor",
  work: (caller: Caller, userId: string) => Promise<T>,
): Promise<T> {
  const [staff] = await db
    .select({ id: user.id })
    .from(user)
    .innerJoin(membership, eq(membership.userId, user.id))
    .where(and(eq(user.email, demoEmail(role, slug)), eq(membership.organizationId, orgId)));
  if (!staff) throw new Error(`the demo ${role} account of ${slug} is missing`);

  const userAgent = "caredesk-seed";
  const { token, session } = await createSession(db, staff.id, { userAgent });
  try {
    const auth = await validateSessionToken(db, token, new Date(), { organizationId: orgId });
    if (!auth) throw new Error("the seed's own session did not validate");
    const caller = createCaller(createContextInner({ db, auth, organizationId: orgId, userAgent }));
    return await work(caller, staff.id);
  } finally {
    await invalidateSession(db, session.id);
  }
}

/** Books the plan through `appointment.book`; a refused slot is counted and skipped. */
async function bookAsStaff(
  caller: Caller,
  plan: PlannedBooking[],
): Promise<{ booked: number; refused: number }> {
  const outcome = { booked: 0, refused: 0 };
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
  return outcome;
}
