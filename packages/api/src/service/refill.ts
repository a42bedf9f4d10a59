// Prescription refills: a patient asks in the portal for a prescription again — one from their
// signed consultations, or one they uploaded — and a doctor or pharmacist approves it (as an
// order of products for the patient, or a pickup at the desk) or declines it with a note. Both
// sides are told; the front desk sees the requests in its inbox.
//
// One open request per prescription: requests of one prescription queue on a transaction lock,
// so two taps of "Request" make one request and a CONFLICT. Decisions are guarded updates
// (`where status = 'requested'`): two reviewers cannot both decide, and a cancelled request
// cannot be approved.
import { can, roles, type Role } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import { renderRefillDecided, renderRefillRequested } from "@caredesk/notifications";
import {
  refillStatuses,
  type RefillApproveInput,
  type RefillCancelMineInput,
  type RefillDeclineInput,
  type RefillListInput,
  type RefillMineInput,
  type RefillRequestValues,
  type RefillStatsInput,
  type RefillStatus,
} from "@caredesk/validators";
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { forPatient } from "../audit";
import { conflict, FieldError, notFound } from "../errors";
import type { OrgScope, PatientScope, RecordReader } from "../scope";
import { practiceToday } from "./dental";
import { createOrder } from "./order";
import { queueNotifications, type NewNotification } from "./outbox";
import { decodeCursor, olderThanCursor, toPage, type Page } from "./pagination";
import { recordRead } from "./record-access";
import { localDateRange, medianOf, oneDecimal, p90Of } from "./report-range";
import { sameTenant } from "./tenant";

const {
  auditLog,
  consultation,
  file,
  membership,
  patient,
  pharmacyOrder,
  practitioner,
  prescription,
  refillRequest,
  user,
} = schema;

type RefillRow = typeof refillRequest.$inferSelect;

/** A prescription in words: "Aspirin 75 mg". */
export function medicineOf(p: { drug: string; strength: string | null } | null): string | null {
  if (!p) return null;
  return [p.drug, p.strength].filter(Boolean).join(" ");
}

// ---------------------------------------------------------------------------------------------
// The portal

export interface OwnPrescription {
  id: string;
  consultationId: string;
  drug: string;
  strength: string | null;
  dose: string;
  frequency: string;
  duration: string | null;
  instructions: string | null;
  /** When the consultation that prescribed it was signed. */
  prescribedAt: Date;
  practitionerName: string | null;
  /** The request waiting for the practice, if one is open. */
  openRefillId: string | null;
}

/** The caller's prescriptions from their signed consultations, newest first. */
export async function prescriptionsMine(
  ctx: Pick<PatientScope, "db" | "org" | "patient">,
): Promise<OwnPrescription[]> {
  const rows = await ctx.db
    .select({
      id: prescription.id,
      consultationId: prescription.consultationId,
      drug: prescription.drug,
      strength: prescription.strength,
      dose: prescription.dose,
      frequency: prescription.frequency,
      duration: prescription.duration,
      instructions: prescription.instructions,
      prescribedAt:
        sql<Date>`coalesce(${consultation.signedAt}, ${consultation.startedAt})`.mapWith(
          consultation.startedAt,
        ),
      practitionerName: practitioner.name,
      practitionerTitle: practitioner.title,
      openRefillId: sql<string | null>`(
        select r.id from ${refillRequest} r
        where r.organization_id = ${prescription.organizationId}
          and r.prescription_id = ${prescription.id} and r.status = 'requested'
        limit 1)`,
    })
    .from(prescription)
    .innerJoin(
      consultation,
      sameTenant(consultation, prescription.organizationId, prescription.consultationId),
    )
    .leftJoin(
      practitioner,
      sameTenant(practitioner, consultation.organizationId, consultation.practitionerId),
    )
    .where(
      and(
        eq(prescription.organizationId, ctx.org.id),
        eq(prescription.patientId, ctx.patient.id),
        eq(consultation.patientId, ctx.patient.id),
        eq(consultation.status, "signed"),
      ),
    )
    .orderBy(desc(consultation.signedAt), desc(consultation.id), prescription.position)
    .limit(200);
  return rows.map(({ practitionerTitle, practitionerName, ...row }) => ({
    ...row,
    practitionerName: practitionerName
      ? [practitionerTitle, practitionerName].filter(Boolean).join(" ")
      : null,
  }));
}

