// Appointments: availability, conflict-free booking of every resource a service needs,
// and the status lifecycle. PostgreSQL's exclusion constraint is the guarantee; the
// per-resource advisory locks only keep concurrent bookers of one slot from deadlocking.
import { randomUUID } from "node:crypto";
import {
  constraints,
  findPgError,
  PG,
  schema,
  statementClientOf,
  type Database,
} from "@caredesk/db";
import {
  epochMinutesToLocal,
  explainStart,
  findSlots,
  fromEpochMinutes,
  nextFreeSlots,
  startOfLocalDay,
  toEpochMinutes,
  type Interval,
  type ResourceCalendar,
  type Slot,
  type SlotQuery,
} from "@caredesk/scheduling";
import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import {
  conflict,
  DomainError,
  FieldError,
  notFound,
  OffGridError,
  SlotTakenError,
} from "../errors";
import { runAudited } from "../audit";
import {
  audienceFrom,
  audienceStatement,
  audienceStatementOn,
  eventOfStatusChange,
  queueAppointmentMessages,
} from "./appointment-messages";
import type { OrgScope } from "../scope";
import { changeChannel, publishChange, type ChangeEvent } from "../events";
import {
  insertAppointmentStatement,
  insertResourcesStatement,
  lockStatement,
  notifyStatement,
} from "./booking-statements";
import {
  bookableResources,
  bookableService,
  type BookableResource,
  type BookableService,
  type DirectoryScope,
} from "./directory";
import { escrowOnStatusChange } from "./escrow";
import { getService } from "./service";
import { sameTenant } from "./tenant";
import { busyRanges } from "./busy-ranges";

const { appointment, appointmentResource, resource, patient, service } = schema;

export const activeStatuses = ["held", "pending", "confirmed", "in_progress"] as const;
export type AppointmentStatus = (typeof schema.appointmentStatus.enumValues)[number];

/** The lifecycle: which status may follow which. Everything else is refused. */
export const transitions: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  held: ["pending", "confirmed", "cancelled"],
  pending: ["confirmed", "cancelled"],
  confirmed: ["in_progress", "completed", "no_show", "cancelled"],
  in_progress: ["completed"],
  completed: [],
  cancelled: [],
  no_show: [],
};

export const HOLD_MINUTES = 5;

interface Org extends DirectoryScope {
  timeZone: string;
}

type Service = BookableService;

type Candidate = BookableResource;

/** For each requirement of the service, the active resources that can meet it. */
async function candidatesFor(db: Database, org: Org, svc: Service, preferred: string[]) {
  const rows = await bookableResources(db, org);
  const known = new Set(rows.map((r) => r.id));
  const foreign = preferred.find((id) => !known.has(id));
  if (foreign) throw new FieldError("NOT_FOUND", { resourceIds: ["Resource not found"] });

  return svc.requirements.map((req) => {
    const fits = rows.filter(
      (r) =>
        r.kind === req.kind &&
        (!req.departmentId || r.departmentId === req.departmentId) &&
        (!req.category || (r.category ?? "").toLowerCase() === req.category.toLowerCase()),
    );
    if (fits.length === 0) {
      const what = req.category ?? req.kind;
      throw new FieldError("BAD_REQUEST", {
        serviceId: [`This service needs a ${what} and the practice has none available`],
      });
    }
    const chosen = fits.filter((r) => preferred.includes(r.id));
    return chosen.length > 0 ? chosen : fits;
  });
}

async function calendarsFor(
  db: Database,
  orgId: string,
  candidates: Candidate[][],
  window: Interval,
  options: { withBusy: boolean; ignoreAppointment?: string | undefined },
) {
  const ids = [...new Set(candidates.flat().map((c) => c.id))];
  const busy = options.withBusy
    ? await busyRanges(db, orgId, ids, window, options.ignoreAppointment)
    : new Map<string, Interval[]>();
  const calendar = (c: Candidate): ResourceCalendar => ({
    id: c.id,
    timeZone: c.timeZone,
    rules: c.rules,
    exceptions: c.exceptions,
    busy: busy.get(c.id) ?? [],
  });
  return candidates.map((list) => ({ candidates: list.map(calendar) }));
}

