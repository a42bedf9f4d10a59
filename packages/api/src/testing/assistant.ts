// The stocked practice's assistant: a FAQ entry, and the portal patient's conversation (asked,
// then handed over) plus a second one still open. Filled in by `createStockedPractice`
// (testing.ts) after the pharmacy parts; the generated isolation, audit and fuzz tests aim at
// the ids returned here.
import { schema } from "@caredesk/db";
import { eq } from "drizzle-orm";
import type { PharmacyStockingContext, PracticeIds } from "../testing";
import { callerFor } from "../testing";

export interface AssistantIds {
  faq: string;
  /** A site visitor's conversation (its token is among the practice's link tokens). */
  siteConversation: string;
  /** The portal patient's conversation, still open. */
  assistantConversation: string;
  /** Another of theirs, handed over to the front desk. */
  handedOverConversation: string;
}

export async function stockAssistant(
  context: PharmacyStockingContext,
): Promise<{ ids: AssistantIds; siteConversationToken: string }> {
  const faq = await context.staff.faq.create({
    question: "Is there parking?",
    answer: "Yes: free parking behind the building for two hours.",
  });
  const portal = await callerFor(context.db, {
    token: context.portalUser.token,
    organizationId: context.organizationId,
  });
  const open = await portal.assistant.askMine({ message: "When are you open?" });
  const other = await portal.assistant.askMine({ message: "Can I talk to a person?" });
  await portal.assistant.handoverMine({ conversationId: other.conversationId, note: "Call me" });
  const [site] = await context.db
    .select({ slug: schema.organization.slug })
    .from(schema.organization)
    .where(eq(schema.organization.id, context.organizationId));
  const visitor = await callerFor(context.db);
  if (!site) throw new Error("the stocked practice has no slug");
  const asked = await visitor.assistant.ask({ slug: site.slug, message: "Where are you?" });
  if (!asked.token) throw new Error("a new conversation came without its token");
  return {
    ids: {
      faq: faq.id,
      siteConversation: asked.conversationId,
      assistantConversation: open.conversationId,
      handedOverConversation: other.conversationId,
    },
    siteConversationToken: asked.token,
  };
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const assistantRecordOverrides: Record<string, keyof PracticeIds> = {
  // The site's procedures reach a visitor's conversation (with its token).
  "assistant.ask conversationId": "siteConversation",
  "assistant.conversation conversationId": "siteConversation",
  "assistant.forget conversationId": "siteConversation",
  "assistant.handover conversationId": "siteConversation",
  // Only a handed-over conversation is resolved.
  "assistant.resolve id": "handedOverConversation",
};
/** An id field's name → the record it names, in every procedure. */
export const assistantRecordOfIdField: Record<string, keyof PracticeIds> = {
  conversationId: "assistantConversation",
};
/** A router's `id` field → the record it names. */
export const assistantRecordOfRouterId: Record<string, keyof PracticeIds> = {
  assistant: "assistantConversation",
  faq: "faq",
};
