// The journal side of escrow: a consultation paid at booking is held (escrow account) until it
// is done and its dispute window has passed, then released once — the doctor's payable gets the
// amount less the practice's fee, platform revenue the fee — or given back to the patient.
// Every step is one balanced journal entry, and each step happens once (guarded updates on the
// escrow row, unique indexes on the journal).
import { allocate, feeOf } from "@caredesk/payments";
import { enqueueJobs, jobQueues, schema, type Database } from "@caredesk/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { practiceToday } from "./dental";
import { postJournal } from "./journal";
import { sameTenant } from "./tenant";

const { appointment, appointmentResource, escrow, organization, resource, service } = schema;

type PaymentRow = typeof schema.payment.$inferSelect;
type RefundRow = typeof schema.refund.$inferSelect;
export type EscrowRow = typeof escrow.$inferSelect;

interface Org {
  id: string;
  currency: string;
  timeZone: string;
}

/** The doctor and service of an appointment, for the escrow row and its account lines. */
async function consultationOf(tx: Database, organizationId: string, appointmentId: string) {
  const [row] = await tx
    .select({
      practitionerId: resource.practitionerId,
      serviceName: service.name,
      startsAt: appointment.startsAt,
    })
    .from(appointment)
    .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
    .innerJoin(
      appointmentResource,
      and(
        eq(appointmentResource.organizationId, appointment.organizationId),
        eq(appointmentResource.appointmentId, appointment.id),
      ),
    )
    .innerJoin(
      resource,
      and(
        eq(resource.organizationId, appointmentResource.organizationId),
        eq(resource.id, appointmentResource.resourceId),
        eq(resource.kind, "practitioner"),
      ),
    )
    .where(and(eq(appointment.organizationId, organizationId), eq(appointment.id, appointmentId)))
    .limit(1);
  if (!row?.practitionerId) throw new Error("an escrowed appointment has a doctor");
  return { ...row, practitionerId: row.practitionerId };
}

/**
 * A consultation's payment succeeded: the charge and the payment go on the patient's account
 * (they cancel out), the money goes to escrow, and the appointment waiting for it is confirmed.
 */
export async function holdInEscrow(
  tx: Database,
  org: Org,
  p: PaymentRow,
  createdBy: string | null,
): Promise<void> {
  if (!p.appointmentId) throw new Error("an escrow payment belongs to an appointment");
  const visit = await consultationOf(tx, org.id, p.appointmentId);
  const [held] = await tx
    .insert(escrow)
    .values({
      organizationId: org.id,
      paymentId: p.id,
      appointmentId: p.appointmentId,
      practitionerId: visit.practitionerId,
      amountMinor: p.amountMinor,
      currency: p.currency,
    })
    .onConflictDoNothing()
    .returning();
  if (!held) return;
  const description = `${visit.serviceName}, ${visit.startsAt.toISOString().slice(0, 10)}`;
  await postJournal(tx, org.id, {
    kind: "escrow_hold",
    memo: `Paid at booking, held until the consultation: ${description}`,
    currency: p.currency,
    effectiveOn: practiceToday(org.timeZone),
    createdBy,
    paymentId: p.id,
    escrowId: held.id,
    postings: [
      { account: "provider_clearing", amountMinor: p.amountMinor, method: p.method },
      { account: "escrow", amountMinor: -p.amountMinor },
      {
        account: "receivable",
        amountMinor: p.amountMinor,
        patientId: p.patientId,
        line: { kind: "charge", description },
      },
      {
        account: "receivable",
        amountMinor: -p.amountMinor,
        patientId: p.patientId,
        line: {
          kind: "payment",
          description: `Payment at booking (${p.method})`,
          method: p.method,
          reference: p.providerPaymentId ?? p.providerRef,
        },
      },
    ],
  });
  // Booked while paying: now it is paid, it is confirmed (a guarded move; anything else stays).
  // Its pay-by time (kept in hold_expires_at while pending) no longer applies.
  await tx
    .update(appointment)
    .set({ status: "confirmed", holdExpiresAt: null, version: sql`${appointment.version} + 1` })
    .where(
      and(
        eq(appointment.organizationId, org.id),
        eq(appointment.id, p.appointmentId),
        eq(appointment.status, "pending"),
      ),
    );
  // The money came after the booking was cancelled (unpaid in time, or by the patient): it all
  // goes back, by the same path as a cancellation's refund.
  const [booked] = await tx
    .select({ status: appointment.status })
    .from(appointment)
    .where(and(eq(appointment.organizationId, org.id), eq(appointment.id, p.appointmentId)));
  if (booked?.status === "cancelled") {
    await reserveEscrowRefund(tx, org.id, p, {
      amountMinor: p.amountMinor - p.refundedMinor,
      reason: "Paid after the booking was cancelled",
      origin: "policy",
      createdBy,
    });
  }
}

