// Optional OpenTelemetry traces: with OTEL_EXPORTER_OTLP_ENDPOINT set, every tRPC procedure call
// becomes a server span, sent in batches to `<endpoint>/v1/traces` as OTLP/HTTP JSON (what the
// OpenTelemetry Collector, Jaeger, Tempo and most vendors accept). Spans carry the procedure's
// path, type and error code only — never an id, an input or a patient's data. Export never
// blocks or fails a request: a full buffer drops spans, an unreachable collector is logged.
import { randomBytes } from "node:crypto";
import type { ProcedureCall, ProcedureObserver } from "@caredesk/api";

export interface TracingOptions {
  /** The collector's base URL (OTEL_EXPORTER_OTLP_ENDPOINT); spans go to <base>/v1/traces. */
  endpoint: string;
  serviceName: string;
  /** Extra request headers (OTEL_EXPORTER_OTLP_HEADERS: "k=v,k2=v2"), e.g. a vendor's key. */
  headers?: Record<string, string>;
  /** Export at least this often (ms); sooner when `maxBatch` spans are waiting. */
  intervalMs?: number;
  maxBatch?: number;
  log: { warn(obj: object, msg?: string): void };
}

export interface Tracer {
  observer: ProcedureObserver;
  /** Sends what is buffered now. */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
}

/** A span as OTLP/HTTP JSON carries it. */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: { stringValue: string } }[];
  status: { code: number; message?: string };
}

/** SPAN_KIND_SERVER, STATUS_CODE_UNSET / STATUS_CODE_ERROR (OTLP's enums). */
const serverKind = 2;
const statusUnset = 0;
const statusError = 2;
/** Past this many waiting spans new ones are dropped (a collector that is down). */
const maxBuffered = 4096;

/** "k=v,k2=v2" (values percent-encoded, as the OpenTelemetry spec says) → headers. */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? "").split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    headers[pair.slice(0, at).trim().toLowerCase()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

function nanos(ms: number): string {
  // Milliseconds with a fraction → integer nanoseconds as text (beyond 2^53, so BigInt).
  return (BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

export function createTracer(options: TracingOptions): Tracer {
  const url = `${options.endpoint.replace(/\/+$/, "")}/v1/traces`;
  const maxBatch = options.maxBatch ?? 512;
  let buffer: OtlpSpan[] = [];
  let sending: Promise<void> = Promise.resolve();
  let warned = false;

  const send = async (spans: OtlpSpan[]) => {
    const body = {
      resourceSpans: [
        {
          resource: {
            attributes: [{ key: "service.name", value: { stringValue: options.serviceName } }],
          },
          scopeSpans: [{ scope: { name: "caredesk.trpc" }, spans }],
        },
      ],
    };
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { ...options.headers, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`the collector answered ${response.status}`);
      await response.arrayBuffer();
      warned = false;
    } catch (err) {
      // Once per outage, not once per batch.
      if (!warned) options.log.warn({ err, spans: spans.length }, "traces: export failed");
      warned = true;
    }
  };
  const flush = () => {
    if (buffer.length > 0) {
      const spans = buffer;
      buffer = [];
      sending = sending.then(() => send(spans));
    }
    return sending;
  };
  const timer = setInterval(() => void flush(), options.intervalMs ?? 2000);
  timer.unref();

  return {
    observer: {
      procedure(call: ProcedureCall) {
        if (buffer.length >= maxBuffered) return;
        const end = performance.timeOrigin + performance.now();
        buffer.push({
          traceId: randomBytes(16).toString("hex"),
          spanId: randomBytes(8).toString("hex"),
          name: call.path,
          kind: serverKind,
          startTimeUnixNano: nanos(end - call.seconds * 1000),
          endTimeUnixNano: nanos(end),
          attributes: [
            { key: "rpc.system", value: { stringValue: "trpc" } },
            { key: "rpc.method", value: { stringValue: call.path } },
            { key: "caredesk.procedure.type", value: { stringValue: call.type } },
            ...(call.errorCode
              ? [{ key: "caredesk.error.code", value: { stringValue: call.errorCode } }]
              : []),
          ],
          status: call.errorCode
            ? { code: statusError, message: call.errorCode }
            : { code: statusUnset },
        });
        if (buffer.length >= maxBatch) void flush();
      },
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

/** One observer that tells each of `observers`; null when there is none. */
export function observeAll(...observers: (ProcedureObserver | null)[]): ProcedureObserver | null {
  const present = observers.filter((o): o is ProcedureObserver => o !== null);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0] ?? null;
  return {
    procedure(call) {
      for (const observer of present) observer.procedure(call);
    },
  };
}
