// Providers' keys at rest: AES-256-GCM under a key from the environment (PAYMENT_KEYS_SECRET,
// 32 bytes as base64 or hex). The stored form is `v1.<iv>.<tag>.<ciphertext>` (base64url), bound to
// the row it belongs to by additional authenticated data, so a sealed value copied onto another
// practice's row does not open there.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const version = "v1";

/** A stored secret that does not open: a wrong or rotated key, a damaged value, another row's. */
export class SealedSecretError extends Error {
  override name = "SealedSecretError";
}

export interface SecretBox {
  seal(plaintext: string, boundTo: string): string;
  open(sealed: string, boundTo: string): string;
}

/** Reads a 32-byte key written as base64 (44 characters) or hex (64). */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    throw new Error("PAYMENT_KEYS_SECRET must be 32 bytes, written as base64 or hex");
  }
  return key;
}

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error("AES-256-GCM needs a 32-byte key");
  return {
    seal(plaintext, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(boundTo, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [version, iv, tag, body]
        .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
        .join(".");
    },
    open(sealed, boundTo) {
      const parts = sealed.split(".");
      if (parts.length !== 4 || parts[0] !== version) {
        throw new SealedSecretError("not a sealed secret");
      }
      const [, ivText, tagText, bodyText] = parts as [string, string, string, string];
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivText, "base64url"));
        decipher.setAAD(Buffer.from(boundTo, "utf8"));
        decipher.setAuthTag(Buffer.from(tagText, "base64url"));
        return Buffer.concat([
          decipher.update(Buffer.from(bodyText, "base64url")),
          decipher.final(),
        ]).toString("utf8");
      } catch (cause) {
        throw new SealedSecretError("the sealed secret does not open with this key", { cause });
      }
    },
  };
}
