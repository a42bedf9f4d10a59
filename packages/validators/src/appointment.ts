import { z } from "zod";
import {
  Code,
  Id,
  IdempotencyKey,
  Instant,
  LocalDate,
  MultiLine,
  OptionalMultiLine,
  Version,
} from "./common";

export const appointmentStatuses = [
  "held",
  "pending",
  "confirmed",
  "in_progress",
  "completed",
  "cancelled",
  "no_show",
] as const;
export const appointmentKinds = ["in_person", "video"] as const;
export const appointmentSources = ["staff", "portal", "public"] as const;

export const AppointmentKind = z.enum(appointmentKinds).default("in_person");

export const AvailabilitySearchInput = z.object({
  serviceId: Id,
  /** Limit to one practitioner (their resource id); omitted means any practitioner. */
  practitionerResourceId: Id.nullish(),
  /** First local day to search, in the organization's zone; default today. */
  fromDate: LocalDate.nullish(),
  days: z.number().int().min(1).max(31).default(7),
  limit: z.number().int().min(1).max(500).default(200),
});

/** Where an appointment could move (its own resources, its own time counted as free). */
export const RescheduleOptionsInput = AvailabilitySearchInput.pick({
  fromDate: true,
  days: true,
  limit: true,
}).extend({ id: Id });

const BookingBase = z.object({
  serviceId: Id,
  start: Instant,
  /** Preferred resources (e.g. the practitioner clicked on the calendar). */
  resourceIds: z.array(Id).max(5).default([]),
  kind: AppointmentKind,
  notes: OptionalMultiLine(2000),
  /** Client-generated; repeating a request with the same key returns the same appointment. */
  idempotencyKey: IdempotencyKey,
});

export const AppointmentBookInput = BookingBase.extend({ patientId: Id });
export const AppointmentHoldInput = BookingBase.omit({ notes: true });

export const AppointmentRescheduleInput = z.object({
  id: Id,
  start: Instant,
  /** The version the client saw: a stale one answers CONFLICT instead of overwriting. */
  version: Version,
});

const CancelReason = MultiLine(500, "Give a reason");

export const AppointmentCancelInput = z.object({
  id: Id,
  reason: CancelReason,
  version: Version.optional(),
});

export const AppointmentSetStatusInput = z.object({
  id: Id,
  status: z.enum(["confirmed", "in_progress", "completed", "no_show"]),
  version: Version,
});

export const AppointmentListInput = z
  .object({
    from: Instant,
    to: Instant,
    resourceIds: z.array(Id).min(1, "Choose at least one resource").max(100).optional(),
    includeCancelled: z.boolean().default(false),
  })
  .refine((r) => r.from < r.to, { message: "The end must be after the start", path: ["to"] })
  .refine((r) => r.to.getTime() - r.from.getTime() <= 42 * 86_400_000, {
    message: "Ask for at most six weeks at a time",
    path: ["to"],
  });

export const PortalBookInput = BookingBase.omit({ notes: true }).extend({
  notes: OptionalMultiLine(500),
});
export const PortalCancelInput = z.object({ id: Id, reason: CancelReason });
/** The portal moves only the patient's own appointments; the input is the staff one. */
export const PortalRescheduleInput = AppointmentRescheduleInput;

/** Resuming the live calendar: the last event id seen (`<ms>-<n>`), as EventSource sends it. */
/** An event id of the live calendar (`<ms>-<n>`). */
export const LastEventId = Code(/^\d{1,16}-\d{1,16}$/, "Not an event id", 40);
export const LiveChangesInput = z.object({ lastEventId: LastEventId.nullish() }).optional();
