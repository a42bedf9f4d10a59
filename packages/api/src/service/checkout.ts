// Paying online: a patient pays an invoice of theirs, or a consultation they booked (held in
// escrow until it is done). The payment row is written first (status `created`), then the
// provider is asked for a checkout under our payment's id (its idempotency key), and the browser
// gets only what the provider meant for it. Coming back from the provider, the browser's word
// changes nothing: the server reads the payment back from the provider (and, for Razorpay,
// checks Checkout's signature) and reconciles.
import { verifyRazorpayPaymentSignature, type Provider } from "@caredesk/payments";
import { schema, type Database } from "@caredesk/db";
import type { PaymentCheckoutInput, PaymentConfirmInput } from "@caredesk/validators";
import { and, eq, inArray, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { DomainError, FieldError, notFound } from "../errors";
import type { OrgScope, PatientScope } from "../scope";
import { claimKey, earlierRecord, idempotentRequest } from "./idempotency";
import { accountGateway, findAccount, gatewayFor, openAccount } from "./payment-account";
import { getPayment, reconcilePayment, type PaymentView } from "./payment";
import { sameTenant } from "./tenant";

const { appointment, invoice, patient, payment, service } = schema;

export interface CheckoutView {
  paymentId: string;
  provider: Provider;
  amountMinor: number;
  currency: string;
  /** What the browser needs for the provider's own page or element (nothing secret of ours). */
  clientData: Record<string, string>;
}

type Payer = Pick<
  PatientScope,
  "db" | "org" | "user" | "patient" | "mutate" | "operation" | "payments"
>;

/** What is still owed on an issued invoice: its total less what its payments keep. */
export async function invoiceOutstanding(db: Database, organizationId: string, invoiceId: string) {
  const [[row], [paid]] = await Promise.all([
    db
      .select({ total: invoice.totalMinor })
      .from(invoice)
      .where(and(eq(invoice.organizationId, organizationId), eq(invoice.id, invoiceId))),
    db
      .select({
        kept: sql<string>`coalesce(sum(${payment.amountMinor} - ${payment.refundedMinor}), 0)`,
      })
      .from(payment)
      .where(
        and(
          eq(payment.organizationId, organizationId),
          eq(payment.invoiceId, invoiceId),
          inArray(payment.status, ["succeeded", "partially_refunded", "refunded"]),
        ),
      ),
  ]);
  return row ? row.total - Number(paid?.kept ?? 0) : 0;
}

/** What is being paid for: amount, and whether it is held in escrow. */
async function payable(ctx: Payer, input: PaymentCheckoutInput) {
  if ("invoiceId" in input) {
    const [row] = await ctx.db
      .select({ id: invoice.id, status: invoice.status, number: invoice.number })
      .from(invoice)
      .where(
        and(
          eq(invoice.organizationId, ctx.org.id),
          eq(invoice.id, input.invoiceId),
          eq(invoice.patientId, ctx.patient.id),
        ),
      );
    if (!row) throw new FieldError("NOT_FOUND", { invoiceId: ["Invoice not found"] });
    if (row.status !== "issued") {
      throw new FieldError("CONFLICT", { invoiceId: ["This invoice cannot be paid"] });
    }
    const amount = await invoiceOutstanding(ctx.db, ctx.org.id, row.id);
    if (amount <= 0) throw new FieldError("CONFLICT", { invoiceId: ["This invoice is paid"] });
    return {
      amount,
      escrow: false,
      invoiceId: row.id,
      appointmentId: null,
      description: `Invoice ${row.number ?? ""}`.trim(),
    };
  }
  const [row] = await ctx.db
    .select({
      id: appointment.id,
      status: appointment.status,
      kind: appointment.kind,
      startsAt: appointment.startsAt,
      price: service.priceMinor,
      serviceName: service.name,
    })
    .from(appointment)
    .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
    .where(
      and(
        eq(appointment.organizationId, ctx.org.id),
        eq(appointment.id, input.appointmentId),
        eq(appointment.patientId, ctx.patient.id),
      ),
    );
  if (!row) throw new FieldError("NOT_FOUND", { appointmentId: ["Appointment not found"] });
  if (row.kind !== "video" || !["pending", "confirmed"].includes(row.status)) {
    throw new FieldError("CONFLICT", {
      appointmentId: ["Only an upcoming video consultation is paid at booking"],
    });
  }
  if (row.price <= 0)
    throw new FieldError("CONFLICT", { appointmentId: ["This consultation is free"] });
  const [paid] = await ctx.db
    .select({ id: payment.id })
    .from(payment)
    .where(
      and(
        eq(payment.organizationId, ctx.org.id),
        eq(payment.appointmentId, row.id),
        inArray(payment.status, [
          "processing",
          "succeeded",
          "partially_refunded",
          "held_for_review",
        ]),
      ),
    )
    .limit(1);
  if (paid)
    throw new FieldError("CONFLICT", { appointmentId: ["This consultation is already paid"] });
  return {
    amount: row.price,
    escrow: true,
    invoiceId: null,
    appointmentId: row.id,
    description: `${row.serviceName}, ${row.startsAt.toISOString().slice(0, 10)}`,
  };
}

/** The payer's name and contacts, for providers that show or need them (Fawry). */
async function payerOf(db: Database, organizationId: string, patientId: string) {
  const [who] = await db
    .select({
      name: sql<string>`${patient.firstName} || ' ' || ${patient.lastName}`,
      email: patient.email,
      phone: patient.mobile,
    })
    .from(patient)
    .where(and(eq(patient.organizationId, organizationId), eq(patient.id, patientId)));
  return {
    name: who?.name ?? "",
    email: who?.email ?? null,
    phone: who?.phone ?? null,
    id: patientId,
  };
}

const startable = ["created", "requires_action", "failed"] as const;

/**
 * Starts (or, for the same request key, resumes) paying online. The provider is asked first,
 * under the id the payment will have (its idempotency key there), and the payment is written
 * with the provider's reference in one change: a checkout the provider refused leaves nothing.
 */
export async function startCheckout(
  ctx: Payer,
  input: PaymentCheckoutInput,
): Promise<CheckoutView> {
  const account = await findAccount(ctx.db, ctx.org.id, input.provider);
  if (!account?.enabled) {
    throw new FieldError("PRECONDITION_FAILED", {
      provider: ["This practice does not take payments this way"],
    });
  }
  // The account just read: its client, without reading the account again.
  const gateway = gatewayFor(ctx.payments, account);
  const keyed = idempotentRequest(ctx, ctx.org.id, input.idempotencyKey, input);
  const earlier = await earlierRecord(ctx.db, keyed);
  if (earlier) {
    const [row] = await ctx.db
      .select()
      .from(payment)
      .where(and(eq(payment.organizationId, ctx.org.id), eq(payment.id, earlier.id)));
    if (!row?.provider) throw notFound("Payment not found");
    if (!(startable as readonly string[]).includes(row.status)) {
      throw new FieldError("CONFLICT", { idempotencyKey: ["This payment is already under way"] });
    }
    const started = await gateway.startCheckout({
      paymentId: row.id,
      amountMinor: row.amountMinor,
      currency: row.currency,
      description: row.reference ?? "Payment",
      customer: await payerOf(ctx.db, ctx.org.id, row.patientId),
    });
    await ctx.mutate((_tx, audit) => {
      audit({
        entityType: "payment",
        entityId: row.id,
        patientId: row.patientId,
        after: { replayed: true },
      });
      return Promise.resolve();
    });
    return {
      paymentId: row.id,
      provider: row.provider,
      amountMinor: row.amountMinor,
      currency: row.currency,
      clientData: started.clientData,
    };
  }
  const what = await payable(ctx, input);
  const id = randomUUID();
  const started = await gateway.startCheckout({
    paymentId: id,
    amountMinor: what.amount,
    currency: ctx.org.currency,
    description: what.description,
    customer: await payerOf(ctx.db, ctx.org.id, ctx.patient.id),
  });
  await ctx.mutate(async (tx, audit) => {
    const claimed = claimKey(tx, keyed, { type: "payment", id });
    claimed.catch(() => undefined);
    const [row] = await tx
      .insert(payment)
      .values({
        id,
        organizationId: ctx.org.id,
        patientId: ctx.patient.id,
        invoiceId: what.invoiceId,
        appointmentId: what.appointmentId,
        method: input.provider,
        provider: input.provider,
        status: "requires_action",
        amountMinor: what.amount,
        currency: ctx.org.currency,
        escrow: what.escrow,
        providerRef: started.providerRef,
        reference: what.description,
        createdBy: ctx.user.id,
      })
      .returning()
      .catch(async (error: unknown) => {
        await claimed;
        throw error;
      });
    await claimed;
    if (!row) throw new Error("payment insert returned nothing");
    audit({ entityType: "payment", entityId: id, patientId: ctx.patient.id, after: row });
  });
  return {
    paymentId: id,
    provider: input.provider,
    amountMinor: what.amount,
    currency: ctx.org.currency,
    clientData: started.clientData,
  };
}

/**
 * Reads a payment back from its provider and applies what it says (the portal after paying,
 * staff's "check with the provider"). Razorpay's Checkout signature is checked first.
 */
export async function syncPayment(
  ctx: Pick<OrgScope, "db" | "org" | "mutate" | "payments">,
  input: PaymentConfirmInput,
  patientId?: string,
): Promise<PaymentView> {
  const [row] = await ctx.db
    .select()
    .from(payment)
    .where(
      and(
        eq(payment.organizationId, ctx.org.id),
        eq(payment.id, input.paymentId),
        patientId ? eq(payment.patientId, patientId) : undefined,
      ),
    );
  if (!row) throw notFound("Payment not found");
  if (!row.provider || !row.providerRef) {
    // Nothing to ask a provider about (a desk payment): the payment as it stands, looked at.
    await ctx.mutate((_tx, audit) => {
      audit({
        entityType: "payment",
        entityId: row.id,
        patientId: row.patientId,
        after: { checked: row.status },
      });
      return Promise.resolve();
    });
    return getPayment(ctx.db, ctx.org.id, row.id, patientId);
  }
  if (input.razorpay) {
    if (row.provider !== "razorpay") throw notFound("Payment not found");
    const account = await findAccount(ctx.db, ctx.org.id, "razorpay");
    if (!account) throw notFound("Payment not found");
    const { keySecret } = openAccount(ctx.payments, { ...account, provider: "razorpay" as const });
    // Against the order we stored, never one the browser names alone.
    const checkout = input.razorpay;
    const valid =
      checkout.razorpay_order_id === row.providerRef &&
      verifyRazorpayPaymentSignature(
        {
          orderId: checkout.razorpay_order_id,
          paymentId: checkout.razorpay_payment_id,
          signature: checkout.razorpay_signature,
        },
        keySecret,
      );
    if (!valid) throw new DomainError("BAD_REQUEST", "The payment's signature does not match");
  }
  const gateway = await accountGateway(ctx.db, ctx.payments, ctx.org.id, row.provider);
  const truth = await gateway.retrieve(row.providerRef);
  await ctx.mutate(async (tx, audit) => {
    await reconcilePayment(tx, ctx.org, row.id, {
      status: truth.status,
      amountMinor: truth.amountMinor,
      currency: truth.currency,
      providerPaymentId: truth.providerPaymentId,
      refunds: truth.refunds,
    });
    audit({
      entityType: "payment",
      entityId: row.id,
      patientId: row.patientId,
      after: { providerStatus: truth.status },
    });
  });
  return getPayment(ctx.db, ctx.org.id, row.id, patientId);
}
