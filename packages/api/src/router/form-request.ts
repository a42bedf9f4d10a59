// Forms sent to patients by link, the staff's side: send, revoke, follow.
import { ByIdInput, FormRequestSendInput, PatientFormsInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { listFormRequests, revokeFormRequest, sendFormRequest } from "../service/form-request";
import { orgProcedure } from "../trpc";

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
