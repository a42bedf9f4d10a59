import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

export { appRouter, type AppRouter } from "./root";
export { createCallerFactory } from "./trpc";
export { createHostCaller, hostRouter } from "./host";
export {
  ChangeHub,
  listenForChanges,
  type ChangeEvent,
  type InboxEvent,
  type LiveEvent,
} from "./events";
export { filePurposes, type FilePurpose } from "./service/file";
export { memoryFileStore, newStorageKey, type FileStore } from "./file-store";
export {
  malwareRefusedMessage,
  noScanner,
  unscannableMessage,
  worstVerdict,
  type MalwareScanner,
  type ScannerStatus,
  type ScanVerdict,
} from "./malware";
/** The calendar query itself, for hosts that serve it outside tRPC (benchmarks compare). */
export { expireHolds } from "./service/appointment";
export { listAppointments } from "./service/appointment-list";
export { busyRangeQuery, busyRangeValues } from "./service/busy-ranges";
export { seedDemoAppointments, type DemoAppointmentsResult } from "./seed";
export { seedDemoClinical } from "./seed-clinical";
/** The job worker's work (apps/server/src/worker.ts). */
export {
  deliverNotification,
  deliverNotifications,
  type AccountRenderer,
  type DeliveryDeps,
  type DeliveryOutcome,
} from "./service/delivery";
/** What the delivery job sends, for its raw twin (apps/server/bench/reminder-delivery.ts). */
export { appointmentMessageData, type AppointmentView } from "./service/delivery";
export {
  appointmentViewsText,
  claimText,
  insertTokensText,
  settleSentText,
} from "./service/delivery-statements";
export { MailboxChannel } from "./service/mailbox";
export { queueNotifications, type NewNotification } from "./service/outbox";
export { alertExpiringCertificates, purgeExpired, remindPlanRenewals } from "./service/maintenance";
export { rescanQuarantined, type RescanOutcome } from "./service/malware";
export { internalErrorMessage, retryAfterOf } from "./errors";
export {
  applyEarlyDeliveryReports,
  recordDeliveryReport,
  type DeliveryReportInput,
  type DeliveryReportResult,
} from "./service/delivery-report";
export {
  openApiDocument,
  restBasePath,
  restErrors,
  restOperations,
  trpcBasePath,
  type RestOperation,
} from "./openapi";
export { restErrorCodes, type RestError } from "@caredesk/validators";
export {
  createRateLimiter,
  defaultRateLimits,
  type RateLimitBucket,
  type RateLimiter,
  type RateLimits,
} from "./rate-limit";
export {
  createContextFactory,
  requestToken,
  createContextInner,
  type Context,
  type ContextInnerOptions,
  type Logger,
  type ProcedureCall,
  type ProcedureObserver,
  type SessionCookieWriter,
} from "./context";

/** What each procedure takes, e.g. `RouterInputs["patient"]["create"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** What each procedure returns, e.g. `RouterOutputs["auth"]["me"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** Payments: the host's configuration, providers' webhooks and the job that applies them. */
export { processPayments, type PaymentsConfig } from "./payments";
export {
  applyPaymentEvent,
  receiveWebhook,
  type ApplyOutcome,
  type WebhookReceipt,
} from "./service/payment-event";
/** Plans: the platform's webhooks for plan payments, stored once and applied. */
export { receivePlanWebhook, type PlanWebhookReceipt } from "./service/plan-payment";
/** Escrow: releases when the dispute window has passed, unpaid bookings, reserved refunds. */
export {
  cancelUnpaidBookings,
  releaseDueEscrows,
  sendReservedRefund,
  type ReleaseRun,
} from "./service/escrow";
/** The public practice site: what its pages show, read for a live site. */
export {
  findSiteView,
  liveSites,
  siteView,
  siteViewTtlMs,
  type SiteDoctor,
  type SiteReview,
  type SiteService,
  type SiteView,
} from "./service/site-view";
export { liveSite, type SiteAddress } from "./service/site";
/** The pharmacy's shop on its public site: products with availability in words, cart quotes. */
export {
  findShopProduct,
  findShopProducts,
  isShopImage,
  priceWithTax,
  shopCategories,
  shopSitemapEntries,
  type Availability,
  type Quote,
  type ShopProduct,
} from "./service/shop";
/** The pharmacy's daily shelf work: expired lots written off, low-stock and expiry alerts. */
export { alertStock, dailyStock, expireLots } from "./service/stock";
/** The assistant's language model: an operator's OpenAI-compatible endpoint, built at start-up. */
export { assistantModelFrom, type AssistantModelConfig } from "./service/assistant-model-provider";
/** Bulk imports' background job, and what the host needs to stream exports and error files. */
export { runImportJob, checkImportSize, type ImportJobData } from "./service/import";
export { importMimeTypes } from "./service/import-read";
export { exportTable, writeCsv, writeExport, writeXlsx, type ExportTable } from "./service/export";
