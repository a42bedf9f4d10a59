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
    .mutation(({ ctx, input }) =>
      ctx.mutate("patient.create", async (tx, audit) => {
        const created = await createPatient(tx, ctx.org, input);
        audit({ entityType: "patient", entityId: created.id, after: created });
        return created;
      }),
    ),

  update: orgProcedure("patient.write")
    .input(PatientUpdateInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("patient.update", async (tx, audit) => {
        const { before, after } = await updatePatient(tx, ctx.org, input);
        audit({ entityType: "patient", entityId: after.id, before, after });
        return after;
      }),
    ),

  archive: orgProcedure("patient.archive")
    .input(ByIdInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("patient.archive", async (tx, audit) => {
        const { before, after } = await setPatientArchived(tx, ctx.org.id, input.id, true);
        audit({ entityType: "patient", entityId: after.id, before, after });
        return after;
      }),
    ),

  restore: orgProcedure("patient.archive")
    .input(ByIdInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("patient.restore", async (tx, audit) => {
        const { before, after } = await setPatientArchived(tx, ctx.org.id, input.id, false);
        audit({ entityType: "patient", entityId: after.id, before, after });
        return after;
      }),
    ),

  /** Portal access: link the record to the patient's own account (or unlink with null). */
  linkAccount: orgProcedure("patient.write")
    .input(PatientLinkUserInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("patient.linkAccount", async (tx, audit) => {
        const { before, after } = await linkPatientAccount(tx, ctx.org.id, input.id, input.email);
        audit({ entityType: "patient", entityId: after.id, before, after });
        return after;
      }),
    ),
} satisfies TRPCRouterRecord;
