// What every channel (email, SMS, web push, mobile push) implements, and how it says a delivery failed.
// The delivery job (packages/api/src/service/delivery.ts) renders a message, hands it to the
// channel of its notification, and records the answer.

export type ChannelName = "email" | "sms" | "push" | "mobile";

export interface OutgoingMessage {
  /**
   * The notification's id: the delivery's idempotency key. Email uses it for the Message-ID,
   * SMS providers receive it as their idempotency token, so a delivery retried after a crash
   * between send and record is not sent twice by a provider that honours it.
   */
  id: string;
  /**
   * Email address, E.164 number, a push subscription (JSON of endpoint and keys), or a mobile
   * device's FCM token.
   */
  to: string;
  /** The practice (or Caredesk) the message is from, as people should see it. */
  fromName: string;
  subject: string;
  text: string;
  /** Email only. */
  html?: string;
  /** Email only: extra headers (List-Unsubscribe…). */
  headers?: Record<string, string>;
  /** Push (web and mobile) only: where a tap on the notification leads. */
  url?: string;
}

export interface SendResult {
  /** The provider's id for the message (SMTP queue id, Twilio SID, push service location). */
  providerMessageId: string | null;
}

/**
 * A delivery that did not happen. `permanent` (an invalid address, a 4xx from the provider)
 * is not retried and shows as failed; anything else (5xx, timeouts, refused connections) is
 * retried with back-off.
 */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  /** Push: the subscription (or mobile device token) is gone and should be removed. */
  readonly gone: boolean;

  constructor(message: string, options: { permanent: boolean; gone?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = "DeliveryError";
    this.permanent = options.permanent;
    this.gone = options.gone ?? false;
  }
}

export interface Channel {
  readonly name: ChannelName;
  send(message: OutgoingMessage): Promise<SendResult>;
  close?(): Promise<void>;
}

/** The channels a deployment has configured; a channel left out is not offered. */
export type Channels = Partial<Record<ChannelName, Channel>>;

/** Whether an HTTP status from a provider is worth retrying (5xx, 408, 429) or final. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}
