import {
  AdminJobsInput,
  AdminMailboxInput,
  AdminModerateReviewInput,
  AdminOrganizationInput,
  AdminOutboxInput,
  AdminPlanPaymentsInput,
  AdminRetryJobInput,
  AdminReviewsInput,
  AdminSearchInput,
  AdminSetFeaturesInput,
  AdminSetOperatorInput,
  AdminStatsInput,
  AdminSuspendInput,
  AdminUserInput,
  MessageRetryInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  adminListOrganizations,
  adminListUsers,
  adminOrganization,
  adminUser,
  endUserSessions,
  resendUserVerification,
  restoreOrganization,
  setOperator,
  setOrganizationFeatures,
  suspendOrganization,
} from "../service/admin";
import { adminListJobs, retryJob } from "../service/admin-jobs";
import {
  adminListPlanPayments,
  adminListReviews,
  adminModerateReview,
} from "../service/admin-reviews";
import { platformStats } from "../service/admin-stats";
import { malwareScanning } from "../service/admin-malware";
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

  /** One practice: profile, plan and its standing, features, members, usage, suspension. */
  organization: platformAdminProcedure
    .input(AdminOrganizationInput)
    .query(({ ctx, input }) => adminOrganization(ctx.db, input.organizationId)),

  /** Its staff and patients see why and can change nothing; its site goes offline. */
  suspendOrganization: platformAdminProcedure
    .input(AdminSuspendInput)
    .mutation(({ ctx, input }) => suspendOrganization(ctx, input)),

  restoreOrganization: platformAdminProcedure
    .input(AdminOrganizationInput)
    .mutation(({ ctx, input }) => restoreOrganization(ctx, input)),

  /** Switches the practice's features on or off, whatever its plan says. */
  setFeatures: platformAdminProcedure
    .input(AdminSetFeaturesInput)
    .mutation(({ ctx, input }) => setOrganizationFeatures(ctx, input)),

  users: platformAdminProcedure
    .input(AdminSearchInput)
    .query(({ ctx, input }) => adminListUsers(ctx.db, input)),

  /** One user: memberships, live sessions, whether confirmed, whether an operator. */
  user: platformAdminProcedure
    .input(AdminUserInput)
    .query(({ ctx, input }) => adminUser(ctx.db, input.userId)),

  /** Grants or revokes the operator flag (never one's own revocation). */
  setOperator: platformAdminProcedure
    .input(AdminSetOperatorInput)
    .mutation(({ ctx, input }) => setOperator(ctx, input)),

  /** Signs the user out on every device. */
  endSessions: platformAdminProcedure
    .input(AdminUserInput)
    .mutation(({ ctx, input }) => endUserSessions(ctx, input)),

  /** Emails a new confirmation link to an unconfirmed address. */
  resendVerification: platformAdminProcedure
    .meta({ rateLimit: "credentials" })
    .input(AdminUserInput)
    .mutation(({ ctx, input }) => resendUserVerification(ctx, input)),

  /** pg-boss's jobs, newest first, by queue and state, with counts per queue and state. */
  jobs: platformAdminProcedure
    .input(AdminJobsInput)
    .query(({ ctx, input }) => adminListJobs(ctx.db, input)),

  /** Sends a failed job back to its queue for one more attempt. */
  retryJob: platformAdminProcedure
    .input(AdminRetryJobInput)
    .mutation(({ ctx, input }) => retryJob(ctx, input)),

  /** Every practice's reviews, by status. */
  reviews: platformAdminProcedure
    .input(AdminReviewsInput)
    .query(({ ctx, input }) => adminListReviews(ctx.db, input)),

  /** Publishes or hides a review of any practice, by the practice's own rules. */
  moderateReview: platformAdminProcedure
    .input(AdminModerateReviewInput)
    .mutation(({ ctx, input }) => adminModerateReview(ctx, input)),

  /** Plan payments of every practice (read-only: plans have no refund path). */
  planPayments: platformAdminProcedure
    .input(AdminPlanPaymentsInput)
    .query(({ ctx, input }) => adminListPlanPayments(ctx.db, input)),

  /** Sign-ups, active practices, bookings and revenue per day. */
  platformStats: platformAdminProcedure
    .input(AdminStatsInput)
    .query(({ ctx, input }) => platformStats(ctx.db, input)),

  /** Every practice's messages, newest first, by status (recipients masked). */
  outbox: platformAdminProcedure
    .input(AdminOutboxInput)
    .query(({ ctx, input }) => adminListOutbox(ctx.db, input)),

  /**
   * Whether uploads are scanned for malware (configured, reachable, the engine's version), how
   * many files wait in quarantine and how many findings the last 30 days brought.
   */
  malwareScanning: platformAdminProcedure.query(({ ctx }) => malwareScanning(ctx.db, ctx.scanner)),

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
