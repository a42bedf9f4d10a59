// The practice dashboard: a range of practice days summed up for owners and managers.
// Everything is counted in the database, per organization, by the practice day an appointment
// starts on (`starts_at at time zone <practice zone>`), with these definitions:
//
// - Appointments: those starting in the range, less holds (a slot being chosen, or one that
//   lapsed: cancelled without a patient). "Booked" is pending, confirmed or in progress.
// - No-show and cancellation rates: no-shows (cancellations) over those appointments.
// - Utilisation of a doctor or a room (active resources): booked minutes over available minutes.
//   Booked minutes are the lengths (end − start, without buffers) of its appointments starting in
//   the range that kept their time: pending, confirmed, in progress, completed or no-show (a
//   cancellation gave its time back). Available minutes are its working hours in the range as the
//   slot search expands them (@caredesk/scheduling `expandWorkingHours`: weekly rules, its own and
//   the organization's exceptions, in its own zone). Time booked outside working hours counts, so
//   the rate can pass 100%.
// - New patients: patient records created in the range (the whole practice, even for one doctor).
// - Revenue: the billing report's takings (service/takings.ts) — postings on the cash and
//   provider-clearing accounts of journal entries of payments (and counter sales), less refunds,
//   by the day they count for, in the practice's currency; a payment's doctor as takings finds it.
// - Top services: appointments per service (as above, less cancellations), with the revenue of
//   the payments made for them (the payment's appointment, directly or through its invoice).
//
// With a doctor chosen, appointments, utilisation (that doctor, and the rooms' time that doctor's
// appointments took) and revenue (payments found to be that doctor's) are that doctor's only.
import { schema, type Database } from "@caredesk/db";
import { expandWorkingHours, toEpochMinutes } from "@caredesk/scheduling";
import type { DashboardSummaryInput, PaymentMethod } from "@caredesk/validators";
import { paymentMethods } from "@caredesk/validators";
import { and, eq, gte, inArray, isNotNull, lt, ne, sql, type AnyColumn } from "drizzle-orm";
import type { OrgScope } from "../scope";
import { bookableResources } from "./directory";
import { getPractitioner } from "./practitioner";
import { localDateRange } from "./report-range";
import { doctorsOf, postingEntry, takingsPostings } from "./takings";
import { sameTenant } from "./tenant";

const {
  appointment,
  appointmentResource,
  invoice,
  journalEntry,
  journalPosting,
  patient,
  payment,
  practitioner,
  service,
} = schema;

export interface DashboardDay {
  day: string;
  booked: number;
  completed: number;
  cancelled: number;
  noShow: number;
  newPatients: number;
}

export interface DashboardUtilisation {
  resourceId: string;
  kind: "practitioner" | "room";
  name: string;
  bookedMinutes: number;
  availableMinutes: number;
  /** Booked over available; null without working hours in the range. */
  rate: number | null;
}

export interface DashboardSummary {
  from: string;
  to: string;
  timeZone: string;
  currency: string;
  practitionerId: string | null;
  totals: {
    appointments: number;
    booked: number;
    completed: number;
    cancelled: number;
    noShow: number;
    newPatients: number;
    revenueMinor: number;
  };
  /** Of the appointments in the range; null without any. */
  noShowRate: number | null;
  cancellationRate: number | null;
  /** Every day of the range, in order, zeros included (for charts). */
  days: DashboardDay[];
  utilisation: DashboardUtilisation[];
  revenue: {
    totalMinor: number;
    byMethod: { method: PaymentMethod; amountMinor: number }[];
    /** Null practitionerId: payments no doctor could be found for. */
    byDoctor: { practitionerId: string | null; name: string; amountMinor: number }[];
  };
  topServices: { serviceId: string; name: string; appointments: number; revenueMinor: number }[];
}

/** How many services the dashboard lists. */
const topServiceCount = 10;
/** Statuses whose appointment kept its time (utilisation). */
const keptTime = ["pending", "confirmed", "in_progress", "completed", "no_show"] as const;
/** At most this many payment ids per query (PostgreSQL takes 65,535 parameters). */
const idChunk = 5_000;

