// Upload and download of files. Plain Fastify routes (bytes do not belong in JSON-RPC), but
// every decision goes through the same procedure chain as tRPC: the host caller checks the
// session, the membership, the permission, and writes the audit row.
import { createHash } from "node:crypto";
import {
  createContextInner,
  createHostCaller,
  filePurposes,
  malwareRefusedMessage,
  noScanner,
  retryAfterOf,
  unscannableMessage,
  type Context,
  type FilePurpose,
  type MalwareScanner,
  type RateLimiter,
} from "@caredesk/api";
import type { Database } from "@caredesk/db";
import fastifyMultipart from "@fastify/multipart";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { BillingPdfInput, Id, PublicPhotoInput } from "@caredesk/validators";
import { z } from "zod";
import { registerExportRoutes } from "../exports";
import { checkName, detectImportType, detectType } from "./sniff";
import { newStorageKey, type FileStorage } from "./storage";

const MB = 1024 * 1024;
export const uploadLimits: Record<
  FilePurpose,
  { bytes: number; label: string; images?: true; imagesOrPdf?: true; spreadsheet?: true }
> = {
  document: { bytes: 10 * MB, label: "10 MB" },
  prescription: { bytes: 10 * MB, label: "10 MB", imagesOrPdf: true },
  certificate: { bytes: 10 * MB, label: "10 MB" },
  photo: { bytes: 5 * MB, label: "5 MB", images: true },
  logo: { bytes: 2 * MB, label: "2 MB", images: true },
  product_image: { bytes: 5 * MB, label: "5 MB", images: true },
  import: { bytes: 50 * MB, label: "50 MB", spreadsheet: true },
};

const UploadParams = z.object({ organizationId: Id });
const UploadQuery = z.object({ purpose: z.enum(filePurposes).default("document") });
const DownloadParams = z.object({ organizationId: Id, fileId: Id });
const DownloadQuery = z.object({ inline: z.enum(["1", "0"]).optional() });

const previewable = new Set([
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/webp",
  "text/plain",
]);

export function fail(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).send({ error: { code, message } });
}

/** A refusal answered as the procedure chain said it (with Retry-After where it says when). */
export function sendTrpcError(reply: FastifyReply, error: unknown) {
  if (error instanceof TRPCError) {
    const status = getHTTPStatusCodeFromError(error);
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== null) void reply.header("Retry-After", String(retryAfter));
    if (status < 500 || error.code === "SERVICE_UNAVAILABLE") {
      return fail(reply, status, error.code, error.message);
    }
  }
  throw error;
}

/** RFC 6266 header with an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(kind: "attachment" | "inline", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

type CreateContext = (opts: {
  req: FastifyRequest;
  res: FastifyReply;
  organizationId?: string;
}) => Promise<Context>;

interface FileRouteOptions {
  db: Database;
  storage: FileStorage;
  /** The server's own context factory: same session rules and rate limits as /trpc. */
  createContext: CreateContext;
  rateLimiter: RateLimiter;
  /** Judges every upload before it is stored as available (ClamAV); none: nothing is scanned. */
  scanner?: MalwareScanner;
}

/**
 * The file routes in a scope of their own: multipart parsing belongs to uploads only (at the
 * root it also parsed multipart bodies sent to /trpc, which tRPC then failed on with a 500).
 */
export async function registerFileRoutes(app: FastifyInstance, options: FileRouteOptions) {
  await app.register((scope) => fileRoutes(scope, options));
}

