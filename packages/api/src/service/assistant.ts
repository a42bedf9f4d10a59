// The practice assistant's conversations: a question on the public site (the conversation is
// reached only with the token it was created with, stored hashed) or in the portal (the
// patient's own), answered by the embedded engine or, when the operator configured one and the
// practice's daily budget allows, a language model through read-only tools — the embedded
// engine answers whenever the model cannot. Every question and answer is stored with the tools
// used; audit rows name the conversation, never what was said (a deleted conversation leaves no
// text behind). Staff read conversations and take over those handed to a person.
import {
  emergencyNumber,
  say,
  understand,
  type Lang,
  type Understanding,
} from "@caredesk/assistant";
import { hashSecret, secretMatches } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import type {
  AssistantAskInput,
  AssistantConversationsInput,
  AssistantHandoverInput,
  AssistantSettingsInput,
  AssistantLocale,
} from "@caredesk/validators";
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { LanguageModel } from "ai";
import type { z } from "zod";
import { runAudited } from "../audit";
import { assistantStream, type AssistantStream } from "../events";
import { notFound } from "../errors";
import type { OrgScope, PatientScope, RequestScope } from "../scope";
import { answerEmbedded, localToday, type EngineAnswer, type Topic } from "./assistant-engine";
import { knowledgeOf, type Knowledge } from "./assistant-knowledge";
import { answerWithModel, ModelUnavailableError } from "./assistant-model";
import { practiceTools } from "./assistant-tools";
import type {
  AssistantAskResult,
  AssistantConversationSummary,
  AssistantConversationView,
  AssistantMessageView,
  AssistantSettingsView,
  AssistantTranscript,
} from "./assistant-view";
import { queueNotifications, type NewNotification } from "./outbox";
import { cursorId, decodeCursor, encodeCursor, type Page } from "./pagination";
import { normalisePhoneNumber } from "./patient";

const {
  assistantConversation,
  assistantMessage,
  assistantUsage,
  membership,
  organization,
  patient,
} = schema;

type Conversation = typeof assistantConversation.$inferSelect;
type MessageRow = typeof assistantMessage.$inferSelect;

/** What answering needs of the request: the database, `mutate`, and the operator's model. */
type AskScope = RequestScope & { assistantModel: LanguageModel | null };

/** Earlier messages a model sees of its conversation. */
const historyTurns = 10;
/** The most a model may write in one answer, within the day's budget. */
const maxAnswerTokens = 800;

/** A new conversation's token: 32 random bytes, base64url (43 characters). */
function mintToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64url");
}

function messageView(m: MessageRow): AssistantMessageView {
  return {
    id: m.id,
    role: m.role,
    text: m.body,
    citations: m.citations as AssistantMessageView["citations"],
    // Stored as JSON: a free time's start comes back as text.
    actions: (m.actions as AssistantMessageView["actions"]).map((a) =>
      a.kind === "slot" ? { ...a, start: new Date(a.start) } : a,
    ),
    emergency: m.emergency,
    createdAt: m.createdAt,
  };
}

async function messagesOf(db: Database, orgId: string, conversationId: string) {
  return db
    .select()
    .from(assistantMessage)
    .where(
      and(
        eq(assistantMessage.organizationId, orgId),
        eq(assistantMessage.conversationId, conversationId),
      ),
    )
    .orderBy(asc(assistantMessage.createdAt), asc(assistantMessage.role));
}

async function conversationView(db: Database, c: Conversation): Promise<AssistantConversationView> {
  const messages = await messagesOf(db, c.organizationId, c.id);
  return {
    id: c.id,
    status: c.status,
    locale: c.locale as AssistantLocale,
    messages: messages.map(messageView),
  };
}

/** The practice whose live site is at `slug`, with the assistant on; otherwise not found. */
async function siteKnowledge(db: Database, slug: string, now: Date): Promise<Knowledge> {
  const k = await knowledgeOf(db, { slug }, now);
  if (!k.org.features.includes("assistant")) throw notFound("Not found");
  return k;
}