function slotQuery(
  svc: Service,
  org: Org,
  requirements: SlotQuery["requirements"],
  window: Interval,
  now: number,
  limit?: number,
): SlotQuery {
  return {
    requirements,
    durationMinutes: svc.durationMinutes,
    bufferBeforeMinutes: svc.bufferBeforeMinutes,
    bufferAfterMinutes: svc.bufferAfterMinutes,
    slotIntervalMinutes: svc.slotIntervalMinutes,
    minNoticeMinutes: svc.minNoticeMinutes,
    horizonDays: svc.horizonDays,
    now,
    from: window.start,
    to: window.end,
    gridTimeZone: org.timeZone,
    ...(limit ? { limit } : {}),
  };
}

const toSlot = (s: { start: number; end: number; resourceIds: string[] }) => ({
  start: fromEpochMinutes(s.start),
  end: fromEpochMinutes(s.end),
  resourceIds: s.resourceIds,
});

export async function searchAvailability(
  db: Database,
  org: Org,
  input: {
    serviceId: string;
    practitionerResourceId?: string | null | undefined;
  } & SearchWindow,
  now = new Date(),
) {
  const svc = await bookableService(db, org, input.serviceId);
  if (!svc.active) throw notFound("Service not found");
  const preferred = input.practitionerResourceId ? [input.practitionerResourceId] : [];
  return freeSlots(db, org, svc, preferred, input, now);
}

/**
 * Where an appointment could move: times when the resources it holds are free (its own time
 * counts as free), as `rescheduleAppointment` will check them. `patientId` limits it to that
 * patient's own appointments (portal).
 */
export async function rescheduleOptions(
  db: Database,
  org: Org,
  input: { id: string } & SearchWindow,
  patientId?: string,
  now = new Date(),
) {
  const appt = await getAppointment(db, org.id, input.id, patientId);
  const svc = await bookableService(db, org, appt.serviceId);
  const keep = appt.resources.map((r) => r.id);
  return freeSlots(db, org, svc, keep, input, now, appt.id);
}

interface SearchWindow {
  /** First local day, in the organization's zone; default today. */
  fromDate?: string | null | undefined;
  days: number;
  limit: number;
}

async function freeSlots(
  db: Database,
  org: Org,
  svc: Service,
  preferred: string[],
  input: SearchWindow,
  now: Date,
  ignoreAppointment?: string,
) {
  const candidates = await candidatesFor(db, org, svc, preferred);
  const today = epochMinutesToLocal(toEpochMinutes(now), org.timeZone).date;
  const fromDate = input.fromDate ?? today;
  const start = startOfLocalDay(fromDate, org.timeZone);
  const window = { start, end: start + input.days * 1440 + 60 };
  const padded = { start: window.start - 1440, end: window.end + 1440 };
  const requirements = await calendarsFor(db, org.id, candidates, padded, {
    withBusy: true,
    ignoreAppointment,
  });
  const slots = findSlots(
    slotQuery(svc, org, requirements, window, toEpochMinutes(now), input.limit),
  );
  return {
    timeZone: org.timeZone,
    service: { id: svc.id, name: svc.name, durationMinutes: svc.durationMinutes },
    slots: slots.map(toSlot),
  };
}

