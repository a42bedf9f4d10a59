// Escrow release at load: 1,000 completed video consultations paid at booking, their escrows
// past the dispute window (written straight to the database, as a succeeded payment and the
// completed consultation leave them), released by 4 concurrent releasers running the release
// job's own function. Each must be released once, and the fee plus the doctor's share must
// make up every amount to the minor unit.
import { randomInt, randomUUID } from "node:crypto";
import { releaseDueEscrows } from "@caredesk/api";
import { schema, type DbHandle } from "@caredesk/db";
import { feeOf } from "@caredesk/payments";
import { and, count, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { createBenchPractice } from "./fixture";
import { writeResult } from "./lib";

const CONSULTATIONS = 1_000;
const RELEASERS = 4;
/** 12.5%: fees that do not divide evenly, so rounding is exercised on most amounts. */
const FEE_BPS = 1_250;

export interface EscrowBenchResult {
  consultations: number;
  released_once: boolean;
  fee_total_minor: number;
  drift_minor: number;
}

export async function benchEscrow(database: DbHandle): Promise<EscrowBenchResult> {
  const { db } = database;
  const practice = await createBenchPractice(database, { resources: 1, patients: CONSULTATIONS });
  const organizationId = practice.organizationId;
  await db
    .update(schema.organization)
    .set({ platformFeeBps: FEE_BPS })
    .where(eq(schema.organization.id, organizationId));
  const [doctor] = await db
    .insert(schema.practitioner)
    .values({ organizationId, name: "Dr Bench" })
    .returning({ id: schema.practitioner.id });
  if (!doctor) throw new Error("no practitioner");

  const now = Date.now();
  const rows = practice.patientIds.map((patientId, i) => {
    const startsAt = new Date(now - (72 + (i % 48)) * 3_600_000);
    return {
      appointmentId: randomUUID(),
      paymentId: randomUUID(),
      patientId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 20 * 60_000),
      amountMinor: 500 + randomInt(250_000),
    };
  });
  for (let i = 0; i < rows.length; i += 250) {
    const chunk = rows.slice(i, i + 250);
    await db.insert(schema.appointment).values(
      chunk.map((r) => ({
        id: r.appointmentId,
        organizationId,
        patientId: r.patientId,
        serviceId: practice.serviceId,
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        status: "completed" as const,
        kind: "video" as const,
        source: "portal" as const,
      })),
    );
    await db.insert(schema.payment).values(
      chunk.map((r) => ({
        id: r.paymentId,
        organizationId,
        patientId: r.patientId,
        appointmentId: r.appointmentId,
        method: "stripe" as const,
        provider: "stripe" as const,
        status: "succeeded" as const,
        amountMinor: r.amountMinor,
        currency: "GBP",
        providerRef: `pi_bench_${r.paymentId}`,
        escrow: true,
        succeededAt: r.startsAt,
      })),
    );
    await db.insert(schema.escrow).values(
      chunk.map((r) => ({
        organizationId,
        paymentId: r.paymentId,
        appointmentId: r.appointmentId,
        practitionerId: doctor.id,
        amountMinor: r.amountMinor,
        currency: "GBP",
        status: "held" as const,
        // Completed, and the 48-hour dispute window has passed.
        releaseAfter: new Date(r.endsAt.getTime() + 48 * 3_600_000),
      })),
    );
  }

  const { escrow } = schema;
  const due = async (at: Date) => {
    const [row] = await db
      .select({ n: count() })
      .from(escrow)
      .where(
        and(
          eq(escrow.organizationId, organizationId),
          eq(escrow.status, "held"),
          isNotNull(escrow.releaseAfter),
          lte(escrow.releaseAfter, at),
        ),
      );
    return row?.n ?? 0;
  };
  // Four releasers at once, as four workers' release jobs would run: each takes what is due
  // until nothing is; the guarded move decides which of them releases each escrow.
  const at = new Date();
  const started = performance.now();
  const releasedBy = await Promise.all(
    Array.from({ length: RELEASERS }, async () => {
      let released = 0;
      while ((await due(at)) > 0) released += (await releaseDueEscrows(db, at, 100)).released;
      return released;
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  const paymentIds = rows.map((r) => r.paymentId);
  const escrows = await db.select().from(escrow).where(eq(escrow.organizationId, organizationId));
  const { journalEntry, journalPosting } = schema;
  const releaseEntries = await db
    .select({ escrowId: journalEntry.escrowId, n: count() })
    .from(journalEntry)
    .where(
      and(
        eq(journalEntry.organizationId, organizationId),
        eq(journalEntry.kind, "escrow_release"),
        inArray(journalEntry.paymentId, paymentIds),
      ),
    )
    .groupBy(journalEntry.escrowId);
  const sums = await db
    .select({ account: journalPosting.account, total: sql<string>`sum(amount_minor)` })
    .from(journalPosting)
    .innerJoin(
      journalEntry,
      and(
        eq(journalEntry.organizationId, journalPosting.organizationId),
        eq(journalEntry.id, journalPosting.entryId),
      ),
    )
    .where(
      and(
        eq(journalPosting.organizationId, organizationId),
        eq(journalEntry.kind, "escrow_release"),
      ),
    )
    .groupBy(journalPosting.account);
  const sumOf = (account: string) => Number(sums.find((s) => s.account === account)?.total ?? 0);

  const releasedOnce =
    escrows.length === CONSULTATIONS &&
    escrows.every((e) => e.status === "released") &&
    releaseEntries.length === CONSULTATIONS &&
    releaseEntries.every((e) => e.n === 1) &&
    releasedBy.reduce((a, b) => a + b, 0) === CONSULTATIONS;
  const amounts = rows.reduce((total, r) => total + r.amountMinor, 0);
  const feeTotal = escrows.reduce((total, e) => total + (e.feeMinor ?? 0), 0);
  // What the postings say went to the doctor and to the platform (credits are negative).
  const toDoctor = -sumOf("doctor_payable");
  const toPlatform = -sumOf("platform_revenue");
  const expectedFees = rows.reduce((total, r) => total + feeOf(r.amountMinor, FEE_BPS).fee, 0);
  if (feeTotal !== expectedFees || toPlatform !== feeTotal || sumOf("escrow") !== amounts) {
    console.error(
      `escrow: fees ${feeTotal} (posted ${toPlatform}), expected ${expectedFees}; ` +
        `escrow debited ${sumOf("escrow")} of ${amounts}`,
    );
  }
  console.log(
    `escrow: released by each releaser ${releasedBy.join(" / ")} in ${seconds.toFixed(2)} s`,
  );

  await practice.cleanup();
  const result: EscrowBenchResult = {
    consultations: CONSULTATIONS,
    released_once: releasedOnce,
    fee_total_minor: feeTotal,
    drift_minor: Math.abs(amounts - (toDoctor + toPlatform)),
  };
  writeResult("escrow", result);
  return result;
}
