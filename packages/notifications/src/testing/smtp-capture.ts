// A real SMTP server for tests and benchmarks (the `smtp-server` package): it speaks the
// protocol nodemailer speaks to any server and keeps what arrives. Like a provider that honours
// idempotency keys, it stores a message once per Message-ID, and counts every time one arrived.
import { SMTPServer } from "smtp-server";

export interface CapturedMail {
  messageId: string;
  from: string;
  to: string[];
  /** The raw message (headers and body, as received). */
  raw: string;
  receivedAt: number;
}

export interface SmtpCapture {
  port: number;
  url: string;
  /** One entry per Message-ID, in arrival order. */
  messages(): CapturedMail[];
  /** How many times each Message-ID arrived (a repeat is a retried delivery). */
  arrivals(): Map<string, number>;
  /** Refuse the next recipients matching with this SMTP code (5xx final, 4xx temporary). */
  refuse(match: (to: string) => boolean, code: number): void;
  close(): Promise<void>;
}

function header(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const match = new RegExp(`^${name}:\\s*(.+)$`, "im").exec(unfolded);
  return match?.[1]?.trim() ?? null;
}

export async function startSmtpCapture(port = 0): Promise<SmtpCapture> {
  const stored = new Map<string, CapturedMail>();
  const counts = new Map<string, number>();
  const refusals: { match: (to: string) => boolean; code: number }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    maxClients: 200,
    onRcptTo(address, _session, callback) {
      const refusal = refusals.find((r) => r.match(address.address));
      if (refusal) {
        const error = Object.assign(new Error(`Refused ${address.address}`), {
          responseCode: refusal.code,
        });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const messageId = header(raw, "Message-ID") ?? `<none-${counts.size}>`;
        counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
        if (!stored.has(messageId)) {
          stored.set(messageId, {
            messageId,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            receivedAt: Date.now(),
          });
        }
        callback(null, `Ok: queued as ${messageId.replace(/[<>]/g, "").split("@")[0]}`);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // A client that vanishes mid-session (a worker killed while sending, as the kill test does)
  // resets its connection; smtp-server reports that as the server's "error", which must not
  // bring down the process that hosts it. The message it was sending simply never arrived.
  server.on("error", () => undefined);
  const address = server.server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    messages: () => [...stored.values()],
    arrivals: () => new Map(counts),
    refuse: (match, code) => refusals.push({ match, code }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A header of a captured message ("Subject", "List-Unsubscribe"…), unfolded. */
export function mailHeader(mail: CapturedMail, name: string): string | null {
  return header(mail.raw, name);
}