/** A site visitor's conversation: the id and the token it was created with, or not found. */
async function siteConversation(
  db: Database,
  orgId: string,
  conversationId: string,
  token: string,
): Promise<Conversation> {
  const [c] = await db
    .select()
    .from(assistantConversation)
    .where(
      and(
        eq(assistantConversation.organizationId, orgId),
        eq(assistantConversation.id, conversationId),
        eq(assistantConversation.channel, "site"),
      ),
    )
    .limit(1);
  if (!c || !(c.tokenHash !== null && secretMatches(token, c.tokenHash)))
    throw notFound("Conversation not found");
  return c;
}

/** The portal patient's own conversation, or not found. */
async function patientConversation(ctx: PatientScope, conversationId: string) {
  const [c] = await ctx.db
    .select()
    .from(assistantConversation)
    .where(
      and(
        eq(assistantConversation.organizationId, ctx.org.id),
        eq(assistantConversation.id, conversationId),
        eq(assistantConversation.patientId, ctx.patient.id),
      ),
    )
    .limit(1);
  if (!c) throw notFound("Conversation not found");
  return c;
}

interface Asker {
  channel: "site" | "portal";
  /** The portal patient (their own records); null on the site. */
  patient: PatientScope | null;
}

/**
 * The answer to `message`; with a stream key, the model's guarded text is published under it as
 * it is written, then `done` (alone when the embedded engine answers).
 */
async function answer(
  ctx: AskScope,
  k: Knowledge,
  u: Understanding,
  conversation: Conversation | null,
  message: string,
  asker: Asker,
  now: Date,
  streamKey: string | undefined,
): Promise<EngineAnswer & { engine: "embedded" | "model"; tokens: number }> {
  const stream = streamKey ? assistantStream(ctx.db, streamKey) : null;
  try {
    return await answerBy(ctx, k, u, conversation, message, asker, now, stream);
  } finally {
    await stream?.end();
  }
}

/** The answer to `message`: the model when configured and within budget, else the engine. */
async function answerBy(
  ctx: AskScope,
  k: Knowledge,
  u: Understanding,
  conversation: Conversation | null,
  message: string,
  asker: Asker,
  now: Date,
  stream: AssistantStream | null,
): Promise<EngineAnswer & { engine: "embedded" | "model"; tokens: number }> {
  const topic = (conversation?.topic ?? {}) as Topic;
  const engineInput = {
    db: ctx.db,
    knowledge: k,
    understanding: u,
    channel: asker.channel,
    patient: asker.patient,
    topic,
    now,
  };
  // Emergencies and requests for a diagnosis or a dose never go to a model.
  const modelMay = ctx.assistantModel && !u.redFlag && !u.medicalAdvice;
  if (modelMay && ctx.assistantModel) {
    const left = await tokensLeft(ctx.db, k.org.id, now);
    if (left > 0) {
      const history = conversation
        ? (await messagesOf(ctx.db, k.org.id, conversation.id))
            .slice(-historyTurns)
            .map((m) => ({ role: m.role, text: m.body }))
        : [];
      try {
        const result = await answerWithModel({
          model: ctx.assistantModel,
          tools: practiceTools({
            db: ctx.db,
            knowledge: k,
            channel: asker.channel,
            patient: asker.patient,
            now,
          }),
          practice: {
            name: k.org.name,
            phone: k.site.phone || null,
            email: k.site.email || null,
            emergencyNumber: emergencyNumber(k.org.country),
          },
          lang: u.lang,
          history,
          message,
          maxOutputTokens: Math.min(maxAnswerTokens, left),
          ...(stream ? { onDelta: (text: string) => stream.delta(text) } : {}),
        });
        return {
          text: result.text,
          citations: result.citations,
          actions: result.actions,
          intent: u.intent,
          emergency: false,
          topic,
          toolCalls: result.toolCalls,
          engine: "model",
          tokens: result.tokens,
        };
      } catch (error) {
        if (!(error instanceof ModelUnavailableError)) throw error;
        // The model is down or misbehaved: the embedded engine answers instead.
      }
    }
  }
  const embedded = await answerEmbedded(engineInput);
  return { ...embedded, engine: "embedded", tokens: 0 };
}