/** Members who hear of a new request: those who may decide it, and the front desk. */
async function practiceAudience(tx: Database, organizationId: string): Promise<string[]> {
  const hear = roles.filter(
    (role: Role) => can(role, "prescription.review") || can(role, "patient.read"),
  );
  const rows = await tx
    .select({ userId: membership.userId, role: membership.role })
    .from(membership)
    .where(and(eq(membership.organizationId, organizationId), inArray(membership.role, hear)));
  return [...new Set(rows.map((r) => r.userId))];
}

const duplicateMessage =
  "You already asked for a refill of this prescription; the practice has not answered yet";

/**
 * The portal: the caller asks for a refill of one of their own prescriptions (of a signed
 * consultation) or of one they uploaded. Another patient's prescription, a draft's, or a file
 * that is not the caller's own prescription upload is NOT_FOUND.
 */
export function requestRefill(
  ctx: Pick<PatientScope, "db" | "org" | "patient" | "user" | "mutate">,
  input: RefillRequestValues,
): Promise<RefillRow> {
  return forPatient(
    ctx.mutate,
    ctx.patient.id,
  )(async (tx, audit) => {
    let found: { drug: string; strength: string | null; consultationId: string } | null = null;
    if (input.prescriptionId) {
      // Requests of one prescription wait for each other here: the open-request check below
      // then sees the one that committed first.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`refill:${input.prescriptionId}`}, 0))`,
      );
      const [row] = await tx
        .select({
          drug: prescription.drug,
          strength: prescription.strength,
          consultationId: prescription.consultationId,
        })
        .from(prescription)
        .innerJoin(
          consultation,
          sameTenant(consultation, prescription.organizationId, prescription.consultationId),
        )
        .where(
          and(
            eq(prescription.organizationId, ctx.org.id),
            eq(prescription.id, input.prescriptionId),
            eq(prescription.patientId, ctx.patient.id),
            eq(consultation.status, "signed"),
          ),
        );
      if (!row) throw new FieldError("NOT_FOUND", { prescriptionId: ["Prescription not found"] });
      found = row;
      const [open] = await tx
        .select({ id: refillRequest.id })
        .from(refillRequest)
        .where(
          and(
            eq(refillRequest.organizationId, ctx.org.id),
            eq(refillRequest.prescriptionId, input.prescriptionId),
            eq(refillRequest.status, "requested"),
          ),
        )
        .limit(1);
      if (open) throw new FieldError("CONFLICT", { prescriptionId: [duplicateMessage] });
    }
    if (input.uploadFileId) {
      const [upload] = await tx
        .select({ id: file.id })
        .from(file)
        .where(
          and(
            eq(file.organizationId, ctx.org.id),
            eq(file.id, input.uploadFileId),
            eq(file.purpose, "prescription"),
            eq(file.uploadedBy, ctx.user.id),
          ),
        );
      if (!upload) throw new FieldError("NOT_FOUND", { uploadFileId: ["File not found"] });
    }
    // The note is the patient's words; where to deliver has its own column.
    const deliveryAddress =
      input.fulfilment === "delivery" && input.deliveryAddress ? input.deliveryAddress : null;
    const [created] = await tx
      .insert(refillRequest)
      .values({
        organizationId: ctx.org.id,
        patientId: ctx.patient.id,
        prescriptionId: input.prescriptionId ?? null,
        consultationId: found?.consultationId ?? null,
        uploadFileId: input.uploadFileId ?? null,
        note: input.note ?? null,
        fulfilment: input.fulfilment,
        deliveryAddress,
      })
      .returning();
    if (!created) throw new Error("refill insert returned nothing");

    const [who] = await tx
      .select({ firstName: patient.firstName, lastName: patient.lastName })
      .from(patient)
      .where(and(eq(patient.organizationId, ctx.org.id), eq(patient.id, ctx.patient.id)));
    const message = renderRefillRequested({
      lang: ctx.org.locale,
      patientName: who ? `${who.firstName} ${who.lastName}` : "A patient",
      medicine: medicineOf(found),
    });
    const staff = await practiceAudience(tx, ctx.org.id);
    await queueNotifications(
      tx,
      staff.map((userId) => ({
        organizationId: ctx.org.id,
        kind: "refill_requested",
        channel: "in_app",
        userId,
        patientId: ctx.patient.id,
        subject: message.subject,
        bodyText: message.text,
        payload: { link: `/app/refills/${created.id}`, refillRequestId: created.id },
      })),
    );
    audit({ entityType: "refill_request", entityId: created.id, after: created });
    return created;
  });
}

