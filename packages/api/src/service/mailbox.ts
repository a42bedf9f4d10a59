// The local mailbox: the email channel when no SMTP server is configured (the embedded default).
// Every message the product would send is kept in PostgreSQL and shown to operators in the
// admin app. The Message-ID is unique, so a delivery retried after a crash is stored once.
import {
  messageIdFor,
  type Channel,
  type OutgoingMessage,
  type SendResult,
} from "@caredesk/notifications";
import { schema, type Database } from "@caredesk/db";
import { desc, lt, and, eq, type SQL } from "drizzle-orm";

const { mailboxMessage } = schema;

export class MailboxChannel implements Channel {
  readonly name = "email";

  constructor(
    private readonly db: Database,
    private readonly fromAddress: string,
  ) {}

  async send(message: OutgoingMessage): Promise<SendResult> {
    const messageId = messageIdFor(message.id, this.fromAddress);
    await this.db
      .insert(mailboxMessage)
      .values({
        notificationId: message.id,
        messageId,
        from: `${message.fromName} <${this.fromAddress}>`,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html ?? "",
        headers: message.headers ?? {},
      })
      .onConflictDoNothing();
    return { providerMessageId: messageId };
  }
}

/** The mailbox, newest first (operators). */
export async function listMailbox(
  db: Database,
  input: { to?: string | undefined; before?: Date | undefined; limit: number },
) {
  const conditions: SQL[] = [];
  if (input.to) conditions.push(eq(mailboxMessage.to, input.to));
  if (input.before) conditions.push(lt(mailboxMessage.createdAt, input.before));
  const rows = await db
    .select()
    .from(mailboxMessage)
    .where(and(...conditions))
    .orderBy(desc(mailboxMessage.createdAt), desc(mailboxMessage.id))
    .limit(input.limit + 1);
  return {
    items: rows.slice(0, input.limit),
    nextBefore: rows.length > input.limit ? (rows[input.limit - 1]?.createdAt ?? null) : null,
  };
}
