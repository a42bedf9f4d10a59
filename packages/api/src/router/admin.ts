import {
  AdminMailboxInput,
  AdminOutboxInput,
  AdminSearchInput,
  MessageRetryInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { adminListOrganizations, adminListUsers } from "../service/admin";
import {
  adminListMailbox,
  adminListOutbox,
  adminOutboxSummary,
  retryMessage,
} from "../service/message";
import { platformAdminProcedure } from "../trpc";

export const adminRouter = {
  organizations: platformAdminProcedure
    .input(AdminSearchInput)
    .query(({ ctx, input }) => adminListOrganizations(ctx.db, input)),

  users: platformAdminProcedure
    .input(AdminSearchInput)
    .query(({ ctx, input }) => adminListUsers(ctx.db, input)),

  /** Every practice's messages, newest first, by status (recipients masked). */
  outbox: platformAdminProcedure
    .input(AdminOutboxInput)
    .query(({ ctx, input }) => adminListOutbox(ctx.db, input)),

  /** Messages per status and the job queue's counts. */
  outboxSummary: platformAdminProcedure.query(({ ctx }) => adminOutboxSummary(ctx.db)),

  /** The local mailbox: every email sent while no SMTP server is configured. */
  mailbox: platformAdminProcedure
    .input(AdminMailboxInput)
    .query(({ ctx, input }) => adminListMailbox(ctx.db, input)),

  /** Sends a failed message again. */
  retryMessage: platformAdminProcedure
    .input(MessageRetryInput)
    .mutation(({ ctx, input }) => retryMessage(ctx, input, null)),
} satisfies TRPCRouterRecord;
