import {
  ByIdInput,
  PatientAppointmentsInput,
  PatientConsentInput,
  PatientCreateInput,
  PatientInviteInput,
  PatientLinkUserInput,
  PatientListInput,
  PatientMessagesInput,
  PatientOutput,
  PatientPageOutput,
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
import { invitePatient } from "../service/invitation";
import {
  patientAppointments,
  patientConsent,
  patientMessages,
  setPatientConsent,
} from "../service/patient-activity";
import { orgProcedure } from "../trpc";

export const patientRouter = {
  /** Browse (sorted by name or newest) or search as you type (ranked, fuzzy). */
  list: orgProcedure("patient.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/patients",
        tags: ["patients"],
        summary: "Browse or search the organization's patients",
        description:
          "Without `search`: sorted by `sort`, a page at a time (`cursor`). With it: ranked, fuzzy matches on name, mobile and email.",
      },
    })
    .input(PatientListInput)
    .output(PatientPageOutput)
    .query(({ ctx, input }) => listPatients(ctx.db, ctx.org, input)),

  byId: orgProcedure("patient.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/patients/{id}",
        tags: ["patients"],
        summary: "One patient",
      },
    })
    .input(ByIdInput)
    .output(PatientOutput)
    .query(({ ctx, input }) => getPatient(ctx.db, ctx.org.id, input.id)),

  create: orgProcedure("patient.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/v1/patients",
        tags: ["patients"],
        summary: "Register a patient",
        description:
          "The mobile is stored in E.164 (a number without a country code is read in the organization's country) and is unique per organization: 409 on `mobile` otherwise.",
      },
    })
    .input(PatientCreateInput)
    .output(PatientOutput)
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

  /** Emails the patient an invitation to the portal, their record linked when they accept. */
  invite: orgProcedure("patient.write")
    .meta({ rateLimit: "credentials" })
    .input(PatientInviteInput)
    .mutation(({ ctx, input }) => invitePatient(ctx, input.patientId)),

  /** The patient's upcoming and past appointments (the patient page). */
  appointments: orgProcedure("appointment.read")
    .input(PatientAppointmentsInput)
    .query(({ ctx, input }) => patientAppointments(ctx.db, ctx.org.id, input.patientId)),

  /** Messages sent to the patient, newest first, recipients partly masked. */
  messages: orgProcedure("patient.read")
    .input(PatientMessagesInput)
    .query(({ ctx, input }) => patientMessages(ctx.db, ctx.org.id, input)),

  /** The channels the patient agreed to be messaged on. */
  consent: orgProcedure("patient.read")
    .input(ByIdInput)
    .query(({ ctx, input }) => patientConsent(ctx.db, ctx.org.id, input.id)),

  /** Records what the patient agreed to, as staff heard it (now, source "staff"). */
  setConsent: orgProcedure("patient.write")
    .input(PatientConsentInput)
    .mutation(({ ctx, input }) => setPatientConsent(ctx, input)),
} satisfies TRPCRouterRecord;
