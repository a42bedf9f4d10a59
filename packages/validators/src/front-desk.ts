// The front desk: today's agenda, the inbox of online booking requests, and what the
// patient page shows of a patient's appointments, messages and message consent.
import { z } from "zod";
import { Cursor, Id, LocalDate, MultiLine, PageLimit, Version } from "./common";

export const frontDeskScopes = ["mine", "practice"] as const;

export const FrontDeskTodayInput = z.object({
  /** The signed-in doctor's own column, or the whole practice. */
  scope: z.enum(frontDeskScopes, "Choose mine or practice"),
  /** A local day in the practice's zone; default today. */
  date: LocalDate.optional(),
});
export type FrontDeskTodayInput = z.infer<typeof FrontDeskTodayInput>;

/** Pending online bookings (public page and portal), oldest first. */
export const AppointmentRequestsInput = z.object({
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});

/** Declining a booking request: it is cancelled with the reason the patient is told. */
export const AppointmentDeclineInput = z.object({
  id: Id,
  version: Version,
  reason: MultiLine(500, "Give a reason"),
});

export const PatientAppointmentsInput = z.object({ patientId: Id });

export const PatientMessagesInput = z.object({
  patientId: Id,
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});

/** The channels a patient agreed to receive messages on, as staff recorded it. */
export const PatientConsentInput = z.object({
  id: Id,
  emailOptIn: z.boolean("Choose yes or no"),
  smsOptIn: z.boolean("Choose yes or no"),
  pushOptIn: z.boolean("Choose yes or no"),
});
export type PatientConsentInput = z.infer<typeof PatientConsentInput>;