/** Tokens the practice may still spend today (UTC day). */
async function tokensLeft(db: Database, orgId: string, now: Date): Promise<number> {
  const day = now.toISOString().slice(0, 10);
  const [row] = await db
    .select({
      budget: organization.assistantDailyTokens,
      used: sql<number>`coalesce((select ${assistantUsage.tokens} from ${assistantUsage}
        where ${assistantUsage.organizationId} = ${orgId} and ${assistantUsage.day} = ${day}), 0)`,
    })
    .from(organization)
    .where(eq(organization.id, orgId));
  return row ? Math.max(0, row.budget - Number(row.used)) : 0;
}

/** Stores the question and its answer (and the conversation when new), in one transaction. */
async function record(
  ctx: AskScope,
  k: Knowledge,
  existing: Conversation | null,
  create: { channel: "site" | "portal"; patientId: string | null; tokenHash: string | null },
  lang: Lang,
  message: string,
  reply: Awaited<ReturnType<typeof answer>>,
  now: Date,
): Promise<{ conversationId: string; reply: AssistantMessageView }> {
  return ctx.mutate(async (tx, audit) => {
    let conversationId = existing?.id;
    if (!conversationId) {
      const [row] = await tx
        .insert(assistantConversation)
        .values({
          organizationId: k.org.id,
          channel: create.channel,
          patientId: create.patientId,
          tokenHash: create.tokenHash,
          locale: lang,
          topic: reply.topic,
          messageCount: 2,
          lastMessageAt: now,
        })
        .returning({ id: assistantConversation.id });
      if (!row) throw new Error("conversation insert returned no row");
      conversationId = row.id;
    } else {
      const [row] = await tx
        .update(assistantConversation)
        .set({
          topic: reply.topic,
          locale: lang,
          messageCount: sql`${assistantConversation.messageCount} + 2`,
          lastMessageAt: now,
          updatedAt: now,
        })
        .where(
          and(
            eq(assistantConversation.organizationId, k.org.id),
            eq(assistantConversation.id, conversationId),
          ),
        )
        .returning({ id: assistantConversation.id });
      // Deleted meanwhile (the visitor, or retention): nothing to add to.
      if (!row) throw notFound("Conversation not found");
    }
    const [, answered] = await tx
      .insert(assistantMessage)
      .values([
        {
          organizationId: k.org.id,
          conversationId,
          role: "visitor",
          body: message,
          createdAt: now,
        },
        {
          organizationId: k.org.id,
          conversationId,
          role: "assistant",
          body: reply.text,
          citations: reply.citations,
          actions: reply.actions,
          toolCalls: reply.toolCalls,
          intent: reply.intent,
          engine: reply.engine,
          emergency: reply.emergency,
          tokens: reply.tokens,
          // After the question, whatever the clock's resolution.
          createdAt: new Date(now.getTime() + 1),
        },
      ])
      .returning();
    if (reply.tokens > 0) {
      await tx
        .insert(assistantUsage)
        .values({
          organizationId: k.org.id,
          day: now.toISOString().slice(0, 10),
          tokens: reply.tokens,
        })
        .onConflictDoUpdate({
          target: [assistantUsage.organizationId, assistantUsage.day],
          set: { tokens: sql`${assistantUsage.tokens} + ${reply.tokens}` },
        });
    }
    audit({
      organizationId: k.org.id,
      entityType: "assistant_conversation",
      entityId: conversationId,
      ...(create.patientId ? { patientId: create.patientId } : {}),
      // What was asked stays in the conversation (deleted with it), never in the audit log.
      after: {
        intent: reply.intent,
        engine: reply.engine,
        emergency: reply.emergency,
        tools: reply.toolCalls.map((t) => t.name),
      },
    });
    if (!answered) throw new Error("message insert returned no row");
    return { conversationId, reply: messageView(answered) };
  });
}