/** Checks a requested start against hours, notice and horizon, and picks free resources. */
async function planBooking(
  db: Database,
  org: Org,
  svc: Service,
  input: { start: Date; resourceIds: string[] },
  now: Date,
  ignoreAppointment?: string,
) {
  const start = toEpochMinutes(input.start);
  if (input.start.getTime() % 60_000 !== 0) {
    throw new FieldError("BAD_REQUEST", { start: ["Start on a whole minute"] });
  }
  const candidates = await candidatesFor(db, org, svc, input.resourceIds);
  const window = { start, end: start + 1 };
  const padded = { start: start - 1440, end: start + svc.durationMinutes + 1440 };
  const nowMinutes = toEpochMinutes(now);
  // With one candidate per requirement there is nothing to choose: the exclusion constraint
  // is the check, and a lost slot is explained (with alternatives) only when it happens.
  // With a choice ("any doctor"), busy times decide which resource to take.
  const free = await calendarsFor(db, org.id, candidates, padded, {
    withBusy: candidates.some((list) => list.length > 1),
    ignoreAppointment,
  });
  const [slot] = findSlots(slotQuery(svc, org, free, window, nowMinutes, 1));
  if (slot) return { slot, candidates, padded };
  // Not offered: say why — the time itself (past, notice, horizon, hours, off the grid), or
  // that it is taken — from the same calendars with their bookings.
  const calendars = free.some((r) => r.candidates.some((c) => c.busy.length > 0))
    ? free
    : await calendarsFor(db, org.id, candidates, padded, { withBusy: true, ignoreAppointment });
  const why = explainStart(slotQuery(svc, org, calendars, window, nowMinutes), start);
  switch (why.kind) {
    case "ok":
      return { slot: why.slot, candidates, padded };
    case "past":
      throw new FieldError("BAD_REQUEST", { start: ["That time is in the past"] });
    case "notice":
      throw new FieldError("BAD_REQUEST", {
        start: [`Book at least ${svc.minNoticeMinutes} minutes ahead`],
      });
    case "horizon":
      throw new FieldError("BAD_REQUEST", {
        start: [`Bookings open ${svc.horizonDays} days ahead`],
      });
    case "outsideHours":
      throw new FieldError("BAD_REQUEST", { start: ["That time is outside working hours"] });
    case "offGrid":
      throw offGrid(org, svc, why.nearest);
    case "taken":
      throw await slotTaken(db, org, svc, candidates, start, nowMinutes, ignoreAppointment);
  }
}

/** A start between two slot times: names the interval and the nearest times that are free. */
function offGrid(org: Org, svc: Service, nearest: Slot[]) {
  const times = nearest.map((s) => epochMinutesToLocal(s.start, org.timeZone).time);
  const every = `Appointments start every ${svc.slotIntervalMinutes} minutes`;
  const message =
    times.length === 0
      ? `${every} from the start of working hours; choose one of the offered times`
      : `${every}; the nearest free ${times.length === 1 ? "time is" : "times are"} ${joinTimes(times)}`;
  return new OffGridError(message, nearest.map(toSlot));
}

const joinTimes = (times: string[]) =>
  times.length <= 1 ? (times[0] ?? "") : `${times.slice(0, -1).join(", ")} or ${times.at(-1)}`;

async function slotTaken(
  db: Database,
  org: Org,
  svc: Service,
  candidates: Candidate[][],
  start: number,
  now: number,
  ignoreAppointment?: string,
) {
  const horizon = { start, end: start + 14 * 1440 };
  const requirements = await calendarsFor(
    db,
    org.id,
    candidates,
    { start: start - 1440, end: horizon.end + 1440 },
    { withBusy: true, ignoreAppointment },
  );
  const alternatives = nextFreeSlots(slotQuery(svc, org, requirements, horizon, now), start, 3);
  return new SlotTakenError("That time was just taken", alternatives.map(toSlot));
}

/** Tells every open calendar of the organization, once the transaction commits. */
async function announce(tx: Database, orgId: string, appt: AnnouncedAppointment) {
  await publishChange(tx, changeEvent(orgId, appt));
}

interface AnnouncedAppointment {
  id: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  resources: { id: string }[];
}

function changeEvent(orgId: string, appt: AnnouncedAppointment): ChangeEvent {
  return {
    organizationId: orgId,
    type: "appointment.changed",
    appointmentId: appt.id,
    status: appt.status,
    startsAt: appt.startsAt.toISOString(),
    endsAt: appt.endsAt.toISOString(),
    resourceIds: appt.resources.map((r) => r.id),
  };
}

export const appointmentColumns = {
  id: appointment.id,
  patientId: appointment.patientId,
  serviceId: appointment.serviceId,
  startsAt: appointment.startsAt,
  endsAt: appointment.endsAt,
  status: appointment.status,
  kind: appointment.kind,
  source: appointment.source,
  notes: appointment.notes,
  cancellationReason: appointment.cancellationReason,
  version: appointment.version,
  holdExpiresAt: appointment.holdExpiresAt,
  patientConfirmedAt: appointment.patientConfirmedAt,
  createdAt: appointment.createdAt,
};

