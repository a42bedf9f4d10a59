// Plans: the features a practice buys (and, for pharmacies, its site template), the billing
// interval, paying for it on the platform's keys, and the catalogue operators price.
import { z } from "zod";
import { CurrencyCode, Id, IdempotencyKey } from "./common";

/**
 * The features the wizard offers: only those that exist in the product. A feature that lands
 * (the assistant) is one more entry here.
 */
export const offeredFeatures = [
  "reviews",
  "patient_portal",
  "assistant",
  "ambulance",
  "prescription_refill",
] as const;
export type OfferedFeature = (typeof offeredFeatures)[number];

/** Every item the catalogue may price: the base and each feature the product will have. */
export const planItems = [
  "base",
  "reviews",
  "patient_portal",
  "assistant",
  "ambulance",
  "prescription_refill",
] as const;
export type PlanItem = (typeof planItems)[number];

export const billingIntervals = ["month", "year"] as const;
export type BillingInterval = (typeof billingIntervals)[number];

/** The looks of a site (as the database names them); `classic` is the clinics' default. */
const templates = ["classic", "fresh", "market", "care"] as const;
/** The templates a pharmacy chooses from in the wizard. */
export const pharmacyTemplates = [
  "fresh",
  "market",
  "care",
] as const satisfies readonly (typeof templates)[number][];

/** The providers a plan is paid with on the platform's keys. */
export const planProviders = ["stripe", "fawry"] as const;
export type PlanProvider = (typeof planProviders)[number];

const Interval = z.enum(billingIntervals, "Choose monthly or yearly");
const Feature = z.enum(offeredFeatures, "Not a feature you can choose");

const Features = z
  .array(Feature)
  .max(offeredFeatures.length, "Too many features")
  .refine((list) => new Set(list).size === list.length, "A feature is listed twice");

export const PlanQuoteInput = z.object({ features: Features, interval: Interval });
export type PlanQuoteInput = z.infer<typeof PlanQuoteInput>;

export const PlanChooseInput = z.object({
  features: Features,
  interval: Interval,
  template: z.enum(templates, "Choose one of the templates").optional(),
});
export type PlanChooseInput = z.infer<typeof PlanChooseInput>;

export const PlanCheckoutInput = z.object({
  provider: z.enum(planProviders, "Choose how to pay"),
  idempotencyKey: IdempotencyKey,
});
export type PlanCheckoutInput = z.infer<typeof PlanCheckoutInput>;

export const PlanSyncInput = z.object({ planPaymentId: Id });
export type PlanSyncInput = z.infer<typeof PlanSyncInput>;

export const PlanFeatureEnabledInput = z.object({
  feature: Feature,
  enabled: z.boolean("Say whether the feature is on"),
});
export type PlanFeatureEnabledInput = z.infer<typeof PlanFeatureEnabledInput>;

/** An operator's price: set (or add) one catalogue entry, in minor units. */
export const PlanPriceSetInput = z.object({
  item: z.enum(planItems, "Not a catalogue item"),
  interval: Interval,
  currency: CurrencyCode,
  amountMinor: z
    .number("Enter a price")
    .int("Enter a price in whole minor units")
    .min(0, "A price cannot be negative")
    .max(100_000_000, "That price is too high"),
  active: z.boolean("Say whether the price is offered"),
});
export type PlanPriceSetInput = z.infer<typeof PlanPriceSetInput>;