/**
 * Reserves a refund of an escrowed payment (a guarded update, so refunds never exceed what was
 * paid) and writes the job that sends it to the provider once this transaction commits. Returns
 * the refund's id, or null when nothing is left to refund.
 */
export async function reserveEscrowRefund(
  tx: Database,
  organizationId: string,
  p: Pick<PaymentRow, "id" | "currency" | "amountMinor">,
  request: {
    amountMinor: number;
    reason: string;
    origin: "policy" | "dispute";
    createdBy: string | null;
  },
): Promise<string | null> {
  if (request.amountMinor <= 0) return null;
  const { payment, refund } = schema;
  const [reserved] = await tx
    .update(payment)
    .set({ refundedMinor: sql`${payment.refundedMinor} + ${request.amountMinor}` })
    .where(
      and(
        eq(payment.organizationId, organizationId),
        eq(payment.id, p.id),
        inArray(payment.status, ["succeeded", "partially_refunded"]),
        sql`${payment.refundedMinor} + ${request.amountMinor} <= ${payment.amountMinor}`,
      ),
    )
    .returning({ id: payment.id });
  if (!reserved) return null;
  const [row] = await tx
    .insert(refund)
    .values({
      organizationId,
      paymentId: p.id,
      amountMinor: request.amountMinor,
      currency: p.currency,
      reason: request.reason,
      status: "pending",
      origin: request.origin,
      createdBy: request.createdBy,
    })
    .returning({ id: refund.id });
  if (!row) throw new Error("refund insert returned nothing");
  await enqueueJobs(tx, [
    {
      id: row.id,
      name: jobQueues.escrowRefund.name,
      data: { organizationId, refundId: row.id },
    },
  ]);
  return row.id;
}

/**
 * A refund of an escrowed payment. Before release it comes out of escrow (the charge is waived
 * for that part); after release it is taken back from the doctor's payable and the fee in the
 * proportions they were released in.
 */
export async function refundFromEscrow(
  tx: Database,
  org: Org,
  p: PaymentRow,
  r: RefundRow,
  createdBy: string | null,
): Promise<void> {
  const [held] = await tx
    .select()
    .from(escrow)
    .where(and(eq(escrow.organizationId, org.id), eq(escrow.paymentId, p.id)))
    .for("update");
  const receivableLines = [
    {
      account: "receivable" as const,
      amountMinor: r.amountMinor,
      patientId: p.patientId,
      line: {
        kind: "refund" as const,
        description: `Refund: ${r.reason}`,
        method: p.method,
        reference: r.providerRefundId,
      },
    },
    { account: "provider_clearing" as const, amountMinor: -r.amountMinor, method: p.method },
    {
      account: "receivable" as const,
      amountMinor: -r.amountMinor,
      patientId: p.patientId,
      line: { kind: "adjustment" as const, description: `Charge waived: ${r.reason}` },
    },
  ];
  const released = held?.status === "released";
  // Taken back from the doctor and the fee in the shares it was released in (the fee's rate).
  const feeBps = held?.feeBps ?? null;
  const fromDoctor =
    released && feeBps !== null ? allocate(r.amountMinor, [10_000 - feeBps, feeBps]) : null;
  await postJournal(tx, org.id, {
    kind: "refund",
    memo: `Refund of a consultation paid at booking: ${r.reason}`,
    currency: r.currency,
    effectiveOn: practiceToday(org.timeZone),
    createdBy,
    paymentId: p.id,
    refundId: r.id,
    ...(held ? { escrowId: held.id } : {}),
    postings: [
      ...receivableLines,
      ...(fromDoctor && held
        ? [
            ...(fromDoctor[0]
              ? [
                  {
                    account: "doctor_payable" as const,
                    amountMinor: fromDoctor[0],
                    practitionerId: held.practitionerId,
                  },
                ]
              : []),
            ...(fromDoctor[1]
              ? [{ account: "platform_revenue" as const, amountMinor: fromDoctor[1] }]
              : []),
          ]
        : [{ account: "escrow" as const, amountMinor: r.amountMinor }]),
    ],
  });
  if (held && !released) {
    // Refunded in full before release: nothing is left to release.
    await tx
      .update(escrow)
      .set({ status: "refunded", version: sql`${escrow.version} + 1` })
      .where(
        and(
          eq(escrow.organizationId, org.id),
          eq(escrow.id, held.id),
          inArray(escrow.status, ["held", "disputed"]),
          sql`${held.amountMinor} <= ${p.refundedMinor}`,
        ),
      );
  }
}

