// Decides what a file is from its bytes. Only types a clinic needs are accepted; anything
// that could run in a browser (SVG, HTML) or on a computer (executables) is refused.

export interface DetectedType {
  mime: string;
  /** Extensions a file of this type may carry. The first is canonical. */
  extensions: readonly string[];
}

const types = {
  pdf: { mime: "application/pdf", extensions: ["pdf"] },
  png: { mime: "image/png", extensions: ["png"] },
  jpeg: { mime: "image/jpeg", extensions: ["jpg", "jpeg"] },
  webp: { mime: "image/webp", extensions: ["webp"] },
  docx: {
    mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extensions: ["docx"],
  },
  text: { mime: "text/plain", extensions: ["txt", "text", "csv", "log"] },
} as const satisfies Record<string, DetectedType>;

const startsWith = (bytes: Buffer, signature: number[], offset = 0) =>
  signature.every((b, i) => bytes[offset + i] === b);

export function detectType(bytes: Buffer): DetectedType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return types.pdf; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return types.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return types.jpeg;
  if (
    startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) &&
    startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)
  ) {
    return types.webp; // RIFF....WEBP
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && isDocx(bytes)) return types.docx;
  if (isPlainText(bytes)) return types.text;
  return null;
}

/** A DOCX is a ZIP with [Content_Types].xml and a word/ folder; other ZIPs are refused. */
function isDocx(bytes: Buffer): boolean {
  const names = bytes.toString("latin1");
  return names.includes("[Content_Types].xml") && names.includes("word/");
}

/** UTF-8 text without control bytes, and not markup a browser would render. */
function isPlainText(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.includes("\uFFFD")) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b\x0e-\x1f\x7f]/.test(text)) return false;
  const head = text
    .slice(0, 1024)
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (head.startsWith("<")) return false; // HTML, SVG, XML: never served as anything
  return !/<(svg|html|script|iframe|object|embed)\b/.test(text.slice(0, 65536).toLowerCase());
}

const dangerous = new Set([
  "exe",
  "dll",
  "com",
  "bat",
  "cmd",
  "scr",
  "msi",
  "ps1",
  "vbs",
  "js",
  "jar",
  "sh",
  "php",
  "html",
  "htm",
  "svg",
  "xhtml",
  "hta",
  "app",
  "apk",
  "bin",
  "elf",
  "lnk",
  "reg",
]);

/**
 * Checks the client's file name against the detected type and returns a safe display name:
 * no path, no control characters, and an extension that matches the content.
 */
export function checkName(
  clientName: string,
  detected: DetectedType,
): { ok: true; name: string } | { ok: false; reason: string } {
  const base = clientName.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFKC")
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x1f\x7f"<>|:*?]/g, "")
    .replace(/^\.+/, "")
    .trim()
    .slice(-180);
  const parts = cleaned.toLowerCase().split(".");
  const extension = parts.length > 1 ? parts.at(-1) : undefined;
  if (parts.slice(1).some((p) => dangerous.has(p))) {
    return { ok: false, reason: "Files with program extensions are not accepted" };
  }
  if (extension && !detected.extensions.includes(extension)) {
    return { ok: false, reason: `The file's content does not match its .${extension} extension` };
  }
  const stem = (extension ? cleaned.slice(0, -(extension.length + 1)) : cleaned) || "file";
  return { ok: true, name: `${stem}.${extension ?? detected.extensions[0]}` };
}

/** What an import may be: CSV (UTF-8 text) or an Excel workbook (.xlsx). */
export const importTypes = {
  csv: { mime: "text/csv", extensions: ["csv", "txt"] },
  xlsx: {
    mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extensions: ["xlsx"],
  },
} as const satisfies Record<string, DetectedType>;

/**
 * An import file's type from its bytes, or why it is refused: an .xlsx is a ZIP holding
 * xl/workbook.xml; CSV must be valid UTF-8 throughout (a file saved in another encoding, or
 * mixing two, is refused rather than read with broken letters) without NUL bytes.
 */
export function detectImportType(
  bytes: Buffer,
): { ok: true; type: DetectedType } | { ok: false; reason: string } {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    return bytes.toString("latin1").includes("xl/workbook.xml")
      ? { ok: true, type: importTypes.xlsx }
      : { ok: false, reason: "Only CSV and Excel (.xlsx) files can be imported" };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    return { ok: false, reason: "Old Excel files (.xls) cannot be read: save it as .xlsx or CSV" };
  }
  if (bytes.includes(0)) {
    return { ok: false, reason: "This is not a CSV file: it holds binary data" };
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      reason:
        "The file is not UTF-8 text: save it as “CSV UTF-8” from your spreadsheet and upload it again",
    };
  }
  const head = bytes
    .subarray(0, 1024)
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (head.startsWith("<") || head.startsWith("{") || head.startsWith("%PDF")) {
    return { ok: false, reason: "Only CSV and Excel (.xlsx) files can be imported" };
  }
  return { ok: true, type: importTypes.csv };
}
