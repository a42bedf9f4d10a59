// Providers' delivery-status callbacks for SMS: plain Fastify routes that read the raw body,
// check the provider's signature over it, and record the report once (recordDeliveryReport).
// A bad or missing signature answers 400 and records nothing.
// Payment providers' events (POST /webhooks/payments/:provider/:accountId): verified with that
// account's own secret and stored once (receiveWebhook); a job applies them. Anything short of
// stored answers non-2xx, so the provider keeps the event and sends it again.
// The platform's own events (POST /webhooks/platform/:provider), for practices' plan payments:
// verified with the platform's secret, stored once and applied in the same transaction.
import {
  receivePlanWebhook,
  receiveWebhook,
  retryAfterOf,
  type PaymentsConfig,
  recordDeliveryReport,
} from "@caredesk/api";
import type { Database } from "@caredesk/db";
import {
  smsStatusCallbackPaths,
  verifyTwilioSignature,
  verifyWebhookSignature,
  webhookSignatureHeader,
} from "@caredesk/notifications";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Env } from "./env";

const webhookPrefix = "/webhooks/";

/**
 * Whether a request is a provider's callback: it carries no browser credentials and opens no
 * session, so the CSRF guard's Origin rule has nothing to protect there (its signature does).
 */
export function isWebhookRequest(request: FastifyRequest): boolean {
  return request.url.startsWith(webhookPrefix);
}

/** Provider ids and statuses as they may be stored: short, plain, no surprises. */
const messageIdPattern = /^[A-Za-z0-9_.:-]{1,200}$/;
const statusPattern = /^[A-Za-z_-]{1,40}$/;
const errorCodePattern = /^[A-Za-z0-9_.-]{1,40}$/;

function refuse(reply: FastifyReply, message: string) {
  return reply.status(400).send({ statusCode: 400, error: "Bad Request", message });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value : undefined;
}

/** Providers' events are small; Stripe's largest objects stay well under this. */
const paymentWebhookBodyLimit = 256 * 1024;
/** What a provider is told to wait when we could not store its event (it retries anyway). */
const paymentRetryAfterSeconds = 30;

/** Headers as providers send them: single values only (a repeated header is not theirs). */
function singleHeaders(request: FastifyRequest): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string") headers[name] = value;
  }
  return headers;
}

