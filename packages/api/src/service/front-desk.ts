// The front desk's day: the agenda of one doctor or the whole practice in the practice's
// zone, what the day counts, and what needs someone's attention now (requests waiting, a
// patient not yet arrived for an appointment about to start, past visits never closed).
import { schema, type Database } from "@caredesk/db";
import {
  epochMinutesToLocal,
  fromEpochMinutes,
  startOfLocalDay,
  toEpochMinutes,
} from "@caredesk/scheduling";
import type { FrontDeskTodayInput } from "@caredesk/validators";
import {
  and,
  asc,
  eq,
  gt,
  gte,
  inArray,
  lt,
  lte,
  min,
  ne,
  sql,
  count,
  type SQL,
} from "drizzle-orm";
import type { AppointmentStatus } from "./appointment";
import { sameTenant } from "./tenant";

const { appointment, appointmentResource, patient, practitioner, resource, service } = schema;

/** How soon before its start an appointment whose patient has not arrived is flagged. */
export const ARRIVAL_WARNING_MINUTES = 15;
/** How many days back confirmed visits that were never closed are listed. */
export const UNCLOSED_DAYS = 7;

export interface AgendaItem {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  source: "staff" | "portal" | "public";
  version: number;
  patientId: string | null;
  patientName: string | null;
  serviceName: string;
  colour: string;
  cancellationReason: string | null;
  patientConfirmedAt: Date | null;
  createdAt: Date;
  /** The doctors it is with (names), then rooms and equipment. */
  practitioners: string[];
  resources: { id: string; name: string; kind: "practitioner" | "room" | "equipment" }[];
}

export interface DayCounts {
  /** Accepted bookings of the day: confirmed, arrived, completed or no-show. */
  booked: number;
  /** Arrived and being seen (in progress). */
  arrived: number;
  completed: number;
  /** Online requests for the day still waiting for an answer. */
  pending: number;
  noShow: number;
  cancelled: number;
}

export type AttentionItem =
  | { kind: "requests"; count: number; oldestCreatedAt: Date }
  | { kind: "notArrived"; appointment: AgendaItem; minutesToStart: number }
  | { kind: "unclosed"; appointment: AgendaItem };

export interface FrontDeskDay {
  date: string;
  today: string;
  timeZone: string;
  scope: "mine" | "practice";
  /** The signed-in member's own column, when they are one of the practice's doctors. */
  practitioner: { resourceId: string; name: string } | null;
  counts: DayCounts;
  agenda: AgendaItem[];
  attention: AttentionItem[];
}

interface Scope {
  org: { id: string; timeZone: string };
  user: { id: string };
}

/** The calendar day after `date` (YYYY-MM-DD). */
function nextDay(date: string, days = 1): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/** The doctor column of a member: the resource of the practitioner linked to their account. */
async function ownColumn(db: Database, orgId: string, userId: string) {
  const [row] = await db
    .select({ resourceId: resource.id, name: resource.name })
    .from(practitioner)
    .innerJoin(resource, sameTenant(practitioner, resource.organizationId, resource.practitionerId))
    .where(and(eq(practitioner.organizationId, orgId), eq(practitioner.userId, userId)));
  return row ?? null;
}

const agendaColumns = {
  id: appointment.id,
  startsAt: appointment.startsAt,
  endsAt: appointment.endsAt,
  status: appointment.status,
  source: appointment.source,
  version: appointment.version,
  patientId: appointment.patientId,
  patientName: sql<string | null>`${patient.firstName} || ' ' || ${patient.lastName}`,
  serviceName: service.name,
  colour: service.colour,
  cancellationReason: appointment.cancellationReason,
  patientConfirmedAt: appointment.patientConfirmedAt,
  createdAt: appointment.createdAt,
};

