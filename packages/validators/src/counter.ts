// Inputs of the pharmacy's counter (point of sale): a walk-in sale of products scanned or picked
// by name, paid in cash (with the amount handed over) or on the card terminal. Prices and tax are
// the server's; the client sends what and how many, and any discount in minor units.
import { z } from "zod";
import {
  Id,
  IdempotencyKey,
  LocalDate,
  OptionalSingleLine,
  Pagination,
  SingleLine,
} from "./common";

const maxAmount = 100_000_000;

export const counterMethods = ["card_terminal", "cash"] as const;
export type CounterMethod = (typeof counterMethods)[number];

export const CounterItem = z.object({
  productId: Id,
  quantity: z
    .number("Enter a quantity")
    .int("Use a whole number")
    .min(1, "At least 1")
    .max(1000, "At most 1,000"),
  /** Money off this line (never more than quantity × price: the server checks). */
  discountMinor: z
    .number("Enter a discount")
    .int("Use the smallest currency unit")
    .min(0, "A discount cannot be negative")
    .max(maxAmount, "That discount is too high")
    .default(0),
});
export type CounterItem = z.infer<typeof CounterItem>;

export const CounterSellInput = z.object({
  items: z
    .array(CounterItem, "Add a product")
    .min(1, "Add a product")
    .max(100, "A sale holds at most 100 products")
    .refine(
      (items) => new Set(items.map((i) => i.productId)).size === items.length,
      "Each product once",
    ),
  /** The patient buying, when they are known to the practice. */
  patientId: Id.nullish(),
  method: z.enum(counterMethods, "Choose how the customer paid"),
  /** Cash handed over (at least the total); ignored for the card terminal. */
  tenderedMinor: z
    .number("Enter the amount handed over")
    .int("Use the smallest currency unit")
    .min(0, "Cannot be negative")
    .max(maxAmount, "That amount is too high")
    .nullish(),
  /**
   * A prescription-only product is sold only when a member who may review prescriptions (a
   * pharmacist, a doctor) confirms they saw the prescription.
   */
  prescriptionSeen: z.boolean("Say whether the prescription was seen").default(false),
  prescriptionNote: OptionalSingleLine(300),
  idempotencyKey: IdempotencyKey,
});
export type CounterSellInput = z.input<typeof CounterSellInput>;

export const CounterSalesInput = Pagination.extend({
  /** One practice day (the practice's calendar); all days when left out. */
  day: LocalDate.optional(),
});
export type CounterSalesInput = z.infer<typeof CounterSalesInput>;

export const CounterVoidInput = z.object({
  id: Id,
  reason: SingleLine(300, "Say why the sale is voided"),
});
export type CounterVoidInput = z.infer<typeof CounterVoidInput>;
