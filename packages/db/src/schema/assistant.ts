// The practice assistant: the FAQ and policies a practice writes for it, conversations on the
// public site and in the portal with their messages and tool calls, and each practice's daily
// use of a language model. A site visitor's conversation is reached only with the token it was
// created with (stored hashed); a portal conversation belongs to the patient who had it.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { id, timestamps } from "./_columns";
import { organization, user } from "./identity";
import { patient } from "./patient";

const orgId = () =>
  uuid()
    .notNull()
    .references(() => organization.id, { onDelete: "cascade" });

/** A question and its answer the practice writes (parking, insurance, cancellation policy…). */
export const practiceFaq = pgTable(
  "practice_faq",
  {
    id: id(),
    organizationId: orgId(),
    question: text().notNull(),
    answer: text().notNull(),
    /** Order on the site's FAQ section. */
    position: smallint().notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    unique("practice_faq_org_id_key").on(t.organizationId, t.id),
    index("practice_faq_org_position_idx").on(t.organizationId, t.position),
  ],
);

export const assistantChannel = pgEnum("assistant_channel", ["site", "portal"]);
export const assistantConversationStatus = pgEnum("assistant_conversation_status", [
  "open",
  "handed_over",
  "resolved",
]);
export const assistantMessageRole = pgEnum("assistant_message_role", ["visitor", "assistant"]);
export const assistantEngine = pgEnum("assistant_engine", ["embedded", "model"]);

export const assistantConversation = pgTable(
  "assistant_conversation",
  {
    id: id(),
    organizationId: orgId(),
    channel: assistantChannel().notNull(),
    /** The portal patient who had it; null on the public site. */
    patientId: uuid(),
    /** SHA-256 of the site visitor's conversation token; null in the portal. */
    tokenHash: text(),
    locale: text().notNull().default("en"),
    status: assistantConversationStatus().notNull().default("open"),
    /** What the conversation is about so far (department, doctor, service, day), for follow-ups. */
    topic: jsonb().notNull().default({}),
    /** Who to call back, given when handing over to a person. */
    contactName: text(),
    contactPhone: text(),
    handoverNote: text(),
    handedOverAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    messageCount: integer().notNull().default(0),
    lastMessageAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps(),
  },
  (t) => [
    unique("assistant_conversation_org_id_key").on(t.organizationId, t.id),
    index("assistant_conversation_org_status_idx").on(t.organizationId, t.status, t.lastMessageAt),
    index("assistant_conversation_org_patient_idx")
      .on(t.organizationId, t.patientId, t.lastMessageAt)
      .where(sql`${t.patientId} is not null`),
    index("assistant_conversation_last_message_idx").on(t.lastMessageAt),
    foreignKey({
      name: "assistant_conversation_patient_fk",
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }).onDelete("cascade"),
    check(
      "assistant_conversation_owner",
      sql`(${t.channel} = 'site' and ${t.tokenHash} is not null and ${t.patientId} is null)
        or (${t.channel} = 'portal' and ${t.patientId} is not null and ${t.tokenHash} is null)`,
    ),
  ],
);

export const assistantMessage = pgTable(
  "assistant_message",
  {
    id: id(),
    organizationId: orgId(),
    conversationId: uuid().notNull(),
    role: assistantMessageRole().notNull(),
    body: text().notNull(),
    /** Where the answer came from: `[{ label, href }]`. */
    citations: jsonb().notNull().default([]),
    /** What the visitor can do next: free times to book, contact, hand over. */
    actions: jsonb().notNull().default([]),
    /** The read-only tools the engine called, with their inputs and whether they answered. */
    toolCalls: jsonb().notNull().default([]),
    intent: text(),
    engine: assistantEngine(),
    /** Whether the message was answered as an emergency. */
    emergency: boolean().notNull().default(false),
    /** Model tokens spent on it (0 for the embedded engine). */
    tokens: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("assistant_message_conversation_idx").on(t.organizationId, t.conversationId, t.createdAt),
    foreignKey({
      name: "assistant_message_conversation_fk",
      columns: [t.organizationId, t.conversationId],
      foreignColumns: [assistantConversation.organizationId, assistantConversation.id],
    }).onDelete("cascade"),
  ],
);

/** Model tokens a practice spent on one day (UTC), against its daily budget. */
export const assistantUsage = pgTable(
  "assistant_usage",
  {
    organizationId: orgId(),
    day: date().notNull(),
    tokens: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.day] })],
);
