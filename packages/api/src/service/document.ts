// Documents on a patient's record: a stored file plus what it is (lab result, imaging, …).
import { schema, type Database } from "@caredesk/db";
import type { DocumentCreateInput } from "@caredesk/validators";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { notFound } from "../errors";
import { cursorId, decodeCursor, encodeCursor, type Page } from "./pagination";
import { sameTenant } from "./tenant";

const { document, file } = schema;

export const documentColumns = {
  id: document.id,
  patientId: document.patientId,
  fileId: document.fileId,
  kind: document.kind,
  title: document.title,
  documentDate: document.documentDate,
  createdAt: document.createdAt,
  mimeType: file.mimeType,
  sizeBytes: file.sizeBytes,
  fileName: file.originalName,
};

export type DocumentRow = {
  id: string;
  patientId: string;
  fileId: string;
  kind: "medical_record" | "lab_result" | "imaging" | "id" | "insurance" | "other";
  title: string;
  documentDate: string | null;
  createdAt: Date;
  mimeType: string;
  sizeBytes: number;
  fileName: string;
};

export async function listDocuments(
  db: Database,
  organizationId: string,
  input: { patientId: string; cursor?: string | undefined; limit: number },
): Promise<Page<DocumentRow>> {
  const values = decodeCursor(input.cursor);
  // The anchor's timestamp is read in SQL, where it keeps its microseconds (see listPatients).
  const anchorId = values ? cursorId(values.length === 1 ? values[0] : undefined) : null;
  const after = anchorId
    ? sql`(${document.createdAt}, ${document.id}) < ((select ${document.createdAt} from ${document} where ${document.organizationId} = ${organizationId} and ${document.id} = ${anchorId}::uuid), ${anchorId}::uuid)`
    : undefined;
  const rows = await db
    .select(documentColumns)
    .from(document)
    .innerJoin(file, sameTenant(file, document.organizationId, document.fileId))
    .where(
      and(
        eq(document.organizationId, organizationId),
        eq(document.patientId, input.patientId),
        isNull(document.archivedAt),
        after,
      ),
    )
    .orderBy(desc(document.createdAt), desc(document.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.id]) : null,
  };
}

export async function getDocument(
  db: Database,
  organizationId: string,
  id: string,
  patientId?: string,
) {
  const [row] = await db
    .select(documentColumns)
    .from(document)
    .innerJoin(file, sameTenant(file, document.organizationId, document.fileId))
    .where(
      and(
        eq(document.organizationId, organizationId),
        eq(document.id, id),
        isNull(document.archivedAt),
        patientId ? eq(document.patientId, patientId) : undefined,
      ),
    );
  if (!row) throw notFound("Document not found");
  return row;
}

/**
 * Files an uploaded document file on a patient's record. `ownUploadsOnly` (the portal): the
 * file must be one this user uploaded, or a patient could file, then download, another
 * patient's document by its id.
 */
export async function createDocument(
  tx: Database,
  organizationId: string,
  uploadedBy: string,
  input: z.infer<typeof DocumentCreateInput>,
  { ownUploadsOnly = false }: { ownUploadsOnly?: boolean } = {},
) {
  const [uploaded] = await tx
    .select({ purpose: file.purpose })
    .from(file)
    .where(
      and(
        eq(file.organizationId, organizationId),
        eq(file.id, input.fileId),
        ownUploadsOnly ? eq(file.uploadedBy, uploadedBy) : undefined,
      ),
    );
  if (!uploaded || uploaded.purpose !== "document") throw notFound("File not found");
  const [row] = await tx
    .insert(document)
    .values({ ...input, organizationId, uploadedBy })
    .returning({ id: document.id });
  if (!row) throw new Error("document insert returned nothing");
  return getDocument(tx, organizationId, row.id);
}

export async function archiveDocument(
  tx: Database,
  organizationId: string,
  id: string,
  patientId?: string,
) {
  const before = await getDocument(tx, organizationId, id, patientId);
  await tx
    .update(document)
    .set({ archivedAt: new Date() })
    .where(and(eq(document.organizationId, organizationId), eq(document.id, id)));
  return before;
}
