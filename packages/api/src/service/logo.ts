// The practice's logo as services need it: its bytes for PDFs they make (printed forms,
// prescriptions). Set in settings (organization.logoFileId, a file of purpose "logo").
import { schema, type Database } from "@caredesk/db";
import { and, eq } from "drizzle-orm";
import { readStored, type FileStore } from "../file-store";

export interface PracticeLogo {
  fileId: string;
  mimeType: string;
  bytes: Buffer;
}

/**
 * Where email clients fetch the logo: the public, cacheable route (GET /files/logo/:slug/:fileId),
 * or null when the practice has none. A new logo is a new file, so a new address.
 */
export function practiceLogoUrl(
  origin: string,
  practice: { slug: string; logoFileId: string | null },
): string | null {
  if (!practice.logoFileId) return null;
  return `${origin}/files/logo/${encodeURIComponent(practice.slug)}/${practice.logoFileId}`;
}

/** The logo's file id, or null when the practice has none. */
export async function practiceLogoFileId(db: Database, organizationId: string) {
  const [row] = await db
    .select({ fileId: schema.organization.logoFileId })
    .from(schema.organization)
    .where(eq(schema.organization.id, organizationId));
  return row?.fileId ?? null;
}

/** The logo's bytes, or null when the practice has none (or its bytes are gone). */
export async function practiceLogo(
  db: Database,
  files: FileStore,
  organizationId: string,
): Promise<PracticeLogo | null> {
  const [row] = await db
    .select({
      fileId: schema.file.id,
      mimeType: schema.file.mimeType,
      storageKey: schema.file.storageKey,
    })
    .from(schema.organization)
    .innerJoin(
      schema.file,
      and(
        eq(schema.file.organizationId, schema.organization.id),
        eq(schema.file.id, schema.organization.logoFileId),
        // A logo still being checked (or found infected) is not put into emails or PDFs.
        eq(schema.file.status, "available"),
      ),
    )
    .where(eq(schema.organization.id, organizationId));
  if (!row) return null;
  const bytes = await readStored(files, row.storageKey);
  return bytes ? { fileId: row.fileId, mimeType: row.mimeType, bytes } : null;
}
