// Signed forms as staff read them: every read is recorded on the patient's record.
import { ByIdInput, PatientFormsInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  getFormSubmission,
  listFormSubmissions,
  patientFormAlerts,
} from "../service/form-submission";
import { orgProcedure } from "../trpc";

export const formSubmissionRouter = {
  /** A patient's signed forms (recorded as a read of their record). */
  list: orgProcedure("form.read")
    .input(PatientFormsInput)
    .query(({ ctx, input }) => listFormSubmissions(ctx, input.patientId)),

  /** One signed form with the questions of its own version and the evidence. */
  byId: orgProcedure("form.read")
    .input(ByIdInput)
    .query(({ ctx, input }) => getFormSubmission(ctx, input.id)),

  /** The alerts of each form's newest submission, for the patient's header. */
  alerts: orgProcedure("form.read")
    .input(PatientFormsInput)
    .query(({ ctx, input }) => patientFormAlerts(ctx.db, ctx.org.id, input.patientId)),
} satisfies TRPCRouterRecord;