/** Every calendar day from `from` to `to`, both included. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  const last = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= last; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export async function dashboardSummary(
  ctx: Pick<OrgScope, "db" | "org">,
  input: DashboardSummaryInput,
): Promise<DashboardSummary> {
  const { db, org } = ctx;
  const doctor = input.practitionerId
    ? await getPractitioner(db, org.id, input.practitionerId)
    : null;
  const { start, end } = localDateRange(input.from, input.to, org.timeZone);
  const localDay = (instant: AnyColumn) =>
    sql<string>`to_char((${instant} at time zone ${org.timeZone}), 'YYYY-MM-DD')`;

  // Appointments of the range (less holds), and of the doctor when one is chosen.
  const inRange = and(
    eq(appointment.organizationId, org.id),
    gte(appointment.startsAt, start),
    lt(appointment.startsAt, end),
    ne(appointment.status, "held"),
    isNotNull(appointment.patientId),
    doctor
      ? sql`exists (select 1 from ${appointmentResource} where ${appointmentResource.organizationId} = ${appointment.organizationId} and ${appointmentResource.appointmentId} = ${appointment.id} and ${appointmentResource.resourceId} = ${doctor.resourceId})`
      : undefined,
  );

  const [perDay, perService, booked, newPatients, revenueRows, resources] = await Promise.all([
    db
      .select({
        day: localDay(appointment.startsAt),
        status: appointment.status,
        count: sql<number>`count(*)::int`,
      })
      .from(appointment)
      .where(inRange)
      // By position: the zone is a parameter, and two parameters are not one expression.
      .groupBy(sql`1`, sql`2`),
    db
      .select({
        serviceId: appointment.serviceId,
        name: service.name,
        count: sql<number>`count(*)::int`,
      })
      .from(appointment)
      .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
      .where(and(inRange, ne(appointment.status, "cancelled")))
      .groupBy(appointment.serviceId, service.name),
    db
      .select({
        resourceId: appointmentResource.resourceId,
        minutes: sql<number>`coalesce(sum(extract(epoch from (${appointment.endsAt} - ${appointment.startsAt})) / 60), 0)::int`,
      })
      .from(appointmentResource)
      .innerJoin(
        appointment,
        sameTenant(
          appointment,
          appointmentResource.organizationId,
          appointmentResource.appointmentId,
        ),
      )
      .where(and(inRange, inArray(appointment.status, [...keptTime])))
      .groupBy(appointmentResource.resourceId),
    db
      .select({ day: localDay(patient.createdAt), count: sql<number>`count(*)::int` })
      .from(patient)
      .where(
        and(
          eq(patient.organizationId, org.id),
          gte(patient.createdAt, start),
          lt(patient.createdAt, end),
        ),
      )
      .groupBy(sql`1`),
    // The takings' postings, per payment and method, with the service of the payment's visit.
    db
      .select({
        paymentId: journalEntry.paymentId,
        method: journalPosting.method,
        serviceId: appointment.serviceId,
        amountMinor: sql<string>`sum(${journalPosting.amountMinor})`,
      })
      .from(journalPosting)
      .innerJoin(journalEntry, postingEntry)
      .leftJoin(payment, sameTenant(payment, journalEntry.organizationId, journalEntry.paymentId))
      .leftJoin(invoice, sameTenant(invoice, payment.organizationId, payment.invoiceId))
      .leftJoin(
        appointment,
        and(
          eq(appointment.organizationId, payment.organizationId),
          eq(appointment.id, sql`coalesce(${payment.appointmentId}, ${invoice.appointmentId})`),
        ),
      )
      .where(takingsPostings(org, input))
      .groupBy(journalEntry.paymentId, journalPosting.method, appointment.serviceId),
    bookableResources(db, org),
  ]);

  // Appointments per day and status.
  const days = new Map<string, DashboardDay>(
    daysOf(input.from, input.to).map((day) => [
      day,
      { day, booked: 0, completed: 0, cancelled: 0, noShow: 0, newPatients: 0 },
    ]),
  );
  for (const row of perDay) {
    const day = days.get(row.day);
    if (!day) continue;
    const count = Number(row.count);
    if (row.status === "completed") day.completed += count;
    else if (row.status === "cancelled") day.cancelled += count;
    else if (row.status === "no_show") day.noShow += count;
    else day.booked += count;
  }
  for (const row of newPatients) {
    const day = days.get(row.day);
    if (day) day.newPatients += Number(row.count);
  }
  const dayList = [...days.values()];
  const sum = (key: keyof Omit<DashboardDay, "day">) =>
    dayList.reduce((total, day) => total + day[key], 0);
  const counts = {
    booked: sum("booked"),
    completed: sum("completed"),
    cancelled: sum("cancelled"),
    noShow: sum("noShow"),
  };
  const appointments = counts.booked + counts.completed + counts.cancelled + counts.noShow;

  // Utilisation: booked minutes (SQL) over working hours (the scheduling engine).
  const bookedBy = new Map(booked.map((r) => [r.resourceId, Number(r.minutes)]));
  const window = { from: toEpochMinutes(start), to: toEpochMinutes(end) };
  const utilisation: DashboardUtilisation[] = resources
    .filter((r): r is typeof r & { kind: "practitioner" | "room" } =>
      doctor ? r.id === doctor.resourceId || r.kind === "room" : r.kind !== "equipment",
    )
    .map((r) => {
      const availableMinutes = expandWorkingHours(r, window.from, window.to).reduce(
        (total, span) => total + (span.end - span.start),
        0,
      );
      const bookedMinutes = bookedBy.get(r.id) ?? 0;
      return {
        resourceId: r.id,
        kind: r.kind,
        name: r.name,
        bookedMinutes,
        availableMinutes,
        rate: ratio(bookedMinutes, availableMinutes),
      };
    })
    .sort((a, b) =>
      a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === "practitioner" ? -1 : 1,
    );

  // Revenue: the takings by method and by doctor; a chosen doctor keeps only their payments.
  const paymentIds = [...new Set(revenueRows.flatMap((r) => (r.paymentId ? [r.paymentId] : [])))];
  const doctors = new Map<string, string>();
  for (let i = 0; i < paymentIds.length; i += idChunk) {
    const found = await doctorsOf(db, org.id, paymentIds.slice(i, i + idChunk));
    for (const [id, practitionerId] of found) doctors.set(id, practitionerId);
  }
  const byMethod = new Map<PaymentMethod, number>();
  const byDoctor = new Map<string | null, number>();
  const byService = new Map<string, number>();
  let revenueMinor = 0;
  for (const row of revenueRows) {
    const amount = Number(row.amountMinor);
    if (amount === 0) continue;
    const whose = (row.paymentId && doctors.get(row.paymentId)) || null;
    if (doctor && whose !== doctor.id) continue;
    // Every posting on these accounts names its method (as takings assumes).
    const method: PaymentMethod = row.method ?? "cash";
    byMethod.set(method, (byMethod.get(method) ?? 0) + amount);
    byDoctor.set(whose, (byDoctor.get(whose) ?? 0) + amount);
    if (row.serviceId) byService.set(row.serviceId, (byService.get(row.serviceId) ?? 0) + amount);
    revenueMinor += amount;
  }
  const named = await namesOf(db, org.id, [...byDoctor.keys()], [...byService.keys()]);

  // Top services: by appointments, then revenue; services paid for without an appointment in
  // the range count too.
  const serviceRows = new Map(
    perService.map((r) => [
      r.serviceId,
      { serviceId: r.serviceId, name: r.name, appointments: Number(r.count), revenueMinor: 0 },
    ]),
  );
  for (const [serviceId, amount] of byService) {
    const row = serviceRows.get(serviceId) ?? {
      serviceId,
      name: named.services.get(serviceId) ?? "",
      appointments: 0,
      revenueMinor: 0,
    };
    row.revenueMinor += amount;
    serviceRows.set(serviceId, row);
  }
  const topServices = [...serviceRows.values()]
    .sort(
      (a, b) =>
        b.appointments - a.appointments ||
        b.revenueMinor - a.revenueMinor ||
        a.name.localeCompare(b.name),
    )
    .slice(0, topServiceCount);

  return {
    from: input.from,
    to: input.to,
    timeZone: org.timeZone,
    currency: org.currency,
    practitionerId: doctor?.id ?? null,
    totals: {
      appointments,
      ...counts,
      newPatients: sum("newPatients"),
      revenueMinor,
    },
    noShowRate: ratio(counts.noShow, appointments),
    cancellationRate: ratio(counts.cancelled, appointments),
    days: dayList,
    utilisation,
    revenue: {
      totalMinor: revenueMinor,
      byMethod: paymentMethods
        .map((method) => ({ method, amountMinor: byMethod.get(method) ?? 0 }))
        .filter((m) => m.amountMinor !== 0),
      byDoctor: [...byDoctor]
        .filter(([, amount]) => amount !== 0)
        .map(([practitionerId, amountMinor]) => ({
          practitionerId,
          name: practitionerId ? (named.doctors.get(practitionerId) ?? "") : "Unassigned",
          amountMinor,
        }))
        .sort((a, b) => b.amountMinor - a.amountMinor || a.name.localeCompare(b.name)),
    },
    topServices,
  };
}

/** Doctors' display names ("Dr Amira Hassan") and services' names, by id. */
async function namesOf(
  db: Database,
  organizationId: string,
  doctorIds: (string | null)[],
  serviceIds: string[],
) {
  const ids = doctorIds.filter((id): id is string => id !== null);
  const [doctors, services] = await Promise.all([
    ids.length
      ? db
          .select({ id: practitioner.id, name: practitioner.name, title: practitioner.title })
          .from(practitioner)
          .where(
            and(eq(practitioner.organizationId, organizationId), inArray(practitioner.id, ids)),
          )
      : Promise.resolve([]),
    serviceIds.length
      ? db
          .select({ id: service.id, name: service.name })
          .from(service)
          .where(and(eq(service.organizationId, organizationId), inArray(service.id, serviceIds)))
      : Promise.resolve([]),
  ]);
  return {
    doctors: new Map(doctors.map((d) => [d.id, [d.title, d.name].filter(Boolean).join(" ")])),
    services: new Map(services.map((s) => [s.id, s.name])),
  };
}
