// Procedures only the host (apps/server) calls, never exposed at /trpc: they receive facts
// the host established itself (stored bytes, detected type, hash) that a client must not
// be able to assert. They run through the same chain: session, membership, permission, audit.
import {
  BillingPdfInput,
  ByIdInput,
  ExportRequestInput,
  ImportByIdInput,
  OidcBeginInput,
  OidcClaimInput,
  OidcCompleteInput,
  MalwareRefusalInput,
  PublicPhotoInput,
  StoredFileInput,
} from "@caredesk/validators";
import { fileForDownload, recordFile } from "./service/file";
import { recordMalwareRefusal } from "./service/malware";
import { counterReceipt } from "./service/counter-receipt";
import { exportFor } from "./service/export";
import { importErrorsTable } from "./service/import";
import { beginOidc, claimOidc, completeOidc } from "./service/identity";
import { billingPdf } from "./service/invoice-pdf";
import { publicLogo, publicPhoto } from "./service/public";
import { createCallerFactory, createTRPCRouter, orgProcedure, publicProcedure } from "./trpc";

export const hostRouter = createTRPCRouter({
  file: {
    /** Lets the host refuse an upload before it stores any bytes. */
    canUpload: orgProcedure("file.upload").query(() => ({ ok: true as const })),

    /** Records what the host stored; audited as `file.upload`. */
    upload: orgProcedure("file.upload")
      .input(StoredFileInput)
      .mutation(({ ctx, input }) => recordFile(ctx, input)),

    /** Records an upload the scanner found malware in (never stored); audited as such. */
    refuseMalware: orgProcedure("file.upload")
      .input(MalwareRefusalInput)
      .mutation(({ ctx, input }) => recordMalwareRefusal(ctx, input)),

    forDownload: orgProcedure("organization.read")
      .input(ByIdInput)
      .query(({ ctx, input }) => fileForDownload(ctx, input.id)),

    /** A doctor's photo for the public practice page: no account needed. */
    publicPhoto: publicProcedure
      .meta({ public: true })
      .input(PublicPhotoInput)
      .query(({ ctx, input }) => publicPhoto(ctx.db, input.slug, input.fileId)),

    /** The practice's current logo, for email clients (which hold no session): no account needed. */
    publicLogo: publicProcedure
      .meta({ public: true })
      .input(PublicPhotoInput)
      .query(({ ctx, input }) => publicLogo(ctx.db, input.slug, input.fileId)),
  },
  oidc: {
    /** Starts a sign-in (or a signed-in account's link) with a provider: /auth/oidc/:provider/start. */
    begin: publicProcedure
      .meta({ public: true, rateLimit: "credentials" })
      .input(OidcBeginInput)
      .mutation(({ ctx, input }) => beginOidc(ctx, input)),

    /** Uses up the flow the provider's callback belongs to (checked against its state), once. */
    claim: publicProcedure
      .meta({ public: true, rateLimit: "credentials" })
      .input(OidcClaimInput)
      .mutation(({ ctx, input }) => claimOidc(ctx, input)),

    /** What the validated ID token leads to: sign-in, link, confirmation, or a new account. */
    complete: publicProcedure
      .meta({ public: true, rateLimit: "credentials" })
      .input(OidcCompleteInput)
      .mutation(({ ctx, input }) => completeOidc(ctx, input)),
  },
  billing: {
    /**
     * An invoice's or a payment receipt's PDF, made when asked: staff with billing access may
     * have any, a portal patient only their own (another's is not found).
     */
    pdf: orgProcedure("organization.read")
      .input(BillingPdfInput)
      .query(({ ctx, input }) => billingPdf(ctx, input)),
  },
  counter: {
    /** A counter sale's receipt PDF, made when asked, for staff who may sell. */
    receipt: orgProcedure("pharmacy.sell")
      .input(ByIdInput)
      .query(({ ctx, input }) => counterReceipt(ctx, input.id)),
  },
  transfer: {
    /** An export's table, streamed by the host as CSV or Excel; filters checked per kind. */
    export: orgProcedure("data.export")
      .input(ExportRequestInput)
      .query(({ ctx, input }) => exportFor(ctx, input)),

    /** An import's refused rows with their line and error, for the downloadable error file. */
    importErrors: orgProcedure("data.import")
      .input(ImportByIdInput)
      .query(({ ctx, input }) => importErrorsTable(ctx.db, ctx.org.id, input.importId)),
  },
});

export const createHostCaller = createCallerFactory(hostRouter);