async function fileRoutes(app: FastifyInstance, options: FileRouteOptions) {
  /** The request's context, or null when the reply was sent (the database is unreachable). */
  const contextFor = async (
    request: FastifyRequest,
    reply: FastifyReply,
    organizationId: string,
  ) => {
    try {
      return await options.createContext({ req: request, res: reply, organizationId });
    } catch (error) {
      sendTrpcError(reply, error);
      return null;
    }
  };

  // Exports and import error files: streamed tables, under data.export and data.import.
  registerExportRoutes(app, contextFor);

  await app.register(fastifyMultipart, {
    limits: { fileSize: 10 * MB, files: 1, fields: 4, fieldSize: 1024, parts: 6 },
  });

  app.post("/files/:organizationId", async (request, reply) => {
    const params = UploadParams.safeParse(request.params);
    if (!params.success) return fail(reply, 404, "NOT_FOUND", "Organization not found");
    const query = UploadQuery.safeParse(request.query);
    if (!query.success) return fail(reply, 400, "BAD_REQUEST", "Unknown file purpose");
    const limit = uploadLimits[query.data.purpose];
    if (!request.isMultipart())
      return fail(reply, 400, "BAD_REQUEST", "Send the file as multipart/form-data");

    const context = await contextFor(request, reply, params.data.organizationId);
    if (!context) return reply;
    const caller = createHostCaller(context);

    const part = await request.file({ limits: { fileSize: limit.bytes } });
    if (!part) return fail(reply, 400, "BAD_REQUEST", "No file was attached");
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") {
        return fail(
          reply,
          413,
          "PAYLOAD_TOO_LARGE",
          `This file is larger than the ${limit.label} limit`,
        );
      }
      throw error;
    }
    if (bytes.length === 0) return fail(reply, 400, "BAD_REQUEST", "The file is empty");

    let detected = detectType(bytes);
    if (limit.spreadsheet) {
      const sheet = detectImportType(bytes);
      if (!sheet.ok) return fail(reply, 400, "BAD_REQUEST", sheet.reason);
      detected = sheet.type;
    }
    if (!detected) {
      return fail(
        reply,
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "Only PDF, PNG, JPEG, WebP, Word (.docx) and plain text files are accepted",
      );
    }
    if (limit.images && !detected.mime.startsWith("image/")) {
      return fail(reply, 415, "UNSUPPORTED_MEDIA_TYPE", "Photos must be PNG, JPEG or WebP images");
    }
    if (
      limit.imagesOrPdf &&
      !detected.mime.startsWith("image/") &&
      detected.mime !== "application/pdf"
    ) {
      return fail(
        reply,
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "A prescription must be a photo (PNG, JPEG, WebP) or a PDF",
      );
    }
    const name = checkName(part.filename || "file", detected);
    if (!name.ok) return fail(reply, 415, "UNSUPPORTED_MEDIA_TYPE", name.reason);

    const storageKey = newStorageKey(params.data.organizationId);
    // Authorize before storing anything: the same check the recording mutation makes again.
    try {
      await caller.file.canUpload();
    } catch (error) {
      return sendTrpcError(reply, error);
    }
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    // Scanned before anything is stored: malware is refused (and recorded), never kept.
    const verdict = await (options.scanner ?? noScanner).scan(bytes);
    if (verdict.result === "infected") {
      try {
        await caller.file.refuseMalware({
          signature: verdict.signature.slice(0, 200),
          engine: verdict.engine?.slice(0, 200) ?? null,
          fileName: name.name,
          purpose: query.data.purpose,
          mimeType: detected.mime,
          sizeBytes: bytes.length,
          sha256,
        });
      } catch (error) {
        return sendTrpcError(reply, error);
      }
      request.log.warn(
        { organizationId: params.data.organizationId, signature: verdict.signature, sha256 },
        "upload refused: malware found",
      );
      return fail(reply, 422, "UNPROCESSABLE_CONTENT", malwareRefusedMessage);
    }
    if (verdict.result === "unscannable") {
      request.log.warn({ reason: verdict.reason }, "upload refused: over the scanner's limit");
      return fail(reply, 413, "PAYLOAD_TOO_LARGE", unscannableMessage);
    }
    // The scanner is away: the file waits in quarantine (never served) for the rescan job.
    if (verdict.result === "unavailable") {
      request.log.warn(
        { reason: verdict.reason },
        "malware scanner unreachable: upload quarantined",
      );
    }
    await options.storage.put(storageKey, bytes, detected.mime);
    try {
      const recorded = await caller.file.upload({
        storageKey,
        mimeType: detected.mime,
        sizeBytes: bytes.length,
        sha256,
        originalName: name.name,
        purpose: query.data.purpose,
        status: verdict.result === "unavailable" ? "quarantined" : "available",
        scanEngine: verdict.result === "clean" ? (verdict.engine?.slice(0, 200) ?? null) : null,
      });
      return reply.status(201).send(recorded);
    } catch (error) {
      await options.storage.delete(storageKey); // nothing half-written stays behind
      return sendTrpcError(reply, error);
    }
  });

  /**
   * The file the host procedure allows (its refusal answered as it says) and its stored bytes
   * (a row without them is logged and answered 404). Null when the reply has been sent.
   */
  async function openFile<T extends { id: string; storageKey: string }>(
    request: FastifyRequest,
    reply: FastifyReply,
    missing: string,
    allowed: () => Promise<T>,
  ) {
    let found: T;
    try {
      found = await allowed();
    } catch (error) {
      sendTrpcError(reply, error);
      return null;
    }
    const stream = await options.storage.get(found.storageKey);
    if (!stream) {
      request.log.error({ fileId: found.id }, "file row without stored bytes");
      fail(reply, 404, "NOT_FOUND", missing);
      return null;
    }
    return { found, stream };
  }

  // Doctors' photos on the public practice page. A file's bytes never change (a new photo is
  // a new file), so browsers and proxies may keep one for an hour; after that a replaced or
  // removed photo is no longer served.
  app.get("/files/public/:slug/:fileId", async (request, reply) => {
    // The host procedure's own input: a slug or id no procedure would take is not found here.
    const params = PublicPhotoInput.safeParse(request.params);
    if (!params.success) return fail(reply, 404, "NOT_FOUND", "Photo not found");
    // A visitor's photo: no session to read (a signed-in visitor's is not refreshed here).
    const context = createContextInner({
      db: options.db,
      ip: request.ip,
      requestId: request.id,
      logger: request.log,
      rateLimiter: options.rateLimiter,
    });
    const opened = await openFile(request, reply, "Photo not found", () =>
      createHostCaller(context).file.publicPhoto(params.data),
    );
    if (!opened) return reply;
    const { found, stream } = opened;
    return reply
      .header("Content-Type", found.mimeType)
      .header("Content-Length", String(found.sizeBytes))
      .header("X-Content-Type-Options", "nosniff")
      .header("Cache-Control", "public, max-age=3600")
      .header("Content-Security-Policy", "default-src 'none'; sandbox")
      .send(stream);
  });

  // The practice's logo in emails: email clients fetch images without a session. A new logo is
  // a new file (a new address), so the bytes of this one may be cached for a day.
  app.get("/files/logo/:slug/:fileId", async (request, reply) => {
    const params = PublicPhotoInput.safeParse(request.params);
    if (!params.success) return fail(reply, 404, "NOT_FOUND", "Logo not found");
    const context = createContextInner({
      db: options.db,
      ip: request.ip,
      requestId: request.id,
      logger: request.log,
      rateLimiter: options.rateLimiter,
    });
    const opened = await openFile(request, reply, "Logo not found", () =>
      createHostCaller(context).file.publicLogo(params.data),
    );
    if (!opened) return reply;
    const { found, stream } = opened;
    return reply
      .header("Content-Type", found.mimeType)
      .header("Content-Length", String(found.sizeBytes))
      .header("X-Content-Type-Options", "nosniff")
      .header("Cache-Control", "public, max-age=86400")
      .header("Cross-Origin-Resource-Policy", "cross-origin")
      .header("Content-Security-Policy", "default-src 'none'; sandbox")
      .send(stream);
  });

  // An invoice's or a payment receipt's PDF, made when asked (nothing stored to go stale): the
  // host procedure decides who may have it, as for any other file of a patient's record.
  app.get("/files/:organizationId/billing/:kind/:id", async (request, reply) => {
    const params = z.object({ organizationId: Id }).and(BillingPdfInput).safeParse(request.params);
    if (!params.success) return fail(reply, 404, "NOT_FOUND", "Document not found");
    const context = await contextFor(request, reply, params.data.organizationId);
    if (!context) return reply;
    let made: { fileName: string; bytes: Buffer };
    try {
      made = await createHostCaller(context).billing.pdf({
        kind: params.data.kind,
        id: params.data.id,
      });
    } catch (error) {
      return sendTrpcError(reply, error);
    }
    return reply
      .header("Content-Type", "application/pdf")
      .header("Content-Length", String(made.bytes.length))
      .header("Content-Disposition", contentDisposition("attachment", made.fileName))
      .header("X-Content-Type-Options", "nosniff")
      .header("Cache-Control", "private, no-store")
      .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'")
      .send(made.bytes);
  });

  // A counter sale's receipt PDF (`…/counter/receipt/<sale id>.pdf`), made when asked.
  app.get("/files/:organizationId/counter/receipt/:name", async (request, reply) => {
    const params = z
      .object({
        organizationId: Id,
        name: z
          .string()
          .regex(/^[0-9a-f-]{36}\.pdf$/i)
          .transform((name) => name.slice(0, -4))
          .pipe(Id),
      })
      .safeParse(request.params);
    if (!params.success) return fail(reply, 404, "NOT_FOUND", "Receipt not found");
    const context = await contextFor(request, reply, params.data.organizationId);
    if (!context) return reply;
    let made: { fileName: string; bytes: Buffer };
    try {
      made = await createHostCaller(context).counter.receipt({ id: params.data.name });
    } catch (error) {
      return sendTrpcError(reply, error);
    }
    return reply
      .header("Content-Type", "application/pdf")
      .header("Content-Length", String(made.bytes.length))
      .header("Content-Disposition", contentDisposition("attachment", made.fileName))
      .header("X-Content-Type-Options", "nosniff")
      .header("Cache-Control", "private, no-store")
      .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'")
      .send(made.bytes);
  });

  app.get("/files/:organizationId/:fileId", async (request, reply) => {
    const params = DownloadParams.safeParse(request.params);
    if (!params.success) return fail(reply, 404, "NOT_FOUND", "File not found");
    const inline = DownloadQuery.safeParse(request.query).data?.inline === "1";

    const context = await contextFor(request, reply, params.data.organizationId);
    if (!context) return reply;
    const opened = await openFile(request, reply, "File not found", () =>
      createHostCaller(context).file.forDownload({ id: params.data.fileId }),
    );
    if (!opened) return reply;
    const { found, stream } = opened;
    const showInline = inline && previewable.has(found.mimeType);
    return reply
      .header(
        "Content-Type",
        found.mimeType === "text/plain" ? "text/plain; charset=utf-8" : found.mimeType,
      )
      .header("Content-Length", String(found.sizeBytes))
      .header(
        "Content-Disposition",
        contentDisposition(showInline ? "inline" : "attachment", found.originalName),
      )
      .header("X-Content-Type-Options", "nosniff")
      .header("Cache-Control", "private, no-store")
      .header(
        "Content-Security-Policy",
        found.mimeType === "application/pdf"
          ? "default-src 'none'; frame-ancestors 'self'"
          : "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'",
      )
      .send(stream);
  });
}
