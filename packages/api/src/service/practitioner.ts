// Practitioners: the people who see patients. Each has a bookable resource of kind
// "practitioner", created and kept in step here, and certificates that may expire.
import { schema, type Database } from "@caredesk/db";
import type {
  CertificateAddInput,
  ListInput,
  PractitionerCreateInput,
  PractitionerUpdateInput,
} from "@caredesk/validators";
import { and, asc, eq, ilike, or } from "drizzle-orm";
import type { z } from "zod";
import { auditChange, auditCreate, auditRemoval } from "../audit";
import { FieldError, notFound } from "../errors";
import type { OrgScope } from "../scope";
import { assertFilePurpose } from "./file";
import { getDepartment } from "./department";
import {
  afterNameCursor,
  byNameOrder,
  hasChanges,
  likePattern,
  nameCursorOf,
  toPage,
} from "./pagination";

const { practitioner, practitionerCertificate: certificate, resource, membership } = schema;

export const practitionerColumns = {
  id: practitioner.id,
  name: practitioner.name,
  title: practitioner.title,
  specialization: practitioner.specialization,
  departmentId: practitioner.departmentId,
  userId: practitioner.userId,
  email: practitioner.email,
  phone: practitioner.phone,
  yearsOfExperience: practitioner.yearsOfExperience,
  bio: practitioner.bio,
  photoFileId: practitioner.photoFileId,
  active: practitioner.active,
  createdAt: practitioner.createdAt,
};

const certificateColumns = {
  id: certificate.id,
  practitionerId: certificate.practitionerId,
  name: certificate.name,
  issuer: certificate.issuer,
  issuedOn: certificate.issuedOn,
  expiresOn: certificate.expiresOn,
  fileId: certificate.fileId,
};

