import {
  ByIdInput,
  ChartGetInput,
  ConditionAddInput,
  PlanCreateInput,
  PlanDecisionInput,
  TreatmentAddInput,
  TreatmentStatusInput,
  TreatmentUpdateInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  addCondition,
  addTreatment,
  createPlan,
  decidePlan,
  getChart,
  myPlans,
  proposePlan,
  removeTreatment,
  resolveCondition,
  setTreatmentStatus,
  updateTreatment,
} from "../service/dental";
import { orgProcedure, patientProcedure } from "../trpc";

export const chartRouter = {
  /** The odontogram's data: teeth with conditions and treatments, plans with totals. */
  get: orgProcedure("chart.read")
    .input(ChartGetInput)
    .query(({ ctx, input }) => getChart(ctx, input.patientId)),

  addTreatment: orgProcedure("chart.write")
    .input(TreatmentAddInput)
    .mutation(({ ctx, input }) => addTreatment(ctx, input)),

  updateTreatment: orgProcedure("chart.write")
    .input(TreatmentUpdateInput)
    .mutation(({ ctx, input }) => updateTreatment(ctx, input)),

  /** Completing a treatment charges it to the patient's ledger, once. */
  setTreatmentStatus: orgProcedure("chart.write")
    .input(TreatmentStatusInput)
    .mutation(({ ctx, input }) => setTreatmentStatus(ctx, input)),

  removeTreatment: orgProcedure("chart.write")
    .input(ByIdInput)
    .mutation(({ ctx, input }) => removeTreatment(ctx, input.id)),

  addCondition: orgProcedure("chart.write")
    .input(ConditionAddInput)
    .mutation(({ ctx, input }) => addCondition(ctx, input)),

  resolveCondition: orgProcedure("chart.write")
    .input(ByIdInput)
    .mutation(({ ctx, input }) => resolveCondition(ctx, input.id)),

  createPlan: orgProcedure("chart.write")
    .input(PlanCreateInput)
    .mutation(({ ctx, input }) => createPlan(ctx, input)),

  proposePlan: orgProcedure("chart.write")
    .input(ByIdInput)
    .mutation(({ ctx, input }) => proposePlan(ctx, input.id)),

  /** Staff record the patient's decision, given in person or by phone. */
  decidePlan: orgProcedure("chart.write")
    .input(PlanDecisionInput)
    .mutation(({ ctx, input }) => decidePlan(ctx, input)),

  /** The portal: the caller's plans that were proposed to them. */
  myPlans: patientProcedure.query(({ ctx }) => myPlans(ctx)),

  acceptPlan: patientProcedure
    .input(ByIdInput)
    .mutation(({ ctx, input }) =>
      decidePlan(ctx, { id: input.id, decision: "accepted" }, ctx.patient.id),
    ),

  declinePlan: patientProcedure
    .input(ByIdInput)
    .mutation(({ ctx, input }) =>
      decidePlan(ctx, { id: input.id, decision: "declined" }, ctx.patient.id),
    ),
} satisfies TRPCRouterRecord;
