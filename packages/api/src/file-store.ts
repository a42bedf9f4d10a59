// Where file bytes live, as services see it. The host (apps/server/src/files/storage.ts) provides
// the local-directory or S3 implementation; services that make files themselves (a signed
// form's PDF, its signature image) write through it under random keys.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";

export interface FileStore {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** A stream of the object's bytes, or null when it does not exist. */
  get(key: string): Promise<Readable | null>;
}

/** `<org>/<yyyy>/<mm>/<64 hex chars>`: unguessable, and spreads directories out. */
export function newStorageKey(organizationId: string, now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, "0");
  return `${organizationId}/${now.getUTCFullYear()}/${month}/${randomBytes(32).toString("hex")}`;
}

/** Reads a stored object whole (small files only: logos, signatures). */
export async function readStored(store: FileStore, key: string): Promise<Buffer | null> {
  const stream = await store.get(key);
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * Keeps bytes in this process's memory: for scripts and the api's own tests, which have no host.
 * A real store, not a stand-in for our logic: what is put is what is got.
 */
export function memoryFileStore(): FileStore {
  const objects = new Map<string, Buffer>();
  return {
    put(key, body) {
      if (objects.has(key)) return Promise.reject(new Error("storage key already used"));
      objects.set(key, Buffer.from(body));
      return Promise.resolve();
    },
    get(key) {
      const body = objects.get(key);
      return Promise.resolve(body ? Readable.from([body]) : null);
    },
  };
}
