import {
  PaymentByIdInput,
  PaymentCheckoutInput,
  PaymentConfirmInput,
  PaymentListInput,
  PaymentRefundInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { startCheckout, syncPayment } from "../service/checkout";
import { getPayment, listPayments, refundPayment } from "../service/payment";
import { orgProcedure, patientProcedure } from "../trpc";

export const paymentRouter = {
  /** Payments by every method, newest first; filter by patient, invoice, status, method, days. */
  list: orgProcedure("billing.read")
    .input(PaymentListInput)
    .query(({ ctx, input }) => listPayments(ctx.db, ctx.org, input)),

  byId: orgProcedure("billing.read")
    .input(PaymentByIdInput)
    .query(({ ctx, input }) => getPayment(ctx.db, ctx.org.id, input.id)),

  /**
   * Gives money back, with a reason: never more than was paid less earlier refunds, even for
   * two refunds at once. Online payments are refunded through their provider.
   */
  refund: orgProcedure("billing.write")
    .input(PaymentRefundInput)
    .mutation(({ ctx, input }) => refundPayment(ctx, input)),

  /** Reads an online payment back from its provider and applies what it says. */
  sync: orgProcedure("billing.write")
    .input(PaymentConfirmInput)
    .mutation(({ ctx, input }) => syncPayment(ctx, input)),

  /** The portal: one's own payments, newest first. */
  mine: patientProcedure
    .input(PaymentListInput.pick({ cursor: true, limit: true }))
    .query(({ ctx, input }) =>
      listPayments(ctx.db, ctx.org, { ...input, patientId: ctx.patient.id }),
    ),

  /** The portal: start paying an invoice or a booked video consultation online. */
  checkoutMine: patientProcedure
    .input(PaymentCheckoutInput)
    .mutation(({ ctx, input }) => startCheckout(ctx, input)),

  /** The portal, back from the provider: the server asks the provider how the payment stands. */
  confirmMine: patientProcedure
    .input(PaymentConfirmInput)
    .mutation(({ ctx, input }) => syncPayment(ctx, input, ctx.patient.id)),
} satisfies TRPCRouterRecord;