/** Reads a question, answers it and stores both: the path every question takes. */
async function converse(
  ctx: AskScope,
  k: Knowledge,
  existing: Conversation | null,
  asker: Asker,
  input: { message: string; locale?: Lang | undefined; streamKey?: string | undefined },
  now: Date,
): Promise<AssistantAskResult> {
  const u = understand(input.message, {
    locale: input.locale ?? (existing?.locale as Lang | undefined),
    today: localToday(now, k.org.timeZone),
  });
  const reply = await answer(ctx, k, u, existing, input.message, asker, now, input.streamKey);
  // A site visitor's new conversation gets its token, once; the portal's belongs to the patient.
  const token = asker.channel === "site" && !existing ? mintToken() : null;
  const stored = await record(
    ctx,
    k,
    existing,
    {
      channel: asker.channel,
      patientId: asker.patient?.patient.id ?? null,
      tokenHash: token ? hashSecret(token) : null,
    },
    u.lang,
    input.message,
    reply,
    now,
  );
  return { conversationId: stored.conversationId, token, reply: stored.reply };
}

/** A question on the practice's public site. */
export async function askOnSite(
  ctx: AskScope,
  input: z.output<typeof AssistantAskInput>,
): Promise<AssistantAskResult> {
  const now = new Date();
  const k = await siteKnowledge(ctx.db, input.slug, now);
  const existing =
    input.conversationId && input.token
      ? await siteConversation(ctx.db, k.org.id, input.conversationId, input.token)
      : null;
  return converse(ctx, k, existing, { channel: "site", patient: null }, input, now);
}

/**
 * Where a portal patient's answer streams: their id and their key. A site visitor's key has no
 * "." (its input pattern), so the public `assistant.reply` can never listen here.
 */
export function patientStreamKey(patientId: string, streamKey: string): string {
  return `${patientId}.${streamKey}`;
}

/** A question of a signed-in patient in the portal. */
export async function askInPortal(
  ctx: PatientScope & AskScope,
  input: {
    conversationId?: string | undefined;
    message: string;
    locale?: Lang | undefined;
    streamKey?: string | undefined;
  },
): Promise<AssistantAskResult> {
  const now = new Date();
  const k = await knowledgeOf(ctx.db, { slug: ctx.org.slug }, now, { portal: true });
  const existing = input.conversationId
    ? await patientConversation(ctx, input.conversationId)
    : null;
  // The patient's answer may hold their own records: it streams where only they listen.
  const streamKey = input.streamKey ? patientStreamKey(ctx.patient.id, input.streamKey) : undefined;
  return converse(
    ctx,
    k,
    existing,
    { channel: "portal", patient: ctx },
    { ...input, streamKey },
    now,
  );
}

/** A site visitor's conversation, to show it again after a reload. */
export async function siteConversationView(
  db: Database,
  input: { slug: string; conversationId: string; token: string },
): Promise<AssistantConversationView> {
  const k = await siteKnowledge(db, input.slug, new Date());
  return conversationView(
    db,
    await siteConversation(db, k.org.id, input.conversationId, input.token),
  );
}

/** The portal patient's latest conversation, or null. */
export async function latestPatientConversation(
  ctx: PatientScope,
): Promise<AssistantConversationView | null> {
  const [c] = await ctx.db
    .select()
    .from(assistantConversation)
    .where(
      and(
        eq(assistantConversation.organizationId, ctx.org.id),
        eq(assistantConversation.patientId, ctx.patient.id),
      ),
    )
    .orderBy(desc(assistantConversation.lastMessageAt))
    .limit(1);
  return c ? conversationView(ctx.db, c) : null;
}

async function removeConversation(ctx: RequestScope, c: Conversation): Promise<{ deleted: true }> {
  return ctx.mutate(async (tx, audit) => {
    await tx
      .delete(assistantConversation)
      .where(
        and(
          eq(assistantConversation.organizationId, c.organizationId),
          eq(assistantConversation.id, c.id),
        ),
      );
    audit({
      organizationId: c.organizationId,
      entityType: "assistant_conversation",
      entityId: c.id,
      ...(c.patientId ? { patientId: c.patientId } : {}),
      before: { channel: c.channel, messageCount: c.messageCount },
    });
    return { deleted: true as const };
  });
}

