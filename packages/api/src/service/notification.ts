// The notification centre: a user's in-app messages, newest first, read and unread. Messages of
// a practice show only while the user is still one of its members; account messages always.
import type { SessionUser } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import type { NotificationInboxInput } from "@caredesk/validators";
import { and, count, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { notFound } from "../errors";
import { publishChange } from "../events";
import type { RequestScope } from "../scope";
import { cursorId, decodeCursor, toPage, type Page } from "./pagination";

const { notification, organization } = schema;

/** What account-level services receive: the signed-in user, the database, `mutate`. */
export type OwnUserScope = Pick<RequestScope, "db" | "mutate" | "userAgent"> & {
  user: SessionUser;
};

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  text: string;
  /** A path of the app the message leads to, or null. */
  link: string | null;
  organizationId: string | null;
  organizationName: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** The user's in-app messages they may still see. */
function visibleTo(userId: string): SQL {
  const condition = and(
    eq(notification.userId, userId),
    eq(notification.channel, "in_app"),
    or(
      isNull(notification.organizationId),
      sql`exists (select 1 from ${schema.membership} m
                  where m.organization_id = ${notification.organizationId}
                    and m.user_id = ${userId})`,
    ),
  );
  if (!condition) throw new Error("unreachable: and() of conditions is never empty");
  return condition;
}

const fallbackTitles: Record<string, string> = {
  booking_request: "New booking request",
  appointment_booked: "Appointment booked",
  appointment_confirmed: "Appointment confirmed",
  appointment_rescheduled: "Appointment moved",
  appointment_cancelled: "Appointment cancelled",
  appointment_declined: "Appointment request declined",
  appointment_reminder: "Appointment reminder",
};

/** Only a path inside the app (never another site, never `//host`). */
function linkOf(kind: string, payload: unknown): string | null {
  const link =
    payload && typeof payload === "object" && "link" in payload ? payload.link : undefined;
  if (typeof link === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(link)) return link;
  return kind.startsWith("appointment_") ? "/portal" : null;
}

export async function listInbox(
  db: Database,
  userId: string,
  input: NotificationInboxInput,
): Promise<Page<InboxItem>> {
  const values = decodeCursor(input.cursor);
  // Keyset on (created_at, id), read from the row itself so microseconds are kept exactly.
  const after = values
    ? sql`(${notification.createdAt}, ${notification.id}) <
          (select n2.created_at, n2.id from ${notification} n2
            where n2.id = ${cursorId(values[0])}::uuid and n2.user_id = ${userId})`
    : undefined;
  const rows = await db
    .select({
      id: notification.id,
      kind: notification.kind,
      subject: notification.subject,
      bodyText: notification.bodyText,
      payload: notification.payload,
      organizationId: notification.organizationId,
      organizationName: organization.name,
      createdAt: notification.createdAt,
      readAt: notification.readAt,
    })
    .from(notification)
    .leftJoin(organization, eq(organization.id, notification.organizationId))
    .where(and(visibleTo(userId), after))
    .orderBy(desc(notification.createdAt), desc(notification.id))
    .limit(input.limit + 1);
  const items = rows.map((row): InboxItem => ({
    id: row.id,
    kind: row.kind,
    title: row.subject ?? fallbackTitles[row.kind] ?? "Notification",
    text: row.bodyText ?? "",
    link: linkOf(row.kind, row.payload),
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    createdAt: row.createdAt,
    readAt: row.readAt,
  }));
  return toPage(items, input.limit, (item) => [item.id]);
}

export async function countUnread(db: Database, userId: string): Promise<{ count: number }> {
  const [row] = await db
    .select({ n: count() })
    .from(notification)
    .where(and(visibleTo(userId), isNull(notification.readAt)));
  return { count: row?.n ?? 0 };
}

/** Marks one of the user's messages read; anyone else's (or none) is not found. */
export async function markRead(ctx: OwnUserScope, id: string) {
  return ctx.mutate(async (tx, audit) => {
    const [row] = await tx
      .update(notification)
      .set({ readAt: sql`coalesce(${notification.readAt}, now())` })
      .where(and(eq(notification.id, id), visibleTo(ctx.user.id)))
      .returning({ id: notification.id, readAt: notification.readAt });
    if (!row) throw notFound("Notification not found");
    audit({ entityType: "notification", entityId: row.id });
    // The user's other tabs and devices update their count.
    await publishChange(tx, { type: "inbox.changed", userId: ctx.user.id });
    return { ok: true as const, readAt: row.readAt };
  });
}

export async function markAllRead(ctx: OwnUserScope) {
  return ctx.mutate(async (tx, audit) => {
    const read = await tx
      .update(notification)
      .set({ readAt: sql`now()` })
      .where(and(visibleTo(ctx.user.id), isNull(notification.readAt)))
      .returning({ id: notification.id });
    audit({ entityType: "notification", after: { read: read.length } });
    if (read.length > 0) await publishChange(tx, { type: "inbox.changed", userId: ctx.user.id });
    return { ok: true as const, read: read.length };
  });
}
