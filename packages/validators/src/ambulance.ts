// Inputs of ambulance requests (hospitals with the "ambulance" feature): the public and portal
// form, and the dispatch board's steps new → dispatched → en route → arrived → completed.
import { z } from "zod";
import {
  Id,
  IdempotencyKey,
  LocalDate,
  MultiLine,
  OptionalMultiLine,
  Phone,
  SingleLine,
  Slug,
} from "./common";

export const ambulanceStatuses = [
  "new",
  "dispatched",
  "en_route",
  "arrived",
  "completed",
  "cancelled",
] as const;
export type AmbulanceStatus = (typeof ambulanceStatuses)[number];

/** Statuses still on the board's open columns. */
export const openAmbulanceStatuses = [
  "new",
  "dispatched",
  "en_route",
  "arrived",
] as const satisfies readonly AmbulanceStatus[];

export const ambulanceLimits = { condition: 1000, address: 500 } as const;

const Latitude = z
  .number("Enter a latitude")
  .min(-90, "A latitude is between -90 and 90")
  .max(90, "A latitude is between -90 and 90");
const Longitude = z
  .number("Enter a longitude")
  .min(-180, "A longitude is between -180 and 180")
  .max(180, "A longitude is between -180 and 180");

export const locationMessage = "Give the pickup address or share your location";

/** What the requester fills in: the public site's form and the portal's share it. */
const requestFields = {
  requesterName: SingleLine(120, "Enter your name"),
  /** The number the dispatcher calls back; status messages go to it (normalised to E.164). */
  phone: Phone,
  pickupAddress: OptionalMultiLine(ambulanceLimits.address),
  latitude: Latitude.nullish(),
  longitude: Longitude.nullish(),
  condition: MultiLine(ambulanceLimits.condition, "Describe the patient's condition"),
  /** Client-generated; a repeat answers with the request the first one made. */
  idempotencyKey: IdempotencyKey,
};

/** Where to pick up: an address, or both coordinates (a shared location), or both. */
function checkLocation(
  input: { pickupAddress?: string | null; latitude?: number | null; longitude?: number | null },
  ctx: z.RefinementCtx,
): void {
  const hasLat = input.latitude !== null && input.latitude !== undefined;
  const hasLng = input.longitude !== null && input.longitude !== undefined;
  if (hasLat !== hasLng) {
    ctx.addIssue({
      code: "custom",
      path: [hasLat ? "longitude" : "latitude"],
      message: "Give both latitude and longitude",
    });
    return;
  }
  if (!input.pickupAddress && !hasLat) {
    ctx.addIssue({ code: "custom", path: ["pickupAddress"], message: locationMessage });
  }
}

/** A signed-in patient in the portal. */
export const AmbulanceRequestMineInput = z.object(requestFields).superRefine(checkLocation);
export type AmbulanceRequestMineInput = z.infer<typeof AmbulanceRequestMineInput>;
export type AmbulanceRequestDetails = z.input<typeof AmbulanceRequestMineInput>;

/** A visitor of the hospital's site (by its address). */
export const AmbulancePublicRequestInput = z
  .object({ slug: Slug, ...requestFields })
  .superRefine(checkLocation);
export type AmbulancePublicRequestInput = z.infer<typeof AmbulancePublicRequestInput>;

/** Sending a vehicle and its crew to a new request. */
export const AmbulanceDispatchInput = z.object({
  id: Id,
  vehicle: SingleLine(80, "Enter the vehicle"),
  crew: SingleLine(300, "Name the crew"),
});
export type AmbulanceDispatchInput = z.infer<typeof AmbulanceDispatchInput>;

/** The next step of a request (en route, arrived, completed). */
export const AmbulanceStepInput = z.object({ id: Id });
export type AmbulanceStepInput = z.infer<typeof AmbulanceStepInput>;

export const AmbulanceCancelInput = z.object({
  id: Id,
  reason: SingleLine(500, "Say why it is cancelled"),
});
export type AmbulanceCancelInput = z.infer<typeof AmbulanceCancelInput>;

/** Response times over a range of days in the practice's zone (at most a year). */
export const AmbulanceStatsInput = z
  .object({ from: LocalDate, to: LocalDate })
  .refine((input) => input.from <= input.to, {
    message: "Start on or before the end",
    path: ["to"],
  })
  .refine((input) => Date.parse(input.to) - Date.parse(input.from) <= 366 * 86_400_000, {
    message: "Ask for at most a year",
    path: ["to"],
  });
export type AmbulanceStatsInput = z.infer<typeof AmbulanceStatsInput>;
