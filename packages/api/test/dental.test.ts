// The dental chart: teeth in the practice's numbering, surfaces a tooth really has, prices and
// discounts that make sense, statuses that only move forward, completion that charges the
// ledger once, and treatment plans the patient accepts.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createPatient,
  createStockedPractice,
  databaseDigest,
  failureOf,
  type Caller,
  type StockedPractice,
} from "@caredesk/api/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let practice: StockedPractice;
let other: StockedPractice;
let staff: Caller;
let doctor: Caller;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  [practice, other] = await Promise.all([
    createStockedPractice(db, { name: "Nile Dental" }),
    createStockedPractice(db, { name: "Delta Dental" }),
  ]);
  staff = await callerFor(db, {
    token: practice.owner.token,
    organizationId: practice.organization.id,
  });
  doctor = await callerFor(db, {
    token: practice.doctor.token,
    organizationId: practice.organization.id,
  });
});
afterAll(() => database.drop());

async function newPatient() {
  return (await createPatient(staff)).id;
}

async function setNumbering(numbering: "universal" | "fdi", primary = false) {
  await db
    .update(schema.organization)
    .set({ toothNumbering: numbering, chartPrimaryTeeth: primary })
    .where(eq(schema.organization.id, practice.organization.id));
}

function chargesOf(treatmentId: string) {
  return db
    .select()
    .from(schema.ledgerEntry)
    .where(
      and(
        eq(schema.ledgerEntry.organizationId, practice.organization.id),
        eq(schema.ledgerEntry.treatmentId, treatmentId),
        eq(schema.ledgerEntry.kind, "charge"),
      ),
    );
}

