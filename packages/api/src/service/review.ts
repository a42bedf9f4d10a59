// Reviews of completed visits: what the public site shows (published reviews and the averages of
// the practice and each doctor). Writing, moderating and replying live here too.
import { schema, type Database } from "@caredesk/db";
import type {
  ReviewCreateInput,
  ReviewHideInput,
  ReviewListInput,
  ReviewReplyInput,
  ReviewStatus,
} from "@caredesk/validators";
import { and, avg, count, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import { auditChange, forPatient } from "../audit";
import { conflict, FieldError, notFound } from "../errors";
import { checkPractitionerFilter } from "./practitioner";
import type { OrgScope, PatientScope } from "../scope";
import { decodeCursor, olderThanCursor, toPage, type Page } from "./pagination";
import { sameTenant } from "./tenant";

const { review, appointment, appointmentResource, resource, practitioner, service, patient } =
  schema;

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

// ---------------------------------------------------------------------------------------------
// Writing (the portal) and moderating (staff)

/** The doctor who saw each of these appointments (the practitioner among its resources). */
async function doctorsOf(
  db: Database,
  organizationId: string,
  appointmentIds: string[],
): Promise<Map<string, { id: string; name: string; title: string | null }>> {
  const doctors = new Map<string, { id: string; name: string; title: string | null }>();
  if (appointmentIds.length === 0) return doctors;
  const rows = await db
    .select({
      appointmentId: appointmentResource.appointmentId,
      id: practitioner.id,
      name: practitioner.name,
      title: practitioner.title,
    })
    .from(appointmentResource)
    .innerJoin(
      resource,
      sameTenant(resource, appointmentResource.organizationId, appointmentResource.resourceId),
    )
    .innerJoin(
      practitioner,
      sameTenant(practitioner, resource.organizationId, resource.practitionerId),
    )
    .where(
      and(
        eq(appointmentResource.organizationId, organizationId),
        inArray(appointmentResource.appointmentId, appointmentIds),
      ),
    )
    .orderBy(appointmentResource.appointmentId, practitioner.name);
  for (const row of rows) {
    if (!doctors.has(row.appointmentId)) {
      doctors.set(row.appointmentId, { id: row.id, name: row.name, title: row.title });
    }
  }
  return doctors;
}

export interface ReviewableVisit {
  appointmentId: string;
  startsAt: Date;
  serviceName: string;
  practitionerName: string | null;
}

export interface OwnReview {
  id: string;
  appointmentId: string;
  rating: number;
  body: string;
  status: ReviewStatus;
  reply: string | null;
  createdAt: Date;
  startsAt: Date;
  serviceName: string;
  practitionerName: string | null;
}

/**
 * The portal: the caller's completed visits not reviewed yet (newest first), and their own
 * reviews with where each stands.
 */
export async function reviewable(
  ctx: Pick<PatientScope, "db" | "org" | "patient">,
): Promise<{ visits: ReviewableVisit[]; reviews: OwnReview[] }> {
  const visits = await ctx.db
    .select({
      appointmentId: appointment.id,
      startsAt: appointment.startsAt,
      serviceName: service.name,
    })
    .from(appointment)
    .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
    .leftJoin(
      review,
      and(
        eq(review.organizationId, appointment.organizationId),
        eq(review.appointmentId, appointment.id),
      ),
    )
    .where(
      and(
        eq(appointment.organizationId, ctx.org.id),
        eq(appointment.patientId, ctx.patient.id),
        eq(appointment.status, "completed"),
        isNull(review.id),
      ),
    )
    .orderBy(desc(appointment.startsAt))
    .limit(50);
  const reviews = await ctx.db
    .select({
      id: review.id,
      appointmentId: review.appointmentId,
      rating: review.rating,
      body: review.body,
      status: review.status,
      reply: review.reply,
      createdAt: review.createdAt,
      startsAt: appointment.startsAt,
      serviceName: service.name,
    })
    .from(review)
    .innerJoin(appointment, sameTenant(appointment, review.organizationId, review.appointmentId))
    .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
    .where(and(eq(review.organizationId, ctx.org.id), eq(review.patientId, ctx.patient.id)))
    .orderBy(desc(review.createdAt), desc(review.id))
    .limit(100);
  const doctors = await doctorsOf(ctx.db, ctx.org.id, [
    ...visits.map((v) => v.appointmentId),
    ...reviews.map((r) => r.appointmentId),
  ]);
  const doctorName = (appointmentId: string) => {
    const doctor = doctors.get(appointmentId);
    return doctor ? [doctor.title, doctor.name].filter(Boolean).join(" ") : null;
  };
  return {
    visits: visits.map((v) => ({ ...v, practitionerName: doctorName(v.appointmentId) })),
    reviews: reviews.map((r) => ({ ...r, practitionerName: doctorName(r.appointmentId) })),
  };
}

/** "Salma F.": the first name and the last name's initial. */
export function authorNameOf(firstName: string, lastName: string): string {
  const first = firstName.trim().split(/\s+/)[0] ?? "";
  const initial = [...lastName.trim()][0];
  return initial ? `${first} ${initial.toLocaleUpperCase()}.` : first;
}

const visitNotTakenPlace = "You can review a visit once it has taken place";

/**
 * The portal: the caller reviews one of their own completed visits, once. The review waits for
 * moderation; the doctor who saw them is the one it is about.
 */
export async function createReview(
  ctx: Pick<PatientScope, "db" | "org" | "patient" | "mutate">,
  input: ReviewCreateInput,
) {
  return forPatient(
    ctx.mutate,
    ctx.patient.id,
  )(async (tx, audit) => {
    const [visit] = await tx
      .select({
        status: appointment.status,
        firstName: patient.firstName,
        lastName: patient.lastName,
      })
      .from(appointment)
      .innerJoin(patient, sameTenant(patient, appointment.organizationId, appointment.patientId))
      .where(
        and(
          eq(appointment.organizationId, ctx.org.id),
          eq(appointment.id, input.appointmentId),
          eq(appointment.patientId, ctx.patient.id),
        ),
      );
    if (!visit) throw new FieldError("NOT_FOUND", { appointmentId: ["Visit not found"] });
    if (visit.status !== "completed") {
      throw new FieldError("PRECONDITION_FAILED", { appointmentId: [visitNotTakenPlace] });
    }
    const doctor = (await doctorsOf(tx, ctx.org.id, [input.appointmentId])).get(
      input.appointmentId,
    );
    const [created] = await tx
      .insert(review)
      .values({
        organizationId: ctx.org.id,
        appointmentId: input.appointmentId,
        patientId: ctx.patient.id,
        practitionerId: doctor?.id ?? null,
        rating: input.rating,
        body: input.body,
        authorName: authorNameOf(visit.firstName, visit.lastName),
      })
      .returning();
    if (!created) throw new Error("review insert returned nothing");
    audit({ entityType: "review", entityId: created.id, after: created });
    return created;
  });
}

export interface StaffReview {
  id: string;
  appointmentId: string;
  rating: number;
  body: string;
  authorName: string;
  status: ReviewStatus;
  moderationReason: string | null;
  moderatedAt: Date | null;
  reply: string | null;
  repliedAt: Date | null;
  publishedAt: Date | null;
  createdAt: Date;
  practitionerId: string | null;
  practitionerName: string | null;
  visitStartsAt: Date;
  serviceName: string;
}

/** The moderation queue: the practice's reviews, newest first, by status and doctor. */
export async function listReviews(
  db: Database,
  organizationId: string,
  input: ReviewListInput,
): Promise<Page<StaffReview>> {
  await checkPractitionerFilter(db, organizationId, input.practitionerId);
  const rows = await db
    .select({
      id: review.id,
      appointmentId: review.appointmentId,
      rating: review.rating,
      body: review.body,
      authorName: review.authorName,
      status: review.status,
      moderationReason: review.moderationReason,
      moderatedAt: review.moderatedAt,
      reply: review.reply,
      repliedAt: review.repliedAt,
      publishedAt: review.publishedAt,
      createdAt: review.createdAt,
      practitionerId: review.practitionerId,
      practitionerName: practitioner.name,
      visitStartsAt: appointment.startsAt,
      serviceName: service.name,
    })
    .from(review)
    .innerJoin(appointment, sameTenant(appointment, review.organizationId, review.appointmentId))
    .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
    .leftJoin(practitioner, sameTenant(practitioner, review.organizationId, review.practitionerId))
    .where(
      and(
        eq(review.organizationId, organizationId),
        input.status ? eq(review.status, input.status) : undefined,
        input.practitionerId ? eq(review.practitionerId, input.practitionerId) : undefined,
        olderThanCursor(decodeCursor(input.cursor), review, review.createdAt, review.id),
      ),
    )
    .orderBy(desc(review.createdAt), desc(review.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (row) => [row.id]);
}

type ReviewRow = typeof review.$inferSelect;
type Moderator = Pick<OrgScope, "db" | "org" | "mutate">;

/**
 * Changes one review of the practice when it is not already in `unless` (a guarded update, so
 * two moderators cannot both act on the same state): NOT_FOUND for another practice's or an
 * unknown id, CONFLICT when it already is where the change would put it.
 */
function moderate(
  ctx: Moderator,
  id: string,
  unless: ReviewStatus | null,
  alreadyMessage: string,
  changes: Partial<ReviewRow>,
): Promise<ReviewRow> {
  return auditChange(ctx.mutate, "review", async (tx) => {
    const [before] = await tx
      .select()
      .from(review)
      .where(and(eq(review.organizationId, ctx.org.id), eq(review.id, id)))
      .for("update");
    if (!before) throw notFound("Review not found");
    const [after] = await tx
      .update(review)
      .set({ ...changes, updatedAt: new Date() })
      .where(
        and(
          eq(review.organizationId, ctx.org.id),
          eq(review.id, id),
          unless ? ne(review.status, unless) : undefined,
        ),
      )
      .returning();
    if (!after) throw conflict(alreadyMessage);
    return { before, after };
  });
}

/** Shows the review on the practice's site (and counts it in the averages). */
export function publishReview(ctx: Moderator, input: { id: string }): Promise<ReviewRow> {
  const now = new Date();
  return moderate(ctx, input.id, "published", "This review is already published", {
    status: "published",
    publishedAt: now,
    moderatedAt: now,
    moderationReason: null,
  });
}

/** Takes the review off the site (or keeps it off), saying why; staff see the reason. */
export function hideReview(ctx: Moderator, input: ReviewHideInput): Promise<ReviewRow> {
  if (!input.reason) {
    throw new FieldError("BAD_REQUEST", { reason: ["Say why it is hidden"] });
  }
  return moderate(ctx, input.id, "hidden", "This review is already hidden", {
    status: "hidden",
    moderationReason: input.reason,
    moderatedAt: new Date(),
  });
}

/** The practice's reply under the review; a blank reply removes it. */
export function replyToReview(ctx: Moderator, input: ReviewReplyInput): Promise<ReviewRow> {
  const reply = input.reply === "" ? null : input.reply;
  return moderate(ctx, input.id, null, "", {
    reply,
    repliedAt: reply === null ? null : new Date(),
  });
}
