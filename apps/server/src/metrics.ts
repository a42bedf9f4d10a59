// Prometheus metrics at GET /metrics (text format, prom-client), for operators' scrapers.
// Procedure calls are heard through the api's observer (the api names procedures; this file
// never does), deliveries through the delivery deps' observer, and the job queues are read from
// pg-boss's table at each scrape, so every instance reports the same, shared queue.
//
// Protected by METRICS_TOKEN (Authorization: Bearer <token>, compared in constant time); without
// it the route answers 404, as if it did not exist. Labels are bounded: procedure paths, error
// codes, queue names, job states, channels and outcomes — never an id.
import { createHash, timingSafeEqual } from "node:crypto";
import type { DeliveryDeps, ProcedureObserver } from "@caredesk/api";
import { jobQueues, jobSchema, queryRows, type DbHandle } from "@caredesk/db";
import { sql } from "drizzle-orm";
import Fastify, { type FastifyInstance } from "fastify";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The job states counted as a queue's depth: due and waiting, due later (a reminder's send
 * time), waiting to retry, in hand.
 */
const depthStates = ["created", "scheduled", "retry", "active"] as const;

export interface Metrics {
  registry: Registry;
  /** For the api's context (createContextFactory's `observer`). */
  observer: ProcedureObserver;
  /** For the worker's delivery deps (`observeDelivery`). */
  observeDelivery: NonNullable<DeliveryDeps["observeDelivery"]>;
}

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event loop, GC); on by default. */
  processMetrics?: boolean;
}

export function createMetrics(database: DbHandle, options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const duration = new Histogram({
    name: "caredesk_procedure_duration_seconds",
    help: "Duration of tRPC procedure calls (each call of a batch counts), by procedure and type",
    labelNames: ["procedure", "type"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: "caredesk_procedure_errors_total",
    help: "tRPC procedure calls that answered an error, by procedure and API error code",
    labelNames: ["procedure", "code"] as const,
    registers: [registry],
  });
  const conflicts = new Counter({
    name: "caredesk_booking_conflicts_total",
    help: "Bookings refused because their time was taken meanwhile",
    registers: [registry],
  });
  const deliveries = new Counter({
    name: "caredesk_notification_deliveries_total",
    help: "Notification delivery attempts by this process's worker, by channel and outcome",
    labelNames: ["channel", "outcome"] as const,
    registers: [registry],
  });

  const queueRows = () =>
    queryRows<{ name: string; state: string; count: number | string }>(
      database.db,
      sql`select name,
            case when state = 'created' and start_after > now() then 'scheduled'
                 else state::text end as state,
            count(*)::int as count
          from ${sql.identifier(jobSchema)}.job
          where state in ('created', 'retry', 'active', 'failed')
          group by 1, 2`,
    );
  const knownQueues = Object.values(jobQueues).map((queue) => queue.name);
  new Gauge({
    name: "caredesk_job_queue_depth",
    help: "Jobs due and waiting (created), due later (scheduled), waiting to retry (retry) or in hand (active), by queue",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of knownQueues) {
        for (const state of depthStates) this.set({ queue, state }, 0);
      }
      for (const row of await queueRows()) {
        if ((depthStates as readonly string[]).includes(row.state)) {
          this.set({ queue: row.name, state: row.state }, Number(row.count));
        }
      }
    },
  });
  new Gauge({
    name: "caredesk_job_failed",
    help: "Jobs that failed after their last retry and are still kept by pg-boss, by queue",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of knownQueues) this.set({ queue }, 0);
      for (const row of await queueRows()) {
        if (row.state === "failed") this.set({ queue: row.name }, Number(row.count));
      }
    },
  });

  return {
    registry,
    observer: {
      procedure(call) {
        duration.observe({ procedure: call.path, type: call.type }, call.seconds);
        if (call.errorCode) errors.inc({ procedure: call.path, code: call.errorCode });
        if (call.bookingConflict) conflicts.inc();
      },
    },
    observeDelivery(channel, result) {
      deliveries.inc({ channel, outcome: result });
    },
  };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Whether `header` carries `token` as a bearer token; constant time in the token's content. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  // Hashing first gives equal lengths, so timingSafeEqual never throws or leaks the length.
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

/** GET /metrics: 404 without a token configured, 401 without the right bearer token. */
export function registerMetricsRoute(
  app: FastifyInstance,
  { metrics, token }: { metrics: Metrics; token: string | undefined },
): void {
  app.get("/metrics", async (request, reply) => {
    if (!token) {
      return reply.status(404).send({ statusCode: 404, error: "Not Found", message: "Not found" });
    }
    if (!bearerMatches(request.headers.authorization, token)) {
      return reply
        .status(401)
        .header("www-authenticate", 'Bearer realm="metrics"')
        .send({ statusCode: 401, error: "Unauthorized", message: "A metrics token is required" });
    }
    try {
      const body = await metrics.registry.metrics();
      return reply.header("content-type", metrics.registry.contentType).send(body);
    } catch (err) {
      // The queue gauges read the database; without it there is nothing honest to report.
      request.log.warn({ err }, "metrics: could not be collected");
      return reply.status(503).send({ statusCode: 503, error: "Service Unavailable" });
    }
  });
}

/** A server of /metrics alone, for a `--worker-only` process (which serves nothing else). */
export async function serveMetricsOnly(metrics: Metrics, token: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  registerMetricsRoute(app, { metrics, token });
  await app.ready();
  return app;
}