/** The site visitor deletes their conversation (every message with it). */
export async function forgetSiteConversation(
  ctx: RequestScope,
  input: { slug: string; conversationId: string; token: string },
) {
  const k = await siteKnowledge(ctx.db, input.slug, new Date());
  return removeConversation(
    ctx,
    await siteConversation(ctx.db, k.org.id, input.conversationId, input.token),
  );
}

/** The portal patient deletes their conversation. */
export async function forgetPatientConversation(
  ctx: PatientScope,
  input: { conversationId: string },
) {
  return removeConversation(ctx, await patientConversation(ctx, input.conversationId));
}

/** Front-desk roles told of a handover in the app. */
const frontDeskRoles = ["owner", "admin", "manager", "staff"] as const;

/** Hands a conversation to a person: it joins the front desk's inbox, and they are told. */
async function handOver(
  ctx: RequestScope,
  k: Pick<Knowledge, "org">,
  c: Conversation,
  contact: { name: string | null; phone: string | null; note: string | null },
  lang: Lang,
): Promise<AssistantConversationView> {
  const now = new Date();
  const updated = await ctx.mutate(async (tx, audit) => {
    const [row] = await tx
      .update(assistantConversation)
      .set({
        status: "handed_over",
        contactName: contact.name ?? c.contactName,
        contactPhone: contact.phone ?? c.contactPhone,
        handoverNote: contact.note ?? c.handoverNote,
        handedOverAt: now,
        resolvedAt: null,
        resolvedBy: null,
        messageCount: sql`${assistantConversation.messageCount} + 1`,
        lastMessageAt: now,
        updatedAt: now,
      })
      .where(
        and(
          eq(assistantConversation.organizationId, c.organizationId),
          eq(assistantConversation.id, c.id),
        ),
      )
      .returning();
    if (!row) throw notFound("Conversation not found");
    await tx.insert(assistantMessage).values({
      organizationId: c.organizationId,
      conversationId: c.id,
      role: "assistant",
      body: say(lang, { key: "handedOver", practice: k.org.name }),
      intent: "handover",
      createdAt: now,
    });
    const desk = await tx
      .select({ userId: membership.userId })
      .from(membership)
      .where(
        and(
          eq(membership.organizationId, c.organizationId),
          inArray(membership.role, [...frontDeskRoles]),
        ),
      );
    // Only if no one was told yet for this conversation's current handover.
    if (c.status !== "handed_over") {
      const messages: NewNotification[] = desk.map(({ userId }) => ({
        organizationId: c.organizationId,
        kind: "assistant_handover",
        channel: "in_app",
        userId,
        subject: "A visitor asked the assistant for a person",
        bodyText: contact.name
          ? `Call back ${contact.name}. Open the conversation in the assistant inbox.`
          : "Open the conversation in the assistant inbox.",
        payload: { conversationId: c.id, link: `/app/assistant?conversation=${c.id}` },
      }));
      await queueNotifications(tx, messages);
    }
    audit({
      organizationId: c.organizationId,
      entityType: "assistant_conversation",
      entityId: c.id,
      ...(c.patientId ? { patientId: c.patientId } : {}),
      before: { status: c.status },
      after: { status: row.status },
    });
    return row;
  });
  return conversationView(ctx.db, updated);
}

export async function handOverSiteConversation(
  ctx: RequestScope,
  input: z.output<typeof AssistantHandoverInput>,
) {
  const k = await siteKnowledge(ctx.db, input.slug, new Date());
  const c = await siteConversation(ctx.db, k.org.id, input.conversationId, input.token);
  return handOver(
    ctx,
    k,
    c,
    {
      name: input.name,
      phone: normalisePhoneNumber(input.phone, k.org.country, "phone"),
      note: input.note ?? null,
    },
    c.locale as Lang,
  );
}

