// Providers' verified delivery reports (SMS status callbacks): each is stored once, and moves
// its notification forward to delivered or failed with a guarded update, so replays and reports
// arriving out of order never undo what is already known.
import { schema, type Database } from "@caredesk/db";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { runAudited } from "../audit";

const { deliveryReport, notification } = schema;

export interface DeliveryReportInput {
  /** Who reported it: "twilio" or "generic". */
  provider: string;
  providerMessageId: string;
  /** The provider's own word for the status (Twilio's MessageStatus, lower case). */
  status: string;
  errorCode?: string | null;
}

export interface DeliveryReportOrigin {
  ip?: string | null;
  requestId?: string | null;
}

export interface DeliveryReportResult {
  /** False for a report already stored (a provider's retry or a replay). */
  recorded: boolean;
  notificationId: string | null;
  /** The status the notification moved to, when it moved. */
  applied: "delivered" | "failed" | null;
}

/** Reports that mean the message reached the phone, or never will. Others are only stored. */
const deliveredStatuses = new Set(["delivered", "read"]);
const failedStatuses = new Set(["failed", "undelivered"]);

/** Statuses a delivery report may move a notification out of. Never out of delivered. */
const beforeDelivered = ["pending", "sending", "sent", "failed"] as const;
const beforeFailed = ["pending", "sending", "sent"] as const;

async function alreadyStored(db: Database, report: DeliveryReportInput): Promise<boolean> {
  const [row] = await db
    .select({ id: deliveryReport.id })
    .from(deliveryReport)
    .where(
      and(
        eq(deliveryReport.provider, report.provider),
        eq(deliveryReport.providerMessageId, report.providerMessageId),
        eq(deliveryReport.status, report.status),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * Stores a verified report and applies it: delivered → "delivered" with its time, failed or
 * undelivered → "failed" with the provider's code. A report seen before changes nothing.
 */
export async function recordDeliveryReport(
  db: Database,
  report: DeliveryReportInput,
  origin: DeliveryReportOrigin = {},
): Promise<DeliveryReportResult> {
  const status = report.status.toLowerCase();
  const input = { ...report, status };
  // Most repeats stop here, without a transaction or an audit row.
  if (await alreadyStored(db, input)) {
    return { recorded: false, notificationId: null, applied: null };
  }
  return runAudited(
    db,
    {
      organizationId: null,
      actorUserId: null,
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
    },
    "notification.deliveryReport",
    async (tx, audit) => {
      // One message's reports are applied one at a time, so two copies of one report cannot
      // both pass the check below.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`${input.provider}:${input.providerMessageId}`}, 0))`,
      );
      if (await alreadyStored(tx, input)) {
        audit({ entityType: "delivery_report", after: { duplicate: true } });
        return { recorded: false, notificationId: null, applied: null };
      }
      const [target] = await tx
        .select({ id: notification.id, organizationId: notification.organizationId })
        .from(notification)
        .where(
          and(
            eq(notification.providerMessageId, input.providerMessageId),
            eq(notification.channel, "sms"),
          ),
        )
        .limit(1);
      const delivered = deliveredStatuses.has(status);
      const [stored] = await tx
        .insert(deliveryReport)
        .values({
          notificationId: target?.id ?? null,
          provider: input.provider,
          providerMessageId: input.providerMessageId,
          status,
          errorCode: input.errorCode ?? null,
          delivered,
        })
        .returning({ id: deliveryReport.id });

      let applied: DeliveryReportResult["applied"] = null;
      if (target && delivered) {
        const moved = await tx
          .update(notification)
          .set({ status: "delivered", deliveredAt: sql`now()` })
          .where(
            and(eq(notification.id, target.id), inArray(notification.status, [...beforeDelivered])),
          )
          .returning({ id: notification.id });
        if (moved.length > 0) applied = "delivered";
      } else if (target && failedStatuses.has(status)) {
        const code = input.errorCode ? `, error ${input.errorCode}` : "";
        const moved = await tx
          .update(notification)
          .set({ status: "failed", lastError: `The provider reported ${status}${code}` })
          .where(
            and(eq(notification.id, target.id), inArray(notification.status, [...beforeFailed])),
          )
          .returning({ id: notification.id });
        if (moved.length > 0) applied = "failed";
      }
      audit({
        ...(target?.organizationId ? { organizationId: target.organizationId } : {}),
        entityType: "notification",
        entityId: target?.id,
        after: { report: stored?.id, provider: input.provider, status, applied },
      });
      return { recorded: true, notificationId: target?.id ?? null, applied };
    },
  );
}

/**
 * Applies reports that arrived before their message was recorded as sent (a provider can call
 * back before the delivery job stores its message id): they were stored without a
 * notification, and are attached and applied now. The delivery job calls this after it records
 * a provider's message id; a message with nothing waiting costs one query.
 */
export async function applyEarlyDeliveryReports(
  db: Database,
  notificationId: string,
): Promise<DeliveryReportResult["applied"]> {
  const [target] = await db
    .select({
      providerMessageId: notification.providerMessageId,
      organizationId: notification.organizationId,
    })
    .from(notification)
    .where(and(eq(notification.id, notificationId), eq(notification.channel, "sms")));
  const providerMessageId = target?.providerMessageId;
  if (!target || !providerMessageId) return null;
  const waiting = await db
    .select({ id: deliveryReport.id })
    .from(deliveryReport)
    .where(
      and(
        eq(deliveryReport.providerMessageId, providerMessageId),
        isNull(deliveryReport.notificationId),
      ),
    )
    .limit(1);
  if (waiting.length === 0) return null;
  return runAudited(
    db,
    { organizationId: target.organizationId, actorUserId: null, ip: null, requestId: null },
    "notification.deliveryReport",
    async (tx, audit) => {
      const reports = await tx
        .update(deliveryReport)
        .set({ notificationId })
        .where(
          and(
            eq(deliveryReport.providerMessageId, providerMessageId),
            isNull(deliveryReport.notificationId),
          ),
        )
        .returning({ status: deliveryReport.status, errorCode: deliveryReport.errorCode });
      let applied: DeliveryReportResult["applied"] = null;
      const delivered = reports.find((report) => deliveredStatuses.has(report.status));
      const failed = reports.find((report) => failedStatuses.has(report.status));
      if (delivered) {
        const moved = await tx
          .update(notification)
          .set({ status: "delivered", deliveredAt: sql`now()` })
          .where(
            and(
              eq(notification.id, notificationId),
              inArray(notification.status, [...beforeDelivered]),
            ),
          )
          .returning({ id: notification.id });
        if (moved.length > 0) applied = "delivered";
      } else if (failed) {
        const code = failed.errorCode ? `, error ${failed.errorCode}` : "";
        const moved = await tx
          .update(notification)
          .set({ status: "failed", lastError: `The provider reported ${failed.status}${code}` })
          .where(
            and(
              eq(notification.id, notificationId),
              inArray(notification.status, [...beforeFailed]),
            ),
          )
          .returning({ id: notification.id });
        if (moved.length > 0) applied = "failed";
      }
      audit({
        entityType: "notification",
        entityId: notificationId,
        after: { reports: reports.length, applied },
      });
      return applied;
    },
  );
}
