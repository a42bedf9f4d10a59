// Exports of a practice's records (CSV or Excel) and an import's error file, streamed as they
// are written: the host procedures decide who may have them (data.export, data.import) and
// check the filters; the bytes never sit whole in memory.
import { PassThrough } from "node:stream";
import {
  createHostCaller,
  writeCsv,
  writeExport,
  type Context,
  type ExportTable,
} from "@caredesk/api";
import { Id, ImportKindInput, ExportFormatInput } from "@caredesk/validators";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { contentDisposition, fail, sendTrpcError } from "./files/routes";

type ContextFor = (
  request: FastifyRequest,
  reply: FastifyReply,
  organizationId: string,
) => Promise<Context | null>;

const ExportParams = z.object({
  organizationId: Id,
  file: z
    .string()
    .max(40)
    .transform((name) => {
      const dot = name.lastIndexOf(".");
      return { kind: name.slice(0, dot), format: name.slice(dot + 1) };
    })
    .pipe(z.object({ kind: ImportKindInput, format: ExportFormatInput })),
});

const ErrorFileParams = z.object({ organizationId: Id, importId: Id });

/** Query parameters as the filters' raw text (a repeated parameter is refused by the api). */
function filtersOf(query: unknown): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    filters[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return filters;
}

/** Starts writing the table into a stream the reply sends; a failure mid-way ends the stream. */
function streamed(
  request: FastifyRequest,
  write: (out: PassThrough) => Promise<void>,
): PassThrough {
  const out = new PassThrough();
  write(out).catch((err: unknown) => {
    request.log.error({ err }, "export stopped");
    out.destroy(err instanceof Error ? err : new Error("export stopped"));
  });
  return out;
}

const headers = {
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "private, no-store",
  "Content-Security-Policy": "default-src 'none'; sandbox",
};

export function registerExportRoutes(app: FastifyInstance, contextFor: ContextFor): void {
  // `/files/:organizationId/exports/patients.csv?search=…&archived=false`
  app.get("/files/:organizationId/exports/:file", async (request, reply) => {
    const params = ExportParams.safeParse(request.params);
    if (!params.success) return fail(reply, 404, "NOT_FOUND", "Export not found");
    const context = await contextFor(request, reply, params.data.organizationId);
    if (!context) return reply;
    let made: { fileName: string; contentType: string; table: ExportTable; sheetName: string };
    try {
      made = await createHostCaller(context).transfer.export({
        kind: params.data.file.kind,
        format: params.data.file.format,
        filters: filtersOf(request.query),
      });
    } catch (error) {
      return sendTrpcError(reply, error);
    }
    return reply
      .headers(headers)
      .header("Content-Type", made.contentType)
      .header("Content-Disposition", contentDisposition("attachment", made.fileName))
      .send(
        streamed(request, (out) =>
          writeExport(made.table, params.data.file.format, out, made.sheetName),
        ),
      );
  });

  // An import's refused rows: the file's columns, then `line` and `error`.
  app.get("/files/:organizationId/imports/:importId/errors.csv", async (request, reply) => {
    const params = ErrorFileParams.safeParse(request.params);
    if (!params.success) return fail(reply, 404, "NOT_FOUND", "Import not found");
    const context = await contextFor(request, reply, params.data.organizationId);
    if (!context) return reply;
    let made: ExportTable & { fileName: string };
    try {
      made = await createHostCaller(context).transfer.importErrors({
        importId: params.data.importId,
      });
    } catch (error) {
      return sendTrpcError(reply, error);
    }
    return reply
      .headers(headers)
      .header("Content-Type", "text/csv; charset=utf-8")
      .header("Content-Disposition", contentDisposition("attachment", made.fileName))
      .send(streamed(request, (out) => writeCsv(made, out)));
  });
}
