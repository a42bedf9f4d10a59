// Inputs of the practice assistant: questions on the public site (a conversation reached with
// its token) and in the portal (the patient's own), handing over to a person, the staff's view
// of conversations, and the FAQ and settings a practice writes for it.
import { z } from "zod";
import {
  Code,
  Cursor,
  Id,
  MultiLine,
  OptionalMultiLine,
  PageLimit,
  PersonName,
  Phone,
  Slug,
} from "./common";

export const assistantLimits = {
  message: 1000,
  faqQuestion: 200,
  faqAnswer: 2000,
  faqs: 60,
  note: 500,
} as const;

export const assistantLocales = ["en", "ar"] as const;
export type AssistantLocale = (typeof assistantLocales)[number];
export const AssistantLocale = z.enum(assistantLocales, "Choose English or Arabic");

/** A site visitor's conversation token: 32 random bytes, base64url (the server mints it). */
export const ConversationToken = Code(/^[A-Za-z0-9_-]{43}$/, "Not a conversation token", 43);

/**
 * A question's live stream: at least 128 random bits the browser makes per question
 * (crypto.getRandomValues), base64url. Only the asker knows it, so only they see the deltas.
 */
export const AssistantStreamKey = Code(/^[A-Za-z0-9_-]{22,64}$/, "Not a stream key", 64);

const Question = MultiLine(assistantLimits.message, {
  required: "Type a question",
  tooLong: `Keep a question under ${assistantLimits.message} characters`,
});

/** The conversation a visitor already has: both or neither. */
const SiteConversation = z.object({
  slug: Slug,
  conversationId: Id,
  token: ConversationToken,
});

export const AssistantAskInput = z
  .object({
    slug: Slug,
    /** Omitted for the first question: the answer carries the new conversation and its token. */
    conversationId: Id.optional(),
    token: ConversationToken.optional(),
    message: Question,
    locale: AssistantLocale.optional(),
    /** The answer is streamed under this key while it is written (assistant.reply). */
    streamKey: AssistantStreamKey.optional(),
  })
  .refine((v) => (v.conversationId === undefined) === (v.token === undefined), {
    message: "A conversation needs its token",
    path: ["token"],
  });

export const AssistantConversationInput = SiteConversation;
export const AssistantForgetInput = SiteConversation;

export const AssistantHandoverInput = SiteConversation.extend({
  name: PersonName,
  phone: Phone,
  note: OptionalMultiLine(assistantLimits.note),
});

export const AssistantAskMineInput = z.object({
  conversationId: Id.optional(),
  message: Question,
  locale: AssistantLocale.optional(),
  streamKey: AssistantStreamKey.optional(),
});

/** Listens to the answer of the question asked with the same key. */
export const AssistantStreamInput = z.object({ streamKey: AssistantStreamKey });

export const AssistantMineInput = z.object({ conversationId: Id });

export const AssistantHandoverMineInput = z.object({
  conversationId: Id,
  note: OptionalMultiLine(assistantLimits.note),
});

export const assistantConversationStatuses = ["open", "handed_over", "resolved"] as const;
export type AssistantConversationStatus = (typeof assistantConversationStatuses)[number];

export const AssistantConversationsInput = z.object({
  /** Handed over (the front desk's inbox) unless asked otherwise; omitted: all. */
  status: z.enum(assistantConversationStatuses, "Unknown status").optional(),
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});

export const AssistantSettingsInput = z.object({
  retentionDays: z
    .number("Enter a number of days")
    .int("Use whole days")
    .min(1, "Keep conversations at least a day")
    .max(3650, "Keep conversations at most 10 years"),
  dailyTokens: z
    .number("Enter a number of tokens")
    .int("Use a whole number")
    .min(0, "Use 0 or more")
    .max(10_000_000, "At most 10,000,000 tokens a day"),
});

export const FaqInput = z.object({
  question: MultiLine(assistantLimits.faqQuestion, "Write the question"),
  answer: MultiLine(assistantLimits.faqAnswer, "Write the answer"),
});
export type FaqInput = z.input<typeof FaqInput>;

export const FaqUpdateInput = FaqInput.extend({ id: Id });

/** Moves a question one place up or down on the list. */
export const FaqMoveInput = z.object({ id: Id, direction: z.enum(["up", "down"]) });