export async function getAppointment(db: Database, orgId: string, id: string, patientId?: string) {
  const [row] = await db
    .select({
      ...appointmentColumns,
      serviceName: service.name,
      colour: service.colour,
      patientName: sql<string | null>`${patient.firstName} || ' ' || ${patient.lastName}`,
    })
    .from(appointment)
    .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
    .leftJoin(patient, sameTenant(patient, appointment.organizationId, appointment.patientId))
    .where(
      and(
        eq(appointment.organizationId, orgId),
        eq(appointment.id, id),
        patientId ? eq(appointment.patientId, patientId) : undefined,
      ),
    );
  if (!row) throw notFound("Appointment not found");
  const resources = await db
    .select({ id: resource.id, name: resource.name, kind: resource.kind })
    .from(appointmentResource)
    .innerJoin(
      resource,
      sameTenant(resource, appointmentResource.organizationId, appointmentResource.resourceId),
    )
    .where(
      and(eq(appointmentResource.organizationId, orgId), eq(appointmentResource.appointmentId, id)),
    )
    .orderBy(asc(resource.kind));
  return { ...row, resources };
}

/**
 * Per-resource advisory locks, taken in a fixed (sorted) order in one statement: concurrent
 * bookers of a slot queue here instead of deadlocking inside the exclusion constraint.
 */
async function lockResources(tx: Database, ids: string[]) {
  const sorted = sortedLockIds(ids);
  await tx.execute(
    // unnest yields the (sorted) array in order, so the locks are taken in that order.
    sql`select pg_advisory_xact_lock(hashtextextended(id, 0)) from unnest(${`{${sorted.join(",")}}`}::text[]) as r(id)`,
  );
}

/**
 * The answers of statements issued together, or the refusal of the first of them that failed:
 * once one fails, PostgreSQL refuses the rest as part of an aborted transaction, and their
 * refusals may settle first.
 */
function firstRefusal<T extends readonly unknown[]>(settled: {
  [K in keyof T]: PromiseSettledResult<T[K]>;
}): T {
  const refused = settled.find((r) => r.status === "rejected");
  if (refused) throw refused.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** The order locks are taken in: each resource once, sorted. */
function sortedLockIds(ids: string[]) {
  return [...new Set(ids)].sort();
}

export interface BookRequest {
  serviceId: string;
  patientId: string | null;
  start: Date;
  resourceIds: string[];
  kind: "in_person" | "video";
  notes?: string | null | undefined;
  idempotencyKey: string;
  source: "staff" | "portal" | "public";
  status: "held" | "pending" | "confirmed";
  /** A pending booking waiting for its payment: cancelled if unpaid by then (escrow.ts). */
  payBy?: Date | null;
}

export interface BookingPlan {
  svc: Service;
  slot: Slot;
  candidates: Candidate[][];
}

/**
 * Everything a booking can check without writing: the service, hours, notice, horizon and,
 * where the service leaves a choice, which resources are free. Runs outside the transaction so the write stays short; the
 * exclusion constraint still decides. Kept to the fewest round trips on purpose (booking is
 * the hot path): the patient and a repeated request are settled by constraints and looked
 * at only when the write fails.
 */
export async function planAppointment(
  db: Database,
  org: Org,
  request: BookRequest,
  now = new Date(),
): Promise<BookingPlan> {
  const svc = await bookableService(db, org, request.serviceId);
  if (!svc.active) throw notFound("Service not found");
  const { slot, candidates } = await planBooking(db, org, svc, request, now);
  return { svc, slot, candidates };
}

/** The resources a planned slot takes, as `getAppointment` lists them (by kind). */
function slotResources(candidates: Candidate[][], slot: Slot) {
  const byId = new Map(candidates.flat().map((c) => [c.id, c]));
  const kindOrder = schema.resourceKind.enumValues;
  return slot.resourceIds
    .flatMap((resourceId) => {
      const r = byId.get(resourceId);
      return r ? [{ id: r.id, name: r.name, kind: r.kind }] : [];
    })
    .sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind));
}

