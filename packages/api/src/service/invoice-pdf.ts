// The invoice and the payment receipt as PDFs (the practice's name and logo, the patient, the
// lines or the payment with each refund), made when asked for: they show what the journal says
// at that moment, so nothing stored can go stale. Staff with billing access may download any;
// a portal patient only their own (another's is not found).
import { can } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import type { BillingPdfInput } from "@caredesk/validators";
import { and, eq, sql } from "drizzle-orm";
import {
  PDFDocument,
  rgb,
  StandardFonts,
  type PDFFont,
  type PDFImage,
  type PDFPage,
} from "pdf-lib";
import { notFound } from "../errors";
import type { OrgScope } from "../scope";
import { getInvoice, type InvoiceView } from "./invoice";
import { practiceLogo, type PracticeLogo } from "./logo";
import { getPayment, methodNames, type PaymentView } from "./payment";
import { recordRead } from "./record-access";
import { formatMinor } from "./money-text";

const { ledgerEntry, organization, patient } = schema;

type PdfReader = Pick<OrgScope, "db" | "org" | "user" | "ip" | "membership" | "files">;

export interface BillingPdf {
  fileName: string;
  bytes: Buffer;
}

function practiceDay(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "long" }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

/** Text the standard fonts (WinAnsi) can draw: anything else becomes "?", never a crash. */
export function encodable(font: PDFFont): (text: string) => string {
  const known = new Map<string, boolean>();
  return (text) => {
    let out = "";
    for (const char of text.replace(/[\t\r\n]/g, " ")) {
      let ok = known.get(char);
      if (ok === undefined) {
        try {
          font.encodeText(char);
          ok = true;
        } catch {
          ok = false;
        }
        known.set(char, ok);
      }
      out += ok ? char : "?";
    }
    return out;
  };
}

interface Header {
  practiceName: string;
  logo: PracticeLogo | null;
  title: string;
  patientName: string;
  facts: string[];
}

/** A one-column A4 document: header, then rows of label / amount. */
async function document(header: Header) {
  const pdf = await PDFDocument.create();
  pdf.setTitle(header.title);
  pdf.setCreator("Caredesk");
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const clean = encodable(font);
  let logo: PDFImage | null = null;
  if (header.logo) {
    try {
      if (header.logo.mimeType === "image/png") logo = await pdf.embedPng(header.logo.bytes);
      else if (header.logo.mimeType === "image/jpeg") logo = await pdf.embedJpg(header.logo.bytes);
    } catch {
      logo = null; // A logo that cannot be drawn is left out; the money is what matters.
    }
  }
  const margin = 50;
  const width = 595.28;
  const height = 841.89;
  let page: PDFPage = pdf.addPage([width, height]);
  let y = height - margin;
  const room = (needed: number) => {
    if (y - needed < margin) {
      page = pdf.addPage([width, height]);
      y = height - margin;
    }
  };
  const fit = (text: string, f: PDFFont, size: number, max: number) => {
    let out = clean(text);
    while (out.length > 1 && f.widthOfTextAtSize(out, size) > max) out = out.slice(0, -2) + "…";
    return clean(out);
  };
  const write = (text: string, options: { size?: number; bold?: boolean; gap?: number } = {}) => {
    const size = options.size ?? 10;
    const f = options.bold ? bold : font;
    room(size + 4);
    page.drawText(fit(text, f, size, width - margin * 2), {
      x: margin,
      y: y - size,
      size,
      font: f,
      color: rgb(0.1, 0.1, 0.1),
    });
    y -= size + 4 + (options.gap ?? 2);
  };
  /** A row: text on the left, an amount right-aligned. */
  const row = (left: string, right: string, options: { bold?: boolean } = {}) => {
    const size = 10;
    const f = options.bold ? bold : font;
    room(size + 6);
    const amount = clean(right);
    const amountWidth = f.widthOfTextAtSize(amount, size);
    page.drawText(fit(left, f, size, width - margin * 2 - amountWidth - 20), {
      x: margin,
      y: y - size,
      size,
      font: f,
    });
    page.drawText(amount, { x: width - margin - amountWidth, y: y - size, size, font: f });
    y -= size + 6;
  };
  const rule = () => {
    room(8);
    page.drawLine({
      start: { x: margin, y: y - 2 },
      end: { x: width - margin, y: y - 2 },
      thickness: 0.5,
      color: rgb(0.6, 0.6, 0.6),
    });
    y -= 8;
  };

  if (logo) {
    const scale = Math.min(120 / logo.width, 48 / logo.height, 1);
    const w = logo.width * scale;
    const h = logo.height * scale;
    page.drawImage(logo, { x: margin, y: y - h, width: w, height: h });
    y -= h + 8;
  }
  write(header.practiceName, { size: 14, bold: true });
  write(header.title, { size: 18, bold: true, gap: 6 });
  write(`Patient: ${header.patientName}`);
  for (const fact of header.facts) write(fact);
  y -= 8;
  return {
    write,
    row,
    rule,
    // Without object streams, a reader (or a test) finds each page's content stream directly.
    save: async () => Buffer.from(await pdf.save({ useObjectStreams: false })),
  };
}