export interface RefillSummary {
  id: string;
  status: RefillStatus;
  patientId: string;
  prescriptionId: string | null;
  uploadFileId: string | null;
  medicine: string | null;
  dose: string | null;
  frequency: string | null;
  note: string | null;
  fulfilment: "pickup" | "delivery" | null;
  /** Where to deliver, when the patient chose delivery. */
  deliveryAddress: RefillRow["deliveryAddress"];
  decisionNote: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  orderId: string | null;
  orderNumber: number | null;
  orderStatus: string | null;
}

const summaryColumns = {
  id: refillRequest.id,
  status: refillRequest.status,
  patientId: refillRequest.patientId,
  prescriptionId: refillRequest.prescriptionId,
  uploadFileId: refillRequest.uploadFileId,
  drug: prescription.drug,
  strength: prescription.strength,
  dose: prescription.dose,
  frequency: prescription.frequency,
  note: refillRequest.note,
  fulfilment: refillRequest.fulfilment,
  deliveryAddress: refillRequest.deliveryAddress,
  decisionNote: refillRequest.decisionNote,
  decidedAt: refillRequest.decidedAt,
  createdAt: refillRequest.createdAt,
  orderId: refillRequest.orderId,
  orderNumber: pharmacyOrder.number,
  orderStatus: pharmacyOrder.status,
};

function summaryOf<T extends { drug: string | null; strength: string | null }>(
  row: T,
): Omit<T, "drug" | "strength"> & { medicine: string | null } {
  const { drug, strength, ...rest } = row;
  return { ...rest, medicine: drug ? medicineOf({ drug, strength }) : null };
}

const staffColumns = {
  ...summaryColumns,
  firstName: patient.firstName,
  lastName: patient.lastName,
  patientMobile: patient.mobile,
};

