// Inputs of prescription refills: a patient asks again for a prescription from their
// consultations (or an uploaded one) in the portal; a doctor or pharmacist approves it — as an
// order of products, or a pickup at the desk — or declines it with a note.
import { z } from "zod";
import {
  Cursor,
  Id,
  LocalDate,
  MultiLine,
  OptionalMultiLine,
  OptionalSingleLine,
  PageLimit,
  SingleLine,
} from "./common";

export const refillStatuses = ["requested", "approved", "declined", "cancelled"] as const;
export type RefillStatus = (typeof refillStatuses)[number];

export const refillFulfilments = ["pickup", "delivery"] as const;
export type RefillFulfilment = (typeof refillFulfilments)[number];

export const maxRefillQuantity = 100;
export const maxRefillLines = 20;

export const RefillAddressInput = z.object({
  line1: SingleLine(200, "Enter the street and number"),
  line2: OptionalSingleLine(200),
  city: SingleLine(100, "Enter the town or city"),
  postalCode: OptionalSingleLine(20),
  notes: OptionalSingleLine(300),
});
export type RefillAddressInput = z.infer<typeof RefillAddressInput>;

/**
 * The portal: a refill of one of the patient's own prescriptions, or of a prescription they
 * uploaded (purpose `prescription`) — or both, the photo supporting the prescription.
 */
export const RefillRequestInput = z
  .object({
    prescriptionId: Id.optional(),
    uploadFileId: Id.optional(),
    note: OptionalMultiLine(1000),
    fulfilment: z.enum(refillFulfilments, "Choose pickup or delivery").default("pickup"),
    deliveryAddress: RefillAddressInput.nullish(),
  })
  .superRefine((input, issue) => {
    if (!input.prescriptionId && !input.uploadFileId) {
      issue.addIssue({
        code: "custom",
        path: ["prescriptionId"],
        message: "Choose a prescription or upload one",
      });
    }
    if (input.fulfilment === "delivery" && !input.deliveryAddress) {
      issue.addIssue({
        code: "custom",
        path: ["deliveryAddress"],
        message: "Enter the delivery address",
      });
    }
  });
export type RefillRequestInput = z.input<typeof RefillRequestInput>;
export type RefillRequestValues = z.output<typeof RefillRequestInput>;

export const RefillMineInput = z.object({
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type RefillMineInput = z.infer<typeof RefillMineInput>;

/** The staff's queue: newest first, by status. */
export const RefillListInput = z.object({
  status: z.enum(refillStatuses, "Choose a status").optional(),
  patientId: Id.optional(),
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type RefillListInput = z.infer<typeof RefillListInput>;

export const RefillItemInput = z.object({
  productId: Id,
  quantity: z
    .number("Enter a quantity")
    .int("Enter a whole number")
    .min(1, "At least one")
    .max(maxRefillQuantity, `At most ${maxRefillQuantity} of one product`),
});
export type RefillItemInput = z.infer<typeof RefillItemInput>;

/**
 * Approving: with products (each once) the refill becomes an order for the patient; without,
 * it is ready to collect at the desk.
 */
export const RefillApproveInput = z.object({
  id: Id,
  note: OptionalMultiLine(1000),
  items: z
    .array(RefillItemInput)
    .max(maxRefillLines, `At most ${maxRefillLines} products`)
    .refine(
      (items) => new Set(items.map((i) => i.productId)).size === items.length,
      "Add each product once",
    )
    .optional(),
});
export type RefillApproveInput = z.input<typeof RefillApproveInput>;

/** Declining says why: the patient is told. */
export const RefillDeclineInput = z.object({
  id: Id,
  note: MultiLine(1000, "Say why it is declined"),
});
export type RefillDeclineInput = z.infer<typeof RefillDeclineInput>;

export const RefillCancelMineInput = z.object({ id: Id });
export type RefillCancelMineInput = z.infer<typeof RefillCancelMineInput>;

/** Response times over a range of days in the practice's zone (at most a year). */
export const RefillStatsInput = z
  .object({ from: LocalDate, to: LocalDate })
  .refine((input) => input.from <= input.to, {
    message: "Start on or before the end",
    path: ["to"],
  })
  .refine((input) => Date.parse(input.to) - Date.parse(input.from) <= 366 * 86_400_000, {
    message: "Ask for at most a year",
    path: ["to"],
  });
export type RefillStatsInput = z.infer<typeof RefillStatsInput>;
