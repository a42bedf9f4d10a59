// Medical-history forms the practice builds: published as immutable versions.
import {
  ByIdInput,
  QuestionnaireCreateInput,
  QuestionnaireListInput,
  QuestionnaireUpdateInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  archiveQuestionnaire,
  createQuestionnaire,
  getQuestionnaire,
  listQuestionnaires,
  updateQuestionnaire,
} from "../service/questionnaire";
import { orgProcedure } from "../trpc";

export const questionnaireRouter = {
  /** Forms to send (every staff member may send; form.send covers reading them). */
  list: orgProcedure("form.send")
    .input(QuestionnaireListInput)
    .query(({ ctx, input }) => listQuestionnaires(ctx.db, ctx.org.id, input)),

  /** A form with its current version's questions and its version history. */
  byId: orgProcedure("form.send")
    .input(ByIdInput)
    .query(({ ctx, input }) => getQuestionnaire(ctx.db, ctx.org.id, input.id)),

  create: orgProcedure("form.manage")
    .input(QuestionnaireCreateInput)
    .mutation(({ ctx, input }) => createQuestionnaire(ctx, input)),

  /** Publishes the next version; unchanged content publishes nothing. */
  update: orgProcedure("form.manage")
    .input(QuestionnaireUpdateInput)
    .mutation(({ ctx, input }) => updateQuestionnaire(ctx, input)),

  archive: orgProcedure("form.manage")
    .input(ByIdInput)
    .mutation(({ ctx, input }) => archiveQuestionnaire(ctx, input.id)),
} satisfies TRPCRouterRecord;
