// A counter sale's receipt as a PDF, made when asked (nothing stored to go stale): the practice's
// name and address, the sale's number and time in the practice's zone, its lines, tax, total, and
// how it was paid (cash handed over and change). Staff who may sell may download any sale's.
import { schema } from "@caredesk/db";
import { eq } from "drizzle-orm";
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import { notFound } from "../errors";
import type { OrgScope } from "../scope";
import { getCounterSale, type CounterSale } from "./counter";
import { encodable } from "./invoice-pdf";
import { formatMinor } from "./money-text";

const { organization, practiceSite } = schema;

export interface CounterReceipt {
  fileName: string;
  bytes: Buffer;
}

export const counterMethodNames = { cash: "Cash", card_terminal: "Card (terminal)" } as const;

function practiceTime(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone,
      dateStyle: "long",
      timeStyle: "short",
    }).format(at);
  } catch {
    return at.toISOString().slice(0, 16).replace("T", " ");
  }
}

interface Practice {
  name: string;
  timeZone: string;
  address: string[];
}

export async function renderCounterReceipt(sale: CounterSale, practice: Practice): Promise<Buffer> {
  const money = (amount: number) => formatMinor(amount, sale.currency);
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Receipt ${sale.number}`);
  pdf.setCreator("Caredesk");
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const clean = encodable(font);
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
    while (out.length > 1 && f.widthOfTextAtSize(out, size) > max) out = out.slice(0, -1);
    return out;
  };
  const write = (text: string, options: { size?: number; bold?: boolean } = {}) => {
    const size = options.size ?? 10;
    const f = options.bold ? bold : font;
    room(size + 6);
    page.drawText(fit(text, f, size, width - margin * 2), {
      x: margin,
      y: y - size,
      size,
      font: f,
    });
    y -= size + 6;
  };
  // Columns: name | qty | unit price | discount | line total (amounts right-aligned).
  const [nameEnd, qtyEnd, priceEnd, lastEnd]: readonly [number, number, number, number] = [
    330,
    380,
    450,
    width - margin,
  ];
  const row = (
    cells: [string, string, string, string, string],
    options: { bold?: boolean } = {},
  ) => {
    const size = 9;
    const f = options.bold ? bold : font;
    room(size + 6);
    page.drawText(fit(cells[0], f, size, nameEnd - margin - 40), {
      x: margin,
      y: y - size,
      size,
      font: f,
    });
    cells.slice(1).forEach((cell, index) => {
      const text = clean(cell);
      const right = [nameEnd + 10, qtyEnd + 20, priceEnd + 10, lastEnd][index] ?? lastEnd;
      page.drawText(text, {
        x: right - f.widthOfTextAtSize(text, size),
        y: y - size,
        size,
        font: f,
      });
    });
    y -= size + 6;
  };
  const total = (label: string, amount: string, options: { bold?: boolean } = {}) => {
    const size = 10;
    const f = options.bold ? bold : font;
    room(size + 6);
    const text = clean(amount);
    page.drawText(clean(label), { x: qtyEnd - 40, y: y - size, size, font: f });
    page.drawText(text, {
      x: width - margin - f.widthOfTextAtSize(text, size),
      y: y - size,
      size,
      font: f,
    });
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

  write(practice.name, { size: 14, bold: true });
  for (const line of practice.address) write(line);
  y -= 6;
  write(sale.status === "cancelled" ? "Receipt (VOID)" : "Receipt", { size: 18, bold: true });
  write(`Sale ${sale.number}`);
  write(`Date: ${practiceTime(sale.createdAt, practice.timeZone)}`);
  write(`Customer: ${sale.customerName}`);
  if (sale.status === "cancelled" && sale.cancelReason) write(`Void: ${sale.cancelReason}`);
  y -= 8;
  row(["Item", "Qty", "Unit price", "Discount", "Total"], { bold: true });
  rule();
  for (const line of sale.lines) {
    row([
      line.name,
      String(line.quantity),
      money(line.unitPriceMinor),
      line.discountMinor > 0 ? money(-line.discountMinor) : "",
      money(line.quantity * line.unitPriceMinor - line.discountMinor),
    ]);
  }
  rule();
  total("Subtotal", money(sale.subtotalMinor - sale.discountMinor));
  total("Tax", money(sale.taxMinor));
  total("Total", money(sale.totalMinor), { bold: true });
  total("Paid by", counterMethodNames[sale.method]);
  if (sale.method === "cash" && sale.tenderedMinor !== null) {
    total("Tendered", money(sale.tenderedMinor));
    total("Change", money(sale.changeMinor ?? 0));
  }
  y -= 10;
  write("Thank you.", { size: 9 });
  // Without object streams, a reader (or a test) finds each page's content stream directly.
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** A counter sale's receipt for staff of the practice; another practice's sale is not found. */
export async function counterReceipt(
  ctx: Pick<OrgScope, "db" | "org">,
  id: string,
): Promise<CounterReceipt> {
  const sale = await getCounterSale(ctx.db, ctx.org, id);
  const [row] = await ctx.db
    .select({
      name: organization.name,
      timeZone: organization.timeZone,
      addressLine: practiceSite.addressLine,
      city: practiceSite.city,
      region: practiceSite.region,
      postalCode: practiceSite.postalCode,
      phone: practiceSite.phone,
    })
    .from(organization)
    .leftJoin(practiceSite, eq(practiceSite.organizationId, organization.id))
    .where(eq(organization.id, ctx.org.id));
  if (!row) throw notFound("Organization not found");
  const cityLine = [row.postalCode, row.city, row.region].filter(Boolean).join(" ");
  const address = [row.addressLine ?? "", cityLine, row.phone ? `Tel. ${row.phone}` : ""].filter(
    (line) => line.trim() !== "",
  );
  const bytes = await renderCounterReceipt(sale, { ...row, address });
  return { fileName: `receipt-${sale.number}.pdf`, bytes };
}
