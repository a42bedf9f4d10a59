// Files: what the host records after storing an upload's bytes (facts it established itself:
// a random key, the type detected from the bytes, the size and hash), and photo addresses.
import { z } from "zod";
import { Code, SingleLine } from "./common";

/**
 * `prescription`: a patient's prescription image or PDF (online orders, refills);
 * `product_image`: a catalogue product's picture (the shop, the counter);
 * `import`: a CSV or Excel file of records to import (patients, products…).
 */
export const filePurposes = [
  "document",
  "photo",
  "certificate",
  "logo",
  "prescription",
  "product_image",
  "import",
] as const;
export type FilePurpose = (typeof filePurposes)[number];

/** The largest upload any purpose allows (documents: 10 MB), with room to spare. */
const maxStoredBytes = 64 * 1024 * 1024;

export const StoredFileInput = z.object({
  storageKey: Code(/^[0-9a-z/-]{16,200}$/, "Not a storage key", 200),
  mimeType: Code(/^[a-z]+\/[a-z0-9.+-]+$/, "Not a media type", 100),
  sizeBytes: z.number().int().min(0).max(maxStoredBytes),
  sha256: Code(/^[0-9a-f]{64}$/, "Not a SHA-256 hash", 64),
  originalName: SingleLine(255, "Name the file"),
  purpose: z.enum(filePurposes),
  /**
   * What the malware scanner said: `available` (clean, or no scanner configured) or
   * `quarantined` (the scanner was unreachable; hidden until a rescan finds it clean).
   */
  status: z.enum(["available", "quarantined"]).default("available"),
  /** The engine that found it clean ("ClamAV 1.4.6/…"); null when it was not scanned. */
  scanEngine: SingleLine(200, "Name the engine").nullable().default(null),
});
export type StoredFileInput = z.input<typeof StoredFileInput>;

/** An upload the host refused because the scanner found malware in it (bytes never stored). */
export const MalwareRefusalInput = z.object({
  signature: SingleLine(200, "Name the signature"),
  engine: SingleLine(200, "Name the engine").nullable(),
  fileName: SingleLine(255, "Name the file"),
  purpose: z.enum(filePurposes),
  mimeType: Code(/^[a-z]+\/[a-z0-9.+-]+$/, "Not a media type", 100),
  sizeBytes: z.number().int().min(0).max(maxStoredBytes),
  sha256: Code(/^[0-9a-f]{64}$/, "Not a SHA-256 hash", 64),
});
export type MalwareRefusalInput = z.infer<typeof MalwareRefusalInput>;
