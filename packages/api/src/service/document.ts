// Documents on a patient's record: a stored file plus what it is (lab result, imaging, …).
import { schema, type Database } from "@caredesk/db";
import type { DocumentCreateInput } from "@caredesk/validators";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { notFound } from "../errors";
import type { OrgScope, RecordReader } from "../scope";
import { getPatient } from "./patient";
import { recordRead } from "./record-access";
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
  fileStatus: file.status,
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
  /** Only `available` files download; `quarantined` ones are still being checked for malware. */
  fileStatus: "available" | "quarantined" | "infected";
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

/**
 * A patient's documents as staff see them: another organization's patient is not found. The
 * read is recorded ("who viewed my record").
 */
export async function listPatientDocuments(
  ctx: RecordReader,
  input: { patientId: string; cursor?: string | undefined; limit: number },
): Promise<Page<DocumentRow>> {
  await getPatient(ctx.db, ctx.org.id, input.patientId);
  const page = await listDocuments(ctx.db, ctx.org.id, input);
  await recordRead(ctx, { patientId: input.patientId, kind: "document" });
  return page;
}

/** One document as staff see it; the read is recorded. */
export async function readDocument(ctx: RecordReader, id: string): Promise<DocumentRow> {
  const found = await getDocument(ctx.db, ctx.org.id, id);
  await recordRead(ctx, { patientId: found.patientId, kind: "document", entityId: found.id });
  return found;
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
export function createDocument(
  ctx: Pick<OrgScope, "org" | "user" | "mutate">,
  input: z.infer<typeof DocumentCreateInput>,
  { ownUploadsOnly = false }: { ownUploadsOnly?: boolean } = {},
) {
  const organizationId = ctx.org.id;
  const uploadedBy = ctx.user.id;
  return ctx.mutate(async (tx, audit) => {
    await getPatient(tx, organizationId, input.patientId);
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
    const created = await getDocument(tx, organizationId, row.id);
    audit({
      entityType: "document",
      entityId: created.id,
      patientId: created.patientId,
      after: created,
    });
    return created;
  });
}

/** Takes a document off the record (kept, no longer listed or downloadable). */
export function archiveDocument(ctx: Pick<OrgScope, "org" | "mutate">, id: string) {
  return ctx.mutate(async (tx, audit) => {
    const before = await getDocument(tx, ctx.org.id, id);
    await tx
      .update(document)
      .set({ archivedAt: new Date() })
      .where(and(eq(document.organizationId, ctx.org.id), eq(document.id, id)));
    audit({ entityType: "document", entityId: before.id, patientId: before.patientId, before });
    return { ok: true as const };
  });
}
