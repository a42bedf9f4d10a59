// Messages after they were queued: the operators' outbox and mailbox, and retrying a failed one.
import { z } from "zod";
import { Cursor, Id, PageLimit } from "./common";

/** The database's notification_status enum (kept equal by packages/api/test/enums.test.ts). */
export const notificationStatuses = [
  "pending",
  "sending",
  "sent",
  "delivered",
  "failed",
  "cancelled",
] as const;

export const MessageRetryInput = z.object({ id: Id });

export const AdminOutboxInput = z.object({
  deliveryStatus: z.enum(notificationStatuses).optional(),
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});

export const AdminMailboxInput = z.object({
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