export interface Release {
  escrowId: string;
  amountMinor: number;
  feeMinor: number;
}

/**
 * Releases one escrow whose time has come, exactly once: the guarded move `held → released`
 * decides who does it, and only that transaction posts. What was refunded before is not
 * released. Returns null when the escrow was not (or no longer) due.
 */
export async function releaseEscrow(
  tx: Database,
  organizationId: string,
  escrowId: string,
  now = new Date(),
): Promise<Release | null> {
  const [org] = await tx
    .select({
      id: organization.id,
      currency: organization.currency,
      timeZone: organization.timeZone,
      feeBps: organization.platformFeeBps,
    })
    .from(organization)
    .where(eq(organization.id, organizationId));
  if (!org) return null;
  const [due] = await tx
    .select({ paymentId: escrow.paymentId })
    .from(escrow)
    .where(and(eq(escrow.organizationId, organizationId), eq(escrow.id, escrowId)));
  if (!due) return null;
  // The payment's lock orders this release with its refunds (they lock it too). A refund still
  // waiting for its provider's answer holds the release back: the next run releases what is left.
  await tx
    .select({ id: schema.payment.id })
    .from(schema.payment)
    .where(
      and(eq(schema.payment.organizationId, organizationId), eq(schema.payment.id, due.paymentId)),
    )
    .for("update");
  const [waiting] = await tx
    .select({ id: schema.refund.id })
    .from(schema.refund)
    .where(
      and(
        eq(schema.refund.organizationId, organizationId),
        eq(schema.refund.paymentId, due.paymentId),
        eq(schema.refund.status, "pending"),
      ),
    )
    .limit(1);
  if (waiting) return null;
  const [claimed] = await tx
    .update(escrow)
    .set({
      status: "released",
      releasedAt: now,
      feeBps: org.feeBps,
      version: sql`${escrow.version} + 1`,
    })
    .where(
      and(
        eq(escrow.organizationId, organizationId),
        eq(escrow.id, escrowId),
        eq(escrow.status, "held"),
        sql`${escrow.releaseAfter} <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .returning();
  if (!claimed) return null;
  const [paid] = await tx
    .select({ refunded: schema.payment.refundedMinor })
    .from(schema.payment)
    .where(
      and(
        eq(schema.payment.organizationId, organizationId),
        eq(schema.payment.id, claimed.paymentId),
      ),
    );
  const releasable = claimed.amountMinor - (paid?.refunded ?? 0);
  const { fee, rest } = feeOf(releasable, org.feeBps);
  await tx
    .update(escrow)
    .set({ feeMinor: fee })
    .where(and(eq(escrow.organizationId, organizationId), eq(escrow.id, escrowId)));
  if (releasable > 0) {
    await postJournal(tx, organizationId, {
      kind: "escrow_release",
      memo: "Consultation done and its dispute window passed: released to the doctor",
      currency: claimed.currency,
      effectiveOn: practiceToday(org.timeZone, now),
      createdBy: null,
      paymentId: claimed.paymentId,
      escrowId: claimed.id,
      postings: [
        { account: "escrow", amountMinor: releasable },
        ...(rest > 0
          ? [
              {
                account: "doctor_payable" as const,
                amountMinor: -rest,
                practitionerId: claimed.practitionerId,
              },
            ]
          : []),
        ...(fee > 0 ? [{ account: "platform_revenue" as const, amountMinor: -fee }] : []),
      ],
    });
  }
  return { escrowId: claimed.id, amountMinor: releasable, feeMinor: fee };
}