/** Appointments matching `where`, with their resources, in start order. */
export async function agendaItems(
  db: Database,
  orgId: string,
  where: SQL | undefined,
  columnId: string | null,
  limit = 500,
  order: SQL[] = [asc(appointment.startsAt), asc(appointment.id)],
): Promise<AgendaItem[]> {
  const rows = await db
    .select(agendaColumns)
    .from(appointment)
    .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
    .leftJoin(patient, sameTenant(patient, appointment.organizationId, appointment.patientId))
    .where(
      and(
        eq(appointment.organizationId, orgId),
        ne(appointment.status, "held"),
        where,
        columnId
          ? sql`exists (select 1 from ${appointmentResource} where ${appointmentResource.organizationId} = ${appointment.organizationId} and ${appointmentResource.appointmentId} = ${appointment.id} and ${appointmentResource.resourceId} = ${columnId})`
          : undefined,
      ),
    )
    .orderBy(...order)
    .limit(limit);
  if (rows.length === 0) return [];
  const held = await db
    .select({
      appointmentId: appointmentResource.appointmentId,
      id: resource.id,
      name: resource.name,
      kind: resource.kind,
    })
    .from(appointmentResource)
    .innerJoin(
      resource,
      sameTenant(resource, appointmentResource.organizationId, appointmentResource.resourceId),
    )
    .where(
      and(
        eq(appointmentResource.organizationId, orgId),
        inArray(
          appointmentResource.appointmentId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(resource.kind), asc(resource.name));
  const byAppointment = new Map<string, AgendaItem["resources"]>();
  for (const { appointmentId, ...r } of held) {
    const list = byAppointment.get(appointmentId) ?? [];
    list.push(r);
    byAppointment.set(appointmentId, list);
  }
  return rows.map((row) => {
    const resources = byAppointment.get(row.id) ?? [];
    return {
      ...row,
      resources,
      practitioners: resources.filter((r) => r.kind === "practitioner").map((r) => r.name),
    };
  });
}

function countsOf(agenda: AgendaItem[]): DayCounts {
  const is = (...statuses: AppointmentStatus[]) =>
    agenda.filter((a) => statuses.includes(a.status)).length;
  return {
    booked: is("confirmed", "in_progress", "completed", "no_show"),
    arrived: is("in_progress"),
    completed: is("completed"),
    pending: is("pending"),
    noShow: is("no_show"),
    cancelled: is("cancelled"),
  };
}

/** Online requests still waiting for an answer (not yet started), in the column or practice. */
async function waitingRequests(db: Database, orgId: string, columnId: string | null, now: Date) {
  const [row] = await db
    .select({ count: count(), oldest: min(appointment.createdAt) })
    .from(appointment)
    .where(
      and(
        eq(appointment.organizationId, orgId),
        eq(appointment.status, "pending"),
        gt(appointment.startsAt, now),
        columnId
          ? sql`exists (select 1 from ${appointmentResource} where ${appointmentResource.organizationId} = ${appointment.organizationId} and ${appointmentResource.appointmentId} = ${appointment.id} and ${appointmentResource.resourceId} = ${columnId})`
          : undefined,
      ),
    );
  return { count: row?.count ?? 0, oldest: row?.oldest ?? null };
}

/** The front desk's view of one local day (default today) for a doctor or the practice. */
export async function frontDeskToday(
  db: Database,
  scope: Scope,
  input: FrontDeskTodayInput,
  now = new Date(),
): Promise<FrontDeskDay> {
  const { org } = scope;
  const today = epochMinutesToLocal(toEpochMinutes(now), org.timeZone).date;
  const date = input.date ?? today;
  const from = fromEpochMinutes(startOfLocalDay(date, org.timeZone));
  const to = fromEpochMinutes(startOfLocalDay(nextDay(date), org.timeZone));
  const column = input.scope === "mine" ? await ownColumn(db, org.id, scope.user.id) : null;
  const base = {
    date,
    today,
    timeZone: org.timeZone,
    scope: input.scope,
    practitioner: column,
  };
  // A member who is not one of the doctors has no column of their own.
  if (input.scope === "mine" && !column) {
    return { ...base, counts: countsOf([]), agenda: [], attention: [] };
  }
  const columnId = column?.resourceId ?? null;
  const startOfToday = fromEpochMinutes(startOfLocalDay(today, org.timeZone));
  const earliestUnclosed = fromEpochMinutes(
    startOfLocalDay(nextDay(today, -UNCLOSED_DAYS), org.timeZone),
  );
  const [agenda, requests, unclosed] = await Promise.all([
    agendaItems(
      db,
      org.id,
      and(lt(appointment.startsAt, to), gt(appointment.endsAt, from)),
      columnId,
    ),
    waitingRequests(db, org.id, columnId, now),
    agendaItems(
      db,
      org.id,
      and(
        eq(appointment.status, "confirmed"),
        gte(appointment.startsAt, earliestUnclosed),
        lte(appointment.endsAt, startOfToday),
      ),
      columnId,
      100,
    ),
  ]);

  const attention: AttentionItem[] = [];
  if (requests.count > 0 && requests.oldest) {
    attention.push({ kind: "requests", count: requests.count, oldestCreatedAt: requests.oldest });
  }
  if (date === today) {
    const soon = now.getTime() + ARRIVAL_WARNING_MINUTES * 60_000;
    for (const a of agenda) {
      if (a.status === "confirmed" && a.startsAt.getTime() <= soon && a.endsAt > now) {
        const minutesToStart = Math.round((a.startsAt.getTime() - now.getTime()) / 60_000);
        attention.push({ kind: "notArrived", appointment: a, minutesToStart });
      }
    }
  }
  for (const a of unclosed) attention.push({ kind: "unclosed", appointment: a });

  return { ...base, counts: countsOf(agenda), agenda, attention };
}
