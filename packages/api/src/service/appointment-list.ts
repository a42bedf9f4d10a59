// The calendar: appointments overlapping a time range, one row each with the resources it
// occupies. Its query runs on every calendar view and every live refresh; building it with
// Drizzle's query builder cost more CPU than PostgreSQL spends answering it, so the usual
// shapes (every resource, with or without cancelled appointments) are built once per database
// handle as named prepared statements, and only a list narrowed to some resources (whose
// `in (…)` varies in length) is built per call.
import { schema, type Database } from "@caredesk/db";
import { and, asc, eq, gt, inArray, lt, sql, type Placeholder } from "drizzle-orm";
import { FieldError } from "../errors";
import { activeStatuses, appointmentColumns } from "./appointment";
import { sameTenant } from "./tenant";

const { appointment, appointmentResource, resource, patient, service } = schema;

/** The statuses the calendar shows unless cancelled ones are asked for too. */
const listedStatuses = [...activeStatuses, "completed", "no_show"] as const;

/** A value of the query, or the prepared statement's placeholder for it. */
type Bound<T> = T | Placeholder;

/** A bound instant as Drizzle sends a timestamp column's value; a placeholder as it is. */
const instant = (value: Bound<Date>) =>
  value instanceof Date ? sql.param(value, appointment.startsAt) : value;

function calendarQuery(
  db: Database,
  where: { organizationId: Bound<string>; to: Bound<Date>; from: Bound<Date> },
  filter: { resourceIds?: string[] | undefined; includeCancelled: boolean },
) {
  return db
    .select({
      ...appointmentColumns,
      resourceId: appointmentResource.resourceId,
      serviceName: service.name,
      colour: service.colour,
      patientName: sql<string | null>`${patient.firstName} || ' ' || ${patient.lastName}`,
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
    .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
    .leftJoin(patient, sameTenant(patient, appointment.organizationId, appointment.patientId))
    .where(
      and(
        eq(appointmentResource.organizationId, where.organizationId),
        filter.resourceIds
          ? inArray(appointmentResource.resourceId, filter.resourceIds)
          : undefined,
        lt(appointment.startsAt, where.to),
        gt(appointment.endsAt, where.from),
        // The same overlap once more, as one range condition the span index answers (schema):
        // true exactly when the two above are, since every appointment starts before it ends.
        sql`tstzrange(${appointment.startsAt}, ${appointment.endsAt}) && tstzrange(${instant(where.from)}::timestamptz, ${instant(where.to)}::timestamptz)`,
        filter.includeCancelled ? undefined : inArray(appointment.status, [...listedStatuses]),
      ),
    )
    .orderBy(asc(appointment.startsAt), asc(appointment.id));
}

function prepareCalendar(db: Database, includeCancelled: boolean) {
  return calendarQuery(
    db,
    {
      organizationId: sql.placeholder("orgId"),
      to: sql.placeholder("to"),
      from: sql.placeholder("from"),
    },
    { includeCancelled },
  ).prepare(includeCancelled ? "calendar_all" : "calendar");
}

type Prepared = ReturnType<typeof prepareCalendar>;
const prepared = new WeakMap<Database, { listed: Prepared; all: Prepared }>();

function preparedFor(db: Database) {
  let statements = prepared.get(db);
  if (!statements) {
    statements = { listed: prepareCalendar(db, false), all: prepareCalendar(db, true) };
    prepared.set(db, statements);
  }
  return statements;
}

export async function listAppointments(
  db: Database,
  orgId: string,
  input: { from: Date; to: Date; resourceIds?: string[] | undefined; includeCancelled: boolean },
) {
  if (input.resourceIds && input.resourceIds.length > 0) {
    const known = await db
      .select({ id: resource.id })
      .from(resource)
      .where(and(eq(resource.organizationId, orgId), inArray(resource.id, input.resourceIds)));
    if (known.length !== new Set(input.resourceIds).size) {
      throw new FieldError("NOT_FOUND", { resourceIds: ["Resource not found"] });
    }
  }
  const rows = input.resourceIds
    ? await calendarQuery(db, { organizationId: orgId, to: input.to, from: input.from }, input)
    : await (input.includeCancelled ? preparedFor(db).all : preparedFor(db).listed).execute({
        orgId,
        // What Drizzle sends for a timestamp column's value.
        to: input.to.toISOString(),
        from: input.from.toISOString(),
      });
  // One row per appointment, with the resources it occupies: the row's fields in their order
  // (without resourceId), then resourceIds. Rows of one appointment are adjacent (ordered by
  // start and id), but the map does not rely on it. One copy per appointment, none per row.
  type Listed = Omit<(typeof rows)[number], "resourceId"> & { resourceIds: string[] };
  const byId = new Map<string, Listed>();
  const listed: Listed[] = [];
  for (const row of rows) {
    const seen = byId.get(row.id);
    if (seen) {
      seen.resourceIds.push(row.resourceId);
      continue;
    }
    const { resourceId, ...fields } = row;
    const item = fields as Listed;
    item.resourceIds = [resourceId];
    byId.set(row.id, item);
    listed.push(item);
  }
  return listed;
}
