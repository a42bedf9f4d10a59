// The patient portal: a patient-role member sees and edits only their own record.
// No procedure here takes a patient id; the record is always the signed-in user's own.
import {
  Pagination,
  PatientOutput,
  PortalDocumentCreateInput,
  PortalProfileUpdateInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { createDocument, listDocuments } from "../service/document";
import { updatePatient } from "../service/patient";
import { patientProcedure } from "../trpc";

export const portalRouter = {
  me: patientProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/me/patient",
        tags: ["my appointments"],
        summary: "The signed-in patient's own record",
      },
    })
    .output(PatientOutput)
    .query(({ ctx }) => ctx.patient),

  updateProfile: patientProcedure
    .input(PortalProfileUpdateInput)
    .mutation(({ ctx, input }) => updatePatient(ctx, { ...input, id: ctx.patient.id })),

  documents: patientProcedure
    .input(Pagination)
    .query(({ ctx, input }) =>
      listDocuments(ctx.db, ctx.org.id, { ...input, patientId: ctx.patient.id }),
    ),

  addDocument: patientProcedure
    .input(PortalDocumentCreateInput)
    .mutation(({ ctx, input }) =>
      createDocument(ctx, { ...input, patientId: ctx.patient.id }, { ownUploadsOnly: true }),
    ),
} satisfies TRPCRouterRecord;
