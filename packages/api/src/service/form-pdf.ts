// The PDF of a signed medical-history form: the evidence in one file — the practice, the form
// version and its content hash, the patient, every question with its answer, the drawn
// signature, when (UTC and practice time), from where (IP, user agent) and the request's id.
import type { Question } from "@caredesk/validators";
import {
  PDFDocument,
  StandardFonts,
  rgb,
  type PDFFont,
  type PDFImage,
  type PDFPage,
} from "pdf-lib";

export interface FormPdfData {
  practiceName: string;
  logo: { mimeType: string; bytes: Buffer } | null;
  formTitle: string;
  formDescription: string | null;
  version: number;
  contentHash: string;
  patientName: string;
  dateOfBirth: string;
  questions: Question[];
  answers: Record<string, string | string[] | boolean>;
  /** Keys of the questions the patient was shown (follow-ups only when their rule held). */
  shown: ReadonlySet<string>;
  alerts: string[];
  signaturePng: Buffer;
  signedAt: Date;
  timeZone: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export class UnreadableSignatureError extends Error {
  override name = "UnreadableSignatureError";
}

/** Text the standard fonts (WinAnsi) can draw: anything else becomes "?", never a crash. */
function encodable(font: PDFFont): (text: string) => string {
  const known = new Map<string, boolean>();
  return (text) => {
    let out = "";
    for (const char of text.replace(/[\t]/g, " ")) {
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

export function answerText(
  _question: Question,
  answer: string | string[] | boolean | null | undefined,
): string {
  if (answer === undefined || answer === null || answer === "") return "(no answer)";
  if (typeof answer === "boolean") return answer ? "Yes" : "No";
  if (Array.isArray(answer)) return answer.length ? answer.join(", ") : "(none chosen)";
  return answer;
}

function practiceTime(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone,
      dateStyle: "long",
      timeStyle: "long",
    }).format(at);
  } catch {
    return at.toISOString();
  }
}

/** Renders the signed form; throws UnreadableSignatureError when the PNG cannot be decoded. */
export async function renderFormPdf(data: FormPdfData): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${data.formTitle} (signed)`);
  pdf.setCreator("Caredesk");
  pdf.setCreationDate(data.signedAt);
  pdf.setModificationDate(data.signedAt);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const clean = encodable(font);
  let signature: PDFImage;
  try {
    signature = await pdf.embedPng(data.signaturePng);
  } catch {
    throw new UnreadableSignatureError("The signature is not a readable PNG image");
  }
  let logo: PDFImage | null = null;
  if (data.logo) {
    try {
      if (data.logo.mimeType === "image/png") logo = await pdf.embedPng(data.logo.bytes);
      else if (data.logo.mimeType === "image/jpeg") logo = await pdf.embedJpg(data.logo.bytes);
    } catch {
      logo = null; // A logo that cannot be drawn is left out; the form is what matters.
    }
  }

  const margin = 50;
  const width = 595.28;
  const height = 841.89;
  const usable = width - margin * 2;
  let page: PDFPage = pdf.addPage([width, height]);
  let y = height - margin;

  const newPageIfNeeded = (needed: number) => {
    if (y - needed < margin) {
      page = pdf.addPage([width, height]);
      y = height - margin;
    }
  };
  const wrap = (text: string, f: PDFFont, size: number): string[] => {
    const lines: string[] = [];
    for (const paragraph of clean(text).split(/\r?\n/)) {
      let line = "";
      for (const word of paragraph.split(" ")) {
        const candidate = line ? `${line} ${word}` : word;
        if (f.widthOfTextAtSize(candidate, size) <= usable) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        // A word longer than the line is cut where it must be.
        let rest = word;
        while (f.widthOfTextAtSize(rest, size) > usable) {
          let cut = rest.length - 1;
          while (cut > 1 && f.widthOfTextAtSize(rest.slice(0, cut), size) > usable) cut--;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
      }
      lines.push(line);
    }
    return lines;
  };
  const write = (text: string, options: { size?: number; bold?: boolean; gap?: number } = {}) => {
    const size = options.size ?? 10;
    const f = options.bold ? bold : font;
    for (const line of wrap(text, f, size)) {
      newPageIfNeeded(size + 4);
      page.drawText(line, { x: margin, y: y - size, size, font: f, color: rgb(0.1, 0.1, 0.1) });
      y -= size + 4;
    }
    y -= options.gap ?? 2;
  };

  if (logo) {
    const scale = Math.min(120 / logo.width, 48 / logo.height, 1);
    const w = logo.width * scale;
    const h = logo.height * scale;
    page.drawImage(logo, { x: margin, y: y - h, width: w, height: h });
    y -= h + 8;
  }
  write(data.practiceName, { size: 14, bold: true });
  write(data.formTitle, { size: 18, bold: true, gap: 4 });
  if (data.formDescription) write(data.formDescription, { gap: 6 });
  write(`Form version ${data.version} - content SHA-256 ${data.contentHash}`, { size: 8 });
  write(`Patient: ${data.patientName} - date of birth ${data.dateOfBirth}`, { gap: 10 });

  for (const question of data.questions) {
    if (!data.shown.has(question.key)) continue;
    write(`${question.label}${question.required ? " *" : ""}`, { bold: true });
    write(answerText(question, data.answers[question.key]), { gap: 8 });
  }
  if (data.alerts.length > 0) write(`Alerts: ${data.alerts.join("; ")}`, { bold: true, gap: 10 });

  const scale = Math.min(220 / signature.width, 90 / signature.height, 1);
  const sw = signature.width * scale;
  const sh = signature.height * scale;
  newPageIfNeeded(sh + 30);
  write("Signature", { bold: true });
  page.drawImage(signature, { x: margin, y: y - sh, width: sw, height: sh });
  y -= sh + 10;
  write(`Signed at ${data.signedAt.toISOString()} (UTC)`);
  write(`Signed at ${practiceTime(data.signedAt, data.timeZone)} (${data.timeZone})`);
  write(`IP address: ${data.ip ?? "unknown"}`);
  write(`User agent: ${data.userAgent ?? "unknown"}`, { size: 8 });
  write(`Form request: ${data.requestId}`, { size: 8 });

  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}
