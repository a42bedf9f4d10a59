// The practice's questions and answers, written in settings: shown on its site and used by the
// assistant. Not behind the assistant feature: the site shows them either way.
import { ByIdInput, FaqInput, FaqMoveInput, FaqUpdateInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { createFaq, listFaqs, moveFaq, removeFaq, updateFaq } from "../service/faq";
import { orgProcedure } from "../trpc";

export const faqRouter = {
  /** In the order the site shows them. */
  list: orgProcedure("assistant.manage").query(({ ctx }) => listFaqs(ctx)),

  /** Adds a question at the end of the list. */
  create: orgProcedure("assistant.manage")
    .input(FaqInput)
    .mutation(({ ctx, input }) => createFaq(ctx, input)),

  update: orgProcedure("assistant.manage")
    .input(FaqUpdateInput)
    .mutation(({ ctx, input }) => updateFaq(ctx, input)),

  remove: orgProcedure("assistant.manage")
    .input(ByIdInput)
    .mutation(({ ctx, input }) => removeFaq(ctx, input.id)),

  /** One place up or down; answers the whole list in its new order. */
  move: orgProcedure("assistant.manage")
    .input(FaqMoveInput)
    .mutation(({ ctx, input }) => moveFaq(ctx, input)),
} satisfies TRPCRouterRecord;
