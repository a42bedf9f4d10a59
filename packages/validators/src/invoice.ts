// Inputs of invoices: lines typed in, taken from a service, from a patient's completed
// treatments or from an appointment. Amounts are integer minor units of the practice's currency.
import { z } from "zod";
import { Id, LocalDate, OptionalMultiLine, Pagination, SingleLine } from "./common";

export const invoiceStatuses = ["draft", "issued", "void"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

const maxAmount = 100_000_000;

const Minor = (what: string) =>
  z
    .number(`Enter ${what}`)
    .int("Use the smallest currency unit")
    .min(0, `${what[0]?.toUpperCase()}${what.slice(1)} cannot be negative`)
    .max(maxAmount, `That ${what} is too high`);

/**
 * A line typed in, or taken from a service (its name and price fill what is left out). The
 * discount is in minor units off the line (quantity × price).
 */
export const InvoiceLineInput = z.object({
  description: SingleLine(200).optional(),
  quantity: z
    .number("Enter a quantity")
    .int("Use a whole number")
    .min(1, "At least 1")
    .max(10_000, "At most 10,000")
    .default(1),
  unitPriceMinor: Minor("a price").optional(),
  discountMinor: Minor("a discount").default(0),
  serviceId: Id.optional(),
});
export type InvoiceLineInput = z.infer<typeof InvoiceLineInput>;

const invoiceContent = {
  lines: z.array(InvoiceLineInput).max(100, "At most 100 lines").default([]),
  /** Completed dental treatments of the patient not yet on an invoice. */
  treatmentIds: z.array(Id).max(100, "At most 100 treatments").default([]),
  notes: OptionalMultiLine(1000),
  dueOn: LocalDate.nullish(),
};

export const InvoiceCreateInput = z.object({
  patientId: Id,
  /** An appointment of the patient: a line at its service's price. */
  appointmentId: Id.optional(),
  ...invoiceContent,
});
export type InvoiceCreateInput = z.infer<typeof InvoiceCreateInput>;

/** A draft's lines, treatments and notes, replaced as a whole. */
export const InvoiceUpdateDraftInput = z.object({ id: Id, ...invoiceContent });
export type InvoiceUpdateDraftInput = z.infer<typeof InvoiceUpdateDraftInput>;

export const InvoiceByIdInput = z.object({ id: Id });

export const InvoiceVoidInput = z.object({
  id: Id,
  reason: SingleLine(300, "Say why the invoice is void"),
});
export type InvoiceVoidInput = z.infer<typeof InvoiceVoidInput>;

export const InvoiceListInput = Pagination.extend({
  patientId: Id.optional(),
  status: z.enum(invoiceStatuses, "Choose a status").optional(),
});
export type InvoiceListInput = z.infer<typeof InvoiceListInput>;

/** A PDF the host serves for download: an invoice, or a payment's receipt. */
export const billingPdfKinds = ["invoice", "receipt"] as const;
export const BillingPdfInput = z.object({
  kind: z.enum(billingPdfKinds, "Not a document"),
  id: Id,
});
export type BillingPdfInput = z.infer<typeof BillingPdfInput>;
