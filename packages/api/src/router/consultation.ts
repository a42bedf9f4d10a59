import {
  AddendumInput,
  ByIdInput,
  ConsultationDocumentInput,
  ConsultationListInput,
  ConsultationStartInput,
  ConsultationUpdateInput,
  MyConsultationsInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  addConsultationAddendum,
  attachConsultationDocument,
  detachConsultationDocument,
  discardConsultation,
  listConsultations,
  listMyConsultations,
  readConsultation,
  signConsultation,
  startConsultation,
  updateConsultation,
} from "../service/consultation";
import { orgProcedure, patientProcedure } from "../trpc";

export const consultationRouter = {
  list: orgProcedure("consultation.read")
    .input(ConsultationListInput)
    .query(({ ctx, input }) => listConsultations(ctx, input)),

  byId: orgProcedure("consultation.read")
    .input(ByIdInput)
    .query(({ ctx, input }) => readConsultation(ctx, input.id)),

  start: orgProcedure("consultation.write")
    .input(ConsultationStartInput)
    .mutation(({ ctx, input }) => startConsultation(ctx, input)),

  /** A draft only; a signed consultation answers CONFLICT and is corrected by an addendum. */
  update: orgProcedure("consultation.write")
    .input(ConsultationUpdateInput)
    .mutation(({ ctx, input }) => updateConsultation(ctx, input)),

  attachDocument: orgProcedure("consultation.write")
    .input(ConsultationDocumentInput)
    .mutation(({ ctx, input }) => attachConsultationDocument(ctx, input)),

  detachDocument: orgProcedure("consultation.write")
    .input(ConsultationDocumentInput)
    .mutation(({ ctx, input }) => detachConsultationDocument(ctx, input)),

  sign: orgProcedure("consultation.write")
    .input(ByIdInput)
    .mutation(({ ctx, input }) => signConsultation(ctx, input.id)),

  addAddendum: orgProcedure("consultation.write")
    .input(AddendumInput)
    .mutation(({ ctx, input }) => addConsultationAddendum(ctx, input)),

  discard: orgProcedure("consultation.write")
    .input(ByIdInput)
    .mutation(({ ctx, input }) => discardConsultation(ctx, input.id)),

  /** The portal: the caller's signed consultations with diagnoses, prescriptions and addenda. */
  mine: patientProcedure
    .input(MyConsultationsInput)
    .query(({ ctx, input }) => listMyConsultations(ctx, input)),
} satisfies TRPCRouterRecord;
