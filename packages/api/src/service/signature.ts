// A drawn signature as the patient's browser sends it (a PNG data URL), checked byte by byte
// before any decoder or PDF writer sees it.
import { maxSignatureBytes } from "@caredesk/validators";
import { crc32, inflateSync } from "node:zlib";
import { FieldError } from "../errors";

const pngMagic = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Truecolour and truecolour with alpha, 8 bits: what canvases export. */
const channelsOf: Record<number, number> = { 2: 3, 6: 4 };

/**
 * The PNG bytes of a data URL, checked before any decoder sees them: magic bytes, IHDR, size,
 * sane dimensions, every chunk's CRC, and image data that inflates to exactly the rows the
 * header promises (a decoder fed garbage may never finish).
 */
export function signatureBytes(dataUrl: string): Buffer {
  const refuse = (message: string) => new FieldError("BAD_REQUEST", { signature: [message] });
  const notPng = () => refuse("The signature must be a PNG image");
  const comma = dataUrl.indexOf(",");
  if (!dataUrl.startsWith("data:image/png;base64,") || comma < 0) throw notPng();
  const bytes = Buffer.from(dataUrl.slice(comma + 1), "base64");
  if (bytes.length > maxSignatureBytes) {
    throw refuse("The signature image is too large (200 KB at most)");
  }
  if (bytes.length < 8 + 25 || !bytes.subarray(0, 8).equals(pngMagic)) throw notPng();
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString("latin1", 12, 16) !== "IHDR") throw notPng();
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width < 20 || height < 20 || width > 4000 || height > 4000) {
    throw refuse("The signature image has unusable dimensions");
  }
  const bitDepth = bytes.readUInt8(24);
  const channels = channelsOf[bytes.readUInt8(25)];
  const interlaced = bytes.readUInt8(28) !== 0;
  if (!channels || bitDepth !== 8 || interlaced) throw notPng();
  const idat: Buffer[] = [];
  let at = 8;
  let ended = false;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("latin1", at + 4, at + 8);
    if (at + 12 + length > bytes.length) throw notPng();
    const body = bytes.subarray(at + 4, at + 8 + length);
    if (crc32(body) !== bytes.readUInt32BE(at + 8 + length)) throw notPng();
    if (type === "IDAT") idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
    if (type === "IEND") {
      ended = true;
      break;
    }
  }
  if (!ended || idat.length === 0) throw notPng();
  const rowBytes = 1 + Math.ceil((width * channels * bitDepth) / 8);
  const expected = rowBytes * height;
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch {
    throw notPng();
  }
  if (pixels.length !== expected) throw notPng();
  for (let row = 0; row < height; row++) {
    if ((pixels[row * rowBytes] ?? 255) > 4) throw notPng();
  }
  return bytes;
}
