// Forms sent to patients by link: the staff's side (send, revoke, follow, read what was
// signed) and the patient's link (public on purpose: the token is the only authority).
import {
  ByIdInput,
  FormLinkInput,
  FormLinkSubmitInput,
  FormLinkVerifyInput,
  FormRequestSendInput,
  PatientFormsInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  getFormSubmission,
  listFormRequests,
  listFormSubmissions,
  openFormLink,
  patientFormAlerts,
  revokeFormRequest,
  sendFormRequest,
  submitFormLink,
  verifyFormLink,
} from "../service/form-request";
import { orgProcedure, publicProcedure } from "../trpc";

export const formRequestRouter = {
  /** Sends the form's current version by email or SMS; the link expires after some days. */
  send: orgProcedure("form.send")
    .input(FormRequestSendInput)
    .mutation(({ ctx, input }) => sendFormRequest(ctx, input)),

  /** The link stops working. */
  revoke: orgProcedure("form.send")
    .input(ByIdInput)
    .mutation(({ ctx, input }) => revokeFormRequest(ctx, input.id)),

  /** A patient's requests with their status and their message's delivery status. */
  list: orgProcedure("form.read")
    .input(PatientFormsInput)
    .query(({ ctx, input }) => listFormRequests(ctx.db, ctx.org.id, input.patientId)),
} satisfies TRPCRouterRecord;

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

const formLinkProcedure = publicProcedure.meta({ public: true, rateLimit: "credentials" });

export const formLinkRouter = {
  /** Whether the link can be used, the practice and the form's title (no questions yet). */
  open: formLinkProcedure
    .input(FormLinkInput)
    .query(({ ctx, input }) => openFormLink(ctx.db, input)),

  /** The patient confirms their date of birth and gets the questions; wrong ones lock it. */
  verify: formLinkProcedure
    .input(FormLinkVerifyInput)
    .mutation(({ ctx, input }) => verifyFormLink(ctx, input)),

  /** The signed answers: kept once, with the PDF filed on the patient's record. */
  submit: formLinkProcedure
    .input(FormLinkSubmitInput)
    .mutation(({ ctx, input }) => submitFormLink(ctx, input)),
} satisfies TRPCRouterRecord;