export async function listPractitioners(
  db: Database,
  organizationId: string,
  input: ListInput & { departmentId?: string | undefined },
) {
  // Filtering by another organization's department answers like any foreign id.
  if (input.departmentId) await getDepartment(db, organizationId, input.departmentId);
  const search = input.search ? likePattern(input.search) : null;
  const rows = await db
    .select({ ...practitionerColumns, resourceId: resource.id })
    .from(practitioner)
    .innerJoin(resource, eq(resource.practitionerId, practitioner.id))
    .where(
      and(
        eq(practitioner.organizationId, organizationId),
        input.includeInactive ? undefined : eq(practitioner.active, true),
        input.departmentId ? eq(practitioner.departmentId, input.departmentId) : undefined,
        search
          ? or(ilike(practitioner.name, search), ilike(practitioner.specialization, search))
          : undefined,
        afterNameCursor(input.cursor, practitioner.name, practitioner.id),
      ),
    )
    .orderBy(...byNameOrder(practitioner.name, practitioner.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, nameCursorOf);
}

/** A filter naming another practice's doctor (or an unknown one) is not found, not an empty list. */
export async function checkPractitionerFilter(
  db: Database,
  organizationId: string,
  id: string | undefined,
): Promise<void> {
  if (!id) return;
  const [row] = await db
    .select({ id: practitioner.id })
    .from(practitioner)
    .where(and(eq(practitioner.organizationId, organizationId), eq(practitioner.id, id)));
  if (!row) throw new FieldError("NOT_FOUND", { practitionerId: ["Doctor not found"] });
}

export async function getPractitioner(db: Database, organizationId: string, id: string) {
  const [row] = await db
    .select({ ...practitionerColumns, resourceId: resource.id, timeZone: resource.timeZone })
    .from(practitioner)
    .innerJoin(resource, eq(resource.practitionerId, practitioner.id))
    .where(and(eq(practitioner.organizationId, organizationId), eq(practitioner.id, id)));
  if (!row) throw notFound("Practitioner not found");
  const certificates = await db
    .select(certificateColumns)
    .from(certificate)
    .where(and(eq(certificate.organizationId, organizationId), eq(certificate.practitionerId, id)))
    .orderBy(asc(certificate.expiresOn), asc(certificate.id));
  return { ...row, certificates };
}

/** A linked account must belong to this organization. */
async function assertMember(
  tx: Database,
  organizationId: string,
  userId: string | null | undefined,
) {
  if (!userId) return;
  const [row] = await tx
    .select({ id: membership.id })
    .from(membership)
    .where(and(eq(membership.organizationId, organizationId), eq(membership.userId, userId)));
  if (!row) throw new FieldError("NOT_FOUND", { userId: ["Member not found"] });
}

const displayName = (p: { title: string | null; name: string }) =>
  p.title ? `${p.title} ${p.name}` : p.name;

type Editor = Pick<OrgScope, "org" | "mutate">;

/** A practitioner and their bookable resource, in the practice's zone unless told otherwise. */
export function createPractitioner(ctx: Editor, input: z.infer<typeof PractitionerCreateInput>) {
  return auditCreate(ctx.mutate, "practitioner", async (tx) => {
    await assertFilePurpose(tx, ctx.org.id, input.photoFileId, "photo", "photoFileId");
    return insertPractitioner(tx, ctx.org, input);
  });
}

/** Also archives (`active: false`), which takes the practitioner off the calendar. */
export function updatePractitioner(ctx: Editor, input: z.infer<typeof PractitionerUpdateInput>) {
  return auditChange(ctx.mutate, "practitioner", async (tx) => {
    await assertFilePurpose(tx, ctx.org.id, input.photoFileId, "photo", "photoFileId");
    return changePractitioner(tx, ctx.org.id, input);
  });
}

export function addCertificate(ctx: Editor, input: z.infer<typeof CertificateAddInput>) {
  return auditCreate(ctx.mutate, "practitioner_certificate", async (tx) => {
    await assertFilePurpose(tx, ctx.org.id, input.fileId, "certificate", "fileId");
    const [row] = await tx
      .insert(certificate)
      .values({ ...input, organizationId: ctx.org.id })
      .returning(certificateColumns);
    if (!row) throw new Error("certificate insert returned nothing");
    return row;
  });
}

export function removeCertificate(ctx: Editor, id: string) {
  return auditRemoval(ctx.mutate, "practitioner_certificate", async (tx) => {
    const [row] = await tx
      .delete(certificate)
      .where(and(eq(certificate.organizationId, ctx.org.id), eq(certificate.id, id)))
      .returning(certificateColumns);
    if (!row) throw notFound("Certificate not found");
    return row;
  });
}

async function insertPractitioner(
  tx: Database,
  org: { id: string; timeZone: string },
  input: z.infer<typeof PractitionerCreateInput>,
) {
  await assertMember(tx, org.id, input.userId);
  const { timeZone, ...fields } = input;
  const [created] = await tx
    .insert(practitioner)
    .values({ ...fields, organizationId: org.id })
    .returning(practitionerColumns);
  if (!created) throw new Error("practitioner insert returned nothing");
  const [res] = await tx
    .insert(resource)
    .values({
      organizationId: org.id,
      kind: "practitioner",
      name: displayName(created),
      practitionerId: created.id,
      departmentId: created.departmentId,
      timeZone: timeZone ?? org.timeZone,
    })
    .returning({ id: resource.id });
  if (!res) throw new Error("resource insert returned nothing");
  return { ...created, resourceId: res.id };
}

async function changePractitioner(
  tx: Database,
  organizationId: string,
  input: z.infer<typeof PractitionerUpdateInput>,
) {
  const before = await getPractitioner(tx, organizationId, input.id);
  await assertMember(tx, organizationId, input.userId);
  const { id, ...changes } = input;
  const { certificates: _certificates, ...beforeRow } = before;
  if (!hasChanges(changes)) {
    const { timeZone: _timeZone, ...unchanged } = beforeRow;
    return { before: beforeRow, after: unchanged };
  }
  const [after] = await tx
    .update(practitioner)
    .set(changes)
    .where(and(eq(practitioner.organizationId, organizationId), eq(practitioner.id, id)))
    .returning(practitionerColumns);
  if (!after) throw notFound("Practitioner not found");
  // The bookable resource follows the practitioner's name, department and status.
  await tx
    .update(resource)
    .set({ name: displayName(after), departmentId: after.departmentId, active: after.active })
    .where(and(eq(resource.organizationId, organizationId), eq(resource.practitionerId, id)));
  return { before: beforeRow, after: { ...after, resourceId: before.resourceId } };
}