function selectSummaries(db: Database) {
  return db
    .select(staffColumns)
    .from(refillRequest)
    .innerJoin(patient, sameTenant(patient, refillRequest.organizationId, refillRequest.patientId))
    .leftJoin(
      prescription,
      sameTenant(prescription, refillRequest.organizationId, refillRequest.prescriptionId),
    )
    .leftJoin(
      pharmacyOrder,
      sameTenant(pharmacyOrder, refillRequest.organizationId, refillRequest.orderId),
    );
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>["execute"]>>[number];

/** One page of the requests that pass `filters`, newest first, each shown by `view`. */
async function summaryPage<T extends { id: string }>(
  db: Database,
  page: { cursor?: string; limit: number },
  filters: (SQL | undefined)[],
  view: (row: SummaryRow) => T,
): Promise<Page<T>> {
  const rows = await selectSummaries(db)
    .where(
      and(
        ...filters,
        olderThanCursor(
          decodeCursor(page.cursor),
          refillRequest,
          refillRequest.createdAt,
          refillRequest.id,
        ),
      ),
    )
    .orderBy(desc(refillRequest.createdAt), desc(refillRequest.id))
    .limit(page.limit + 1);
  return toPage(rows.map(view), page.limit, (row) => [row.id]);
}

function staffSummaryOf(row: SummaryRow): StaffRefill {
  const { firstName, lastName, patientMobile, ...rest } = row;
  return { ...summaryOf(rest), patientName: `${firstName} ${lastName}`, patientMobile };
}

/** The portal: the caller's refill requests, newest first. */
export async function refillsMine(
  ctx: Pick<PatientScope, "db" | "org" | "patient">,
  input: RefillMineInput,
): Promise<Page<RefillSummary>> {
  return summaryPage(
    ctx.db,
    input,
    [eq(refillRequest.organizationId, ctx.org.id), eq(refillRequest.patientId, ctx.patient.id)],
    (row) => summaryOf(row),
  );
}

/** The portal: the caller withdraws their own request while it waits. */
export function cancelMyRefill(
  ctx: Pick<PatientScope, "org" | "patient" | "mutate">,
  input: RefillCancelMineInput,
): Promise<RefillRow> {
  return forPatient(
    ctx.mutate,
    ctx.patient.id,
  )(async (tx, audit) => {
    const mine = and(
      eq(refillRequest.organizationId, ctx.org.id),
      eq(refillRequest.id, input.id),
      eq(refillRequest.patientId, ctx.patient.id),
    );
    const [before] = await tx.select().from(refillRequest).where(mine);
    if (!before) throw notFound("Refill request not found");
    const [after] = await tx
      .update(refillRequest)
      .set({
        status: "cancelled",
        updatedAt: new Date(),
        version: sql`${refillRequest.version} + 1`,
      })
      .where(and(mine, eq(refillRequest.status, "requested")))
      .returning();
    if (!after) {
      // Decided (or withdrawn) meanwhile, or before: either way it is no longer waiting.
      const now = before.status === "requested" ? "already answered" : before.status;
      throw conflict(`This request is ${now} and can no longer be cancelled`);
    }
    audit({ entityType: "refill_request", entityId: after.id, before, after });
    return after;
  });
}

// ---------------------------------------------------------------------------------------------
// Staff

export type StaffRefill = RefillSummary & { patientName: string; patientMobile: string };

/** The practice's refill requests, newest first, by status (and patient). */
export async function listRefills(
  db: Database,
  organizationId: string,
  input: RefillListInput,
): Promise<Page<StaffRefill>> {
  if (input.patientId) {
    const [known] = await db
      .select({ id: patient.id })
      .from(patient)
      .where(and(eq(patient.organizationId, organizationId), eq(patient.id, input.patientId)));
    if (!known) throw new FieldError("NOT_FOUND", { patientId: ["Patient not found"] });
  }
  return summaryPage(
    db,
    input,
    [
      eq(refillRequest.organizationId, organizationId),
      input.status ? eq(refillRequest.status, input.status) : undefined,
      input.patientId ? eq(refillRequest.patientId, input.patientId) : undefined,
    ],
    (row) => staffSummaryOf(row),
  );
}

export interface RefillHistoryEntry {
  action: string;
  at: Date;
  actorName: string | null;
}

export type RefillDetail = StaffRefill & {
  prescription: {
    id: string;
    consultationId: string;
    drug: string;
    strength: string | null;
    dose: string;
    frequency: string;
    duration: string | null;
    instructions: string | null;
    prescribedAt: Date;
    practitionerName: string | null;
  } | null;
  upload: { id: string; originalName: string; mimeType: string } | null;
  decidedByName: string | null;
  history: RefillHistoryEntry[];
};

const decider = alias(user, "refill_decider");
const actor = alias(user, "refill_history_actor");

/**
 * One request as staff see it: the patient, the prescription (a read of the patient's record,
 * recorded), the uploaded file, what was decided and by whom, and its history.
 */
export async function refillById(ctx: RecordReader, id: string): Promise<RefillDetail> {
  const [found] = await selectSummaries(ctx.db).where(
    and(eq(refillRequest.organizationId, ctx.org.id), eq(refillRequest.id, id)),
  );
  if (!found) throw notFound("Refill request not found");
  const [more] = await ctx.db
    .select({
      consultationId: refillRequest.consultationId,
      duration: prescription.duration,
      instructions: prescription.instructions,
      decidedByName: decider.name,
    })
    .from(refillRequest)
    .leftJoin(
      prescription,
      sameTenant(prescription, refillRequest.organizationId, refillRequest.prescriptionId),
    )
    .leftJoin(decider, eq(decider.id, refillRequest.decidedBy))
    .where(and(eq(refillRequest.organizationId, ctx.org.id), eq(refillRequest.id, id)));
  const row = { ...found, ...more };

  let prescribed: RefillDetail["prescription"] = null;
  if (row.prescriptionId && row.drug && row.consultationId) {
    const [signed] = await ctx.db
      .select({
        signedAt: consultation.signedAt,
        startedAt: consultation.startedAt,
        name: practitioner.name,
        title: practitioner.title,
      })
      .from(consultation)
      .leftJoin(
        practitioner,
        sameTenant(practitioner, consultation.organizationId, consultation.practitionerId),
      )
      .where(
        and(eq(consultation.organizationId, ctx.org.id), eq(consultation.id, row.consultationId)),
      );
    prescribed = {
      id: row.prescriptionId,
      consultationId: row.consultationId,
      drug: row.drug,
      strength: row.strength,
      dose: row.dose ?? "",
      frequency: row.frequency ?? "",
      duration: row.duration ?? null,
      instructions: row.instructions ?? null,
      prescribedAt: signed?.signedAt ?? signed?.startedAt ?? row.createdAt,
      practitionerName: signed?.name ? [signed.title, signed.name].filter(Boolean).join(" ") : null,
    };
    await recordRead(ctx, {
      patientId: row.patientId,
      kind: "prescription",
      entityId: row.prescriptionId,
    });
  }
  let upload: RefillDetail["upload"] = null;
  if (row.uploadFileId) {
    const [stored] = await ctx.db
      .select({ id: file.id, originalName: file.originalName, mimeType: file.mimeType })
      .from(file)
      .where(and(eq(file.organizationId, ctx.org.id), eq(file.id, row.uploadFileId)));
    upload = stored ?? null;
  }
  const history = await ctx.db
    .select({ action: auditLog.action, at: auditLog.createdAt, actorName: actor.name })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorUserId))
    .where(
      and(
        eq(auditLog.organizationId, ctx.org.id),
        eq(auditLog.entityType, "refill_request"),
        eq(auditLog.entityId, id),
      ),
    )
    .orderBy(auditLog.createdAt, auditLog.id)
    .limit(50);
  return {
    ...staffSummaryOf(found),
    prescription: prescribed,
    upload,
    decidedByName: more?.decidedByName ?? null,
    history,
  };
}