export async function registerWebhooks(
  app: FastifyInstance,
  { env, db, payments }: { env: Env; db: Database; payments: PaymentsConfig },
): Promise<void> {
  const origin = env.appOrigin.replace(/\/$/, "");

  await app.register((scope, _options, done) => {
    // Signatures are over the bytes as sent: keep the body as text, parse it after checking.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      ["application/x-www-form-urlencoded", "application/json"],
      { parseAs: "string", bodyLimit: 64 * 1024 },
      (_request, body, done) => done(null, body),
    );

    scope.post(smsStatusCallbackPaths.twilio, async (request, reply) => {
      const authToken = env.TWILIO_AUTH_TOKEN;
      if (!authToken) return reply.status(404).send({ statusCode: 404, message: "Not found" });
      const raw = typeof request.body === "string" ? request.body : "";
      const params = Object.fromEntries(new URLSearchParams(raw));
      // Twilio signs the URL it called: our public origin and the path with its query.
      const url = `${origin}${request.url}`;
      if (!verifyTwilioSignature(authToken, url, params, header(request, "x-twilio-signature"))) {
        request.log.warn({ path: request.routeOptions.url }, "sms webhook: bad signature");
        return refuse(reply, "Invalid signature");
      }
      const providerMessageId = params.MessageSid ?? params.SmsSid ?? "";
      const status = params.MessageStatus ?? params.SmsStatus ?? "";
      const errorCode = params.ErrorCode || null;
      if (
        !messageIdPattern.test(providerMessageId) ||
        !statusPattern.test(status) ||
        (errorCode !== null && !errorCodePattern.test(errorCode))
      ) {
        return refuse(reply, "Not a message status callback");
      }
      await recordDeliveryReport(
        db,
        { provider: "twilio", providerMessageId, status, errorCode },
        { ip: request.ip, requestId: request.id },
      );
      return reply.status(204).send();
    });

    scope.post(smsStatusCallbackPaths.generic, async (request, reply) => {
      const secret = env.SMS_WEBHOOK_SECRET;
      if (!secret) return reply.status(404).send({ statusCode: 404, message: "Not found" });
      const raw = typeof request.body === "string" ? request.body : "";
      if (!verifyWebhookSignature(secret, raw, header(request, webhookSignatureHeader))) {
        request.log.warn({ path: request.routeOptions.url }, "sms webhook: bad signature");
        return refuse(reply, "Invalid signature");
      }
      let report: unknown;
      try {
        report = JSON.parse(raw);
      } catch {
        return refuse(reply, "The body is not JSON");
      }
      const fields = (report ?? {}) as { id?: unknown; status?: unknown; errorCode?: unknown };
      const providerMessageId = fields.id;
      const status = fields.status;
      const errorCode =
        typeof fields.errorCode === "string" || typeof fields.errorCode === "number"
          ? String(fields.errorCode)
          : null;
      if (
        typeof providerMessageId !== "string" ||
        !messageIdPattern.test(providerMessageId) ||
        typeof status !== "string" ||
        !statusPattern.test(status) ||
        (errorCode !== null && !errorCodePattern.test(errorCode))
      ) {
        return refuse(reply, "Not a message status report");
      }
      await recordDeliveryReport(
        db,
        { provider: "generic", providerMessageId, status, errorCode },
        { ip: request.ip, requestId: request.id },
      );
      return reply.status(204).send();
    });
    done();
  });

  await app.register((scope, _options, done) => {
    // The raw bytes are what the provider signed: kept as text until the signature checks out.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      ["application/json", "application/x-www-form-urlencoded", "text/plain"],
      { parseAs: "string", bodyLimit: paymentWebhookBodyLimit },
      (_request, body, done) => done(null, body),
    );

    scope.post<{ Params: { provider: string; accountId: string } }>(
      "/webhooks/payments/:provider/:accountId",
      { bodyLimit: paymentWebhookBodyLimit },
      async (request, reply) => {
        const { provider, accountId } = request.params;
        const rawBody = typeof request.body === "string" ? request.body : "";
        let receipt: Awaited<ReturnType<typeof receiveWebhook>>;
        try {
          receipt = await receiveWebhook(db, payments, {
            provider,
            accountId,
            rawBody,
            headers: singleHeaders(request),
          });
        } catch (err) {
          // Not stored (the database failed, or the account's keys cannot be opened here): the
          // provider must send it again, so never a 2xx, and never a 500 that reads as a crash.
          request.log.error({ err, provider, accountId }, "payment webhook: not stored");
          return reply
            .status(503)
            .header("retry-after", String(retryAfterOf(err) ?? paymentRetryAfterSeconds))
            .send({ statusCode: 503, error: "Service Unavailable", message: "Try again later" });
        }
        switch (receipt.result) {
          case "unknown_account":
            return reply.status(404).send({ statusCode: 404, message: "Not found" });
          case "refused":
            request.log.warn({ provider, accountId }, "payment webhook: refused");
            return refuse(reply, receipt.reason);
          case "stored":
            request.log.info(
              { provider, accountId, repeat: receipt.repeat },
              "payment webhook: stored",
            );
            return reply.status(200).send({ received: true });
        }
      },
    );

    scope.post<{ Params: { provider: string } }>(
      "/webhooks/platform/:provider",
      { bodyLimit: paymentWebhookBodyLimit },
      async (request, reply) => {
        const { provider } = request.params;
        const rawBody = typeof request.body === "string" ? request.body : "";
        let receipt: Awaited<ReturnType<typeof receivePlanWebhook>>;
        try {
          receipt = await receivePlanWebhook(db, payments, {
            provider,
            rawBody,
            headers: singleHeaders(request),
          });
        } catch (err) {
          request.log.error({ err, provider }, "platform webhook: not stored");
          return reply
            .status(503)
            .header("retry-after", String(retryAfterOf(err) ?? paymentRetryAfterSeconds))
            .send({ statusCode: 503, error: "Service Unavailable", message: "Try again later" });
        }
        switch (receipt.result) {
          case "unknown_provider":
            return reply.status(404).send({ statusCode: 404, message: "Not found" });
          case "refused":
            request.log.warn({ provider }, "platform webhook: refused");
            return refuse(reply, receipt.reason);
          case "stored":
            request.log.info(
              { provider, repeat: receipt.repeat, outcome: receipt.outcome },
              "platform webhook: stored",
            );
            return reply.status(200).send({ received: true });
        }
      },
    );
    done();
  });
}
