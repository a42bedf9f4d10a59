// Inputs of reviews: a patient's review of a completed visit, and the practice's moderation.
import { z } from "zod";
import { Cursor, Id, MultiLine, PageLimit, SingleLine } from "./common";

export const reviewStatuses = ["pending", "published", "hidden"] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

export const reviewBodyLimits = { min: 10, max: 2000 } as const;

/** What a patient is told when their text carries contact details or other personal data. */
export const personalDataMessage = "Please remove phone numbers, email addresses and links";

// Seven or more digits in a row, allowing spaces, dashes and a leading +: a phone number or a
// national id. \p{Nd} also catches Arabic-Indic digits.
const digitRun = /\+?\p{Nd}(?:[\s\-–()]{0,3}\p{Nd}){6,}/u;
const emailAddress =
  /[\p{L}\p{N}._%+-]+\s*(?:@|＠)\s*[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;
const link =
  /\b(?:https?:\/\/|www\.)|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|io|co|me|app|dev|ly|gl|to|tv|ai|xyz|online|site|link|health|care|clinic|eg|uk|de|fr|in|sa|ae|us)\b/i;

/**
 * Whether review text carries a phone number, an email address, a link or a long run of digits
 * (a national id): such text is refused before it can be published.
 */
export function hasPersonalData(text: string): boolean {
  return digitRun.test(text) || emailAddress.test(text) || link.test(text);
}

export const ReviewBody = MultiLine(reviewBodyLimits.max, "Write a few words about your visit")
  .min(reviewBodyLimits.min, `Write at least ${reviewBodyLimits.min} characters`)
  .refine((value) => !hasPersonalData(value), personalDataMessage);

export const ReviewRating = z
  .number("Choose a rating")
  .int("Choose a rating from 1 to 5")
  .min(1, "Choose a rating from 1 to 5")
  .max(5, "Choose a rating from 1 to 5");

/** A patient reviews one of their own completed visits, once. */
export const ReviewCreateInput = z.object({
  appointmentId: Id,
  rating: ReviewRating,
  body: ReviewBody,
});
export type ReviewCreateInput = z.infer<typeof ReviewCreateInput>;

/** The moderation queue: newest first, by status and doctor. */
export const ReviewListInput = z.object({
  status: z.enum(reviewStatuses, "Choose a status").optional(),
  practitionerId: Id.optional(),
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type ReviewListInput = z.infer<typeof ReviewListInput>;

/** Hiding a review says why (staff see the reason; the patient sees "Not published"). */
export const ReviewHideInput = z.object({
  id: Id,
  reason: SingleLine(500, "Say why it is hidden"),
});
export type ReviewHideInput = z.infer<typeof ReviewHideInput>;

/** The practice's reply, shown under the review on the site; blank removes it. */
export const ReviewReplyInput = z.object({
  id: Id,
  reply: MultiLine(2000),
});
export type ReviewReplyInput = z.infer<typeof ReviewReplyInput>;
