// Procedures only the host (apps/server) calls, never exposed at /trpc: they receive facts
// the host established itself (stored bytes, detected type, hash) that a client must not
// be able to assert. They run through the same chain: session, membership, permission, audit.
import { Id, PublicPhotoInput } from "@caredesk/validators";
import { z } from "zod";
import { fileForReader, filePurposes, recordFile } from "./service/file";
import { publicPhoto } from "./service/public";
import { createCallerFactory, createTRPCRouter, orgProcedure, publicProcedure } from "./trpc";

export const StoredFileInput = z.object({
  storageKey: z.string().min(16).max(200),
  mimeType: z.string().min(3).max(100),
  sizeBytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  originalName: z.string().min(1).max(255),
  purpose: z.enum(filePurposes),
});

export const hostRouter = createTRPCRouter({
  file: {
    /** Lets the host refuse an upload before it stores any bytes. */
    canUpload: orgProcedure("file.upload").query(() => ({ ok: true as const })),

    /** Records what the host stored; audited as `file.upload`. */
    upload: orgProcedure("file.upload")
      .input(StoredFileInput)
      .mutation(({ ctx, input }) => recordFile(ctx, input)),

    forDownload: orgProcedure("organization.read")
      .input(z.object({ id: Id }))
      .query(({ ctx, input }) =>
        fileForReader(
          ctx.db,
          { organizationId: ctx.org.id, userId: ctx.user.id, role: ctx.membership.role },
          input.id,
        ),
      ),

    /** A doctor's photo for the public practice page: no account needed. */
    publicPhoto: publicProcedure
      .meta({ public: true })
      .input(PublicPhotoInput)
      .query(({ ctx, input }) => publicPhoto(ctx.db, input.slug, input.fileId)),
  },
});

export const createHostCaller = createCallerFactory(hostRouter);