describe("teeth in the practice's numbering", () => {
  it("stores Universal and reads FDI back when the practice writes FDI", async () => {
    const patientId = await newPatient();
    await setNumbering("fdi");
    try {
      const added = await doctor.chart.addTreatment({
        patientId,
        tooth: "14",
        surfaces: ["M", "O", "D"],
        description: "Composite filling",
        priceMinor: 8_000,
      });
      expect(added.tooth).toBe("14");
      expect(added.universalTooth).toBe("5");
      const [row] = await db
        .select({ tooth: schema.treatment.tooth })
        .from(schema.treatment)
        .where(eq(schema.treatment.id, added.id));
      expect(row?.tooth).toBe("5");
      const chart = await doctor.chart.get({ patientId });
      expect(chart.numbering).toBe("fdi");
      expect(chart.teeth.map((t) => t.tooth)).toEqual(["14"]);
    } finally {
      await setNumbering("universal");
    }
    const chart = await doctor.chart.get({ patientId });
    expect(chart.teeth.map((t) => t.tooth)).toEqual(["5"]);
  });

  it.each([
    ["universal", "33"],
    ["universal", "48"],
    ["universal", "A"],
    ["fdi", "9"],
    ["fdi", "49"],
  ] as const)(
    "refuses tooth %s %s with a field message and writes nothing",
    async (numbering, tooth) => {
      const patientId = await newPatient();
      await setNumbering(numbering);
      try {
        const before = await databaseDigest(db);
        const failure = await failureOf(
          doctor.chart.addTreatment({ patientId, tooth, description: "Filling", priceMinor: 100 }),
        );
        expect(failure.code).toBe("BAD_REQUEST");
        expect(failure.fieldErrors?.tooth?.[0]).toMatch(/not a tooth/);
        expect(await databaseDigest(db)).toEqual(before);
      } finally {
        await setNumbering("universal");
      }
    },
  );

  it("takes primary teeth only where the practice charts them", async () => {
    const patientId = await newPatient();
    const refused = await failureOf(
      doctor.chart.addCondition({ patientId, tooth: "A", condition: "caries" }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    await setNumbering("universal", true);
    try {
      const noted = await doctor.chart.addCondition({ patientId, tooth: "a", condition: "caries" });
      expect(noted.tooth).toBe("A");
    } finally {
      await setNumbering("universal");
    }
  });
});

describe("bad chart input answers 4xx and writes nothing", () => {
  it("refuses O on an incisor", async () => {
    const patientId = await newPatient();
    const before = await databaseDigest(db);
    const failure = await failureOf(
      doctor.chart.addTreatment({
        patientId,
        tooth: "8",
        surfaces: ["M", "O"],
        description: "Filling",
        priceMinor: 100,
      }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors?.surfaces?.[0]).toBe("Tooth 8 has no O surface");
    expect(await databaseDigest(db)).toEqual(before);
  });

  it("refuses a negative price", async () => {
    const patientId = await newPatient();
    const before = await databaseDigest(db);
    const failure = await failureOf(
      doctor.chart.addTreatment({ patientId, tooth: "3", description: "Filling", priceMinor: -5 }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors?.priceMinor).toBeDefined();
    expect(await databaseDigest(db)).toEqual(before);
  });

  it("refuses a discount above the price, also above a service's prefilled price", async () => {
    const patientId = await newPatient();
    const before = await databaseDigest(db);
    const given = await failureOf(
      doctor.chart.addTreatment({
        patientId,
        tooth: "3",
        description: "Filling",
        priceMinor: 100,
        discountMinor: 101,
      }),
    );
    expect(given.code).toBe("BAD_REQUEST");
    expect(given.fieldErrors?.discountMinor).toBeDefined();
    const prefilled = await failureOf(
      doctor.chart.addTreatment({
        patientId,
        tooth: "3",
        serviceId: practice.ids.service,
        discountMinor: 50_001,
      }),
    );
    expect(prefilled.code).toBe("BAD_REQUEST");
    expect(prefilled.fieldErrors?.discountMinor).toBeDefined();
    expect(await databaseDigest(db)).toEqual(before);
  });

  it("answers NOT_FOUND for another practice's patient or service", async () => {
    const patientId = await newPatient();
    const before = await databaseDigest(db);
    expect(
      (
        await failureOf(
          doctor.chart.addTreatment({
            patientId: other.ids.patient,
            tooth: "3",
            serviceId: practice.ids.service,
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await failureOf(
          doctor.chart.addTreatment({ patientId, tooth: "3", serviceId: other.ids.service }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect((await failureOf(doctor.chart.get({ patientId: other.ids.patient }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await databaseDigest(db)).toEqual(before);
  });
});

describe("treatments", () => {
  it("prefills the price and description from the service", async () => {
    const patientId = await newPatient();
    const added = await doctor.chart.addTreatment({
      patientId,
      tooth: "14",
      surfaces: ["M", "O", "D"],
      serviceId: practice.ids.service,
      discountMinor: 5_000,
    });
    expect(added).toMatchObject({
      description: "Echocardiogram",
      priceMinor: 50_000,
      discountMinor: 5_000,
      chargeMinor: 45_000,
      status: "planned",
    });
  });

  it("posts one charge of price less discount when completed, in the same transaction", async () => {
    const patientId = await newPatient();
    const added = await doctor.chart.addTreatment({
      patientId,
      tooth: "14",
      surfaces: ["M", "O", "D"],
      description: "Composite filling",
      priceMinor: 12_000,
      discountMinor: 2_000,
    });
    expect(await chargesOf(added.id)).toHaveLength(0);
    await doctor.chart.setTreatmentStatus({ id: added.id, status: "in_progress" });
    const done = await doctor.chart.setTreatmentStatus({ id: added.id, status: "completed" });
    expect(done.status).toBe("completed");
    expect(done.performedOn).not.toBeNull();
    const charges = await chargesOf(added.id);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ amountMinor: 10_000, currency: "GBP", patientId });

    const again = await failureOf(
      doctor.chart.setTreatmentStatus({ id: added.id, status: "completed" }),
    );
    expect(again.code).toBe("CONFLICT");
    expect(await chargesOf(added.id)).toHaveLength(1);
    const ledger = await doctor.ledger.get({ patientId });
    expect(ledger.balanceMinor).toBe(10_000);
  });

  it("charges a treatment recorded as completed, and nothing for existing work", async () => {
    const patientId = await newPatient();
    const completed = await doctor.chart.addTreatment({
      patientId,
      description: "Scale and polish",
      priceMinor: 4_000,
      status: "completed",
    });
    const existing = await doctor.chart.addTreatment({
      patientId,
      tooth: "30",
      description: "Old crown",
      priceMinor: 0,
      status: "existing",
    });
    expect(await chargesOf(completed.id)).toHaveLength(1);
    expect(await chargesOf(existing.id)).toHaveLength(0);
    const chart = await doctor.chart.get({ patientId });
    expect(chart.wholeMouth.map((t) => t.id)).toEqual([completed.id]);
  });

  it("keeps a completed treatment as it was, except its notes", async () => {
    const patientId = await newPatient();
    const added = await doctor.chart.addTreatment({
      patientId,
      tooth: "3",
      description: "Filling",
      priceMinor: 100,
      status: "completed",
    });
    const refused = await failureOf(doctor.chart.updateTreatment({ id: added.id, priceMinor: 50 }));
    expect(refused.code).toBe("CONFLICT");
    const noted = await doctor.chart.updateTreatment({ id: added.id, notes: "Sensitive after" });
    expect(noted.notes).toBe("Sensitive after");
    expect((await failureOf(doctor.chart.removeTreatment({ id: added.id }))).code).toBe("CONFLICT");
  });

  it("edits a planned treatment, checking surfaces against the new tooth", async () => {
    const patientId = await newPatient();
    const added = await doctor.chart.addTreatment({
      patientId,
      tooth: "3",
      surfaces: ["O"],
      description: "Filling",
      priceMinor: 100,
    });
    const refused = await failureOf(
      doctor.chart.updateTreatment({ id: added.id, tooth: "8", surfaces: ["O"] }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    const moved = await doctor.chart.updateTreatment({
      id: added.id,
      tooth: "8",
      surfaces: ["I", "F"],
    });
    expect(moved).toMatchObject({ tooth: "8", surfaces: ["I", "F"] });
  });

  it("removes a planned treatment from the chart", async () => {
    const patientId = await newPatient();
    const added = await doctor.chart.addTreatment({
      patientId,
      tooth: "3",
      description: "Filling",
      priceMinor: 100,
    });
    await doctor.chart.removeTreatment({ id: added.id });
    const chart = await doctor.chart.get({ patientId });
    expect(chart.treatments).toHaveLength(0);
    expect((await failureOf(doctor.chart.removeTreatment({ id: added.id }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("records the chart's read, and audits changes with the patient", async () => {
    const patientId = await newPatient();
    const added = await doctor.chart.addTreatment({
      patientId,
      tooth: "3",
      description: "Filling",
      priceMinor: 100,
    });
    await doctor.chart.get({ patientId });
    const reads = await db
      .select()
      .from(schema.recordAccess)
      .where(eq(schema.recordAccess.patientId, patientId));
    expect(reads.map((r) => r.kind)).toEqual(["chart"]);
    const [audited] = await db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.entityId, added.id));
    expect(audited).toMatchObject({ action: "chart.addTreatment", patientId });
  });
});

describe("conditions", () => {
  it("notes a condition on a tooth and resolves it once", async () => {
    const patientId = await newPatient();
    const noted = await doctor.chart.addCondition({
      patientId,
      tooth: "14",
      surfaces: ["O"],
      condition: "caries",
    });
    const resolved = await doctor.chart.resolveCondition({ id: noted.id });
    expect(resolved.resolvedAt).not.toBeNull();
    expect((await failureOf(doctor.chart.resolveCondition({ id: noted.id }))).code).toBe(
      "CONFLICT",
    );
  });
});

describe("treatment plans", () => {
  it("groups planned treatments with totals, and the patient accepts it in the portal", async () => {
    const portal = await callerFor(db, {
      token: practice.portalUser.token,
      organizationId: practice.organization.id,
    });
    const patientId = practice.ids.patient;
    const [a, b] = await Promise.all([
      doctor.chart.addTreatment({
        patientId,
        tooth: "2",
        description: "Crown",
        priceMinor: 40_000,
      }),
      doctor.chart.addTreatment({
        patientId,
        tooth: "31",
        description: "Filling",
        priceMinor: 9_000,
        discountMinor: 1_000,
      }),
    ]);
    const plan = await doctor.chart.createPlan({
      patientId,
      title: "Phase 1",
      treatmentIds: [a.id, b.id],
    });
    expect(plan).toMatchObject({ status: "draft", priceMinor: 49_000, totalMinor: 48_000 });
    const hidden = await portal.chart.myPlans();
    expect(hidden.plans.map((p) => p.id)).not.toContain(plan.id);
    expect((await failureOf(portal.chart.acceptPlan({ id: plan.id }))).code).toBe("NOT_FOUND");

    await doctor.chart.proposePlan({ id: plan.id });
    const shown = await portal.chart.myPlans();
    expect(shown.plans.find((p) => p.id === plan.id)?.totalMinor).toBe(48_000);
    const accepted = await portal.chart.acceptPlan({ id: plan.id });
    expect(accepted.status).toBe("accepted");
    expect((await failureOf(portal.chart.declinePlan({ id: plan.id }))).code).toBe("CONFLICT");
  });

  it("refuses to propose an empty plan and to group completed treatments", async () => {
    const patientId = await newPatient();
    const empty = await doctor.chart.createPlan({ patientId, title: "Later" });
    expect((await failureOf(doctor.chart.proposePlan({ id: empty.id }))).code).toBe("CONFLICT");
    const done = await doctor.chart.addTreatment({
      patientId,
      tooth: "3",
      description: "Filling",
      priceMinor: 100,
      status: "completed",
    });
    expect(
      (await failureOf(doctor.chart.createPlan({ patientId, title: "X", treatmentIds: [done.id] })))
        .code,
    ).toBe("CONFLICT");
  });

  it("does not let staff group another patient's treatment", async () => {
    const patientId = await newPatient();
    const before = await databaseDigest(db);
    const failure = await failureOf(
      doctor.chart.createPlan({ patientId, title: "X", treatmentIds: [practice.ids.treatment] }),
    );
    expect(failure.code).toBe("NOT_FOUND");
    expect(await databaseDigest(db)).toEqual(before);
  });

  it("records the patient's decision given to staff", async () => {
    const patientId = await newPatient();
    const t = await doctor.chart.addTreatment({
      patientId,
      tooth: "3",
      description: "Filling",
      priceMinor: 100,
    });
    const plan = await doctor.chart.createPlan({ patientId, title: "P", treatmentIds: [t.id] });
    await doctor.chart.proposePlan({ id: plan.id });
    const declined = await doctor.chart.decidePlan({ id: plan.id, decision: "declined" });
    expect(declined.status).toBe("declined");
  });
});
