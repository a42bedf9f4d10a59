// The dental chart: procedures on teeth and surfaces, conditions found, and treatment plans that
// group planned procedures for the patient to accept. Teeth are stored in Universal notation and
// read and written in the practice's numbering; completing a procedure charges it to the ledger.
import { schema, type Database } from "@caredesk/db";
import {
  epochMinutesToLocal,
  fromEpochMinutes,
  localToEpochMinutes,
  toEpochMinutes,
} from "@caredesk/scheduling";
import {
  foreignSurfaces,
  formatTooth,
  parseTooth,
  type ConditionAddInput,
  type PlanCreateInput,
  type ToothConditionKind,
  type ToothNumbering,
  type TreatmentAddInput,
  type TreatmentPlanStatus,
  type TreatmentStatus,
  type TreatmentUpdateInput,
} from "@caredesk/validators";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { conflict, FieldError, notFound } from "../errors";
import type { OrgScope, PatientScope, RecordReader } from "../scope";
import { getPatient } from "./patient";
import { postJournal } from "./journal";
import { recordRead } from "./record-access";

const { organization, patient, toothCondition, treatment, treatmentPlan, ledgerEntry, service } =
  schema;

type ChartEditor = Pick<OrgScope, "db" | "org" | "user" | "mutate">;

export interface ChartSettings {
  numbering: ToothNumbering;
  primaryTeeth: boolean;
}

/** How the practice numbers teeth and whether it charts primary ones. */
export async function chartSettings(db: Database, organizationId: string): Promise<ChartSettings> {
  const [row] = await db
    .select({
      numbering: organization.toothNumbering,
      primaryTeeth: organization.chartPrimaryTeeth,
    })
    .from(organization)
    .where(eq(organization.id, organizationId));
  return row ?? { numbering: "universal", primaryTeeth: false };
}

/** Today in the practice's calendar. */
export function practiceToday(timeZone: string, now = new Date()): string {
  return epochMinutesToLocal(toEpochMinutes(now), timeZone).date;
}

/**
 * The instant a practice day begins in its zone (where midnight is skipped by a clock change,
 * the first minute that exists).
 */
export function practiceDayStart(date: string, timeZone: string): Date {
  const at =
    localToEpochMinutes(date, "00:00", timeZone) ?? localToEpochMinutes(date, "01:00", timeZone);
  return fromEpochMinutes(at ?? Date.parse(`${date}T00:00:00Z`) / 60_000);
}

const numberingNames: Record<ToothNumbering, string> = {
  universal: "Universal (1–32)",
  fdi: "FDI (11–48)",
};

/** The stored tooth a practice's text names, or a field error saying why it names none. */
function storedTooth(text: string, settings: ChartSettings, field = "tooth"): string {
  const stored = parseTooth(text, settings.numbering, { primary: settings.primaryTeeth });
  if (stored === null) {
    throw new FieldError("BAD_REQUEST", {
      [field]: [`${text} is not a tooth in ${numberingNames[settings.numbering]} numbering`],
    });
  }
  return stored;
}

