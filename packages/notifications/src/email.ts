// Email over SMTP (nodemailer, pooled connections). The notification id is the Message-ID, so a
// message retried after a crash between send and record carries the same id and a receiving
// system that honours it keeps one copy.
//
// SMTP's codes are the reverse of HTTP's: 4xx is "try again later", 5xx is final (no such
// mailbox, refused). A refused address fails that delivery only.
import nodemailer from "nodemailer";
import { DeliveryError, type Channel, type OutgoingMessage, type SendResult } from "./channel";

export interface SmtpConfig {
  /** smtp://user:pass@host:port or smtps://… */
  url: string;
  /** The address messages come from; the display name is each message's sender. */
  fromAddress: string;
  /** Connections kept open to the server. */
  maxConnections?: number;
}

/** The domain part of Message-IDs: the sender's own domain. */
function messageIdDomain(fromAddress: string): string {
  return fromAddress.split("@")[1] ?? "caredesk.local";
}

export function messageIdFor(notificationId: string, fromAddress: string): string {
  return `<${notificationId}@${messageIdDomain(fromAddress)}>`;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
}

export class SmtpEmailChannel implements Channel {
  readonly name = "email";
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;

  constructor(private readonly config: SmtpConfig) {
    this.transport = nodemailer.createTransport({
      url: config.url,
      pool: true,
      maxConnections: config.maxConnections ?? 5,
      maxMessages: Infinity,
      // A send never outlives its job's expiry (jobs.ts): it fails and is retried instead.
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    try {
      const info = (await this.transport.sendMail({
        from: { name: message.fromName, address: this.config.fromAddress },
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        headers: message.headers ?? {},
        messageId: messageIdFor(message.id, this.config.fromAddress),
      })) as { response?: string; rejected?: unknown[] };
      if (Array.isArray(info.rejected) && info.rejected.length > 0) {
        throw new DeliveryError("The mail server refused the address", { permanent: true });
      }
      // "250 2.0.0 Ok: queued as 4F2A1" → the server's queue id, when it says one.
      const queued = /queued as ([\w.-]+)/i.exec(info.response ?? "");
      return { providerMessageId: queued?.[1] ?? null };
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      const e = error as SmtpError;
      const code = e.responseCode;
      // A server's answer decides (5xx final, 4xx later); without one, a malformed address is
      // final and anything else (connection, timeout) is worth another try.
      const permanent = code !== undefined ? code >= 500 : e.code === "EENVELOPE";
      throw new DeliveryError(
        code ? `SMTP ${code}: ${e.message}` : `SMTP: ${e.code ?? e.message}`,
        { permanent, cause: error },
      );
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