/** Writes a planned booking: appointment and every resource row, all or nothing. */
export async function insertAppointment(
  tx: Database,
  org: Org,
  actorUserId: string | null,
  request: BookRequest,
  plan: BookingPlan,
  /**
   * Chosen before the insert so that the lock, both inserts and the announcement can go to
   * PostgreSQL together (postgres.js pipelines what is issued at once on a transaction): one
   * round trip instead of four. PostgreSQL still runs them in order, the lock first.
   */
  id: string = randomUUID(),
  now = new Date(),
) {
  const { svc, slot } = plan;
  const startsAt = fromEpochMinutes(slot.start);
  const endsAt = fromEpochMinutes(slot.end);
  const resources = slotResources(plan.candidates, slot);
  const tellsSomeone = request.status !== "held" && request.patientId !== null;
  const row = {
    id,
    organizationId: org.id,
    patientId: request.patientId,
    serviceId: svc.id,
    startsAt,
    endsAt,
    status: request.status,
    kind: request.kind,
    source: request.source,
    notes: request.notes ?? null,
    holdExpiresAt:
      request.status === "held"
        ? new Date(now.getTime() + HOLD_MINUTES * 60_000)
        : (request.payBy ?? null),
    createdBy: actorUserId,
  };
  const resourceRows = slot.resourceIds.map((resourceId) => ({
    organizationId: org.id,
    appointmentId: id,
    resourceId,
    during: {
      start: fromEpochMinutes(slot.start - svc.bufferBeforeMinutes),
      end: fromEpochMinutes(slot.end + svc.bufferAfterMinutes),
    },
    status: request.status,
  }));
  const change = { id, status: request.status, startsAt, endsAt, resources };
  // On PostgreSQL the same statements from text built once (booking-statements.ts), issued
  // in this order at once; on PGlite through the builders.
  const client = statementClientOf(tx);
  const [, inserted, , , audience] = client
    ? firstRefusal(
        await Promise.allSettled([
          lockStatement(client, sortedLockIds(slot.resourceIds)),
          insertAppointmentStatement(client, row),
          insertResourcesStatement(client, resourceRows),
          notifyStatement(client, changeChannel, JSON.stringify(changeEvent(org.id, change))),
          tellsSomeone ? audienceStatementOn(client, org.id, id) : null,
        ]),
      )
    : await Promise.all([
        lockResources(tx, slot.resourceIds),
        tx.insert(appointment).values(row).returning(appointmentColumns),
        tx.insert(appointmentResource).values(resourceRows),
        announce(tx, org.id, change),
        // Who hears about it, asked last in the same round trip (PostgreSQL runs the statements
        // in order, so it sees the new row); a hold tells no one.
        tellsSomeone ? audienceStatement(tx, org.id, id) : null,
      ]);
  const [created] = inserted;
  if (!created) throw new Error("appointment insert returned nothing");
  if (tellsSomeone) {
    await queueAppointmentMessages(tx, org.id, created, "booked", {}, now, audienceFrom(audience));
  }
  return {
    ...created,
    serviceName: svc.name,
    colour: svc.colour,
    // Not looked up here (the composite key already proved the patient is this practice's).
    patientName: null,
    resources,
  };
}

/** The patient is booked elsewhere at that time (the patient's own exclusion constraint). */
export class PatientBusyError extends FieldError {
  constructor() {
    super("CONFLICT", { start: ["The patient already has an appointment at that time"] });
  }
}

/**
 * Throws what the client should see for a refused booking: a lost race becomes "just taken"
 * with alternatives; anything else is thrown as it is.
 */
export async function explainBookingFailure(
  db: Database,
  org: Org,
  error: unknown,
  request: { serviceId: string; start: Date; resourceIds: string[] },
  now = new Date(),
  ignoreAppointment?: string,
): Promise<never> {
  const pg = findPgError(error);
  if (pg?.code !== PG.exclusionViolation) throw error;
  if (pg.constraint === constraints.patientNoOverlap) throw new PatientBusyError();
  const svc = await bookableService(db, org, request.serviceId);
  const candidates = await candidatesFor(db, org, svc, request.resourceIds);
  throw await slotTaken(
    db,
    org,
    svc,
    candidates,
    toEpochMinutes(request.start),
    toEpochMinutes(now),
    ignoreAppointment,
  );
}

/** Deadlocks and serialization failures are retried; PostgreSQL already rolled back. */
export async function withRetry<T>(attempt: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const code = findPgError(error)?.code;
      if (i >= tries || (code !== PG.deadlockDetected && code !== PG.serializationFailure))
        throw error;
      await new Promise((r) => setTimeout(r, 10 * i + Math.random() * 20));
    }
  }
}

