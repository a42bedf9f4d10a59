// Reviews of completed visits: patients write them in the portal; staff publish, hide and reply.
// Every procedure belongs to the "reviews" feature: off, they answer NOT_FOUND.
import {
  ByIdInput,
  ReviewCreateInput,
  ReviewHideInput,
  ReviewListInput,
  ReviewReplyInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  createReview,
  hideReview,
  listReviews,
  publishReview,
  replyToReview,
  reviewable,
} from "../service/review";
import { orgProcedure, patientProcedure } from "../trpc";

const feature = { feature: "reviews" } as const;

export const reviewRouter = {
  /** The portal: one's completed visits still to review, and one's reviews with their status. */
  reviewable: patientProcedure.meta(feature).query(({ ctx }) => reviewable(ctx)),

  /** The portal: reviews one's own completed visit, once; it waits for moderation. */
  create: patientProcedure
    .meta(feature)
    .input(ReviewCreateInput)
    .mutation(({ ctx, input }) => createReview(ctx, input)),

  /** The moderation queue, newest first. */
  list: orgProcedure("review.moderate")
    .meta(feature)
    .input(ReviewListInput)
    .query(({ ctx, input }) => listReviews(ctx.db, ctx.org.id, input)),

  /** Shows the review on the practice's site. */
  publish: orgProcedure("review.moderate")
    .meta(feature)
    .input(ByIdInput)
    .mutation(({ ctx, input }) => publishReview(ctx, input)),

  /** Takes the review off the site, with the reason. */
  hide: orgProcedure("review.moderate")
    .meta(feature)
    .input(ReviewHideInput)
    .mutation(({ ctx, input }) => hideReview(ctx, input)),

  /** The practice's reply under the review; blank removes it. */
  reply: orgProcedure("review.moderate")
    .meta(feature)
    .input(ReviewReplyInput)
    .mutation(({ ctx, input }) => replyToReview(ctx, input)),
} satisfies TRPCRouterRecord;
