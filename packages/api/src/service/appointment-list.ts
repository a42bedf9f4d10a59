// The calendar: appointments overlapping a time range, one row each with the resources it
// occupies. Its query runs on every calendar view and every live refresh; building it with
// Drizzle's query builder cost more CPU than PostgreSQL spends answering it, so the usual
// shapes (every resource, with or without cancelled appointments) are built once per database
// handle as named prepared statements, and only a list narrowed to some resources (whose
// `in (…)` varies in length) is built per call.
import {
  fieldDecoder,
  preparedSelect,
  schema,
  type Database,
  type SelectedField,
} from "@caredesk/db";
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
  const query = calendarQuery(
    db,
    {
      organizationId: sql.placeholder("orgId"),
      to: sql.placeholder("to"),
      from: sql.placeholder("from"),
    },
    { includeCancelled },
  );
  // The rows straight into the calendar's answer (see `groupedRows`), in place of Drizzle's
  // generic per-row mapping followed by a regrouping copy.
  return preparedSelect(db, query, includeCancelled ? "calendar_all" : "calendar", groupedRows);
}

/**
 * Maps the calendar's rows (arrays, in the selected fields' order) as Drizzle's
 * `mapResultRow` does for a flat selection — each non-null value through its column's or SQL
 * expression's decoder, keys in the selection's order — and groups them as `groupRows` does.
 */
function groupedRows(fields: SelectedField[]) {
  const keys = fields.map(({ path }) => path.join("."));
  const decoders = fields.map(fieldDecoder);
  const idAt = keys.indexOf("id");
  const resourceAt = keys.indexOf("resourceId");
  if (fields.some(({ path }) => path.length !== 1) || idAt < 0 || resourceAt < 0) {
    throw new Error("the calendar's selection is not the flat one groupedRows expects");
  }
  const shape: Record<string, unknown> = {};
  keys.forEach((key, at) => {
    if (at !== resourceAt) shape[key] = null;
  });
  shape.resourceIds = null;
  const decode = (row: unknown[], at: number) => {
    const raw = row[at];
    return raw === null || raw === undefined ? null : decoders[at]?.mapFromDriverValue(raw);
  };
  return (rows: readonly unknown[][]): Listed[] => {
    const byId = new Map<unknown, Listed>();
    const listed: Listed[] = [];
    for (const row of rows) {
      const id = decode(row, idAt);
      const resourceId = decode(row, resourceAt) as string;
      const seen = byId.get(id);
      if (seen) {
        seen.resourceIds.push(resourceId);
        continue;
      }
      // Every key at once, in order, then each value in place.
      const item: Record<string, unknown> = { ...shape };
      for (let at = 0; at < keys.length; at++) {
        if (at !== resourceAt) item[keys[at] as string] = at === idAt ? id : decode(row, at);
      }
      item.resourceIds = [resourceId];
      byId.set(id, item as Listed);
      listed.push(item as Listed);
    }
    return listed;
  };
}

type Prepared = ReturnType<typeof prepareCalendar>;
type CalendarRow = Awaited<ReturnType<ReturnType<typeof calendarQuery>["execute"]>>[number];
/** One appointment of the calendar, with the resources it occupies. */
type Listed = Omit<CalendarRow, "resourceId"> & { resourceIds: string[] };

const prepared = new WeakMap<Database, { listed: Prepared; all: Prepared }>();

function preparedFor(db: Database) {
  let statements = prepared.get(db);
  if (!statements) {
    statements = { listed: prepareCalendar(db, false), all: prepareCalendar(db, true) };
    prepared.set(db, statements);
  }
  return statements;
}

/**
 * One row per appointment, with the resources it occupies: the row's fields in their order
 * (without resourceId), then resourceIds. One copy per appointment, none per row.
 */
function groupRows(rows: CalendarRow[]): Listed[] {
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

export async function listAppointments(
  db: Database,
  orgId: string,
  input: { from: Date; to: Date; resourceIds?: string[] | undefined; includeCancelled: boolean },
): Promise<Listed[]> {
  if (input.resourceIds && input.resourceIds.length > 0) {
    const known = await db
      .select({ id: resource.id })
      .from(resource)
      .where(and(eq(resource.organizationId, orgId), inArray(resource.id, input.resourceIds)));
    if (known.length !== new Set(input.resourceIds).size) {
      throw new FieldError("NOT_FOUND", { resourceIds: ["Resource not found"] });
    }
  }
  if (input.resourceIds) {
    return groupRows(
      await calendarQuery(db, { organizationId: orgId, to: input.to, from: input.from }, input),
    );
  }
  const calendar = input.includeCancelled ? preparedFor(db).all : preparedFor(db).listed;
  return calendar({
    orgId,
    // What Drizzle sends for a timestamp column's value.
    to: input.to.toISOString(),
    from: input.from.toISOString(),
  });
}
