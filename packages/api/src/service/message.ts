// Messages after they were queued: the operators' views of the outbox, the job queue and the
// local mailbox (the admin app), and retrying a failed delivery (operators for any practice,
// a practice's staff for their own patients' messages).
import { jobQueues, jobSchema, queryRows, schema, type Database } from "@caredesk/db";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { FieldError, notFound } from "../errors";
import type { Mutate } from "../audit";
import { decodeCursor, olderThanCursor, toPage } from "./pagination";
import { maskRecipient } from "./patient-activity";
import { requeueNotification } from "./outbox";

const { notification, organization, mailboxMessage } = schema;

type Status = (typeof schema.notificationStatus.enumValues)[number];

/** Every practice's messages (operators): newest first, by status. Recipients are masked. */
export async function adminListOutbox(
  db: Database,
  input: { deliveryStatus?: Status | undefined; cursor?: string | undefined; limit: number },
) {
  const cursor = decodeCursor(input.cursor);
  const conditions: SQL[] = [];
  if (input.deliveryStatus) conditions.push(eq(notification.status, input.deliveryStatus));
  const cutoff = olderThanCursor(cursor, notification, notification.createdAt, notification.id);
  if (cutoff) conditions.push(cutoff);
  const rows = await db
    .select({
      id: notification.id,
      organizationName: organization.name,
      kind: notification.kind,
      channel: notification.channel,
      status: notification.status,
      recipient: notification.recipient,
      subject: notification.subject,
      attempts: notification.attempts,
      lastError: notification.lastError,
      sendAt: notification.sendAt,
      sentAt: notification.sentAt,
      createdAt: notification.createdAt,
    })
    .from(notification)
    .leftJoin(organization, eq(organization.id, notification.organizationId))
    .where(and(...conditions))
    .orderBy(desc(notification.createdAt), desc(notification.id))
    .limit(input.limit + 1);
  const masked = rows.map((r) => ({ ...r, recipient: maskRecipient(r.channel, r.recipient) }));
  return toPage(masked, input.limit, (r) => [r.id]);
}

/** How many messages are in each state, and the job queue's own counts (operators). */
export async function adminOutboxSummary(db: Database) {
  const statuses = await db
    .select({ status: notification.status, count: sql<number>`count(*)::int` })
    .from(notification)
    .groupBy(notification.status);
  const jobs = await queryRows<{ name: string; state: string; count: number }>(
    db,
    sql`select name, state::text as state, count(*)::int as count
          from ${sql.identifier(jobSchema)}.job
         where name in ${Object.values(jobQueues).map((q) => q.name)}
         group by name, state order by name, state`,
  );
  return { messages: statuses, jobs };
}

/** The local mailbox (operators): what the product sent while no SMTP server is configured. */
export async function adminListMailbox(
  db: Database,
  input: { cursor?: string | undefined; limit: number },
) {
  const cursor = decodeCursor(input.cursor);
  const rows = await db
    .select()
    .from(mailboxMessage)
    .where(olderThanCursor(cursor, mailboxMessage, mailboxMessage.createdAt, mailboxMessage.id))
    .orderBy(desc(mailboxMessage.createdAt), desc(mailboxMessage.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (r) => [r.id]);
}

/**
 * Sends a failed message again (a new delivery job, the same message and idempotency key).
 * `organizationId` limits it to that practice's messages; another's answers NOT_FOUND.
 */
export function retryMessage(
  ctx: { mutate: Mutate },
  input: { id: string },
  organizationId: string | null,
) {
  return ctx.mutate(async (tx, audit) => {
    const [before] = await tx
      .select({
        id: notification.id,
        status: notification.status,
        orgId: notification.organizationId,
      })
      .from(notification)
      .where(
        and(
          eq(notification.id, input.id),
          organizationId ? eq(notification.organizationId, organizationId) : undefined,
        ),
      );
    if (!before) throw notFound("Message not found");
    const [after] = await tx
      .update(notification)
      .set({ status: "pending", lastError: null, sendAt: new Date() })
      .where(and(eq(notification.id, input.id), inArray(notification.status, ["failed"])))
      .returning({ id: notification.id, status: notification.status });
    if (!after) {
      throw new FieldError("BAD_REQUEST", {
        id: [`Only a failed message can be sent again (this one is ${before.status})`],
      });
    }
    await requeueNotification(tx, input.id);
    audit({
      organizationId: before.orgId ?? undefined,
      entityType: "notification",
      entityId: input.id,
      before: { status: before.status },
      after: { status: after.status },
    });
    return after;
  });
}
