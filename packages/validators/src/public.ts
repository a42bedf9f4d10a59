// The public practice page (/p/:slug): what a visitor without an account may ask and send.
import { z } from "zod";
import { AppointmentHoldInput, AvailabilitySearchInput } from "./appointment";
import { Blankable, Email, Id, Phone, SingleLine, Slug } from "./common";

export const PublicPracticeInput = z.object({ slug: Slug });

/** A doctor's photo on the practice page (`/files/public/:slug/:fileId`). */
export const PublicPhotoInput = z.object({ slug: Slug, fileId: Id });

export const PublicAvailabilityInput = AvailabilitySearchInput.extend({ slug: Slug });

/** The visitor's details: the form and `public.book` share them. */
export const PublicBookingDetails = z.object({
  firstName: SingleLine(80, "Enter a first name"),
  lastName: SingleLine(80, "Enter a last name"),
  mobile: Phone,
  email: Blankable(Email),
});
export type PublicBookingDetails = z.input<typeof PublicBookingDetails>;

export const PublicBookInput = PublicBookingDetails.extend({
  slug: Slug,
  serviceId: Id,
  /** The doctor chosen (their resource id); omitted means any doctor. */
  practitionerResourceId: Id.nullish(),
  start: AppointmentHoldInput.shape.start,
  /** Client-generated; repeating a request with the same key returns the same appointment. */
  idempotencyKey: AppointmentHoldInput.shape.idempotencyKey,
});
export type PublicBookInput = z.infer<typeof PublicBookInput>;
