// Optional traces: with OTEL_EXPORTER_OTLP_ENDPOINT set, every procedure call reaches the
// collector (here a local HTTP receiver) as an OTLP/HTTP JSON span: its name, kind, timing and
// error status, with the configured headers, and nothing about who or what it was called with.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { until } from "../bench/worker-control";
import { parseOtlpHeaders, type OtlpSpan } from "../src/tracing";
import { appOrigin, mutationBody, startServer } from "./server";

interface OtlpBody {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue: string } }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

let database: TestDatabase;
let receiver: Server;
let endpoint: string;
const received: { url: string; headers: IncomingHttpHeaders; body: OtlpBody }[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        url: request.url ?? "",
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpBody,
      });
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await database.drop();
});

describe("traces", () => {
  it("sends a span per procedure call to the collector", async () => {
    const app = await startServer(database, {
      OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/`,
      OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=secret%20key",
      OTEL_SERVICE_NAME: "caredesk-test",
    });
    const batch = await app.inject({
      method: "GET",
      url: "/trpc/health.check,health.check?batch=1&input=%7B%7D",
    });
    expect(batch.statusCode).toBe(200);
    // Not signed in: refused, and the span says so.
    const refused = await app.inject({
      method: "POST",
      url: "/trpc/patient.create",
      headers: { "content-type": "application/json", origin: appOrigin },
      payload: mutationBody({ firstName: "Traced", lastName: "Person", mobile: "+201000000001" }),
    });
    expect(refused.statusCode).toBe(401);
    // Closing the server sends what is buffered.
    await app.close();
    await until(() => received.length > 0, 10_000, 100);

    const spans = received.flatMap((r) =>
      r.body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)),
    );
    expect(received.every((r) => r.url === "/v1/traces")).toBe(true);
    expect(received[0]?.headers["x-api-key"]).toBe("secret key");
    expect(received[0]?.headers["content-type"]).toBe("application/json");
    expect(received[0]?.body.resourceSpans[0]?.resource.attributes).toContainEqual({
      key: "service.name",
      value: { stringValue: "caredesk-test" },
    });

    const health = spans.filter((span) => span.name === "health.check");
    expect(health).toHaveLength(2);
    const create = spans.find((span) => span.name === "patient.create");
    expect(create?.status.code).toBe(2);
    expect(create?.attributes).toContainEqual({
      key: "caredesk.error.code",
      value: { stringValue: "UNAUTHORIZED" },
    });
    for (const span of spans) {
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.kind).toBe(2);
      expect(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano)).toBe(true);
    }
    expect(health[0]?.status.code).toBe(0);
    // Nothing the caller sent is in a span.
    expect(JSON.stringify(spans)).not.toContain("Traced");
  });

  it("reads the headers setting as the OpenTelemetry spec writes it", () => {
    expect(parseOtlpHeaders("Authorization=Bearer%20abc, x-tenant = t1,broken")).toEqual({
      authorization: "Bearer abc",
      "x-tenant": "t1",
    });
    expect(parseOtlpHeaders(undefined)).toEqual({});
  });
});
