// Starts the built production server for one E2E run on a database nobody else uses:
// a fresh PostgreSQL database when TEST_DATABASE_URL is set, else a fresh embedded
// PGlite directory. Either is removed when Playwright stops the server, and so is the
// fresh directory uploaded files go to (never the repository). Email goes to a mail
// catcher started here: a real SMTP server whose messages the specs read over HTTP (mail.ts).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { simpleParser } from "mailparser";
import postgres from "postgres";
import { SMTPServer } from "smtp-server";

const here = dirname(fileURLToPath(import.meta.url));
const serverEntry = join(here, "../../server/dist/index.js");
const env = { ...process.env };

const filesDir = mkdtempSync(join(tmpdir(), "caredesk-e2e-files-"));
env.FILES_DIR = filesDir;
delete env.S3_BUCKET;
console.log(`e2e: uploads go to ${filesDir}`);
const removeFiles = () => rmSync(filesDir, { recursive: true, force: true });

/** @type {() => Promise<void>} */
let cleanup;
const testDatabaseUrl = process.env.TEST_DATABASE_URL;
if (testDatabaseUrl) {
  const name = `caredesk_e2e_${randomBytes(6).toString("hex")}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  delete env.DATA_DIR;
  console.log(`e2e: using fresh PostgreSQL database ${name}`);
  cleanup = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
} else {
  const dataDir = mkdtempSync(join(tmpdir(), "caredesk-e2e-"));
  env.DATA_DIR = dataDir;
  delete env.DATABASE_URL;
  console.log(`e2e: using fresh embedded database in ${dataDir}`);
  cleanup = () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true }));
}

// ---------------------------------------------------------------------------------------------
// The mail catcher: SMTP on 127.0.0.1:2525, what it received as JSON at 127.0.0.1:3101/messages

// Other ports only when two runs share a machine (MAIL_HTTP_PORT is read by mail.ts too).
const smtpPort = Number(process.env.MAIL_SMTP_PORT ?? 2525);
const mailHttpPort = Number(process.env.MAIL_HTTP_PORT ?? 3101);
/** @type {{ to: string[]; subject: string; text: string; html: string; messageId: string }[]} */
const messages = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((field) =>
          field.value.map((address) => address.address ?? ""),
        );
        const messageId = mail.messageId ?? "";
        // A delivery retried after a crash arrives again under the same Message-ID: keep one.
        if (!messages.some((m) => messageId && m.messageId === messageId)) {
          messages.push({
            to,
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            messageId,
          });
        }
        callback();
      })
      .catch((/** @type {Error} */ error) => callback(error));
  },
});
await new Promise((resolve) => smtp.listen(smtpPort, "127.0.0.1", () => resolve(undefined)));
// Once listening, a sender that vanishes mid-message resets its connection; smtp-server reports
// that as the server's "error", which must not stop the catcher (the message never arrived).
smtp.on("error", () => undefined);

const mailHttp = createServer((request, response) => {
  if (request.method === "GET" && request.url === "/messages") {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(messages));
    return;
  }
  if (request.method === "POST" && request.url === "/escrow/window-passed") {
    escrowWindowPassed().then(
      (moved) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ moved }));
      },
      (/** @type {Error} */ error) => {
        response.writeHead(500, { "content-type": "text/plain" });
        response.end(error.message);
      },
    );
    return;
  }
  if (request.method === "POST" && request.url === "/site/open") {
    readJson(request)
      .then((body) => openSite(body))
      .then(
        (opened) => {
          response.writeHead(opened ? 200 : 404, { "content-type": "application/json" });
          response.end(JSON.stringify({ opened }));
        },
        (/** @type {Error} */ error) => {
          response.writeHead(500, { "content-type": "text/plain" });
          response.end(error.message);
        },
      );
    return;
  }
  response.writeHead(404).end();
});
await new Promise((resolve) =>
  mailHttp.listen(mailHttpPort, "127.0.0.1", () => resolve(undefined)),
);
console.log(`e2e: mail catcher on smtp://127.0.0.1:${smtpPort}, read at :${mailHttpPort}/messages`);
env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
env.MAIL_FROM = "no-reply@caredesk.test";
const stopMail = () => {
  mailHttp.close();
  smtp.close(() => undefined);
};

// ---------------------------------------------------------------------------------------------
// Online payments: keys sealed with a key of this run; Stripe's API is the stand-in a spec starts
// on STRIPE_STAND_IN_PORT (video-consultation-payment.spec.ts), which the browser reaches too.
env.PAYMENT_KEYS_SECRET = randomBytes(32).toString("base64");
env.STRIPE_API_BASE = `http://127.0.0.1:${Number(process.env.STRIPE_STAND_IN_PORT ?? 3104)}`;
// The platform's own Stripe keys (practices pay for their plans with them): the stand-in's default
// keys, so a spec's stand-in on STRIPE_STAND_IN_PORT takes the wizard's plan payment; Stripe's
// plan events go to /webhooks/platform/stripe (a spec points the stand-in's webhook URL there).
env.PLATFORM_STRIPE_SECRET_KEY = "sk_test_caredesk_standin";
env.PLATFORM_STRIPE_PUBLISHABLE_KEY = "pk_test_caredesk_standin";
env.PLATFORM_STRIPE_WEBHOOK_SECRET = "whsec_caredesk_standin";

/**
 * The dispute windows of every completed consultation have passed: what time does, done to the
 * test database (release_after moved into the past), then the release job asked to run now
 * instead of at its next minute. Only on PostgreSQL (TEST_DATABASE_URL).
 */
async function escrowWindowPassed() {
  if (!env.DATABASE_URL) throw new Error("needs TEST_DATABASE_URL");
  const db = postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const moved = await db`update escrow set release_after = now() - interval '1 minute'
      where status = 'held' and release_after is not null returning id`;
    await db`insert into pgboss.job (name, data, policy)
      select name, '{}'::jsonb, policy from pgboss.queue where name = 'escrow-release'
      on conflict do nothing`;
    return moved.length;
  } finally {
    await db.end();
  }
}

