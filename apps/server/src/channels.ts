// The channels this deployment delivers on, from its configuration: SMTP when SMTP_URL is set,
// else the local mailbox (operators read it in the admin app); SMS (Twilio, or any provider
// taking signed JSON), web push and mobile push (FCM) when they are configured, else not offered.
import { MailboxChannel, type DeliveryDeps } from "@caredesk/api";
import type { Database } from "@caredesk/db";
import {
  createFcmChannel,
  createPushChannel,
  createSmsChannel,
  renderAccountEmail,
  SmtpEmailChannel,
  type Channels,
} from "@caredesk/notifications";
import type { Env } from "./env";

export function channelsFromEnv(env: Env, db: Database): Channels {
  const sms = createSmsChannel({
    twilioAccountSid: env.TWILIO_ACCOUNT_SID,
    twilioAuthToken: env.TWILIO_AUTH_TOKEN,
    twilioFrom: env.TWILIO_FROM,
    twilioApiBase: env.TWILIO_API_BASE,
    webhookUrl: env.SMS_WEBHOOK_URL,
    webhookSecret: env.SMS_WEBHOOK_SECRET,
    publicOrigin: env.appOrigin,
  });
  const push = createPushChannel({
    vapidPublicKey: env.VAPID_PUBLIC_KEY,
    vapidPrivateKey: env.VAPID_PRIVATE_KEY,
    vapidSubject: env.VAPID_SUBJECT,
  });
  const mobile = createFcmChannel({
    serviceAccountJson: env.FCM_SERVICE_ACCOUNT_JSON,
    projectId: env.FCM_PROJECT_ID,
    clientEmail: env.FCM_CLIENT_EMAIL,
    privateKey: env.FCM_PRIVATE_KEY,
  });
  return {
    email: env.SMTP_URL
      ? new SmtpEmailChannel({ url: env.SMTP_URL, fromAddress: env.MAIL_FROM })
      : new MailboxChannel(db, env.MAIL_FROM),
    ...(sms ? { sms } : {}),
    ...(push ? { push } : {}),
    ...(mobile ? { mobile } : {}),
  };
}

/** What the delivery job needs: the database, the channels, the templates, where links lead. */
export function deliveryFromEnv(env: Env, db: Database): DeliveryDeps {
  return {
    db,
    channels: channelsFromEnv(env, db),
    appOrigin: env.appOrigin,
    renderAccountEmail,
  };
}

export async function closeChannels(channels: Channels): Promise<void> {
  for (const channel of Object.values(channels)) await channel?.close?.();
}
