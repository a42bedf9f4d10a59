// Inputs of payments by every method, refunds, providers' keys and the practice's money
// settings. Amounts are integer minor units of the practice's currency.
import { z } from "zod";
import { Id, IdempotencyKey, LocalDate, Pagination, SingleLine } from "./common";
import { paymentMethods } from "./ledger";

export const paymentStatuses = [
  "created",
  "requires_action",
  "processing",
  "succeeded",
  "failed",
  "cancelled",
  "partially_refunded",
  "refunded",
  "held_for_review",
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const paymentProviders = ["stripe", "razorpay", "fawry"] as const;
export type PaymentProvider = (typeof paymentProviders)[number];

const maxAmount = 100_000_000;

/** A positive amount in minor units. */
export const PositiveMinor = (what: string) =>
  z
    .number(`Enter ${what}`)
    .int("Use the smallest currency unit")
    .min(1, `Enter ${what} above zero`)
    .max(maxAmount, `That ${what} is too high`);

export const PaymentListInput = Pagination.extend({
  patientId: Id.optional(),
  invoiceId: Id.optional(),
  status: z.enum(paymentStatuses, "Choose a status").optional(),
  method: z.enum(paymentMethods, "Choose a method").optional(),
  /** Payments made on or after this day (the practice's calendar). */
  from: LocalDate.optional(),
  to: LocalDate.optional(),
});
export type PaymentListInput = z.infer<typeof PaymentListInput>;

export const PaymentByIdInput = z.object({ id: Id });

export const PaymentRefundInput = z.object({
  paymentId: Id,
  amountMinor: PositiveMinor("an amount"),
  reason: SingleLine(300, "Say why the money goes back"),
  idempotencyKey: IdempotencyKey,
});
export type PaymentRefundInput = z.infer<typeof PaymentRefundInput>;

/** A patient paying online for a video consultation they booked, or an invoice of theirs. */
export const PaymentCheckoutInput = z.union(
  [
    z.object({
      provider: z.enum(paymentProviders, "Choose how to pay"),
      appointmentId: Id,
      idempotencyKey: IdempotencyKey,
    }),
    z.object({
      provider: z.enum(paymentProviders, "Choose how to pay"),
      invoiceId: Id,
      idempotencyKey: IdempotencyKey,
    }),
  ],
  "Pay for one appointment or one invoice",
);
export type PaymentCheckoutInput = z.infer<typeof PaymentCheckoutInput>;

const ProviderId = SingleLine(120, "Missing").regex(/^[A-Za-z0-9_.:-]+$/, "Not a provider id");

/**
 * After the browser finished with the provider: the server reads the payment back from the
 * provider (and checks Razorpay's signature); the browser's word alone changes nothing.
 */
export const PaymentConfirmInput = z.object({
  paymentId: Id,
  /** What Razorpay Checkout hands its handler, under Razorpay's own names. */
  razorpay: z
    .object({
      razorpay_order_id: ProviderId,
      razorpay_payment_id: ProviderId,
      razorpay_signature: SingleLine(200, "Missing").regex(/^[0-9a-f]{64}$/, "Not a signature"),
    })
    .optional(),
});
export type PaymentConfirmInput = z.infer<typeof PaymentConfirmInput>;

const Secret = (what: string) =>
  SingleLine(500, `Enter ${what}`).regex(
    /^\S+$/,
    `${what[0]?.toUpperCase()}${what.slice(1)} has no spaces`,
  );

export const PaymentAccountSaveInput = z.discriminatedUnion(
  "provider",
  [
    z.object({
      provider: z.literal("stripe"),
      publishableKey: Secret("the publishable key").regex(/^pk_/, "Starts with pk_"),
      secretKey: Secret("the secret key").regex(/^(sk|rk)_/, "Starts with sk_ or rk_"),
      webhookSecret: Secret("the webhook signing secret").regex(/^whsec_/, "Starts with whsec_"),
      enabled: z.boolean().default(true),
    }),
    z.object({
      provider: z.literal("razorpay"),
      keyId: Secret("the key id").regex(/^rzp_/, "Starts with rzp_"),
      keySecret: Secret("the key secret"),
      webhookSecret: Secret("the webhook secret"),
      enabled: z.boolean().default(true),
    }),
    z.object({
      provider: z.literal("fawry"),
      merchantCode: Secret("the merchant code"),
      secureKey: Secret("the secure key"),
      enabled: z.boolean().default(true),
    }),
  ],
  "Choose a provider",
);
export type PaymentAccountSaveInput = z.infer<typeof PaymentAccountSaveInput>;

export const PaymentAccountRemoveInput = z.object({
  provider: z.enum(paymentProviders, "Choose a provider"),
});

const Bps = (what: string, max: number) =>
  z
    .number(`Enter ${what}`)
    .int("Use a whole number of basis points")
    .min(0, `${what[0]?.toUpperCase()}${what.slice(1)} cannot be negative`)
    .max(max, `At most ${max / 100}%`);

const Hours = (what: string) =>
  z
    .number(`Enter ${what}`)
    .int("Use whole hours")
    .min(0, "Cannot be negative")
    .max(720, "At most 720 hours (30 days)");

export const BillingSettingsInput = z.object({
  /** Basis points: 1400 is 14%. */
  taxRateBps: Bps("a tax rate", 5000),
  taxLabel: SingleLine(20, "Name the tax (VAT, GST)"),
  platformFeeBps: Bps("a fee", 10000),
  disputeWindowHours: Hours("a dispute window"),
  fullRefundHours: Hours("a number of hours"),
  lateRefundBps: Bps("a share", 10000),
});
export type BillingSettingsInput = z.infer<typeof BillingSettingsInput>;

export const TakingsInput = z
  .object({ from: LocalDate, to: LocalDate })
  .refine((input) => input.from <= input.to, {
    message: "Start on or before the end",
    path: ["to"],
  })
  .refine((input) => Date.parse(input.to) - Date.parse(input.from) <= 366 * 86_400_000, {
    message: "Ask for at most a year",
    path: ["to"],
  });
export type TakingsInput = z.infer<typeof TakingsInput>;