type Reviewer = Pick<OrgScope, "db" | "org" | "user" | "mutate">;

/**
 * Decides a waiting request: the guarded update (`where status = 'requested'`), then the
 * patient hears of it by email and in the portal.
 */
async function decide(
  tx: Database,
  audit: (entry: {
    entityType?: string;
    entityId?: string;
    before?: unknown;
    after?: unknown;
    patientId?: string;
  }) => void,
  ctx: Reviewer,
  before: RefillRow,
  changes: Partial<RefillRow>,
  outcome: "order" | "pickup" | "declined",
  orderNumber: number | null,
): Promise<RefillRow> {
  const now = new Date();
  const [after] = await tx
    .update(refillRequest)
    .set({
      ...changes,
      decidedBy: ctx.user.id,
      decidedAt: now,
      updatedAt: now,
      version: sql`${refillRequest.version} + 1`,
    })
    .where(
      and(
        eq(refillRequest.organizationId, ctx.org.id),
        eq(refillRequest.id, before.id),
        eq(refillRequest.status, "requested"),
      ),
    )
    .returning();
  if (!after) throw conflict(`This request is already ${before.status}`);

  const [who] = await tx
    .select({
      firstName: patient.firstName,
      email: patient.email,
      emailOptIn: patient.emailOptIn,
      userId: patient.userId,
    })
    .from(patient)
    .where(and(eq(patient.organizationId, ctx.org.id), eq(patient.id, before.patientId)));
  const [prescribed] = before.prescriptionId
    ? await tx
        .select({ drug: prescription.drug, strength: prescription.strength })
        .from(prescription)
        .where(
          and(
            eq(prescription.organizationId, ctx.org.id),
            eq(prescription.id, before.prescriptionId),
          ),
        )
    : [];
  const message = renderRefillDecided({
    lang: ctx.org.locale,
    practiceName: ctx.org.name,
    patientName: who?.firstName ?? null,
    medicine: medicineOf(prescribed ?? null),
    outcome,
    orderNumber,
    note: after.decisionNote,
  });
  const base = {
    organizationId: ctx.org.id,
    kind: "refill_decided" as const,
    patientId: before.patientId,
    subject: message.subject,
    bodyText: message.text,
    payload: {
      link: "/portal/refills",
      brand: ctx.org.name,
      refillRequestId: before.id,
      outcome,
    },
  };
  const messages: NewNotification[] = [];
  if (who?.email && who.emailOptIn) {
    messages.push({ ...base, channel: "email", recipient: who.email });
  }
  if (who?.userId) messages.push({ ...base, channel: "in_app", userId: who.userId });
  await queueNotifications(tx, messages);
  audit({
    entityType: "refill_request",
    entityId: after.id,
    patientId: before.patientId,
    before,
    after,
  });
  return after;
}

async function waitingRequest(
  tx: Database,
  organizationId: string,
  id: string,
): Promise<RefillRow> {
  const [before] = await tx
    .select()
    .from(refillRequest)
    .where(and(eq(refillRequest.organizationId, organizationId), eq(refillRequest.id, id)))
    .for("update");
  if (!before) throw notFound("Refill request not found");
  if (before.status !== "requested") throw conflict(`This request is already ${before.status}`);
  return before;
}

