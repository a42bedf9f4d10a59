// Online booking requests: bookings from the public page and the portal that wait, as
// "pending", for the practice to confirm or decline them. Oldest first: whoever has waited
// longest is answered first.
import { schema, type Database } from "@caredesk/db";
import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { FieldError } from "../errors";
import type { OrgScope } from "../scope";
import { changeStatus, getAppointment } from "./appointment";
import { agendaItems, type AgendaItem } from "./front-desk";
import { cursorId, decodeCursor, encodeCursor, type Page } from "./pagination";

const { appointment, patient } = schema;

export type BookingRequest = AgendaItem & {
  patientMobile: string | null;
  notes: string | null;
};

const onlineRequest = and(
  eq(appointment.status, "pending"),
  inArray(appointment.source, ["public", "portal"]),
  // A video consultation waiting for its payment (a pay-by time) is not a request to answer.
  isNull(appointment.holdExpiresAt),
);

/** Pending online bookings, the longest waiting first, a page at a time. */
export async function listRequests(
  db: Database,
  orgId: string,
  input: { cursor?: string | undefined; limit: number },
): Promise<Page<BookingRequest>> {
  const values = decodeCursor(input.cursor);
  let after: SQL | undefined;
  if (values) {
    if (values.length !== 1) throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
    // The anchor's own timestamp, read in SQL: JavaScript dates drop the microseconds.
    const id = cursorId(values[0]);
    const anchor = sql`(select ${appointment.createdAt} from ${appointment} where ${appointment.organizationId} = ${orgId} and ${appointment.id} = ${id}::uuid)`;
    after = sql`(${appointment.createdAt}, ${appointment.id}) > (${anchor}, ${id}::uuid)`;
  }
  const rows = await agendaItems(db, orgId, and(onlineRequest, after), null, input.limit + 1, [
    asc(appointment.createdAt),
    asc(appointment.id),
  ]);
  const items = rows.slice(0, input.limit);
  const extra = await requestDetails(
    db,
    orgId,
    items.map((r) => r.id),
  );
  const last = items.at(-1);
  return {
    items: items.map((r) => ({
      ...r,
      patientMobile: extra.get(r.id)?.mobile ?? null,
      notes: extra.get(r.id)?.notes ?? null,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.id]) : null,
  };
}

async function requestDetails(db: Database, orgId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, { mobile: string | null; notes: string | null }>();
  const rows = await db
    .select({ id: appointment.id, mobile: patient.mobile, notes: appointment.notes })
    .from(appointment)
    .leftJoin(
      patient,
      and(
        eq(patient.organizationId, appointment.organizationId),
        eq(patient.id, appointment.patientId),
      ),
    )
    .where(and(eq(appointment.organizationId, orgId), inArray(appointment.id, ids)));
  return new Map(rows.map((r) => [r.id, { mobile: r.mobile, notes: r.notes }]));
}

/**
 * Declines a booking request: it is cancelled with the reason (the patient is told it), which
 * frees its time for someone else. Only a pending request can be declined.
 */
export function declineRequest(
  ctx: Pick<OrgScope, "org" | "mutate">,
  input: { id: string; version: number; reason: string },
) {
  return ctx.mutate(async (tx, audit) => {
    const current = await getAppointment(tx, ctx.org.id, input.id);
    if (current.status !== "pending") {
      throw new FieldError("BAD_REQUEST", {
        status: [
          `Only a pending request can be declined; this one is ${current.status.replace("_", " ")}`,
        ],
      });
    }
    const { before, after } = await changeStatus(tx, ctx.org.id, input.id, "cancelled", {
      version: input.version,
      reason: input.reason,
    });
    audit({ entityType: "appointment", entityId: input.id, before, after });
    return after;
  });
}
