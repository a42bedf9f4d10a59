// The stocked practice's assistant: a FAQ entry, and the portal patient's conversation (asked,
// then handed over) plus a second one still open. Filled in by `createStockedPractice`
// (testing.ts) after the pharmacy parts; the generated isolation, audit and fuzz tests aim at
// the ids returned here.
import type { PharmacyStockingContext, PracticeIds } from "../testing";
import { callerFor } from "../testing";

export interface AssistantIds {
  faq: string;
  /** The portal patient's conversation, still open. */
  assistantConversation: string;
  /** Another of theirs, handed over to the front desk. */
  handedOverConversation: string;
}

export async function stockAssistant(context: PharmacyStockingContext): Promise<AssistantIds> {
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
  return {
    faq: faq.id,
    assistantConversation: open.conversationId,
    handedOverConversation: other.conversationId,
  };
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const assistantRecordOverrides: Record<string, keyof PracticeIds> = {
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
