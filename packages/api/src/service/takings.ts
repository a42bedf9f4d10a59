// Daily takings: money received less money given back, per practice day, by method and by doctor.
// Read from the journal, never from payment rows: the postings on `cash` and `provider_clearing`
// of entries that belong to a payment (receipts, refunds, escrow holds and their reversals) or to
// a pharmacy counter sale (and its void), by the day they count for. A payment's doctor is its
// appointment's (directly, or through its invoice), else its treatment's, else "Unassigned".
import { schema, type Database } from "@caredesk/db";
import type { PaymentMethod, TakingsInput } from "@caredesk/validators";
import { paymentMethods } from "@caredesk/validators";
import { and, between, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { sameTenant } from "./tenant";

const {
  appointmentResource,
  invoice,
  invoiceLine,
  journalEntry,
  journalPosting,
  ledgerEntry,
  payment,
  practitioner,
  resource,
  treatment,
} = schema;

/** The accounts money received sits on. */
const takingsAccounts = ["cash", "provider_clearing"] as const;

/** A journal posting's entry, in the same practice. */
export const postingEntry = and(
  eq(journalEntry.organizationId, journalPosting.organizationId),
  eq(journalEntry.id, journalPosting.entryId),
);

/**
 * The postings that are takings: the practice's, in its currency, on the takings accounts, of
 * entries of a payment or a counter sale that count for a day from `from` to `to`.
 */
export function takingsPostings(
  org: { id: string; currency: string },
  range: { from: string; to: string },
) {
  return and(
    eq(journalPosting.organizationId, org.id),
    inArray(journalPosting.account, [...takingsAccounts]),
    eq(journalPosting.currency, org.currency),
    or(isNotNull(journalEntry.paymentId), isNotNull(journalEntry.orderId)),
    between(journalEntry.effectiveOn, range.from, range.to),
  );
}

export interface TakingsDoctor {
  /** Null for payments no doctor could be found for ("Unassigned"). */
  practitionerId: string | null;
  name: string;
  amountMinor: number;
}

export interface TakingsDay {
  day: string;
  totalMinor: number;
  byMethod: Record<PaymentMethod, number>;
  byDoctor: TakingsDoctor[];
}

export interface Takings {
  currency: string;
  from: string;
  to: string;
  days: TakingsDay[];
  totalMinor: number;
  byMethod: Record<PaymentMethod, number>;
  byDoctor: TakingsDoctor[];
}

const emptyMethods = (): Record<PaymentMethod, number> =>
  Object.fromEntries(paymentMethods.map((m) => [m, 0])) as Record<PaymentMethod, number>;

/** Each payment's doctor, where one can be found: separate plain queries, no correlated SQL. */
export async function doctorsOf(
  db: Database,
  organizationId: string,
  paymentIds: string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (paymentIds.length === 0) return found;
  const payments = await db
    .select({
      id: payment.id,
      appointmentId: payment.appointmentId,
      invoiceId: payment.invoiceId,
      invoiceAppointmentId: invoice.appointmentId,
    })
    .from(payment)
    .leftJoin(invoice, sameTenant(invoice, payment.organizationId, payment.invoiceId))
    .where(and(eq(payment.organizationId, organizationId), inArray(payment.id, paymentIds)));
  const appointmentIds = [
    ...new Set(
      payments.flatMap((p) => {
        const id = p.appointmentId ?? p.invoiceAppointmentId;
        return id ? [id] : [];
      }),
    ),
  ];
  const visits = appointmentIds.length
    ? await db
        .select({
          appointmentId: appointmentResource.appointmentId,
          practitionerId: resource.practitionerId,
        })
        .from(appointmentResource)
        .innerJoin(
          resource,
          sameTenant(resource, appointmentResource.organizationId, appointmentResource.resourceId),
        )
        .where(
          and(
            eq(appointmentResource.organizationId, organizationId),
            inArray(appointmentResource.appointmentId, appointmentIds),
            eq(resource.kind, "practitioner"),
            isNotNull(resource.practitionerId),
          ),
        )
    : [];
  const byVisit = new Map(visits.map((v) => [v.appointmentId, v.practitionerId ?? ""]));
  // Treatments: the one a desk payment names, or the treatments of the invoice it pays.
  const invoiceIds = [...new Set(payments.flatMap((p) => (p.invoiceId ? [p.invoiceId] : [])))];
  const [paidTreatments, invoiceTreatments] = await Promise.all([
    db
      .select({ paymentId: ledgerEntry.paymentId, practitionerId: treatment.practitionerId })
      .from(ledgerEntry)
      .innerJoin(
        treatment,
        sameTenant(treatment, ledgerEntry.organizationId, ledgerEntry.treatmentId),
      )
      .where(
        and(
          eq(ledgerEntry.organizationId, organizationId),
          inArray(ledgerEntry.paymentId, paymentIds),
          isNotNull(treatment.practitionerId),
        ),
      ),
    invoiceIds.length
      ? db
          .select({ invoiceId: invoiceLine.invoiceId, practitionerId: treatment.practitionerId })
          .from(invoiceLine)
          .innerJoin(
            treatment,
            sameTenant(treatment, invoiceLine.organizationId, invoiceLine.treatmentId),
          )
          .where(
            and(
              eq(invoiceLine.organizationId, organizationId),
              inArray(invoiceLine.invoiceId, invoiceIds),
              isNotNull(treatment.practitionerId),
            ),
          )
      : Promise.resolve([]),
  ]);
  for (const p of payments) {
    const visit = p.appointmentId ?? p.invoiceAppointmentId;
    const doctor = visit ? byVisit.get(visit) : undefined;
    if (doctor) {
      found.set(p.id, doctor);
      continue;
    }
    const own = paidTreatments.find((t) => t.paymentId === p.id)?.practitionerId;
    if (own) {
      found.set(p.id, own);
      continue;
    }
    // An invoice's treatments count only when they were all one doctor's.
    const doctors = new Set(
      invoiceTreatments.filter((t) => t.invoiceId === p.invoiceId).map((t) => t.practitionerId),
    );
    const [only] = [...doctors];
    if (doctors.size === 1 && only) found.set(p.id, only);
  }
  return found;
}

export async function takings(
  db: Database,
  org: { id: string; currency: string },
  input: TakingsInput,
): Promise<Takings> {
  const rows = await db
    .select({
      day: journalEntry.effectiveOn,
      paymentId: journalEntry.paymentId,
      method: journalPosting.method,
      amountMinor: sql<string>`sum(${journalPosting.amountMinor})`,
    })
    .from(journalPosting)
    .innerJoin(journalEntry, postingEntry)
    .where(takingsPostings(org, input))
    .groupBy(journalEntry.effectiveOn, journalEntry.paymentId, journalPosting.method);
  const paymentIds = [...new Set(rows.flatMap((r) => (r.paymentId ? [r.paymentId] : [])))];
  const doctors = await doctorsOf(db, org.id, paymentIds);
  const practitionerIds = [...new Set(doctors.values())];
  const names = practitionerIds.length
    ? await db
        .select({ id: practitioner.id, name: practitioner.name, title: practitioner.title })
        .from(practitioner)
        .where(
          and(eq(practitioner.organizationId, org.id), inArray(practitioner.id, practitionerIds)),
        )
    : [];
  const nameOf = (id: string | null) => {
    const found = id ? names.find((n) => n.id === id) : undefined;
    return found ? [found.title, found.name].filter(Boolean).join(" ") : "Unassigned";
  };

  const days = new Map<
    string,
    { byMethod: Record<PaymentMethod, number>; doctors: Map<string | null, number> }
  >();
  const allMethods = emptyMethods();
  const allDoctors = new Map<string | null, number>();
  for (const row of rows) {
    const amount = Number(row.amountMinor);
    if (amount === 0) continue;
    let day = days.get(row.day);
    if (!day) {
      day = { byMethod: emptyMethods(), doctors: new Map() };
      days.set(row.day, day);
    }
    // Every posting on these accounts names its method; one that does not would be a bug.
    const method: PaymentMethod = row.method ?? "cash";
    day.byMethod[method] += amount;
    allMethods[method] += amount;
    const doctor = (row.paymentId && doctors.get(row.paymentId)) || null;
    day.doctors.set(doctor, (day.doctors.get(doctor) ?? 0) + amount);
    allDoctors.set(doctor, (allDoctors.get(doctor) ?? 0) + amount);
  }
  const doctorList = (totals: Map<string | null, number>): TakingsDoctor[] =>
    [...totals]
      .filter(([, amount]) => amount !== 0)
      .map(([practitionerId, amountMinor]) => ({
        practitionerId,
        name: nameOf(practitionerId),
        amountMinor,
      }))
      .sort((a, b) =>
        a.practitionerId === null
          ? 1
          : b.practitionerId === null
            ? -1
            : a.name.localeCompare(b.name),
      );
  const sum = (methods: Record<PaymentMethod, number>) =>
    Object.values(methods).reduce((total, amount) => total + amount, 0);
  return {
    currency: org.currency,
    from: input.from,
    to: input.to,
    days: [...days]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, totals]) => ({
        day,
        totalMinor: sum(totals.byMethod),
        byMethod: totals.byMethod,
        byDoctor: doctorList(totals.doctors),
      })),
    totalMinor: sum(allMethods),
    byMethod: allMethods,
    byDoctor: doctorList(allDoctors),
  };
}
