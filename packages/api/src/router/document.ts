import {
  ByIdInput,
  DocumentCreateInput,
  DocumentListInput,
  DocumentOutput,
  DocumentPageOutput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  archiveDocument,
  createDocument,
  listPatientDocuments,
  readDocument,
} from "../service/document";
import { orgProcedure } from "../trpc";

export const documentRouter = {
  list: orgProcedure("document.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/patients/{patientId}/documents",
        tags: ["documents"],
        summary: "A patient's documents, newest first",
      },
    })
    .input(DocumentListInput)
    .output(DocumentPageOutput)
    .query(({ ctx, input }) => listPatientDocuments(ctx, input)),

  byId: orgProcedure("document.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/documents/{id}",
        tags: ["documents"],
        summary: "One document (its file downloads at GET /files/{organizationId}/{fileId})",
      },
    })
    .input(ByIdInput)
    .output(DocumentOutput)
    .query(({ ctx, input }) => readDocument(ctx, input.id)),

  /** Files a previously uploaded file (POST /files/:org) on the patient's record. */
  create: orgProcedure("document.write")
    .input(DocumentCreateInput)
    .mutation(({ ctx, input }) => createDocument(ctx, input)),

  archive: orgProcedure("document.write")
    .input(ByIdInput)
    .mutation(({ ctx, input }) => archiveDocument(ctx, input.id)),
} satisfies TRPCRouterRecord;
