// A DNS stand-in for tests: a UDP server on 127.0.0.1 that answers TXT questions from records
// the test publishes (NXDOMAIN for any other name), and a resolver of Node's own `dns` pointed
// at it. Custom domains are verified through it exactly as through the internet's DNS.
import { createSocket, type Socket } from "node:dgram";
import { Resolver } from "node:dns/promises";
import type { ResolveTxt } from "./service/site-admin";

export interface DnsStandIn {
  /** Where it listens: "127.0.0.1:<port>". */
  server: string;
  /** Adds a TXT record (one more value) for `name`. */
  publish(name: string, value: string): void;
  /** Removes every record of `name`. */
  clear(name: string): void;
  /** Node's resolver, asking only this server. */
  resolveTxt: ResolveTxt;
  close(): Promise<void>;
}

const TXT = 16;

/** The question's name (lower-cased) and where the question section ends, or null. */
function readQuestion(query: Buffer): { name: string; end: number; type: number } | null {
  let offset = 12;
  const labels: string[] = [];
  while (offset < query.length) {
    const length = query[offset] ?? 0;
    offset += 1;
    if (length === 0) break;
    if (length > 63) return null;
    labels.push(query.subarray(offset, offset + length).toString("latin1"));
    offset += length;
  }
  if (offset + 4 > query.length) return null;
  return {
    name: labels.join(".").toLowerCase(),
    end: offset + 4,
    type: query.readUInt16BE(offset),
  };
}

/** A TXT record's data: the value as strings of at most 255 bytes, each with its length. */
function txtData(value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
  }
  return Buffer.concat(parts);
}

function answer(query: Buffer, records: Map<string, string[]>): Buffer | null {
  if (query.length < 12) return null;
  const question = readQuestion(query);
  if (!question) return null;
  const values = records.get(question.name);
  const answers =
    values && question.type === TXT
      ? values.map((value) => {
          const data = txtData(value);
          const head = Buffer.alloc(12);
          head.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
          head.writeUInt16BE(TXT, 2);
          head.writeUInt16BE(1, 4); // IN
          head.writeUInt32BE(60, 6);
          head.writeUInt16BE(data.length, 10);
          return Buffer.concat([head, data]);
        })
      : [];
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // the id
  const recursionDesired = (query[2] ?? 0) & 0x01;
  header[2] = 0x84 | recursionDesired; // a response, authoritative
  header[3] = 0x80 | (values ? 0 : 3); // recursion available; NXDOMAIN for unknown names
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, query.subarray(12, question.end), ...answers]);
}

/** Starts a DNS stand-in on a free port of 127.0.0.1. */
export async function startDnsStandIn(): Promise<DnsStandIn> {
  const records = new Map<string, string[]>();
  const socket: Socket = createSocket("udp4");
  socket.on("message", (query, from) => {
    const reply = answer(query, records);
    if (reply) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  // Never what keeps a test process alive.
  socket.unref();
  const server = `127.0.0.1:${socket.address().port}`;
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([server]);
  return {
    server,
    publish(name, value) {
      const key = name.toLowerCase();
      records.set(key, [...(records.get(key) ?? []), value]);
    },
    clear(name) {
      records.delete(name.toLowerCase());
    },
    resolveTxt: (name) => resolver.resolveTxt(name),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

let shared: Promise<DnsStandIn> | undefined;

/** The test process's one DNS stand-in, started on first use: every test caller resolves with it. */
export function testDns(): Promise<DnsStandIn> {
  shared ??= startDnsStandIn();
  return shared;
}
