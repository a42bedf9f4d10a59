// The patient's form link: public on purpose, the token is the only authority.
import { FormLinkInput, FormLinkSubmitInput, FormLinkVerifyInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { openFormLink, submitFormLink, verifyFormLink } from "../service/form-link";
import { publicProcedure } from "../trpc";

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
