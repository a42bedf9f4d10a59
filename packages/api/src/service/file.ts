// File metadata and who may read which file. The bytes themselves are the host's business
// (apps/server stores and streams them); this module never touches them.
import { can, type Role } from "@caredesk/auth";
import { enqueueJobs, jobQueues, schema, type Database } from "@caredesk/db";
import type { FilePurpose, StoredFileInput } from "@caredesk/validators";
import { and, eq, isNull } from "drizzle-orm";
import { FieldError, notFound } from "../errors";
import type { OrgScope, RecordReader } from "../scope";
import { recordRead } from "./record-access";
import { sameTenant } from "./tenant";

const { file, document, patient } = schema;

export { filePurposes, type FilePurpose } from "@caredesk/validators";

/**
 * Records bytes the host stored (its facts: key, detected type, size, hash, the scanner's
 * verdict) as a file. A quarantined file (the scanner was unreachable) queues the rescan sweep.
 */
export function recordFile(ctx: Pick<OrgScope, "org" | "user" | "mutate">, info: StoredFileInput) {
  const { status = "available", scanEngine = null, ...facts } = info;
  return ctx.mutate(async (tx, audit) => {
    const [row] = await tx
      .insert(file)
      .values({
        ...facts,
        organizationId: ctx.org.id,
        uploadedBy: ctx.user.id,
        status,
        scanEngine,
        scannedAt: scanEngine ? new Date() : null,
      })
      .returning({
        id: file.id,
        mimeType: file.mimeType,
        sizeBytes: file.sizeBytes,
        originalName: file.originalName,
        purpose: file.purpose,
        status: file.status,
      });
    if (!row) throw new Error("file insert returned nothing");
    if (row.status === "quarantined") {
      // A minute from now: the scanner is away, give it a moment (the sweep also runs on a timer).
      await enqueueJobs(tx, [
        {
          name: jobQueues.fileRescan.name,
          data: {},
          startAfter: new Date(Date.now() + 60_000),
        },
      ]);
    }
    audit({ entityType: "file", entityId: row.id, after: { ...row, sha256: info.sha256 } });
    return row;
  });
}

/** What the host needs to stream a file. */
export const storedFileColumns = {
  id: file.id,
  storageKey: file.storageKey,
  mimeType: file.mimeType,
  sizeBytes: file.sizeBytes,
};

/**
 * The file if this member may read it, else NOT_FOUND (never FORBIDDEN: no existence leaks).
 * Staff with document access read any file of the organization; directory readers read
 * practitioner photos and certificates; a patient reads only files of their own documents;
 * every member reads the practice's logo.
 */
export async function fileForReader(
  db: Database,
  member: { organizationId: string; userId: string; role: Role },
  fileId: string,
) {
  const [row] = await db
    .select({
      ...storedFileColumns,
      originalName: file.originalName,
      purpose: file.purpose,
      uploadedBy: file.uploadedBy,
    })
    .from(file)
    .where(
      and(
        eq(file.organizationId, member.organizationId),
        eq(file.id, fileId),
        // Quarantined (not scanned yet) and infected files are never served.
        eq(file.status, "available"),
      ),
    );
  if (!row) throw notFound("File not found");
  // The practice's logo is in every member's header, the portal's included.
  if (row.purpose === "logo") return row;
  // A product's picture is shown to everyone who sees the catalogue.
  if (row.purpose === "product_image") return row;
  if (can(member.role, "document.read")) return row;
  // A prescription (orders, refills) is read by those who review it and by the patient who sent it.
  if (row.purpose === "prescription") {
    if (can(member.role, "prescription.review") || row.uploadedBy === member.userId) return row;
    throw notFound("File not found");
  }
  if (row.purpose !== "document" && can(member.role, "directory.read")) return row;
  if (can(member.role, "portal.self") && (await isOwnPatientFile(db, member, fileId))) return row;
  throw notFound("File not found");
}

/**
 * `fileForReader` for a download: a document's file is part of a patient's record, so staff
 * downloading it is recorded as a read of that document ("who viewed my record").
 */
export async function fileForDownload(ctx: RecordReader, fileId: string) {
  const found = await fileForReader(
    ctx.db,
    { organizationId: ctx.org.id, userId: ctx.user.id, role: ctx.membership.role },
    fileId,
  );
  if (found.purpose === "document") {
    const [filed] = await ctx.db
      .select({ id: document.id, patientId: document.patientId })
      .from(document)
      .where(and(eq(document.organizationId, ctx.org.id), eq(document.fileId, fileId)))
      .limit(1);
    if (filed) {
      await recordRead(ctx, { patientId: filed.patientId, kind: "document", entityId: filed.id });
    }
  }
  return found;
}

async function isOwnPatientFile(
  db: Database,
  member: { organizationId: string; userId: string },
  fileId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: document.id })
    .from(document)
    .innerJoin(patient, sameTenant(patient, document.organizationId, document.patientId))
    .where(
      and(
        eq(document.organizationId, member.organizationId),
        eq(document.fileId, fileId),
        isNull(document.archivedAt),
        eq(patient.userId, member.userId),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** Photos and certificate scans must be files of this organization uploaded for that use. */
export async function assertFilePurpose(
  db: Database,
  organizationId: string,
  fileId: string | null | undefined,
  purpose: FilePurpose,
  field: string,
) {
  if (!fileId) return;
  const [row] = await db
    .select({ purpose: file.purpose, mimeType: file.mimeType })
    .from(file)
    .where(and(eq(file.organizationId, organizationId), eq(file.id, fileId)));
  const imagesOnly = purpose === "photo" || purpose === "logo" || purpose === "product_image";
  const ok = row?.purpose === purpose && (!imagesOnly || row.mimeType.startsWith("image/"));
  if (!ok) throw new FieldError("NOT_FOUND", { [field]: ["File not found"] });
}