export async function renderInvoicePdf(
  view: InvoiceView,
  practice: { name: string; timeZone: string; logo: PracticeLogo | null },
): Promise<Buffer> {
  const money = (amount: number) => formatMinor(amount, view.currency);
  const doc = await document({
    practiceName: practice.name,
    logo: practice.logo,
    title:
      view.status === "draft"
        ? "Invoice (draft)"
        : `Invoice ${view.number ?? ""}${view.status === "void" ? " (VOID)" : ""}`,
    patientName: view.patientName,
    facts: [
      `Date: ${practiceDay(view.issuedAt ?? view.createdAt, practice.timeZone)}`,
      ...(view.dueOn ? [`Due: ${view.dueOn}`] : []),
      ...(view.status === "void" && view.voidReason ? [`Void: ${view.voidReason}`] : []),
    ],
  });
  doc.row("Description", "Amount", { bold: true });
  doc.rule();
  for (const line of view.lines) {
    const qty = line.quantity > 1 ? ` (${line.quantity} x ${money(line.unitPriceMinor)})` : "";
    doc.row(`${line.description}${qty}`, money(line.quantity * line.unitPriceMinor));
    if (line.discountMinor > 0) doc.row("   Discount", money(-line.discountMinor));
  }
  doc.rule();
  doc.row("Subtotal", money(view.subtotalMinor));
  if (view.discountMinor > 0) doc.row("Discounts", money(-view.discountMinor));
  if (view.taxMinor > 0 || view.taxRateBps > 0) {
    doc.row(`${view.taxLabel} (${view.taxRateBps / 100}%)`, money(view.taxMinor));
  }
  doc.row("Total", money(view.totalMinor), { bold: true });
  for (const p of view.payments) {
    if (!["succeeded", "partially_refunded", "refunded"].includes(p.status)) continue;
    const day = practiceDay(p.succeededAt ?? p.createdAt, practice.timeZone);
    doc.row(`Paid ${day} (${methodNames[p.method]})`, money(-p.amountMinor));
    for (const r of p.refunds) {
      if (r.status !== "succeeded") continue;
      doc.row(
        `Refunded ${practiceDay(r.createdAt, practice.timeZone)}: ${r.reason}`,
        money(r.amountMinor),
      );
    }
  }
  if (view.status === "issued")
    doc.row("Outstanding", money(view.outstandingMinor), { bold: true });
  return doc.save();
}

