// The channels this deployment delivers on, from its configuration: SMTP when SMTP_URL is set,
// else the local mailbox (operators read it in the admin app); SMS and web push when their
// providers are configured.
import { MailboxChannel, type DeliveryDeps } from "@caredesk/api";
import type { Database } from "@caredesk/db";
import { renderAccountEmail, SmtpEmailChannel, type Channels } from "@caredesk/notifications";
import type { Env } from "./env";

export function channelsFromEnv(env: Env, db: Database): Channels {
  return {
    email: env.SMTP_URL
      ? new SmtpEmailChannel({ url: env.SMTP_URL, fromAddress: env.MAIL_FROM })
      : new MailboxChannel(db, env.MAIL_FROM),
  };
}

/** What the delivery job needs: the database, the channels and where links lead. */
export function deliveryFromEnv(env: Env, db: Database): DeliveryDeps {
  return { db, channels: channelsFromEnv(env, db), appOrigin: env.appOrigin, renderAccountEmail };
}

export async function closeChannels(channels: Channels): Promise<void> {
  for (const channel of Object.values(channels)) await channel?.close?.();
}
