// Reads an import's rows from the stored file as a stream: CSV (RFC 4180, UTF-8, comma,
// semicolon or tab) by a small parser fed decoded chunks, Excel through exceljs's streaming
// reader (the first worksheet). Memory stays flat whatever the file's size.
import type { Readable } from "node:stream";
import type { ImportFormat } from "@caredesk/validators";
import ExcelJS from "exceljs";
import { badRequest } from "../errors";

export const importMimeTypes: Record<ImportFormat, string> = {
  csv: "text/csv",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** One record of the file: its 1-based line (the header is line 1) and its cells as text. */
export interface FileRow {
  line: number;
  cells: string[];
}

export const encodingMessage =
  "The file is not UTF-8 text: save it as “CSV UTF-8” from your spreadsheet and upload it again";

/** The file's records, the header first; blank records are left out. */
export function readRows(stream: Readable, format: ImportFormat): AsyncGenerator<FileRow> {
  return format === "csv" ? csvRows(stream) : xlsxRows(stream);
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * RFC 4180 by hand: quoted fields may hold delimiters, quotes ("") and line breaks; CRLF, LF
 * and CR end records. The delimiter is the one the header line uses most (`,` `;` or tab).
 */
class CsvParser {
  private field = "";
  private row: string[] = [];
  private inQuotes = false;
  /** A quote inside a quoted field: either "" (a quote) or the field's end. */
  private quoteSeen = false;
  private lastWasCr = false;
  private delimiter: string | null = null;
  private head = "";
  readonly rows: string[][] = [];

  push(text: string): void {
    if (this.delimiter === null) {
      this.head += text;
      const end = this.head.search(/[\r\n]/);
      if (end < 0 && this.head.length < 65536) return;
      this.delimiter = guessDelimiter(end < 0 ? this.head : this.head.slice(0, end));
      text = this.head;
      this.head = "";
    }
    const delimiter = this.delimiter;
    let field = this.field;
    for (let i = 0; i < text.length; i++) {
      const c = text.charAt(i);
      if (this.lastWasCr) {
        this.lastWasCr = false;
        if (c === "\n") continue;
      }
      if (this.inQuotes) {
        if (c === '"') {
          this.inQuotes = false;
          this.quoteSeen = true;
        } else {
          // Copy the run up to the next quote at once.
          const next = text.indexOf('"', i);
          const stop = next < 0 ? text.length : next;
          field += text.slice(i, stop);
          i = stop - 1;
        }
        continue;
      }
      if (this.quoteSeen) {
        this.quoteSeen = false;
        if (c === '"') {
          field += '"';
          this.inQuotes = true;
          continue;
        }
      }
      if (c === delimiter) {
        this.row.push(field);
        field = "";
      } else if (c === "\n" || c === "\r") {
        this.row.push(field);
        field = "";
        this.rows.push(this.row);
        this.row = [];
        this.lastWasCr = c === "\r";
      } else if (c === '"' && field === "") {
        this.inQuotes = true;
      } else {
        field += c;
      }
    }
    this.field = field;
  }

  end(): void {
    if (this.delimiter === null) {
      const pending = this.head;
      this.head = "";
      this.delimiter = guessDelimiter(pending);
      this.push(pending);
    }
    if (this.field !== "" || this.row.length > 0 || this.inQuotes) {
      this.row.push(this.field);
      this.rows.push(this.row);
    }
    this.field = "";
    this.row = [];
  }
}

function guessDelimiter(line: string): string {
  const count = (d: string) => line.split(d).length;
  const candidates = [",", ";", "\t"].map((d) => ({ d, n: count(d) }));
  candidates.sort((a, b) => b.n - a.n);
  return candidates[0] && candidates[0].n > 1 ? candidates[0].d : ",";
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === "");

async function* csvRows(stream: Readable): AsyncGenerator<FileRow> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const parser = new CsvParser();
  let line = 0;
  const decode = (chunk?: Uint8Array) => {
    let text: string;
    try {
      text = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw badRequest(encodingMessage);
    }
    if (text.includes("\u0000")) throw badRequest("The file holds NUL bytes: it is not text");
    return text;
  };
  try {
    for await (const chunk of stream) {
      parser.push(decode(chunk as Uint8Array));
      for (const cells of parser.rows.splice(0)) {
        line++;
        if (!isBlank(cells)) yield { line, cells };
      }
    }
    parser.push(decode());
    parser.end();
    for (const cells of parser.rows.splice(0)) {
      line++;
      if (!isBlank(cells)) yield { line, cells };
    }
  } finally {
    stream.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Excel

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return "";
    const iso = value.toISOString();
    // Excel keeps days as midnight UTC: a date cell reads as the day itself.
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (typeof value === "object") {
    const cell = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      error?: unknown;
    };
    if (Array.isArray(cell.richText)) return cell.richText.map((part) => part.text).join("");
    if (cell.text !== undefined) return cellText(cell.text);
    if ("result" in cell) return cellText(cell.result);
  }
  return "";
}

async function* xlsxRows(stream: Readable): AsyncGenerator<FileRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    entries: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    worksheets: "emit",
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values;
        const cells = Array.isArray(values) ? values.slice(1).map(cellText) : [];
        for (let i = 0; i < cells.length; i++) cells[i] ??= "";
        if (!isBlank(cells)) yield { line: row.number, cells };
      }
      // The first worksheet only.
      break;
    }
  } catch (error) {
    if (error instanceof Error && /zip|end of central|signature|invalid/i.test(error.message)) {
      throw badRequest("The Excel file could not be read: save it again as .xlsx");
    }
    throw error;
  } finally {
    stream.destroy();
  }
}
