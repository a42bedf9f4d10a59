import {
  ByIdInput,
  PatientCreateInput,
  PatientLinkUserInput,
  PatientListInput,
  PatientUpdateInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  createPatient,
  getPatient,
  linkPatientAccount,
  listPatients,
  setPatientArchived,
  updatePatient,
} from "../service/patient";
import { orgProcedure } from "../trpc";

export const patientRouter = {
  /** Browse (sorted by name or newest) or search as you type (ranked, fuzzy). */
  list: orgProcedure("patient.read")
    .input(PatientListInput)
    .query(({ ctx, input }) => listPatients(ctx.db, ctx.org, input)),

  byId: orgProcedure("patient.read")
    .input(ByIdInput)
    .query(({ ctx, input }) => getPatient(ctx.db, ctx.org.id, input.id)),

  create: orgProcedure("patient.write")
    .input(PatientCreateInput)
    .mutation(({ ctx, input }) => createPatient(ctx, input)),

  update: orgProcedure("patient.write")
    .input(PatientUpdateInput)
    .mutation(({ ctx, input }) => updatePatient(ctx, input)),

  archive: orgProcedure("patient.archive")
    .input(ByIdInput)
    .mutation(({ ctx, input }) => setPatientArchived(ctx, input.id, true)),

  restore: orgProcedure("patient.archive")
    .input(ByIdInput)
    .mutation(({ ctx, input }) => setPatientArchived(ctx, input.id, false)),

  /** Portal access: link the record to the patient's own account (or unlink with null). */
  linkAccount: orgProcedure("patient.write")
    .input(PatientLinkUserInput)
    .mutation(({ ctx, input }) => linkPatientAccount(ctx, input.id, input.email)),
} satisfies TRPCRouterRecord;