export async function renderReceiptPdf(
  view: PaymentView,
  practice: { name: string; timeZone: string; logo: PracticeLogo | null },
  balanceMinor: number,
): Promise<Buffer> {
  const money = (amount: number) => formatMinor(amount, view.currency);
  const doc = await document({
    practiceName: practice.name,
    logo: practice.logo,
    title: "Payment receipt",
    patientName: view.patientName,
    facts: [
      `Receipt: ${view.id.slice(0, 8).toUpperCase()}`,
      `Date: ${practiceDay(view.succeededAt ?? view.createdAt, practice.timeZone)}`,
      `Method: ${methodNames[view.method]}`,
      ...(view.reference ? [`Reference: ${view.reference}`] : []),
    ],
  });
  doc.row(`Payment (${methodNames[view.method]})`, money(view.amountMinor), { bold: true });
  for (const r of view.refunds) {
    const day = practiceDay(r.createdAt, practice.timeZone);
    const state = r.status === "succeeded" ? "" : ` (${r.status})`;
    doc.row(`Refund ${day}${state}: ${r.reason}`, money(-r.amountMinor));
  }
  doc.rule();
  doc.row("Amount kept", money(view.amountMinor - view.refundedMinor), { bold: true });
  doc.row("Balance on account after this", money(balanceMinor));
  doc.write(
    balanceMinor > 0
      ? "A positive balance is owed to the practice."
      : balanceMinor < 0
        ? "A negative balance is a credit in the patient's favour."
        : "Nothing is owed.",
    { size: 8 },
  );
  return doc.save();
}

async function practiceOf(ctx: PdfReader) {
  const [[row], logo] = await Promise.all([
    ctx.db
      .select({ name: organization.name, timeZone: organization.timeZone })
      .from(organization)
      .where(eq(organization.id, ctx.org.id)),
    practiceLogo(ctx.db, ctx.files, ctx.org.id),
  ]);
  if (!row) throw notFound("Organization not found");
  return { ...row, logo };
}

/** The patient record the caller is (the portal), or null for staff with billing access. */
async function readerPatient(ctx: PdfReader, what: string): Promise<string | null> {
  if (can(ctx.membership.role, "billing.read")) return null;
  if (can(ctx.membership.role, "portal.self")) {
    const [own] = await ctx.db
      .select({ id: patient.id })
      .from(patient)
      .where(and(eq(patient.organizationId, ctx.org.id), eq(patient.userId, ctx.user.id)));
    if (own) return own.id;
  }
  throw notFound(`${what} not found`);
}

async function balanceOf(db: Database, organizationId: string, patientId: string) {
  const [row] = await db
    .select({ balance: sql<string>`coalesce(sum(${ledgerEntry.amountMinor}), 0)` })
    .from(ledgerEntry)
    .where(
      and(eq(ledgerEntry.organizationId, organizationId), eq(ledgerEntry.patientId, patientId)),
    );
  return Number(row?.balance ?? 0);
}

/** An invoice's or a payment receipt's PDF, for whoever may read it. */
export async function billingPdf(ctx: PdfReader, input: BillingPdfInput): Promise<BillingPdf> {
  if (input.kind === "invoice") {
    const own = await readerPatient(ctx, "Invoice");
    const view = await getInvoice(ctx.db, ctx.org, input.id, own ?? undefined);
    if (own && view.status === "draft") throw notFound("Invoice not found");
    await recordRead(ctx, { patientId: view.patientId, kind: "ledger" });
    const bytes = await renderInvoicePdf(view, await practiceOf(ctx));
    const name = view.number ? `invoice-${view.number}.pdf` : "invoice-draft.pdf";
    return { fileName: name, bytes };
  }
  const own = await readerPatient(ctx, "Payment");
  const view = await getPayment(ctx.db, ctx.org.id, input.id, own ?? undefined);
  await recordRead(ctx, { patientId: view.patientId, kind: "ledger" });
  const [practice, balance] = await Promise.all([
    practiceOf(ctx),
    balanceOf(ctx.db, ctx.org.id, view.patientId),
  ]);
  const bytes = await renderReceiptPdf(view, practice, balance);
  return { fileName: `receipt-${view.id.slice(0, 8)}.pdf`, bytes };
}
