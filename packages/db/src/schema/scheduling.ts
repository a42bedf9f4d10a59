// Scheduling: weekly working hours and exceptions per resource, and appointments with the
// resources they occupy. No two active bookings of one resource overlap: PostgreSQL
// enforces it with an exclusion constraint on appointment_resource (custom migration).
import { constraints } from "../constraints";
import { sql, type SQL } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  time,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { id, timestamps } from "./_columns";
import { organization, user } from "./identity";
import { patient } from "./patient";
import { resource, service } from "./structure";

/** A half-open [start, end) range of instants, as PostgreSQL's tstzrange. */
export const tstzrange = customType<{ data: { start: Date; end: Date }; driverData: string }>({
  dataType: () => "tstzrange",
  toDriver: (v) => `[${v.start.toISOString()},${v.end.toISOString()})`,
  fromDriver: (v) => {
    const match = /^[[(]"?([^",]+)"?,"?([^")]+)"?[)\]]$/.exec(v);
    if (!match?.[1] || !match[2]) throw new Error(`unexpected tstzrange ${v}`);
    return { start: new Date(match[1]), end: new Date(match[2]) };
  },
});

export const appointmentStatus = pgEnum("appointment_status", [
  "held",
  "pending",
  "confirmed",
  "in_progress",
  "completed",
  "cancelled",
  "no_show",
]);
export const appointmentKind = pgEnum("appointment_kind", ["in_person", "video"]);
export const appointmentSource = pgEnum("appointment_source", ["staff", "portal", "public"]);

const orgId = () =>
  uuid()
    .notNull()
    .references(() => organization.id, { onDelete: "cascade" });

export const scheduleRule = pgTable(
  "schedule_rule",
  {
    id: id(),
    organizationId: orgId(),
    resourceId: uuid().notNull(),
    /** ISO weekday: 1 = Monday … 7 = Sunday. */
    weekday: smallint().notNull(),
    startTime: time().notNull(),
    endTime: time().notNull(),
    validFrom: date({ mode: "string" }),
    validTo: date({ mode: "string" }),
    ...timestamps(),
  },
  (t) => [
    index().on(t.organizationId, t.resourceId),
    foreignKey({
      name: constraints.scheduleRuleResource,
      columns: [t.organizationId, t.resourceId],
      foreignColumns: [resource.organizationId, resource.id],
    }).onDelete("cascade"),
    check("schedule_rule_weekday", sql`${t.weekday} between 1 and 7`),
    check("schedule_rule_times", sql`${t.startTime} < ${t.endTime}`),
    check(
      "schedule_rule_validity",
      sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validFrom} <= ${t.validTo}`,
    ),
  ],
);

export const scheduleException = pgTable(
  "schedule_exception",
  {
    id: id(),
    organizationId: orgId(),
    /** Null: the whole organization (public holidays). */
    resourceId: uuid(),
    startsOn: date({ mode: "string" }).notNull(),
    endsOn: date({ mode: "string" }).notNull(),
    closed: boolean().notNull().default(true),
    /** Replacement hours when not closed: [{ start: "HH:MM", end: "HH:MM" }]. */
    intervals: jsonb().$type<{ start: string; end: string }[]>(),
    reason: text(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.organizationId, t.resourceId, t.startsOn),
    foreignKey({
      name: constraints.scheduleExceptionResource,
      columns: [t.organizationId, t.resourceId],
      foreignColumns: [resource.organizationId, resource.id],
    }).onDelete("cascade"),
    check("schedule_exception_dates", sql`${t.startsOn} <= ${t.endsOn}`),
  ],
);

export const appointment = pgTable(
  "appointment",
  {
    id: id(),
    organizationId: orgId(),
    /** Null only while held (a patient choosing a slot before giving their details). */
    patientId: uuid(),
    serviceId: uuid().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    status: appointmentStatus().notNull(),
    kind: appointmentKind().notNull().default("in_person"),
    source: appointmentSource().notNull(),
    notes: text(),
    cancellationReason: text(),
    /** When the patient confirmed they will come (the reminder's confirm link, the portal). */
    patientConfirmedAt: timestamp({ withTimezone: true }),
    /** Optimistic concurrency: every change bumps it; writers say which version they saw. */
    version: integer().notNull().default(1),
    holdExpiresAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    unique("appointment_org_id_key").on(t.organizationId, t.id),
    index().on(t.organizationId, t.startsAt),
    // The calendar's "overlaps [from, to)" as one range condition: with only (organization,
    // starts_at) a day's list reads every earlier appointment of the practice (the lower bound
    // on ends_at cannot narrow it), 50k index entries at a million rows.
    index("appointment_span_idx").using(
      "gist",
      t.organizationId,
      sql`tstzrange(${t.startsAt}, ${t.endsAt})`,
    ),
    index().on(t.organizationId, t.patientId, t.startsAt),
    index().on(t.status, t.holdExpiresAt),
    foreignKey({
      name: constraints.appointmentPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
    foreignKey({
      name: constraints.appointmentService,
      columns: [t.organizationId, t.serviceId],
      foreignColumns: [service.organizationId, service.id],
    }),
    check("appointment_times", sql`${t.startsAt} < ${t.endsAt}`),
    check(
      "appointment_patient_unless_held",
      // A hold has no patient yet; when it lapses it is cancelled, still without one.
      sql`${t.status} in ('held', 'cancelled') or ${t.patientId} is not null`,
    ),
  ],
);

export const appointmentResource = pgTable(
  "appointment_resource",
  {
    id: id(),
    organizationId: orgId(),
    appointmentId: uuid().notNull(),
    resourceId: uuid().notNull(),
    /** The appointment plus the service's buffers: what this resource cannot do meanwhile. */
    during: tstzrange().notNull(),
    /** Mirrors appointment.status (trigger) so the exclusion constraint can see it. */
    status: appointmentStatus().notNull(),
    /**
     * `during` as whole epoch minutes (its start rounded down, its end up), kept by PostgreSQL
     * on every write: availability reads these instead of converting thousands of timestamps
     * per search. Null for an unbounded side, as the conversion would give.
     */
    startMinute: integer().generatedAlwaysAs(
      (): SQL =>
        sql`floor(date_part('epoch', lower(${appointmentResource.during}) - '1970-01-01 00:00:00+00'::timestamptz) / 60)::int`,
    ),
    endMinute: integer().generatedAlwaysAs(
      (): SQL =>
        sql`ceil(date_part('epoch', upper(${appointmentResource.during}) - '1970-01-01 00:00:00+00'::timestamptz) / 60)::int`,
    ),
  },
  (t) => [
    unique("appointment_resource_once").on(t.appointmentId, t.resourceId),
    index().on(t.organizationId, t.appointmentId),
    foreignKey({
      name: "appointment_resource_appointment_fk",
      columns: [t.organizationId, t.appointmentId],
      foreignColumns: [appointment.organizationId, appointment.id],
    }).onDelete("cascade"),
    foreignKey({
      name: constraints.appointmentResourceResource,
      columns: [t.organizationId, t.resourceId],
      foreignColumns: [resource.organizationId, resource.id],
    }),
  ],
);
