import {
  ByIdInput,
  CertificateAddInput,
  CertificateRemoveInput,
  Id,
  ListInput,
  PractitionerCreateInput,
  PractitionerUpdateInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { getDepartment } from "../service/department";
import { assertFilePurpose } from "../service/file";
import {
  addCertificate,
  createPractitioner,
  getPractitioner,
  listPractitioners,
  removeCertificate,
  updatePractitioner,
} from "../service/practitioner";
import { orgProcedure } from "../trpc";

export const practitionerRouter = {
  list: orgProcedure("directory.read")
    .input(ListInput.extend({ departmentId: Id.optional() }))
    .query(async ({ ctx, input }) => {
      // Filtering by another organization's department answers like any foreign id.
      if (input.departmentId) await getDepartment(ctx.db, ctx.org.id, input.departmentId);
      return listPractitioners(ctx.db, ctx.org.id, input);
    }),

  byId: orgProcedure("directory.read")
    .input(ByIdInput)
    .query(({ ctx, input }) => getPractitioner(ctx.db, ctx.org.id, input.id)),

  create: orgProcedure("directory.manage")
    .input(PractitionerCreateInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("practitioner.create", async (tx, audit) => {
        await assertFilePurpose(tx, ctx.org.id, input.photoFileId, "photo", "photoFileId");
        const created = await createPractitioner(tx, ctx.org, input);
        audit({ entityType: "practitioner", entityId: created.id, after: created });
        return created;
      }),
    ),

  /** Also archives (`active: false`), which takes the practitioner off the calendar. */
  update: orgProcedure("directory.manage")
    .input(PractitionerUpdateInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("practitioner.update", async (tx, audit) => {
        await assertFilePurpose(tx, ctx.org.id, input.photoFileId, "photo", "photoFileId");
        const { before, after } = await updatePractitioner(tx, ctx.org.id, input);
        audit({ entityType: "practitioner", entityId: after.id, before, after });
        return after;
      }),
    ),

  addCertificate: orgProcedure("directory.manage")
    .input(CertificateAddInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("practitioner.addCertificate", async (tx, audit) => {
        await assertFilePurpose(tx, ctx.org.id, input.fileId, "certificate", "fileId");
        const created = await addCertificate(tx, ctx.org.id, input);
        audit({ entityType: "practitioner_certificate", entityId: created.id, after: created });
        return created;
      }),
    ),

  removeCertificate: orgProcedure("directory.manage")
    .input(CertificateRemoveInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("practitioner.removeCertificate", async (tx, audit) => {
        const removed = await removeCertificate(tx, ctx.org.id, input.id);
        audit({ entityType: "practitioner_certificate", entityId: removed.id, before: removed });
        return { ok: true as const };
      }),
    ),
} satisfies TRPCRouterRecord;
