// The practice assistant: questions on the public site (the conversation reached with its token)
// and in the portal (the patient's own), handing over to a person, and the staff's inbox and
// settings. Everything belongs to the "assistant" feature: off, it answers NOT_FOUND (the public
// procedures check it on the live site).
import {
  AssistantAskInput,
  AssistantAskMineInput,
  AssistantConversationInput,
  AssistantConversationsInput,
  AssistantForgetInput,
  AssistantHandoverInput,
  AssistantHandoverMineInput,
  AssistantMineInput,
  AssistantSettingsInput,
  AssistantStreamInput,
  AssistantAnswerOutput,
  AssistantConversationOutput,
  AssistantDeletedOutput,
  ByIdInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { assistantReplies } from "../events";
import {
  askInPortal,
  askOnSite,
  assistantSettings,
  conversationTranscript,
  forgetPatientConversation,
  forgetSiteConversation,
  handOverPatientConversation,
  handOverSiteConversation,
  latestPatientConversation,
  listConversations,
  patientStreamKey,
  resolveConversation,
  siteConversationView,
  updateAssistantSettings,
} from "../service/assistant";
import { orgProcedure, patientProcedure, publicProcedure } from "../trpc";

const feature = { feature: "assistant" } as const;
const visitorProcedure = publicProcedure.meta({ public: true, rateLimit: "publicAssistant" });
const askingPatientProcedure = patientProcedure.meta({ ...feature, rateLimit: "publicAssistant" });

export const assistantRouter = {
  /**
   * A visitor's question on the practice's site. The first answer carries the new
   * conversation's token (kept by the visitor's browser); later questions send it back.
   */
  ask: visitorProcedure
    .input(AssistantAskInput)
    .mutation(({ ctx, input }) => askOnSite(ctx, input)),

  /**
   * The answer to the question asked with the same stream key, as it is written: `{ text, done }`
   * until done (or 60 s). The key is random and known only to the asker's browser.
   */
  reply: publicProcedure
    .meta({ public: true })
    .input(AssistantStreamInput)
    .subscription(({ ctx, input, signal }) =>
      assistantReplies(ctx.events, input.streamKey, signal),
    ),

  /** The visitor's conversation, shown again after a reload. */
  conversation: visitorProcedure
    .input(AssistantConversationInput)
    .query(({ ctx, input }) => siteConversationView(ctx.db, input)),

  /** The visitor deletes their conversation. */
  forget: visitorProcedure
    .input(AssistantForgetInput)
    .mutation(({ ctx, input }) => forgetSiteConversation(ctx, input)),

  /** The visitor asks for a person: the front desk gets it with the conversation. */
  handover: visitorProcedure
    .meta({ rateLimit: "publicBooking" })
    .input(AssistantHandoverInput)
    .mutation(({ ctx, input }) => handOverSiteConversation(ctx, input)),

  /** A portal patient's question; they may also be told their own appointments and bills. */
  askMine: askingPatientProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/v1/me/assistant/messages",
        tags: ["assistant"],
        summary: "Ask the practice's assistant (patients)",
        description:
          "Omit `conversationId` to start a conversation. Answers only from the practice's published data and the patient's own records, with citations; emergencies first with the local emergency number.",
      },
    })
    .input(AssistantAskMineInput)
    .output(AssistantAnswerOutput)
    .mutation(({ ctx, input }) => askInPortal(ctx, input)),

  /**
   * The portal patient's answer as it is written, under the key they asked with: only the signed-in
   * patient who asked hears it (their own records may be in it).
   */
  replyMine: patientProcedure
    .meta(feature)
    .input(AssistantStreamInput)
    .subscription(({ ctx, input, signal }) =>
      assistantReplies(ctx.events, patientStreamKey(ctx.patient.id, input.streamKey), signal),
    ),

  /** The portal patient's latest conversation (null when none). */
  mine: patientProcedure
    .meta({
      ...feature,
      openapi: {
        method: "GET",
        path: "/v1/me/assistant/conversation",
        tags: ["assistant"],
        summary: "The patient's latest conversation with the assistant (null when none)",
      },
    })
    .output(AssistantConversationOutput.nullable())
    .query(({ ctx }) => latestPatientConversation(ctx)),

  forgetMine: patientProcedure
    .meta({
      ...feature,
      openapi: {
        method: "DELETE",
        path: "/v1/me/assistant/conversations/{conversationId}",
        tags: ["assistant"],
        summary: "Delete one's conversation with the assistant and every message in it",
      },
    })
    .input(AssistantMineInput)
    .output(AssistantDeletedOutput)
    .mutation(({ ctx, input }) => forgetPatientConversation(ctx, input)),

  handoverMine: patientProcedure
    .meta({
      ...feature,
      openapi: {
        method: "POST",
        path: "/v1/me/assistant/conversations/{conversationId}/handover",
        tags: ["assistant"],
        summary: "Hand the conversation to the practice's front desk",
      },
    })
    .input(AssistantHandoverMineInput)
    .output(AssistantConversationOutput)
    .mutation(({ ctx, input }) => handOverPatientConversation(ctx, input)),

  /** The practice's conversations, newest first; "handed_over" is the front desk's inbox. */
  conversations: orgProcedure("assistant.read")
    .meta(feature)
    .input(AssistantConversationsInput)
    .query(({ ctx, input }) => listConversations(ctx, input)),

  transcript: orgProcedure("assistant.read")
    .meta(feature)
    .input(ByIdInput)
    .query(({ ctx, input }) => conversationTranscript(ctx, input.id)),

  /** A handed-over conversation was dealt with. */
  resolve: orgProcedure("assistant.read")
    .meta(feature)
    .input(ByIdInput)
    .mutation(({ ctx, input }) => resolveConversation(ctx, input.id)),

  settings: orgProcedure("assistant.manage")
    .meta(feature)
    .query(({ ctx }) => assistantSettings(ctx)),

  updateSettings: orgProcedure("assistant.manage")
    .meta(feature)
    .input(AssistantSettingsInput)
    .mutation(({ ctx, input }) => updateAssistantSettings(ctx, input)),
} satisfies TRPCRouterRecord;
