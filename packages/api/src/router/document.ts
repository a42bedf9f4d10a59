import { ByIdInput, DocumentCreateInput, DocumentListInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { archiveDocument, createDocument, getDocument, listDocuments } from "../service/document";
import { getPatient } from "../service/patient";
import { orgProcedure } from "../trpc";

export const documentRouter = {
  list: orgProcedure("document.read")
    .input(DocumentListInput)
    .query(async ({ ctx, input }) => {
      await getPatient(ctx.db, ctx.org.id, input.patientId);
      return listDocuments(ctx.db, ctx.org.id, input);
    }),

  byId: orgProcedure("document.read")
    .input(ByIdInput)
    .query(({ ctx, input }) => getDocument(ctx.db, ctx.org.id, input.id)),

  /** Files a previously uploaded file (POST /files/:org) on the patient's record. */
  create: orgProcedure("document.write")
    .input(DocumentCreateInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("document.create", async (tx, audit) => {
        await getPatient(tx, ctx.org.id, input.patientId);
        const created = await createDocument(tx, ctx.org.id, ctx.user.id, input);
        audit({ entityType: "document", entityId: created.id, after: created });
        return created;
      }),
    ),

  archive: orgProcedure("document.write")
    .input(ByIdInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("document.archive", async (tx, audit) => {
        const before = await archiveDocument(tx, ctx.org.id, input.id);
        audit({ entityType: "document", entityId: before.id, before });
        return { ok: true as const };
      }),
    ),
} satisfies TRPCRouterRecord;
