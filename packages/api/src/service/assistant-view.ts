// What the assistant's procedures answer: a conversation's messages with their citations and
// the actions a visitor can take next (book a free time, call, hand over to a person).
import type { AssistantConversationStatus, AssistantLocale } from "@caredesk/validators";

/** Where an answer came from: a page or section of the practice's site, or a portal page. */
export interface AssistantCitation {
  label: string;
  /**
   * `/p/<slug>/…` (a page or `#section` of the public site; on a custom domain the widget drops
   * the `/p/<slug>` prefix) or `/portal/…` (the patient's own records).
   */
  href: string;
}

/** What the visitor can do next, shown as buttons under an answer. */
export type AssistantAction =
  | {
      kind: "slot";
      label: string;
      start: Date;
      serviceId: string;
      /** The doctor's resource id; null when any doctor may take it. */
      practitionerResourceId: string | null;
      /**
       * Opens the booking flow with this service, doctor and time chosen: on the site
       * `/p/<slug>#book?service=…&doctor=…&start=<ISO>`, in the portal `/portal/book?…`.
       */
      href: string;
    }
  | { kind: "call"; label: string; href: string }
  | { kind: "handover"; label: string }
  | { kind: "link"; label: string; href: string };

/** A free time offered as a button. */
export type SlotAction = Extract<AssistantAction, { kind: "slot" }>;

/** Free times of a service (maybe with one doctor) on one day. */
export interface FreeTimes {
  /** What the times are for ("Cardiology consultation with Dr. Salma Idris"). */
  subject: string;
  /** The day searched, "YYYY-MM-DD" in the practice's zone. */
  day: string;
  slots: SlotAction[];
}

export interface AssistantMessageView {
  id: string;
  role: "visitor" | "assistant";
  text: string;
  citations: AssistantCitation[];
  actions: AssistantAction[];
  /** Answered as an emergency: the widget shows it prominently. */
  emergency: boolean;
  createdAt: Date;
}

export interface AssistantConversationView {
  id: string;
  status: AssistantConversationStatus;
  locale: AssistantLocale;
  messages: AssistantMessageView[];
}

export interface AssistantAskResult {
  conversationId: string;
  /** The new conversation's token, given once (site visitors keep it); null afterwards. */
  token: string | null;
  reply: AssistantMessageView;
}

/** A conversation in the staff's list. */
export interface AssistantConversationSummary {
  id: string;
  channel: "site" | "portal";
  status: AssistantConversationStatus;
  locale: AssistantLocale;
  /** The portal patient's record and name; null on the site. */
  patientId: string | null;
  patientName: string | null;
  /** Who asked to be called back (site handovers). */
  contactName: string | null;
  contactPhone: string | null;
  handoverNote: string | null;
  /** The first question asked, shortened. */
  preview: string;
  messageCount: number;
  /** Whether any message was answered as an emergency. */
  emergency: boolean;
  lastMessageAt: Date;
  handedOverAt: Date | null;
  resolvedAt: Date | null;
}

/** A conversation as staff read it: the summary and every message with the tools it used. */
export interface AssistantTranscript extends AssistantConversationSummary {
  messages: (AssistantMessageView & {
    intent: string | null;
    engine: "embedded" | "model" | null;
    toolCalls: { name: string; input: unknown; ok: boolean }[];
  })[];
}

export interface AssistantSettingsView {
  retentionDays: number;
  dailyTokens: number;
  /** Whether the operator configured a language model (otherwise the embedded engine answers). */
  modelConfigured: boolean;
  tokensToday: number;
}

export interface FaqView {
  id: string;
  question: string;
  answer: string;
  position: number;
  updatedAt: Date;
}