/** Guarded status change: `update … where status = expected and version = seen`. */
export async function changeStatus(
  tx: Database,
  orgId: string,
  id: string,
  to: AppointmentStatus,
  options: { version?: number | undefined; reason?: string | null; patientId?: string | undefined },
) {
  const before = await getAppointment(tx, orgId, id, options.patientId);
  if (!transitions[before.status].includes(to)) {
    throw new FieldError("BAD_REQUEST", {
      status: [
        `A ${before.status.replace("_", " ")} appointment cannot become ${to.replace("_", " ")}`,
      ],
    });
  }
  if (options.version !== undefined && options.version !== before.version) throw staleVersion();
  const [updated] = await tx
    .update(appointment)
    .set({
      status: to,
      version: sql`${appointment.version} + 1`,
      ...(to === "cancelled" ? { cancellationReason: options.reason ?? null } : {}),
      ...(to !== "held" ? { holdExpiresAt: null } : {}),
    })
    .where(
      and(
        eq(appointment.organizationId, orgId),
        eq(appointment.id, id),
        eq(appointment.status, before.status),
        eq(appointment.version, before.version),
      ),
    )
    .returning(appointmentColumns);
  if (!updated) throw staleVersion();
  // A consultation paid at booking: completion starts its dispute window, a cancellation
  // refunds by the practice's policy (escrow.ts), in this same transaction.
  await escrowOnStatusChange(
    tx,
    orgId,
    {
      id,
      kind: before.kind,
      startsAt: before.startsAt,
      from: before.status,
      to,
    },
    null,
  );
  // Only the appointment row changed (its resource rows follow by trigger): no need to read
  // the joined names and resources again.
  const after = { ...before, ...updated };
  const event = eventOfStatusChange(before.status, to, options.patientId !== undefined);
  await Promise.all([
    announce(tx, orgId, after),
    event
      ? queueAppointmentMessages(tx, orgId, after, event, { reason: options.reason ?? null })
      : null,
  ]);
  return { before, after };
}

/** Staff change an appointment's status (arrived, seen, no-show…) along its lifecycle. */
export function setAppointmentStatus(
  ctx: Pick<OrgScope, "org" | "mutate">,
  input: { id: string; status: AppointmentStatus; version: number },
) {
  return ctx.mutate(async (tx, audit) => {
    const { before, after } = await changeStatus(tx, ctx.org.id, input.id, input.status, input);
    audit({
      entityType: "appointment",
      entityId: input.id,
      patientId: after.patientId ?? undefined,
      before,
      after,
    });
    return after;
  });
}

/** Cancels with a reason; `patientId` limits it to that patient's own appointments (portal). */
export function cancelAppointment(
  ctx: Pick<OrgScope, "org" | "mutate">,
  input: { id: string; reason: string; version?: number | undefined },
  patientId?: string,
) {
  return ctx.mutate(async (tx, audit) => {
    const { before, after } = await changeStatus(tx, ctx.org.id, input.id, "cancelled", {
      ...input,
      patientId,
    });
    audit({
      entityType: "appointment",
      entityId: input.id,
      patientId: after.patientId ?? undefined,
      before,
      after,
    });
    return after;
  });
}

const staleVersion = () =>
  conflict("This appointment was changed by someone else. Reload and try again.");

