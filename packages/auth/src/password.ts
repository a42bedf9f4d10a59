// argon2id with OWASP's minimum (m=19 MiB, t=2, p=1), always through the async API so
// hashing runs on libuv's thread pool, never on the event loop.
import { hash, verify } from "@node-rs/argon2";

const options = {
  // Algorithm.Argon2id — the enum is `const`, which verbatimModuleSyntax cannot import.
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the email is unknown, so both failures cost the same time.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("caredesk-timing-equaliser");
  await verifyPassword(await dummyHash, password);
}

/**
 * The stored value of an account without a password (made by signing in with a provider):
 * `!` and a random part, which no argon2 hash starts with and no password verifies against.
 */
export function unusablePasswordHash(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return `!${Buffer.from(bytes).toString("base64url")}`;
}

/** Whether a stored value is a real password hash (the account has a password). */
export function isUsablePasswordHash(passwordHash: string): boolean {
  return !passwordHash.startsWith("!");
}
