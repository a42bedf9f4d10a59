// Bulk imports of a practice's records from CSV or Excel: start (read the header, suggest a
// mapping), check (the dry run over every row), commit (queued for the background job), and the
// progress and history the screens poll.
import {
  ImportByIdInput,
  ImportCheckInput,
  ImportCommitInput,
  ImportListInput,
  ImportStartInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { checkImport, commitImport, getImport, listImports, startImport } from "../service/import";
import { orgProcedure } from "../trpc";

export const dataImportRouter = {
  /** Reads an uploaded file's header, counts its rows and suggests a mapping. */
  start: orgProcedure("data.import")
    .input(ImportStartInput)
    .mutation(({ ctx, input }) => startImport(ctx, input)),

  /** The dry run: every row checked with the mapping; refused rows listed by line. */
  check: orgProcedure("data.import")
    .input(ImportCheckInput)
    .mutation(({ ctx, input }) => checkImport(ctx, input)),

  /** Queues a checked import for the background job; remembers the mapping. */
  commit: orgProcedure("data.import")
    .input(ImportCommitInput)
    .mutation(({ ctx, input }) => commitImport(ctx, input)),

  /** One import with its progress (polled while it runs). */
  byId: orgProcedure("data.import")
    .input(ImportByIdInput)
    .query(({ ctx, input }) => getImport(ctx.db, ctx.org.id, input.importId)),

  /** The practice's imports, newest first. */
  list: orgProcedure("data.import")
    .input(ImportListInput)
    .query(({ ctx, input }) => listImports(ctx.db, ctx.org.id, input)),
} satisfies TRPCRouterRecord;