/** Moves an appointment in place: the old range is never released for someone else to grab. */
export async function rescheduleAppointment(
  tx: Database,
  org: Org,
  input: { id: string; start: Date; version: number },
  now = new Date(),
  patientId?: string,
) {
  const before = await getAppointment(tx, org.id, input.id, patientId);
  if (
    !activeStatuses.includes(before.status as (typeof activeStatuses)[number]) ||
    before.status === "in_progress"
  ) {
    throw new FieldError("BAD_REQUEST", {
      start: [`A ${before.status.replace("_", " ")} appointment cannot be moved`],
    });
  }
  if (before.version !== input.version) throw staleVersion();
  const svc = await getService(tx, org.id, before.serviceId);
  const keep = before.resources.map((r) => r.id);
  // Planned inside the transaction from what it reads itself: a server's in-memory directory
  // is kept per database handle, and a transaction's handle lives for this move only.
  const { slot, candidates } = await planBooking(
    tx,
    { id: org.id, timeZone: org.timeZone },
    svc,
    { start: input.start, resourceIds: keep },
    now,
    before.id,
  );
  await lockResources(tx, [...new Set([...keep, ...slot.resourceIds])]);
  const [moved] = await tx
    .update(appointment)
    .set({
      startsAt: fromEpochMinutes(slot.start),
      endsAt: fromEpochMinutes(slot.end),
      version: sql`${appointment.version} + 1`,
    })
    .where(
      and(
        eq(appointment.organizationId, org.id),
        eq(appointment.id, before.id),
        eq(appointment.version, input.version),
      ),
    )
    .returning(appointmentColumns);
  if (!moved) throw staleVersion();
  await tx
    .delete(appointmentResource)
    .where(
      and(
        eq(appointmentResource.organizationId, org.id),
        eq(appointmentResource.appointmentId, before.id),
      ),
    );
  await tx.insert(appointmentResource).values(
    slot.resourceIds.map((resourceId) => ({
      organizationId: org.id,
      appointmentId: before.id,
      resourceId,
      during: {
        start: fromEpochMinutes(slot.start - svc.bufferBeforeMinutes),
        end: fromEpochMinutes(slot.end + svc.bufferAfterMinutes),
      },
      status: before.status,
    })),
  );
  // What changed is known here: no need to read the appointment and its resources again.
  const after = { ...before, ...moved, resources: slotResources(candidates, slot) };
  await Promise.all([
    announce(tx, org.id, after),
    queueAppointmentMessages(tx, org.id, after, "rescheduled", {
      previousStartsAt: before.startsAt,
    }),
  ]);
  return { before, after };
}

export async function listPatientAppointments(
  db: Database,
  orgId: string,
  patientId: string,
  now = new Date(),
) {
  return db
    .select({ ...appointmentColumns, serviceName: service.name, colour: service.colour })
    .from(appointment)
    .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
    .where(
      and(
        eq(appointment.organizationId, orgId),
        eq(appointment.patientId, patientId),
        gte(appointment.endsAt, new Date(now.getTime() - 90 * 86_400_000)),
      ),
    )
    .orderBy(asc(appointment.startsAt));
}

/**
 * Holds past their expiry stop blocking the slot: each becomes cancelled, audited as a
 * system action and announced to open calendars. Run by the server every few seconds, and
 * right before a booking would be refused, so an abandoned hold never turns a patient away.
 */
export async function expireHolds(
  db: Database,
  now = new Date(),
  organizationId?: string,
): Promise<number> {
  const expired = await db
    .select({ id: appointment.id, organizationId: appointment.organizationId })
    .from(appointment)
    .where(
      and(
        eq(appointment.status, "held"),
        lte(appointment.holdExpiresAt, now),
        organizationId ? eq(appointment.organizationId, organizationId) : undefined,
      ),
    )
    .limit(500);
  return cancelLapsed(db, expired, {
    action: "appointment.expireHold",
    requestId: "job:expire-holds",
    reason: "Hold expired",
  });
}

/**
 * Cancels appointments whose time to be confirmed or paid has run out, each in its own audited
 * system transaction (so calendars and policies hear of it as of any cancellation). One that was
 * confirmed, paid or cancelled by someone else meanwhile is left as it is.
 */
export async function cancelLapsed(
  db: Database,
  lapsed: readonly { id: string; organizationId: string }[],
  how: { action: string; requestId: string; reason: string },
): Promise<number> {
  let count = 0;
  for (const row of lapsed) {
    const origin = {
      organizationId: row.organizationId,
      actorUserId: null,
      ip: null,
      requestId: how.requestId,
    };
    try {
      await runAudited(db, origin, how.action, async (tx, audit) => {
        const { before, after } = await changeStatus(tx, row.organizationId, row.id, "cancelled", {
          reason: how.reason,
        });
        audit({
          entityType: "appointment",
          entityId: row.id,
          patientId: after.patientId ?? undefined,
          before,
          after,
        });
      });
      count++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return count;
}