/** Refuses surfaces the tooth does not have (O on an incisor) and surfaces without a tooth. */
function checkSurfaces(
  tooth: string | null,
  surfaces: readonly string[],
  settings: ChartSettings,
): void {
  if (tooth === null) {
    if (surfaces.length > 0) {
      throw new FieldError("BAD_REQUEST", { surfaces: ["Choose a tooth for these surfaces"] });
    }
    return;
  }
  const foreign = foreignSurfaces(tooth, surfaces);
  if (foreign.length > 0) {
    const shown = formatTooth(tooth, settings.numbering);
    throw new FieldError("BAD_REQUEST", {
      surfaces: [`Tooth ${shown} has no ${foreign.join(", ")} surface`],
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

const treatmentColumns = {
  id: treatment.id,
  patientId: treatment.patientId,
  tooth: treatment.tooth,
  surfaces: treatment.surfaces,
  serviceId: treatment.serviceId,
  description: treatment.description,
  priceMinor: treatment.priceMinor,
  discountMinor: treatment.discountMinor,
  status: treatment.status,
  performedOn: treatment.performedOn,
  practitionerId: treatment.practitionerId,
  planId: treatment.planId,
  notes: treatment.notes,
  completedAt: treatment.completedAt,
  removedAt: treatment.removedAt,
  createdAt: treatment.createdAt,
};

type TreatmentRow = {
  id: string;
  patientId: string;
  tooth: string | null;
  surfaces: string[];
  serviceId: string | null;
  description: string;
  priceMinor: number;
  discountMinor: number;
  status: TreatmentStatus;
  performedOn: string | null;
  practitionerId: string | null;
  planId: string | null;
  notes: string | null;
  completedAt: Date | null;
  removedAt: Date | null;
  createdAt: Date;
};

/** A treatment as the practice reads it: its tooth in the practice's numbering. */
export interface Treatment extends Omit<TreatmentRow, "removedAt"> {
  /** The stored (Universal) tooth, for the odontogram's layout. */
  universalTooth: string | null;
  /** What the patient is charged: price less discount. */
  chargeMinor: number;
}

function treatmentView(row: TreatmentRow, numbering: ToothNumbering): Treatment {
  const { removedAt: _removed, ...rest } = row;
  return {
    ...rest,
    tooth: row.tooth === null ? null : formatTooth(row.tooth, numbering),
    universalTooth: row.tooth,
    chargeMinor: row.priceMinor - row.discountMinor,
  };
}

const conditionColumns = {
  id: toothCondition.id,
  patientId: toothCondition.patientId,
  tooth: toothCondition.tooth,
  surfaces: toothCondition.surfaces,
  condition: toothCondition.condition,
  notes: toothCondition.notes,
  notedAt: toothCondition.notedAt,
  resolvedAt: toothCondition.resolvedAt,
};

type ConditionRow = {
  id: string;
  patientId: string;
  tooth: string;
  surfaces: string[];
  condition: ToothConditionKind;
  notes: string | null;
  notedAt: Date;
  resolvedAt: Date | null;
};

export interface Condition extends ConditionRow {
  universalTooth: string;
}

function conditionView(row: ConditionRow, numbering: ToothNumbering): Condition {
  return { ...row, tooth: formatTooth(row.tooth, numbering), universalTooth: row.tooth };
}

const planColumns = {
  id: treatmentPlan.id,
  patientId: treatmentPlan.patientId,
  title: treatmentPlan.title,
  notes: treatmentPlan.notes,
  status: treatmentPlan.status,
  decidedAt: treatmentPlan.decidedAt,
  createdAt: treatmentPlan.createdAt,
};

type PlanRow = {
  id: string;
  patientId: string;
  title: string;
  notes: string | null;
  status: TreatmentPlanStatus;
  decidedAt: Date | null;
  createdAt: Date;
};

export interface Plan extends PlanRow {
  treatments: Treatment[];
  priceMinor: number;
  discountMinor: number;
  /** What the plan costs the patient: prices less discounts. */
  totalMinor: number;
}

function planView(row: PlanRow, treatments: Treatment[]): Plan {
  const items = treatments.filter((t) => t.planId === row.id);
  const priceMinor = items.reduce((sum, t) => sum + t.priceMinor, 0);
  const discountMinor = items.reduce((sum, t) => sum + t.discountMinor, 0);
  return {
    ...row,
    treatments: items,
    priceMinor,
    discountMinor,
    totalMinor: priceMinor - discountMinor,
  };
}

export interface ChartTooth {
  /** In the practice's numbering. */
  tooth: string;
  universalTooth: string;
  conditions: Condition[];
  treatments: Treatment[];
}

export interface Chart extends ChartSettings {
  patientId: string;
  currency: string;
  /** Teeth with anything on them, in the odontogram's order is the client's business. */
  teeth: ChartTooth[];
  /** Every live treatment, oldest first (the treatment list). */
  treatments: Treatment[];
  /** Procedures not on one tooth (a cleaning, an X-ray). */
  wholeMouth: Treatment[];
  conditions: Condition[];
  plans: Plan[];
}

/**
 * The practice's chart settings, read with the patient in one query: another organization's
 * patient (or none) is not found.
 */
async function patientChartSettings(
  db: Database,
  organizationId: string,
  patientId: string,
): Promise<ChartSettings> {
  const [row] = await db
    .select({
      numbering: organization.toothNumbering,
      primaryTeeth: organization.chartPrimaryTeeth,
    })
    .from(patient)
    .innerJoin(organization, eq(organization.id, patient.organizationId))
    .where(and(eq(patient.organizationId, organizationId), eq(patient.id, patientId)));
  if (!row) throw notFound("Patient not found");
  return row;
}

/** The whole chart in one round of parallel indexed queries (no query per tooth or plan). */
async function readChart(
  db: Database,
  org: { id: string; currency: string },
  patientId: string,
): Promise<Chart> {
  const [settings, treatmentRows, conditionRows, planRows] = await Promise.all([
    patientChartSettings(db, org.id, patientId),
    db
      .select(treatmentColumns)
      .from(treatment)
      .where(
        and(
          eq(treatment.organizationId, org.id),
          eq(treatment.patientId, patientId),
          isNull(treatment.removedAt),
        ),
      )
      .orderBy(asc(treatment.createdAt), asc(treatment.id)),
    db
      .select(conditionColumns)
      .from(toothCondition)
      .where(
        and(eq(toothCondition.organizationId, org.id), eq(toothCondition.patientId, patientId)),
      )
      .orderBy(asc(toothCondition.notedAt), asc(toothCondition.id)),
    db
      .select(planColumns)
      .from(treatmentPlan)
      .where(and(eq(treatmentPlan.organizationId, org.id), eq(treatmentPlan.patientId, patientId)))
      .orderBy(asc(treatmentPlan.createdAt), asc(treatmentPlan.id)),
  ]);
  const treatments = treatmentRows.map((row) => treatmentView(row, settings.numbering));
  const conditions = conditionRows.map((row) => conditionView(row, settings.numbering));
  const teeth = new Map<string, ChartTooth>();
  const toothOf = (universal: string, shown: string) => {
    let entry = teeth.get(universal);
    if (!entry) {
      entry = { tooth: shown, universalTooth: universal, conditions: [], treatments: [] };
      teeth.set(universal, entry);
    }
    return entry;
  };
  for (const c of conditions) toothOf(c.universalTooth, c.tooth).conditions.push(c);
  for (const t of treatments) {
    if (t.universalTooth !== null && t.tooth !== null) {
      toothOf(t.universalTooth, t.tooth).treatments.push(t);
    }
  }
  return {
    ...settings,
    patientId,
    currency: org.currency,
    teeth: [...teeth.values()],
    treatments,
    wholeMouth: treatments.filter((t) => t.universalTooth === null),
    conditions,
    plans: planRows.map((row) => planView(row, treatments)),
  };
}

/** A patient's chart as staff see it; the read is recorded. */
export async function getChart(ctx: RecordReader, patientId: string): Promise<Chart> {
  const chart = await readChart(ctx.db, ctx.org, patientId);
  await recordRead(ctx, { patientId, kind: "chart" });
  return chart;
}

/** The caller's own treatment plans that were put to them (drafts stay with the practice). */
export async function myPlans(ctx: Pick<PatientScope, "db" | "org" | "patient">) {
  const chart = await readChart(ctx.db, ctx.org, ctx.patient.id);
  return {
    numbering: chart.numbering,
    currency: chart.currency,
    plans: chart.plans.filter((plan) => plan.status !== "draft"),
  };
}

async function lockedTreatment(
  tx: Database,
  organizationId: string,
  id: string,
): Promise<TreatmentRow> {
  const [row] = await tx
    .select(treatmentColumns)
    .from(treatment)
    .where(
      and(
        eq(treatment.organizationId, organizationId),
        eq(treatment.id, id),
        isNull(treatment.removedAt),
      ),
    )
    .for("update");
  if (!row) throw notFound("Treatment not found");
  return row;
}

async function lockedPlan(
  tx: Database,
  organizationId: string,
  id: string,
  patientId?: string,
): Promise<PlanRow> {
  const [row] = await tx
    .select(planColumns)
    .from(treatmentPlan)
    .where(
      and(
        eq(treatmentPlan.organizationId, organizationId),
        eq(treatmentPlan.id, id),
        patientId ? eq(treatmentPlan.patientId, patientId) : undefined,
      ),
    )
    .for("update");
  if (!row) throw notFound("Treatment plan not found");
  return row;
}

// ---------------------------------------------------------------------------------------------
// Treatments

/**
 * Posts the charge of a completed treatment (price less discount) to the ledger, once: a
 * treatment already charged is not charged again; a free one posts nothing.
 */
async function postCharge(
  tx: Database,
  org: { id: string; currency: string; timeZone: string },
  row: TreatmentRow,
  numbering: ToothNumbering,
  userId: string,
): Promise<void> {
  const amount = row.priceMinor - row.discountMinor;
  if (amount <= 0) return;
  const [charged] = await tx
    .select({ id: ledgerEntry.id })
    .from(ledgerEntry)
    .where(
      and(
        eq(ledgerEntry.organizationId, org.id),
        eq(ledgerEntry.treatmentId, row.id),
        eq(ledgerEntry.kind, "charge"),
        isNull(ledgerEntry.reversesEntryId),
      ),
    )
    .limit(1);
  if (charged) return;
  const where = row.tooth === null ? "" : ` (tooth ${formatTooth(row.tooth, numbering)})`;
  const description = `${row.description}${where}`;
  await postJournal(tx, org.id, {
    kind: "charge",
    memo: description,
    currency: org.currency,
    effectiveOn: row.performedOn ?? practiceToday(org.timeZone),
    createdBy: userId,
    postings: [
      {
        account: "receivable",
        amountMinor: amount,
        patientId: row.patientId,
        line: { kind: "charge", description, treatmentId: row.id },
      },
      { account: "revenue", amountMinor: -amount },
    ],
  });
}

/** A plan a treatment may join: the patient's own, not yet accepted or declined. */
async function openPlan(tx: Database, organizationId: string, planId: string, patientId: string) {
  const plan = await lockedPlan(tx, organizationId, planId, patientId);
  if (plan.status === "accepted" || plan.status === "declined") {
    throw new FieldError("CONFLICT", {
      planId: ["This plan was already decided; create a new plan for more treatment"],
    });
  }
  return plan;
}

export async function addTreatment(ctx: ChartEditor, input: TreatmentAddInput): Promise<Treatment> {
  const settings = await chartSettings(ctx.db, ctx.org.id);
  const tooth = input.tooth ? storedTooth(input.tooth, settings) : null;
  checkSurfaces(tooth, input.surfaces, settings);
  return ctx.mutate(async (tx, audit) => {
    await getPatient(tx, ctx.org.id, input.patientId);
    let picked: { name: string; priceMinor: number } | undefined;
    if (input.serviceId) {
      [picked] = await tx
        .select({ name: service.name, priceMinor: service.priceMinor })
        .from(service)
        .where(and(eq(service.organizationId, ctx.org.id), eq(service.id, input.serviceId)));
      if (!picked) throw notFound("Service not found");
    }
    const priceMinor = input.priceMinor ?? picked?.priceMinor;
    if (priceMinor === undefined) {
      throw new FieldError("BAD_REQUEST", { priceMinor: ["Enter a price or choose a service"] });
    }
    if (input.discountMinor > priceMinor) {
      throw new FieldError("BAD_REQUEST", {
        discountMinor: ["The discount cannot be more than the price"],
      });
    }
    const description = input.description ?? picked?.name;
    if (!description) {
      throw new FieldError("BAD_REQUEST", {
        description: ["Describe the treatment or choose a service"],
      });
    }
    if (input.planId) await openPlan(tx, ctx.org.id, input.planId, input.patientId);
    const completed = input.status === "completed";
    const [inserted] = await tx
      .insert(treatment)
      .values({
        organizationId: ctx.org.id,
        patientId: input.patientId,
        tooth,
        surfaces: input.surfaces,
        serviceId: input.serviceId ?? null,
        description,
        priceMinor,
        discountMinor: input.discountMinor,
        status: input.status,
        performedOn: input.performedOn ?? (completed ? practiceToday(ctx.org.timeZone) : null),
        practitionerId: input.practitionerId ?? null,
        planId: input.planId ?? null,
        notes: input.notes ?? null,
        createdBy: ctx.user.id,
        completedAt: completed ? new Date() : null,
      })
      .returning(treatmentColumns);
    if (!inserted) throw new Error("treatment insert returned nothing");
    if (completed) await postCharge(tx, ctx.org, inserted, settings.numbering, ctx.user.id);
    const created = treatmentView(inserted, settings.numbering);
    audit({
      entityType: "treatment",
      entityId: created.id,
      patientId: created.patientId,
      after: created,
    });
    return created;
  });
}

/** Which fields an edit changes; a completed or existing treatment keeps all but its notes. */
export async function updateTreatment(
  ctx: ChartEditor,
  input: TreatmentUpdateInput,
): Promise<Treatment> {
  const settings = await chartSettings(ctx.db, ctx.org.id);
  return ctx.mutate(async (tx, audit) => {
    const before = await lockedTreatment(tx, ctx.org.id, input.id);
    const tooth =
      input.tooth === undefined
        ? before.tooth
        : input.tooth === null
          ? null
          : storedTooth(input.tooth, settings);
    const surfaces = input.surfaces ?? (input.tooth === undefined ? before.surfaces : []);
    const changes = {
      tooth,
      surfaces,
      description: input.description ?? before.description,
      priceMinor: input.priceMinor ?? before.priceMinor,
      discountMinor: input.discountMinor ?? before.discountMinor,
      performedOn: input.performedOn === undefined ? before.performedOn : input.performedOn,
      practitionerId:
        input.practitionerId === undefined ? before.practitionerId : input.practitionerId,
      notes: input.notes === undefined ? before.notes : input.notes,
    };
    const locked = before.status === "completed" || before.status === "existing";
    if (locked) {
      const { notes: _notes, ...rest } = changes;
      const changed = Object.entries(rest).some(
        ([key, value]) =>
          JSON.stringify(value) !== JSON.stringify(before[key as keyof TreatmentRow]),
      );
      if (changed) {
        throw conflict(
          "A completed treatment keeps what was done; only its notes can change. Correct the charge in the ledger.",
        );
      }
    }
    checkSurfaces(tooth, surfaces, settings);
    if (changes.discountMinor > changes.priceMinor) {
      throw new FieldError("BAD_REQUEST", {
        discountMinor: ["The discount cannot be more than the price"],
      });
    }
    const [after] = await tx
      .update(treatment)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(treatment.organizationId, ctx.org.id), eq(treatment.id, before.id)))
      .returning(treatmentColumns);
    if (!after) throw notFound("Treatment not found");
    const view = treatmentView(after, settings.numbering);
    audit({
      entityType: "treatment",
      entityId: view.id,
      patientId: view.patientId,
      before: treatmentView(before, settings.numbering),
      after: view,
    });
    return view;
  });
}

/** Where a treatment's status may go: completed and existing work stays as it is. */
const nextStatuses: Record<TreatmentStatus, readonly TreatmentStatus[]> = {
  planned: ["in_progress", "completed"],
  in_progress: ["planned", "completed"],
  completed: [],
  existing: [],
};

/** Moves a treatment on; completing it posts its charge to the ledger in the same transaction. */
export async function setTreatmentStatus(
  ctx: ChartEditor,
  input: { id: string; status: TreatmentStatus },
): Promise<Treatment> {
  const settings = await chartSettings(ctx.db, ctx.org.id);
  return ctx.mutate(async (tx, audit) => {
    const before = await lockedTreatment(tx, ctx.org.id, input.id);
    if (!nextStatuses[before.status].includes(input.status)) {
      throw new FieldError("CONFLICT", {
        status: [
          before.status === "completed" || before.status === "existing"
            ? "This treatment is done; its status no longer changes"
            : `A treatment that is ${before.status.replace("_", " ")} cannot become ${input.status.replace("_", " ")}`,
        ],
      });
    }
    const completed = input.status === "completed";
    const [after] = await tx
      .update(treatment)
      .set({
        status: input.status,
        updatedAt: new Date(),
        ...(completed
          ? {
              completedAt: new Date(),
              performedOn: before.performedOn ?? practiceToday(ctx.org.timeZone),
            }
          : {}),
      })
      .where(and(eq(treatment.organizationId, ctx.org.id), eq(treatment.id, before.id)))
      .returning(treatmentColumns);
    if (!after) throw notFound("Treatment not found");
    if (completed) await postCharge(tx, ctx.org, after, settings.numbering, ctx.user.id);
    const view = treatmentView(after, settings.numbering);
    audit({
      entityType: "treatment",
      entityId: view.id,
      patientId: view.patientId,
      before: treatmentView(before, settings.numbering),
      after: view,
    });
    return view;
  });
}

/** Takes a planned treatment entered by mistake off the chart (kept, marked removed). */
export async function removeTreatment(ctx: ChartEditor, id: string): Promise<{ ok: true }> {
  const settings = await chartSettings(ctx.db, ctx.org.id);
  return ctx.mutate(async (tx, audit) => {
    const before = await lockedTreatment(tx, ctx.org.id, id);
    if (before.status !== "planned") {
      throw conflict("Only a planned treatment can be removed");
    }
    await tx
      .update(treatment)
      .set({ removedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(treatment.organizationId, ctx.org.id), eq(treatment.id, before.id)));
    audit({
      entityType: "treatment",
      entityId: before.id,
      patientId: before.patientId,
      before: treatmentView(before, settings.numbering),
    });
    return { ok: true as const };
  });
}

// ---------------------------------------------------------------------------------------------
// Conditions

export async function addCondition(ctx: ChartEditor, input: ConditionAddInput): Promise<Condition> {
  const settings = await chartSettings(ctx.db, ctx.org.id);
  const tooth = storedTooth(input.tooth, settings);
  checkSurfaces(tooth, input.surfaces, settings);
  return ctx.mutate(async (tx, audit) => {
    await getPatient(tx, ctx.org.id, input.patientId);
    const [row] = await tx
      .insert(toothCondition)
      .values({
        organizationId: ctx.org.id,
        patientId: input.patientId,
        tooth,
        surfaces: input.surfaces,
        condition: input.condition,
        notes: input.notes ?? null,
        notedBy: ctx.user.id,
      })
      .returning(conditionColumns);
    if (!row) throw new Error("condition insert returned nothing");
    const created = conditionView(row, settings.numbering);
    audit({
      entityType: "tooth_condition",
      entityId: created.id,
      patientId: created.patientId,
      after: created,
    });
    return created;
  });
}

export async function resolveCondition(ctx: ChartEditor, id: string): Promise<Condition> {
  const settings = await chartSettings(ctx.db, ctx.org.id);
  return ctx.mutate(async (tx, audit) => {
    const [before] = await tx
      .select(conditionColumns)
      .from(toothCondition)
      .where(and(eq(toothCondition.organizationId, ctx.org.id), eq(toothCondition.id, id)))
      .for("update");
    if (!before) throw notFound("Condition not found");
    if (before.resolvedAt) throw conflict("This condition is already resolved");
    const [after] = await tx
      .update(toothCondition)
      .set({ resolvedAt: new Date() })
      .where(and(eq(toothCondition.organizationId, ctx.org.id), eq(toothCondition.id, id)))
      .returning(conditionColumns);
    if (!after) throw notFound("Condition not found");
    const view = conditionView(after, settings.numbering);
    audit({
      entityType: "tooth_condition",
      entityId: view.id,
      patientId: view.patientId,
      before: conditionView(before, settings.numbering),
      after: view,
    });
    return view;
  });
}

// ---------------------------------------------------------------------------------------------
// Treatment plans

async function planWithItems(tx: Database, org: { id: string }, row: PlanRow): Promise<Plan> {
  const settings = await chartSettings(tx, org.id);
  const rows = await tx
    .select(treatmentColumns)
    .from(treatment)
    .where(
      and(
        eq(treatment.organizationId, org.id),
        eq(treatment.planId, row.id),
        isNull(treatment.removedAt),
      ),
    )
    .orderBy(asc(treatment.createdAt), asc(treatment.id));
  return planView(
    row,
    rows.map((r) => treatmentView(r, settings.numbering)),
  );
}

/** A draft plan, empty or grouping planned treatments of the patient. */
export function createPlan(ctx: ChartEditor, input: PlanCreateInput): Promise<Plan> {
  return ctx.mutate(async (tx, audit) => {
    await getPatient(tx, ctx.org.id, input.patientId);
    const ids = [...new Set(input.treatmentIds)];
    if (ids.length > 0) {
      const rows = await tx
        .select({ id: treatment.id, status: treatment.status, planStatus: treatmentPlan.status })
        .from(treatment)
        .leftJoin(
          treatmentPlan,
          and(
            eq(treatmentPlan.organizationId, treatment.organizationId),
            eq(treatmentPlan.id, treatment.planId),
          ),
        )
        .where(
          and(
            eq(treatment.organizationId, ctx.org.id),
            eq(treatment.patientId, input.patientId),
            inArray(treatment.id, ids),
            isNull(treatment.removedAt),
          ),
        )
        .for("update", { of: treatment });
      if (rows.length !== ids.length) throw notFound("Treatment not found");
      if (rows.some((row) => row.status !== "planned")) {
        throw new FieldError("CONFLICT", {
          treatmentIds: ["Only planned treatments go in a plan"],
        });
      }
      if (rows.some((row) => row.planStatus === "accepted")) {
        throw new FieldError("CONFLICT", {
          treatmentIds: ["A treatment of an accepted plan stays in that plan"],
        });
      }
    }
    const [row] = await tx
      .insert(treatmentPlan)
      .values({
        organizationId: ctx.org.id,
        patientId: input.patientId,
        title: input.title,
        notes: input.notes ?? null,
        createdBy: ctx.user.id,
      })
      .returning(planColumns);
    if (!row) throw new Error("plan insert returned nothing");
    if (ids.length > 0) {
      await tx
        .update(treatment)
        .set({ planId: row.id, updatedAt: new Date() })
        .where(and(eq(treatment.organizationId, ctx.org.id), inArray(treatment.id, ids)));
    }
    const created = await planWithItems(tx, ctx.org, row);
    audit({
      entityType: "treatment_plan",
      entityId: created.id,
      patientId: created.patientId,
      after: created,
    });
    return created;
  });
}

/** Puts a draft (or a declined plan, revised) to the patient. */
export function proposePlan(ctx: ChartEditor, id: string): Promise<Plan> {
  return ctx.mutate(async (tx, audit) => {
    const before = await lockedPlan(tx, ctx.org.id, id);
    if (before.status !== "draft" && before.status !== "declined") {
      throw conflict(`This plan is already ${before.status}`);
    }
    const current = await planWithItems(tx, ctx.org, before);
    if (current.treatments.length === 0) {
      throw conflict("Add planned treatments before proposing the plan");
    }
    const [row] = await tx
      .update(treatmentPlan)
      .set({ status: "proposed", decidedAt: null, decidedBy: null, updatedAt: new Date() })
      .where(and(eq(treatmentPlan.organizationId, ctx.org.id), eq(treatmentPlan.id, id)))
      .returning(planColumns);
    if (!row) throw notFound("Treatment plan not found");
    const after = { ...current, ...row };
    audit({
      entityType: "treatment_plan",
      entityId: id,
      patientId: before.patientId,
      before,
      after: row,
    });
    return after;
  });
}

/**
 * Records the patient's decision on a proposed plan: staff on the patient's word, or the
 * patient in the portal (`patientId`: their own plans only).
 */
export function decidePlan(
  ctx: ChartEditor,
  input: { id: string; decision: "accepted" | "declined" },
  patientId?: string,
): Promise<Plan> {
  return ctx.mutate(async (tx, audit) => {
    const before = await lockedPlan(tx, ctx.org.id, input.id, patientId);
    // A patient sees no drafts: to them a draft does not exist.
    if (patientId && before.status === "draft") throw notFound("Treatment plan not found");
    if (before.status !== "proposed") {
      throw conflict(
        before.status === "draft"
          ? "Propose the plan to the patient first"
          : `This plan was already ${before.status}`,
      );
    }
    const [row] = await tx
      .update(treatmentPlan)
      .set({
        status: input.decision,
        decidedAt: new Date(),
        decidedBy: ctx.user.id,
        updatedAt: new Date(),
      })
      .where(and(eq(treatmentPlan.organizationId, ctx.org.id), eq(treatmentPlan.id, input.id)))
      .returning(planColumns);
    if (!row) throw notFound("Treatment plan not found");
    audit({
      entityType: "treatment_plan",
      entityId: row.id,
      patientId: row.patientId,
      before,
      after: row,
    });
    return planWithItems(tx, ctx.org, row);
  });
}