export async function handOverPatientConversation(
  ctx: PatientScope,
  input: { conversationId: string; note?: string | null | undefined },
) {
  const c = await patientConversation(ctx, input.conversationId);
  return handOver(
    ctx,
    { org: { ...ctx.org, name: ctx.org.name } as Knowledge["org"] },
    c,
    {
      name: null,
      phone: null,
      note: input.note ?? null,
    },
    c.locale as Lang,
  );
}

// ---------------------------------------------------------------------------------------------
// Staff

const summaryColumns = {
  conversation: assistantConversation,
  patientName: sql<
    string | null
  >`nullif(trim(concat_ws(' ', ${patient.firstName}, ${patient.lastName})), '')`,
  preview: sql<string>`coalesce((select left(m.body, 140) from ${assistantMessage} m
    where m.organization_id = ${assistantConversation.organizationId}
      and m.conversation_id = ${assistantConversation.id} and m.role = 'visitor'
    order by m.created_at limit 1), '')`,
  emergency: sql<boolean>`exists (select 1 from ${assistantMessage} m
    where m.organization_id = ${assistantConversation.organizationId}
      and m.conversation_id = ${assistantConversation.id} and m.emergency)`,
};

function summaryOf(row: {
  conversation: Conversation;
  patientName: string | null;
  preview: string;
  emergency: boolean;
}): AssistantConversationSummary {
  const c = row.conversation;
  return {
    id: c.id,
    channel: c.channel,
    status: c.status,
    locale: c.locale as AssistantLocale,
    patientId: c.patientId,
    patientName: row.patientName,
    contactName: c.contactName,
    contactPhone: c.contactPhone,
    handoverNote: c.handoverNote,
    preview: row.preview,
    messageCount: c.messageCount,
    emergency: row.emergency,
    lastMessageAt: c.lastMessageAt,
    handedOverAt: c.handedOverAt,
    resolvedAt: c.resolvedAt,
  };
}

function summaries(db: Database, orgId: string, where: SQL | undefined) {
  return db
    .select(summaryColumns)
    .from(assistantConversation)
    .leftJoin(
      patient,
      and(
        eq(patient.organizationId, assistantConversation.organizationId),
        eq(patient.id, assistantConversation.patientId),
      ),
    )
    .where(and(eq(assistantConversation.organizationId, orgId), where));
}

