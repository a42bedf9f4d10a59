// What patients say about a practice: reviews of completed visits, moderated before they show.
import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { constraints } from "../constraints";
import { id, timestamps } from "./_columns";
import { organization } from "./identity";
import { patient } from "./patient";
import { appointment } from "./scheduling";
import { practitioner } from "./structure";

export const reviewStatus = pgEnum("review_status", ["pending", "published", "hidden"]);

/**
 * A patient's review of one completed visit (once per visit): a rating 1–5 and text, published
 * only after moderation; the practice may reply.
 */
export const review = pgTable(
  "review",
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    appointmentId: uuid().notNull(),
    patientId: uuid().notNull(),
    /** The doctor who saw the patient, when one did: their page shows the review and average. */
    practitionerId: uuid(),
    rating: smallint().notNull(),
    body: text().notNull(),
    /** The first name and initial shown with the review ("Salma F."). */
    authorName: text().notNull(),
    status: reviewStatus().notNull().default("pending"),
    /** Why a moderator hid it (shown to staff only). */
    moderationReason: text(),
    moderatedAt: timestamp({ withTimezone: true }),
    reply: text(),
    repliedAt: timestamp({ withTimezone: true }),
    publishedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    unique("review_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.reviewAppointment).on(t.organizationId, t.appointmentId),
    index("review_org_status_idx").on(t.organizationId, t.status, t.createdAt),
    index("review_org_practitioner_idx")
      .on(t.organizationId, t.practitionerId)
      .where(sql`${t.status} = 'published'`),
    check("review_rating", sql`${t.rating} between 1 and 5`),
    foreignKey({
      name: constraints.reviewAppointmentFk,
      columns: [t.organizationId, t.appointmentId],
      foreignColumns: [appointment.organizationId, appointment.id],
    }).onDelete("cascade"),
    foreignKey({
      name: constraints.reviewPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "review_practitioner_fk",
      columns: [t.organizationId, t.practitionerId],
      foreignColumns: [practitioner.organizationId, practitioner.id],
    }),
  ],
);
