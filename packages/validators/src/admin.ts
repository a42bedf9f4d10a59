// Inputs of the operators' app (apps/admin): practices (detail, suspension, features), users
// (operator flag, sessions, verification), the job queue, reviews across practices, plan
// payments and the platform's charts.
import { z } from "zod";
import { Cursor, Id, PageLimit, SingleLine } from "./common";
import { offeredFeatures } from "./plan";
import { reviewStatuses } from "./review";

export const AdminOrganizationInput = z.object({ organizationId: Id });
export type AdminOrganizationInput = z.infer<typeof AdminOrganizationInput>;

/** Suspending says why: the practice's staff read the reason on their suspension notice. */
export const AdminSuspendInput = z.object({
  organizationId: Id,
  reason: SingleLine(500, "Say why the practice is suspended"),
});
export type AdminSuspendInput = z.infer<typeof AdminSuspendInput>;

export const AdminSetFeaturesInput = z.object({
  organizationId: Id,
  features: z
    .array(z.enum(offeredFeatures, "Not a feature"))
    .max(offeredFeatures.length, "Too many features")
    .refine((list) => new Set(list).size === list.length, "A feature is listed twice"),
});
export type AdminSetFeaturesInput = z.infer<typeof AdminSetFeaturesInput>;

export const AdminUserInput = z.object({ userId: Id });
export type AdminUserInput = z.infer<typeof AdminUserInput>;

export const AdminSetOperatorInput = z.object({
  userId: Id,
  operator: z.boolean("Say yes or no"),
});
export type AdminSetOperatorInput = z.infer<typeof AdminSetOperatorInput>;

/** pg-boss's job states an operator may filter by (its own enum, allow-listed here). */
export const jobStates = [
  "created",
  "retry",
  "active",
  "completed",
  "cancelled",
  "failed",
] as const;
export type JobState = (typeof jobStates)[number];

export const AdminJobsInput = z.object({
  queue: SingleLine(100).optional(),
  state: z.enum(jobStates, "Not a job state").optional(),
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type AdminJobsInput = z.infer<typeof AdminJobsInput>;

export const AdminRetryJobInput = z.object({ id: Id });
export type AdminRetryJobInput = z.infer<typeof AdminRetryJobInput>;

export const AdminReviewsInput = z.object({
  status: z.enum(reviewStatuses, "Choose a status").optional(),
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type AdminReviewsInput = z.infer<typeof AdminReviewsInput>;

export const moderationActions = ["publish", "hide"] as const;

/** Hiding says why (the practice's staff see the reason), as it does for the practice itself. */
export const AdminModerateReviewInput = z.object({
  reviewId: Id,
  action: z.enum(moderationActions, "Choose publish or hide"),
  reason: SingleLine(500).optional(),
});
export type AdminModerateReviewInput = z.infer<typeof AdminModerateReviewInput>;

export const AdminPlanPaymentsInput = z.object({
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type AdminPlanPaymentsInput = z.infer<typeof AdminPlanPaymentsInput>;

export const AdminStatsInput = z.object({
  days: z
    .number("Enter a number of days")
    .int("Use a whole number")
    .min(7, "At least 7 days")
    .max(365, "At most 365 days")
    .default(30),
});
export type AdminStatsInput = z.infer<typeof AdminStatsInput>;
