// Session tokens per Lucia's design: `<id>.<secret>`, both 120 bits of entropy;
// only SHA-256(secret) is stored and compared in constant time.
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeHexLowerCase } from "@oslojs/encoding";

// Human-safe alphabet (no 0/o, 1/l): 32 symbols = 5 bits per character.
const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

export function generateSecureRandomString(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  let out = "";
  for (const byte of bytes) out += alphabet[byte >> 3];
  return out;
}

export function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = new TextEncoder().encode(hashSecret(secret));
  const b = new TextEncoder().encode(storedHash);
  return a.length === b.length && constantTimeEqual(a, b);
}

/** Exactly what `generateSecureRandomString` makes: anything else never reaches a query. */
const tokenPart = /^[a-km-np-z2-9]{24}$/;

/** Whether a value can be a session id (the public half of a token). */
export function isSessionId(value: string): boolean {
  return tokenPart.test(value);
}

export function splitToken(token: string): { id: string; secret: string } | null {
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [id, secret] = parts;
  if (!id || !secret || !tokenPart.test(id) || !tokenPart.test(secret)) return null;
  return { id, secret };
}
