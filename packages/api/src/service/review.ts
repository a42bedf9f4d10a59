// Reviews of completed visits: what the public site shows (published reviews and the averages of
// the practice and each doctor). Writing, moderating and replying live here too.
import { schema, type Database } from "@caredesk/db";
import { and, avg, count, desc, eq } from "drizzle-orm";

const { review } = schema;

export interface RatingSummary {
  /** Mean rating of published reviews, one decimal; null when there are none. */
  average: number | null;
  count: number;
}

const summaryOf = (mean: string | null, n: number): RatingSummary => ({
  average: mean === null || n === 0 ? null : Math.round(Number(mean) * 10) / 10,
  count: n,
});

/** The practice's average and each doctor's, over published reviews only. */
export async function ratingSummaries(
  db: Database,
  organizationId: string,
): Promise<{ practice: RatingSummary; byPractitioner: Map<string, RatingSummary> }> {
  const rows = await db
    .select({
      practitionerId: review.practitionerId,
      mean: avg(review.rating),
      n: count(),
    })
    .from(review)
    .where(and(eq(review.organizationId, organizationId), eq(review.status, "published")))
    .groupBy(review.practitionerId);
  const byPractitioner = new Map<string, RatingSummary>();
  let total = 0;
  let sum = 0;
  for (const row of rows) {
    total += row.n;
    sum += Number(row.mean ?? 0) * row.n;
    if (row.practitionerId) byPractitioner.set(row.practitionerId, summaryOf(row.mean, row.n));
  }
  return {
    practice: summaryOf(total === 0 ? null : String(sum / total), total),
    byPractitioner,
  };
}

export const publishedReviewColumns = {
  id: review.id,
  rating: review.rating,
  body: review.body,
  authorName: review.authorName,
  practitionerId: review.practitionerId,
  publishedAt: review.publishedAt,
  reply: review.reply,
  repliedAt: review.repliedAt,
};

/** The newest published reviews of the practice, or of one doctor. */
export async function publishedReviews(
  db: Database,
  organizationId: string,
  options: { practitionerId?: string; limit: number },
) {
  return db
    .select(publishedReviewColumns)
    .from(review)
    .where(
      and(
        eq(review.organizationId, organizationId),
        eq(review.status, "published"),
        options.practitionerId ? eq(review.practitionerId, options.practitionerId) : undefined,
      ),
    )
    .orderBy(desc(review.publishedAt), desc(review.id))
    .limit(options.limit);
}