/** The practice's conversations, newest first; handed-over ones are the front desk's inbox. */
export async function listConversations(
  ctx: Pick<OrgScope, "db" | "org">,
  input: z.output<typeof AssistantConversationsInput>,
): Promise<Page<AssistantConversationSummary>> {
  const values = decodeCursor(input.cursor);
  let after: SQL | undefined;
  if (values) {
    const id = cursorId(values[0]);
    const anchor = sql`(select ${assistantConversation.lastMessageAt} from ${assistantConversation}
      where ${assistantConversation.organizationId} = ${ctx.org.id} and ${assistantConversation.id} = ${id}::uuid)`;
    after = sql`(${assistantConversation.lastMessageAt}, ${assistantConversation.id}) < (${anchor}, ${id}::uuid)`;
  }
  const rows = await summaries(
    ctx.db,
    ctx.org.id,
    and(input.status ? eq(assistantConversation.status, input.status) : undefined, after),
  )
    .orderBy(desc(assistantConversation.lastMessageAt), desc(assistantConversation.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map(summaryOf);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** One conversation as staff read it, with the tools each answer used. */
export async function conversationTranscript(
  ctx: Pick<OrgScope, "db" | "org">,
  id: string,
): Promise<AssistantTranscript> {
  const [row] = await summaries(ctx.db, ctx.org.id, eq(assistantConversation.id, id)).limit(1);
  if (!row) throw notFound("Conversation not found");
  const messages = await messagesOf(ctx.db, ctx.org.id, id);
  return {
    ...summaryOf(row),
    messages: messages.map((m) => ({
      ...messageView(m),
      intent: m.intent,
      engine: m.engine,
      toolCalls: m.toolCalls as AssistantTranscript["messages"][number]["toolCalls"],
    })),
  };
}

/** A handed-over conversation was dealt with. */
export async function resolveConversation(
  ctx: OrgScope,
  id: string,
): Promise<AssistantConversationSummary> {
  await ctx.mutate(async (tx, audit) => {
    const [before] = await tx
      .select({ status: assistantConversation.status })
      .from(assistantConversation)
      .where(
        and(eq(assistantConversation.organizationId, ctx.org.id), eq(assistantConversation.id, id)),
      )
      .for("update");
    if (!before) throw notFound("Conversation not found");
    const now = new Date();
    await tx
      .update(assistantConversation)
      .set({ status: "resolved", resolvedAt: now, resolvedBy: ctx.user.id, updatedAt: now })
      .where(
        and(eq(assistantConversation.organizationId, ctx.org.id), eq(assistantConversation.id, id)),
      );
    audit({
      entityType: "assistant_conversation",
      entityId: id,
      before,
      after: { status: "resolved" },
    });
  });
  const [row] = await summaries(ctx.db, ctx.org.id, eq(assistantConversation.id, id)).limit(1);
  if (!row) throw notFound("Conversation not found");
  return summaryOf(row);
}

export async function assistantSettings(
  ctx: Pick<OrgScope, "db" | "org"> & { assistantModel: LanguageModel | null },
): Promise<AssistantSettingsView> {
  const now = new Date();
  const [row] = await ctx.db
    .select({
      retentionDays: organization.assistantRetentionDays,
      dailyTokens: organization.assistantDailyTokens,
    })
    .from(organization)
    .where(eq(organization.id, ctx.org.id));
  const left = await tokensLeft(ctx.db, ctx.org.id, now);
  return {
    retentionDays: row?.retentionDays ?? 90,
    dailyTokens: row?.dailyTokens ?? 0,
    modelConfigured: ctx.assistantModel !== null,
    tokensToday: Math.max(0, (row?.dailyTokens ?? 0) - left),
  };
}

export async function updateAssistantSettings(
  ctx: OrgScope & { assistantModel: LanguageModel | null },
  input: z.output<typeof AssistantSettingsInput>,
): Promise<AssistantSettingsView> {
  await ctx.mutate(async (tx, audit) => {
    const [before] = await tx
      .select({
        retentionDays: organization.assistantRetentionDays,
        dailyTokens: organization.assistantDailyTokens,
      })
      .from(organization)
      .where(eq(organization.id, ctx.org.id))
      .for("update");
    await tx
      .update(organization)
      .set({ assistantRetentionDays: input.retentionDays, assistantDailyTokens: input.dailyTokens })
      .where(eq(organization.id, ctx.org.id));
    audit({ entityType: "organization", entityId: ctx.org.id, before, after: input });
  });
  return assistantSettings(ctx);
}

/**
 * Deletes conversations whose last message is older than their practice's retention (the daily
 * purge), audited as a system change per practice. Answers how many went.
 */
export async function purgeExpiredConversations(db: Database, now = new Date()): Promise<number> {
  const expired = (orgId: SQL | string) =>
    lt(
      assistantConversation.lastMessageAt,
      sql`${now.toISOString()}::timestamptz - make_interval(days => (select ${organization.assistantRetentionDays}
        from ${organization} where ${organization.id} = ${orgId}))`,
    );
  const due = await db
    .selectDistinct({ organizationId: assistantConversation.organizationId })
    .from(assistantConversation)
    .where(expired(sql`${assistantConversation.organizationId}`));
  let purged = 0;
  for (const { organizationId } of due) {
    purged += await runAudited(
      db,
      { organizationId, actorUserId: null, ip: null, requestId: "job:maintenance-purge" },
      "assistant.purge",
      async (tx, audit) => {
        const gone = await tx
          .delete(assistantConversation)
          .where(
            and(eq(assistantConversation.organizationId, organizationId), expired(organizationId)),
          )
          .returning({ id: assistantConversation.id });
        audit({ entityType: "assistant_conversation", after: { purged: gone.length } });
        return gone.length;
      },
    );
  }
  return purged;
}
