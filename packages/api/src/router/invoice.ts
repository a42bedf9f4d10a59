import {
  InvoiceByIdInput,
  InvoiceCreateInput,
  InvoiceListInput,
  InvoiceUpdateDraftInput,
  InvoiceVoidInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  createInvoice,
  getInvoice,
  issueInvoice,
  listInvoices,
  myInvoice,
  myInvoices,
  updateDraft,
  voidInvoice,
} from "../service/invoice";
import { orgProcedure, patientProcedure } from "../trpc";

export const invoiceRouter = {
  /** Invoices newest first; filter by patient and status. */
  list: orgProcedure("billing.read")
    .input(InvoiceListInput)
    .query(({ ctx, input }) => listInvoices(ctx.db, ctx.org.id, input)),

  /** An invoice with its lines, its payments, what they keep and what is still owed. */
  byId: orgProcedure("billing.read")
    .input(InvoiceByIdInput)
    .query(({ ctx, input }) => getInvoice(ctx.db, ctx.org, input.id)),

  /** A draft from typed lines, services, completed treatments not yet invoiced, an appointment. */
  create: orgProcedure("billing.write")
    .input(InvoiceCreateInput)
    .mutation(({ ctx, input }) => createInvoice(ctx, input)),

  updateDraft: orgProcedure("billing.write")
    .input(InvoiceUpdateDraftInput)
    .mutation(({ ctx, input }) => updateDraft(ctx, input)),

  /** Numbers a draft (the next number, no gaps) and posts its charge. */
  issue: orgProcedure("billing.write")
    .input(InvoiceByIdInput)
    .mutation(({ ctx, input }) => issueInvoice(ctx, input.id)),

  /** An issued invoice nothing was paid on: its charge reversed, its number kept. */
  void: orgProcedure("billing.write")
    .input(InvoiceVoidInput)
    .mutation(({ ctx, input }) => voidInvoice(ctx, input)),

  /** The portal: one's own invoices (not drafts), newest first. */
  mine: patientProcedure
    .input(InvoiceListInput.pick({ cursor: true, limit: true }))
    .query(({ ctx, input }) => myInvoices(ctx, input)),

  mineById: patientProcedure
    .input(InvoiceByIdInput)
    .query(({ ctx, input }) => myInvoice(ctx, input.id)),
} satisfies TRPCRouterRecord;
