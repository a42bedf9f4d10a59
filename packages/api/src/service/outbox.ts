// The outbox: every message leaves through a notification row written inside the transaction
// of the change that causes it (call these from within `ctx.mutate` / `runAudited`), together
// with the pg-boss job that delivers it. Nothing is sent before the commit, and nothing that
// committed is forgotten: the job exists exactly when the row does.
import { enqueueJobs, jobQueues, schema, type Database } from "@caredesk/db";
import { and, eq, inArray } from "drizzle-orm";
import { publishChange } from "../events";

const { notification } = schema;

export type NotificationKind = (typeof schema.notificationKind.enumValues)[number];
export type NotificationChannel = (typeof schema.notificationChannel.enumValues)[number];

export interface NewNotification {
  /** Null only for account messages outside any practice (password reset, verification). */
  organizationId: string | null;
  kind: NotificationKind;
  channel: NotificationChannel;
  /** The account it is for; required for in-app messages. */
  userId?: string | null;
  patientId?: string | null;
  appointmentId?: string | null;
  /** Email address, E.164 number or push subscription id; null for in-app. */
  recipient?: string | null;
  /** What the message is rendered from at send time (never a secret: links are minted then). */
  payload?: Record<string, unknown>;
  /** When it should go out; now when omitted. */
  sendAt?: Date;
  /** Makes the message one of a kind within its organization: a repeat is not queued again. */
  dedupeKey?: string;
  /** In-app only: the rendered title and text, shown in the notification centre. */
  subject?: string;
  bodyText?: string;
}

/**
 * Writes notifications and their delivery jobs in the caller's transaction. In-app messages
 * need no delivery: they are stored as sent and announced live to their user's open pages.
 * Answers the ids of the rows written (a deduplicated repeat writes none).
 */
export async function queueNotifications(
  tx: Database,
  messages: readonly NewNotification[],
): Promise<string[]> {
  if (messages.length === 0) return [];
  const now = new Date();
  const rows = await tx
    .insert(notification)
    .values(
      messages.map((m) => ({
        organizationId: m.organizationId,
        kind: m.kind,
        channel: m.channel,
        userId: m.userId ?? null,
        patientId: m.patientId ?? null,
        appointmentId: m.appointmentId ?? null,
        recipient: m.recipient ?? null,
        payload: m.payload ?? {},
        sendAt: m.sendAt ?? now,
        dedupeKey: m.dedupeKey ?? null,
        subject: m.subject ?? null,
        bodyText: m.bodyText ?? null,
        ...(m.channel === "in_app" ? { status: "sent" as const, sentAt: now } : {}),
      })),
    )
    .onConflictDoNothing()
    .returning({
      id: notification.id,
      channel: notification.channel,
      userId: notification.userId,
      sendAt: notification.sendAt,
    });
  await enqueueJobs(
    tx,
    rows
      .filter((row) => row.channel !== "in_app")
      .map((row) => ({
        id: row.id,
        name: jobQueues.deliver.name,
        data: { notificationId: row.id },
        ...(row.sendAt > now ? { startAfter: row.sendAt } : {}),
      })),
  );
  // Workers wake for messages due now rather than at their next poll.
  if (rows.some((row) => row.channel !== "in_app" && row.sendAt <= now)) {
    await publishChange(tx, { type: "outbox.queued" });
  }
  const inboxes = new Set(
    rows.flatMap((row) => (row.channel === "in_app" && row.userId ? [row.userId] : [])),
  );
  for (const userId of inboxes) await publishChange(tx, { type: "inbox.changed", userId });
  return rows.map((row) => row.id);
}

/**
 * Withdraws an appointment's messages that have not gone out (its reminders when it moves or
 * is cancelled). Their jobs find them cancelled and do nothing.
 */
export async function cancelPendingNotifications(
  tx: Database,
  organizationId: string,
  appointmentId: string,
  kinds: readonly NotificationKind[],
): Promise<number> {
  const cancelled = await tx
    .update(notification)
    .set({ status: "cancelled", lastError: null })
    .where(
      and(
        eq(notification.organizationId, organizationId),
        eq(notification.appointmentId, appointmentId),
        eq(notification.status, "pending"),
        inArray(notification.kind, [...kinds]),
      ),
    )
    .returning({ id: notification.id });
  return cancelled.length;
}

/** Re-queues a failed delivery now (staff's "retry"): a new job for the same message. */
export async function requeueNotification(tx: Database, id: string): Promise<void> {
  await enqueueJobs(tx, [{ name: jobQueues.deliver.name, data: { notificationId: id } }]);
}