/**
 * Approves a waiting request. With products it becomes an order for the patient (prescription
 * approved already; units reserved first-expiry-first-out); without, it waits at the desk to
 * be collected.
 */
export function approveRefill(
  ctx: Reviewer,
  input: RefillApproveInput,
): Promise<RefillRow & { orderNumber: number | null }> {
  return ctx.mutate(async (tx, audit) => {
    const before = await waitingRequest(tx, ctx.org.id, input.id);
    const items = input.items ?? [];
    let order: { id: string; number: number } | null = null;
    if (items.length > 0) {
      const deliveryAddress = before.fulfilment === "delivery" ? before.deliveryAddress : null;
      order = await createOrder(tx, {
        org: ctx.org,
        patientId: before.patientId,
        items,
        fulfilment: deliveryAddress ? "delivery" : "pickup",
        ...(deliveryAddress ? { deliveryAddress } : {}),
        channel: "refill",
        refillRequestId: before.id,
        prescriptionReview: "approved",
        userId: ctx.user.id,
        today: practiceToday(ctx.org.timeZone),
      });
    }
    const after = await decide(
      tx,
      audit,
      ctx,
      before,
      {
        status: "approved",
        decisionNote: input.note ?? null,
        orderId: order?.id ?? null,
        ...(order ? {} : { fulfilment: "pickup" as const }),
      },
      order ? "order" : "pickup",
      order?.number ?? null,
    );
    return { ...after, orderNumber: order?.number ?? null };
  });
}

/** Declines a waiting request; the note says why and the patient is told it. */
export function declineRefill(ctx: Reviewer, input: RefillDeclineInput): Promise<RefillRow> {
  return ctx.mutate(async (tx, audit) => {
    const before = await waitingRequest(tx, ctx.org.id, input.id);
    return decide(
      tx,
      audit,
      ctx,
      before,
      { status: "declined", decisionNote: input.note },
      "declined",
      null,
    );
  });
}

/** Requests waiting for an answer: the count the front desk's inbox shows. */
export async function waitingRefillCount(db: Database, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(refillRequest)
    .where(
      and(eq(refillRequest.organizationId, organizationId), eq(refillRequest.status, "requested")),
    );
  return row?.n ?? 0;
}

export interface RefillStats {
  from: string;
  to: string;
  /** Requests made on those days. */
  total: number;
  byStatus: Record<RefillStatus, number>;
  /** From the request to the decision (approved or declined), over the decided ones. */
  toDecision: {
    count: number;
    /** Hours, one decimal; null without any. */
    medianHours: number | null;
    p90Hours: number | null;
  };
}

/**
 * Counts by status of the requests made on the days `from`–`to` (the practice's zone), and how
 * long the decided ones waited for their decision (median and 90th percentile, in hours).
 */
export async function refillStats(
  db: Database,
  org: { id: string; timeZone: string },
  input: RefillStatsInput,
): Promise<RefillStats> {
  const { start, end } = localDateRange(input.from, input.to, org.timeZone);
  const inRange = and(
    eq(refillRequest.organizationId, org.id),
    gte(refillRequest.createdAt, start),
    lt(refillRequest.createdAt, end),
  );
  // A cancelled request has no decision; decided_at is set by approve and decline only.
  const waited = sql`extract(epoch from (${refillRequest.decidedAt} - ${refillRequest.createdAt})) / 3600.0`;
  const [counts, [times]] = await Promise.all([
    db
      .select({ status: refillRequest.status, n: sql<number>`count(*)::int` })
      .from(refillRequest)
      .where(inRange)
      .groupBy(refillRequest.status),
    db
      .select({
        decided: sql<number>`count(${refillRequest.decidedAt})::int`,
        median: medianOf(waited),
        p90: p90Of(waited),
      })
      .from(refillRequest)
      .where(inRange),
  ]);
  const byStatus = Object.fromEntries(refillStatuses.map((s) => [s, 0])) as Record<
    RefillStatus,
    number
  >;
  for (const row of counts) byStatus[row.status] = Number(row.n);
  return {
    from: input.from,
    to: input.to,
    total: counts.reduce((sum, row) => sum + Number(row.n), 0),
    byStatus,
    toDecision: {
      count: Number(times?.decided ?? 0),
      medianHours: oneDecimal(times?.median),
      p90Hours: oneDecimal(times?.p90),
    },
  };
}
