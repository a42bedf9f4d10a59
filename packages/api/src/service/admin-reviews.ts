// Reviews across every practice (operators moderate them with the practice's own rules), and
// the platform's plan payments. Plans have no refund path in plan-payment.ts: the list is
// read-only, and a refund is made in the provider's dashboard.
import { organizationProfileColumns } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import type {
  AdminModerateReviewInput,
  AdminPlanPaymentsInput,
  AdminReviewsInput,
} from "@caredesk/validators";
import { and, desc, eq } from "drizzle-orm";
import { notFound } from "../errors";
import type { RequestScope } from "../scope";
import { inOrganization } from "./admin";
import { decodeCursor, olderThanCursor, toPage } from "./pagination";
import { hideReview, publishReview } from "./review";

const { review, organization, planPayment } = schema;

/** Every practice's reviews, newest first, by status, with the practice they are about. */
export async function adminListReviews(db: Database, input: AdminReviewsInput) {
  const rows = await db
    .select({
      id: review.id,
      organizationId: review.organizationId,
      organizationName: organization.name,
      slug: organization.slug,
      rating: review.rating,
      body: review.body,
      authorName: review.authorName,
      status: review.status,
      moderationReason: review.moderationReason,
      moderatedAt: review.moderatedAt,
      createdAt: review.createdAt,
    })
    .from(review)
    .innerJoin(organization, eq(organization.id, review.organizationId))
    .where(
      and(
        input.status ? eq(review.status, input.status) : undefined,
        olderThanCursor(decodeCursor(input.cursor), review, review.createdAt, review.id),
      ),
    )
    .orderBy(desc(review.createdAt), desc(review.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (row) => [row.id]);
}

/**
 * Publishes or hides any practice's review through the practice's own moderation (the same
 * guarded update and CONFLICT); the audit row names the practice.
 */
export async function adminModerateReview(
  ctx: Pick<RequestScope, "db" | "mutate">,
  input: AdminModerateReviewInput,
) {
  const [found] = await ctx.db
    .select({ org: organizationProfileColumns })
    .from(review)
    .innerJoin(organization, eq(organization.id, review.organizationId))
    .where(eq(review.id, input.reviewId));
  if (!found) throw notFound("Review not found");
  const moderator = {
    db: ctx.db,
    org: found.org,
    mutate: inOrganization(ctx.mutate, found.org.id),
  };
  const changed =
    input.action === "publish"
      ? await publishReview(moderator, { id: input.reviewId })
      : await hideReview(moderator, { id: input.reviewId, reason: input.reason ?? "" });
  return {
    id: changed.id,
    organizationId: changed.organizationId,
    status: changed.status,
    moderationReason: changed.moderationReason,
  };
}

/** Plan payments of every practice, newest first (read-only: plans have no refund path). */
export async function adminListPlanPayments(db: Database, input: AdminPlanPaymentsInput) {
  const rows = await db
    .select({
      id: planPayment.id,
      organizationId: planPayment.organizationId,
      organizationName: organization.name,
      provider: planPayment.provider,
      status: planPayment.status,
      statusReason: planPayment.statusReason,
      features: planPayment.features,
      interval: planPayment.interval,
      amountMinor: planPayment.amountMinor,
      currency: planPayment.currency,
      periodStart: planPayment.periodStart,
      periodEnd: planPayment.periodEnd,
      createdAt: planPayment.createdAt,
    })
    .from(planPayment)
    .innerJoin(organization, eq(organization.id, planPayment.organizationId))
    .where(
      olderThanCursor(
        decodeCursor(input.cursor),
        planPayment,
        planPayment.createdAt,
        planPayment.id,
      ),
    )
    .orderBy(desc(planPayment.createdAt), desc(planPayment.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (row) => [row.id]);
}
