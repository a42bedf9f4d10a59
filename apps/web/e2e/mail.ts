// Reading the email the server sent: the mail catcher started by start-server.mjs keeps every
// message its SMTP server received and lists them at 127.0.0.1:3101/messages.
import { expect } from "@playwright/test";

export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

const messagesUrl = `http://127.0.0.1:${process.env.MAIL_HTTP_PORT ?? "3101"}/messages`;

async function caughtMail(): Promise<CaughtMail[]> {
  const response = await fetch(messagesUrl);
  if (!response.ok) throw new Error(`the mail catcher answered ${response.status}`);
  return (await response.json()) as CaughtMail[];
}

/**
 * Waits (polling) for the newest message to `to` whose subject matches, sent after `since`
 * messages to that address had arrived (so a test finds its own, not an earlier one).
 */
export async function waitForMail(
  to: string,
  subjectMatch: string | RegExp,
  { timeout = 30_000, since = 0 }: { timeout?: number; since?: number } = {},
): Promise<CaughtMail> {
  const matches = (mail: CaughtMail) =>
    mail.to.some((address) => address.toLowerCase() === to.toLowerCase()) &&
    (typeof subjectMatch === "string"
      ? mail.subject.includes(subjectMatch)
      : subjectMatch.test(mail.subject));
  let found: CaughtMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await caughtMail()).filter(matches).slice(since).at(-1);
        return found !== undefined;
      },
      { timeout, intervals: [250, 500, 1000], message: `an email to ${to} (${subjectMatch})` },
    )
    .toBe(true);
  if (!found) throw new Error(`no email to ${to}`);
  return found;
}

/** How many messages `to` has received so far (pass as `since` to wait for the next one). */
export async function mailCount(to: string): Promise<number> {
  return (await caughtMail()).filter((mail) =>
    mail.to.some((address) => address.toLowerCase() === to.toLowerCase()),
  ).length;
}

/** The link of this app in a message's text that leads to `path` (e.g. "/reset-password"). */
export function linkIn(mail: CaughtMail, path: string): string {
  const urls = mail.text.match(/https?:\/\/\S+/g) ?? [];
  const link = urls.find((url) => new URL(url).pathname === path);
  if (!link) throw new Error(`no ${path} link in "${mail.subject}"`);
  return link;
}
