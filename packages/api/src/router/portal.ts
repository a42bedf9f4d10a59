// The patient portal: a patient-role member sees and edits only their own record.
// No procedure here takes a patient id; the record is always the signed-in user's own.
import {
  Pagination,
  PortalDocumentCreateInput,
  PortalProfileUpdateInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { createDocument, listDocuments } from "../service/document";
import { getOwnPatient, updatePatient } from "../service/patient";
import { orgProcedure } from "../trpc";

export const portalRouter = {
  me: orgProcedure("portal.self").query(({ ctx }) =>
    getOwnPatient(ctx.db, ctx.org.id, ctx.user.id),
  ),

  updateProfile: orgProcedure("portal.self")
    .input(PortalProfileUpdateInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("portal.updateProfile", async (tx, audit) => {
        const own = await getOwnPatient(tx, ctx.org.id, ctx.user.id);
        const { before, after } = await updatePatient(tx, ctx.org, { ...input, id: own.id });
        audit({ entityType: "patient", entityId: own.id, before, after });
        return after;
      }),
    ),

  documents: orgProcedure("portal.self")
    .input(Pagination)
    .query(async ({ ctx, input }) => {
      const own = await getOwnPatient(ctx.db, ctx.org.id, ctx.user.id);
      return listDocuments(ctx.db, ctx.org.id, { ...input, patientId: own.id });
    }),

  addDocument: orgProcedure("portal.self")
    .input(PortalDocumentCreateInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("portal.addDocument", async (tx, audit) => {
        const own = await getOwnPatient(tx, ctx.org.id, ctx.user.id);
        const created = await createDocument(
          tx,
          ctx.org.id,
          ctx.user.id,
          { ...input, patientId: own.id },
          { ownUploadsOnly: true },
        );
        audit({ entityType: "document", entityId: created.id, after: created });
        return created;
      }),
    ),
} satisfies TRPCRouterRecord;