/**
 * @param {import("node:http").IncomingMessage} request
 * @returns {Promise<Record<string, unknown>>}
 */
async function readJson(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? /** @type {Record<string, unknown>} */ (JSON.parse(text)) : {};
}

/**
 * A practice's site goes live the way a finished wizard and a paid plan leave it: reviews and
 * the patient portal on, the plan paid for a year, the site published. By `organizationId` or
 * `slug`; answers whether a practice was found. Only on PostgreSQL (TEST_DATABASE_URL).
 * @param {Record<string, unknown>} body
 */
async function openSite(body) {
  if (!env.DATABASE_URL) throw new Error("needs TEST_DATABASE_URL");
  const db = postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    return await db.begin(async (tx) => {
      /** @type {{ id: string }[]} */
      const [org] =
        typeof body.organizationId === "string"
          ? await tx`select id from organization where id = ${body.organizationId}`
          : typeof body.slug === "string"
            ? await tx`select id from organization where slug = ${body.slug}`
            : [];
      if (!org) return false;
      await tx`update organization set features = '{reviews,patient_portal}' where id = ${org.id}`;
      await tx`update subscription set features = '{reviews,patient_portal}',
        paid_until = now() + interval '1 year' where organization_id = ${org.id}`;
      await tx`update practice_site set published_at = now(), step = 'done'
        where organization_id = ${org.id}`;
      return true;
    });
  } finally {
    await db.end();
  }
}

// ---------------------------------------------------------------------------------------------
// A local OpenID Connect provider (the server tests' own, apps/server/test/oidc-provider.ts) on
// OIDC_TEST_PORT: the sign-in buttons say "Continue with Test ID" (oidc.spec.ts).

const oidcPort = Number(process.env.OIDC_TEST_PORT ?? 3103);
const oidcClient = { id: "caredesk-e2e", secret: "caredesk-e2e-secret-0123456789" };
const oidc = spawn(
  join(here, "../../server/node_modules/.bin/tsx"),
  [join(here, "../../server/test/oidc-provider-main.ts")],
  {
    env: {
      ...process.env,
      OIDC_TEST_PORT: String(oidcPort),
      OIDC_TEST_CLIENT_ID: oidcClient.id,
      OIDC_TEST_CLIENT_SECRET: oidcClient.secret,
      OIDC_TEST_REDIRECT_URI: `${env.APP_ORIGIN ?? "http://localhost:3100"}/auth/oidc/local/callback`,
    },
    stdio: "inherit",
  },
);
env.OIDC_LOCAL_ISSUER = `http://127.0.0.1:${oidcPort}`;
env.OIDC_LOCAL_CLIENT_ID = oidcClient.id;
env.OIDC_LOCAL_CLIENT_SECRET = oidcClient.secret;
env.OIDC_LOCAL_LABEL = "Test ID";

const server = spawn(process.execPath, [serverEntry], { env, stdio: "inherit" });

let stopping = false;
/** @param {NodeJS.Signals} signal */
function stop(signal) {
  if (stopping) return;
  stopping = true;
  if (server.exitCode === null) server.kill(signal);
  if (oidc.exitCode === null) oidc.kill(signal);
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

server.on("exit", (code, signal) => {
  stopMail();
  if (oidc.exitCode === null) oidc.kill("SIGTERM");
  cleanup()
    .finally(removeFiles)
    .catch((error) => console.error("e2e: cleanup failed", error))
    .finally(() => process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0))));
});
