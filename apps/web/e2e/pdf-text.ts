// The text a PDF draws, for checking a downloaded invoice or receipt: each content stream
// inflated (pdf-lib compresses them) and its string operands decoded (hex or literal).
import { inflateSync } from "node:zlib";

export function pdfText(bytes: Buffer): string {
  const raw = bytes.toString("latin1");
  const texts: string[] = [];
  const streams = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let match = streams.exec(raw); match; match = streams.exec(raw)) {
    const dict = match[1] ?? "";
    const length = /\/Length (\d+)/.exec(dict);
    const start = match.index + match[0].length;
    const end = length ? start + Number(length[1]) : raw.indexOf("endstream", start);
    let body = Buffer.from(raw.slice(start, end), "latin1");
    if (dict.includes("/FlateDecode")) {
      try {
        body = inflateSync(body);
      } catch {
        continue; // an image or a font, not text
      }
    }
    const content = body.toString("latin1");
    for (const m of content.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      texts.push(
        m[1] !== undefined
          ? Buffer.from(m[1].replace(/\s/g, ""), "hex").toString("latin1")
          : (m[2] ?? "").replace(/\\(.)/g, "$1"),
      );
    }
  }
  return texts.join("\n");
}
