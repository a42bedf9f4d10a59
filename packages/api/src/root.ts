import { adminRouter } from "./router/admin";
import { adminRecordsRouter } from "./router/admin-records";
import { ambulanceRouter } from "./router/ambulance";
import { assistantRouter } from "./router/assistant";
import { appointmentRouter, availabilityRouter } from "./router/appointment";
import { auditRouter } from "./router/audit";
import { authRouter } from "./router/auth";
import { chartRouter } from "./router/chart";
import { consultationRouter } from "./router/consultation";
import { departmentRouter } from "./router/department";
import { faqRouter } from "./router/faq";
import { documentRouter } from "./router/document";
import { formLinkRouter } from "./router/form-link";
import { formRequestRouter } from "./router/form-request";
import { formSubmissionRouter } from "./router/form-submission";
import { frontDeskRouter } from "./router/front-desk";
import { healthRouter } from "./router/health";
import { identityRouter } from "./router/identity";
import { invitationRouter } from "./router/invitation";
import { invoiceRouter } from "./router/invoice";
import { ledgerRouter } from "./router/ledger";
import { billingRouter } from "./router/billing";
import { paymentRouter } from "./router/payment";
import { paymentAccountRouter } from "./router/payment-account";
import { linkRouter } from "./router/link";
import { malwareRouter } from "./router/malware";
import { messageRouter } from "./router/message";
import { notificationRouter } from "./router/notification";
import { organizationRouter } from "./router/organization";
import { patientRouter } from "./router/patient";
import { portalRouter } from "./router/portal";
import { publicRouter } from "./router/public";
import { pushRouter } from "./router/push";
import { deviceRouter } from "./router/device";
import { recordAccessRouter } from "./router/record-access";
import { practitionerRouter } from "./router/practitioner";
import { resourceRouter } from "./router/resource";
import { scheduleRouter } from "./router/schedule";
import { serviceRouter } from "./router/service";
import { questionnaireRouter } from "./router/questionnaire";
import { earningsRouter } from "./router/earnings";
import { escrowRouter } from "./router/escrow";
import { payoutRouter } from "./router/payout";
import { planCatalogueRouter, planRouter } from "./router/plan";
import { siteRouter } from "./router/site";
import { shopRouter } from "./router/shop";
import { orderRouter } from "./router/order";
import { reviewRouter } from "./router/review";
import { productRouter } from "./router/product";
import { stockRouter } from "./router/stock";
import { pharmacyReportRouter } from "./router/pharmacy-report";
import { counterRouter } from "./router/counter";
import { dataImportRouter } from "./router/data-import";
import { refillRouter } from "./router/refill";
import { dashboardRouter } from "./router/dashboard";
import type { TRPCRouterCaller } from "@trpc/server";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  admin: adminRouter,
  adminRecords: adminRecordsRouter,
  ambulance: ambulanceRouter,
  assistant: assistantRouter,
  appointment: appointmentRouter,
  audit: auditRouter,
  auth: authRouter,
  availability: availabilityRouter,
  chart: chartRouter,
  consultation: consultationRouter,
  department: departmentRouter,
  faq: faqRouter,
  document: documentRouter,
  formLink: formLinkRouter,
  formRequest: formRequestRouter,
  formSubmission: formSubmissionRouter,
  frontDesk: frontDeskRouter,
  health: healthRouter,
  identity: identityRouter,
  invitation: invitationRouter,
  invoice: invoiceRouter,
  ledger: ledgerRouter,
  malware: malwareRouter,
  billing: billingRouter,
  payment: paymentRouter,
  paymentAccount: paymentAccountRouter,
  link: linkRouter,
  message: messageRouter,
  notification: notificationRouter,
  organization: organizationRouter,
  patient: patientRouter,
  portal: portalRouter,
  public: publicRouter,
  push: pushRouter,
  device: deviceRouter,
  recordAccess: recordAccessRouter,
  practitioner: practitionerRouter,
  resource: resourceRouter,
  schedule: scheduleRouter,
  service: serviceRouter,
  questionnaire: questionnaireRouter,
  escrow: escrowRouter,
  earnings: earningsRouter,
  payout: payoutRouter,
  review: reviewRouter,
  plan: planRouter,
  planCatalogue: planCatalogueRouter,
  site: siteRouter,
  product: productRouter,
  stock: stockRouter,
  pharmacyReport: pharmacyReportRouter,
  shop: shopRouter,
  order: orderRouter,
  counter: counterRouter,
  dataImport: dataImportRouter,
  refill: refillRouter,
  dashboard: dashboardRouter,
});

export type AppRouter = typeof appRouter;

/**
 * A server-side caller of the app router (`createCallerFactory(appRouter)`), named so the
 * declarations of the modules that make one refer to the router instead of spelling all of it
 * out again (each copy was ~190 kB of `.d.ts` for every consumer to read and relate).
 */
export type AppRouterCaller = TRPCRouterCaller<
  AppRouter["_def"]["_config"]["$types"],
  AppRouter["_def"]["record"]
>;
