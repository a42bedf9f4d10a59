// A browser's web push subscription (PushSubscription.toJSON()): the push service's endpoint and
// the keys messages are encrypted for (RFC 8291).
import { z } from "zod";
import { Code, SingleLine } from "./common";

const endpointMessage = "Use the push service's https:// address";

/**
 * An https address on the default port with a public host name: letters-only top-level domain
 * (so no IP literal), no localhost or private suffix, no credentials. The server POSTs to it, so
 * nothing on the server's own network may be named here.
 */
const pushServiceUrl =
  /^https:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::443)?\/[\x21-\x7e]*$/i;
const privateSuffix = /^https:\/\/[^/]*\.(?:localhost|local|internal|home\.arpa)(?::443)?\//i;

function isPushServiceUrl(value: string): boolean {
  return pushServiceUrl.test(value) && !privateSuffix.test(value);
}

export const PushEndpoint = SingleLine(2048, endpointMessage)
  .min(1, endpointMessage)
  .refine(isPushServiceUrl, endpointMessage);

/** Base64url without padding (browsers send none; a padded copy is accepted and trimmed). */
const unpadded = (value: string) => value.replace(/=+$/, "");

export const PushSubscribeInput = z.object({
  endpoint: PushEndpoint,
  keys: z.object({
    /** The browser's P-256 public key: 65 bytes, uncompressed (0x04 first, hence "B"). */
    p256dh: Code(/^B[A-Za-z0-9_-]{86}=?$/, "Not a P-256 public key", 88).transform(unpadded),
    /** The 16-byte authentication secret. */
    auth: Code(/^[A-Za-z0-9_-]{22}(==)?$/, "Not a push authentication secret", 24).transform(
      unpadded,
    ),
  }),
});
export type PushSubscribeInput = z.infer<typeof PushSubscribeInput>;

export const PushUnsubscribeInput = z.object({ endpoint: PushEndpoint });
export type PushUnsubscribeInput = z.infer<typeof PushUnsubscribeInput>;
