// A client of ClamAV's daemon (clamd) of our own: the protocol is a few lines. Commands are sent
// with the "z" prefix (NUL-terminated, one command per connection); a file goes as INSTREAM:
// 4-byte big-endian length-prefixed chunks and a zero-length chunk to end. clamd answers
// "stream: OK", "stream: <Signature> FOUND" or "... ERROR".
import { connect, type Socket } from "node:net";
import type { MalwareScanner, ScannerStatus, ScanVerdict } from "@caredesk/api";

export interface ClamdAddress {
  /** tcp://host:port or unix:///path/to/clamd.ctl */
  url: string;
  /** The whole exchange (connect, send, verdict) must finish within this; default 30 s. */
  timeoutMs?: number;
}

/** Where clamd listens, from CLAMD_URL: `tcp://127.0.0.1:3310` or `unix:///run/clamav/clamd.ctl`. */
export function parseClamdUrl(url: string): { path: string } | { host: string; port: number } {
  if (url.startsWith("unix://")) {
    const path = url.slice("unix://".length);
    if (!path.startsWith("/")) throw new Error("a unix:// address needs an absolute path");
    return { path };
  }
  const parsed = new URL(url);
  if (parsed.protocol !== "tcp:" || !parsed.hostname || !parsed.port) {
    throw new Error("must be tcp://host:port or unix:///path");
  }
  return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port: Number(parsed.port) };
}

const chunkBytes = 64 * 1024;

class ClamdUnavailable extends Error {
  override name = "ClamdUnavailable";
}

/**
 * Sends one command (and for INSTREAM its body) on a fresh connection and reads the answer up to
 * its NUL. Any network failure, a timeout or a closed connection without an answer rejects.
 */
function exchange(
  address: ReturnType<typeof parseClamdUrl>,
  command: string,
  timeoutMs: number,
  body?: Buffer,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(address);
    let answer = Buffer.alloc(0);
    let settled = false;
    const finish = (error: Error | null, text?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(text ?? "");
    };
    const timer = setTimeout(
      () => finish(new ClamdUnavailable(`clamd did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on("error", (error) => finish(new ClamdUnavailable(error.message)));
    socket.on("data", (data: Buffer) => {
      answer = Buffer.concat([answer, data]);
      const end = answer.indexOf(0);
      if (end >= 0) finish(null, answer.subarray(0, end).toString("utf8").trim());
    });
    socket.on("end", () => {
      // Some answers end with the connection rather than a NUL (an error mid-stream).
      if (answer.length > 0) finish(null, answer.toString("utf8").replace(/\0/g, "").trim());
      else finish(new ClamdUnavailable("clamd closed the connection without an answer"));
    });
    socket.on("connect", () => {
      socket.write(`z${command}\0`);
      if (!body) return;
      // clamd may answer early ("INSTREAM size limit exceeded") and close: writes after that
      // fail with EPIPE/ECONNRESET, which the error handler turns into a rejection unless the
      // answer came first (then `finish` already settled).
      for (let offset = 0; offset < body.length; offset += chunkBytes) {
        const chunk = body.subarray(offset, offset + chunkBytes);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(chunk.length);
        socket.write(length);
        socket.write(chunk);
      }
      socket.write(Buffer.alloc(4)); // the zero-length chunk: end of stream
    });
  });
}

/** Reads clamd's answer to INSTREAM. */
export function verdictOf(answer: string, engine: string | null): ScanVerdict {
  if (/^stream: OK$/.test(answer)) return { result: "clean", engine };
  const found = /^stream: (.+) FOUND$/.exec(answer);
  if (found?.[1]) return { result: "infected", signature: found[1], engine };
  // Over clamd's StreamMaxLength: it will never judge these bytes, however often asked.
  if (/size limit exceeded/i.test(answer)) return { result: "unscannable", reason: answer };
  // "... ERROR", anything unexpected: not judged now.
  return { result: "unavailable", reason: answer.slice(0, 200) || "empty answer" };
}

export class ClamdScanner implements MalwareScanner {
  private readonly address: ReturnType<typeof parseClamdUrl>;
  private readonly timeoutMs: number;

  constructor(options: ClamdAddress) {
    this.address = parseClamdUrl(options.url);
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  private cachedVersion: { text: string; at: number } | null = null;

  /** clamd's VERSION answer ("ClamAV 1.4.6/27480/Tue Dec  1 …"). */
  async version(): Promise<string> {
    const text = await exchange(this.address, "VERSION", Math.min(this.timeoutMs, 5_000));
    this.cachedVersion = { text, at: Date.now() };
    return text;
  }

  /** The version recorded with a verdict: asked again at most once a minute. */
  private async engine(): Promise<string | null> {
    const cached = this.cachedVersion;
    if (cached && Date.now() - cached.at < 60_000) return cached.text;
    return this.version().catch(() => null);
  }

  async ping(): Promise<boolean> {
    try {
      return (await exchange(this.address, "PING", Math.min(this.timeoutMs, 5_000))) === "PONG";
    } catch {
      return false;
    }
  }

  async scan(bytes: Buffer): Promise<ScanVerdict> {
    try {
      const [answer, engine] = await Promise.all([
        exchange(this.address, "INSTREAM", this.timeoutMs, bytes),
        this.engine(),
      ]);
      return verdictOf(answer, engine);
    } catch (error) {
      return { result: "unavailable", reason: (error as Error).message };
    }
  }

  async status(): Promise<ScannerStatus> {
    try {
      return { configured: true, reachable: true, version: await this.version() };
    } catch {
      return { configured: true, reachable: false, version: null };
    }
  }
}
