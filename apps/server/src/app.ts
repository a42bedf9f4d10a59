// Builds the Fastify host: security plugins, the tRPC endpoint, health routes and, in
// production, the built web and admin apps on the same origin.
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  appRouter,
  ChangeHub,
  createContextFactory,
  createRateLimiter,
  defaultRateLimits,
  listenForChanges,
  internalErrorMessage,
  noScanner,
  requestToken,
  retryAfterOf,
  trpcBasePath,
  type AppRouter,
  type MalwareScanner,
} from "@caredesk/api";
import { isCsrfSafe } from "@caredesk/auth";
import type { DbHandle } from "@caredesk/db";
import { constants as zlibConstants } from "node:zlib";
import fastifyCompress from "@fastify/compress";
import fastifyCookie from "@fastify/cookie";
import fastifyCors from "@fastify/cors";
import fastifyHelmet, { type FastifyHelmetOptions } from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import type { TRPCError } from "@trpc/server";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import { sql } from "drizzle-orm";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerOptions,
} from "fastify";
import type { Env } from "./env";
import { registerFileRoutes } from "./files/routes";
import { ClamdScanner } from "./files/clamav";
import { LocalStorage, S3Storage, type FileStorage } from "./files/storage";
import { loggerOptions } from "./log";
import { registerOidcRoutes } from "./oidc";
import { createMetrics, registerMetricsRoute, type Metrics } from "./metrics";
import { createTracer, observeAll, parseOtlpHeaders } from "./tracing";
import { isRestRequest, registerRestApi, type RestApiOptions } from "./rest";
import { isPracticeDomainCall, registerSite } from "./site";
import { sendPreTrpcError } from "./trpc-error-response";
import { trpcLeanPlugin } from "./trpc-lean";
import { registerSecurityHeaders } from "./trpc-security-headers";
import { isWebhookRequest, registerWebhooks } from "./webhooks";

export interface BuildOptions {
  env: Env;
  database: DbHandle;
  logger?: FastifyServerOptions["logger"];
  /** Where uploaded bytes go; defaults to S3 when S3_BUCKET is set, else FILES_DIR. */
  storage?: FileStorage;
  /** Scans uploads for malware; from CLAMD_URL when absent (none: nothing is scanned). */
  scanner?: MalwareScanner;
  /** Prometheus series (shared with an in-process worker); this server's own when absent. */
  metrics?: Metrics;
  /**
   * How /trpc is served: "lean" (trpc-lean.ts: plain queries and mutations answered directly,
   * everything else by tRPC's Fastify plugin) or "plugin" (tRPC's plugin for everything, which
   * the tests compare the lean path with).
   */
  trpcAdapter?: "lean" | "plugin";
  /**
   * Security headers recorded from @fastify/helmet at start-up and set per request
   * (trpc-security-headers.ts), or @fastify/helmet itself ("plugin", for the tests' comparison).
   */
  securityHeaders?: "recorded" | "plugin";
}

export function storageFromEnv(env: Env): FileStorage {
  if (env.S3_BUCKET) {
    return new S3Storage({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    });
  }
  return new LocalStorage(env.filesDir);
}

/** ClamAV's daemon at CLAMD_URL, or no scanning at all when it is not set. */
export function scannerFromEnv(env: Pick<Env, "CLAMD_URL" | "CLAMD_TIMEOUT_MS">): MalwareScanner {
  return env.CLAMD_URL
    ? new ClamdScanner({ url: env.CLAMD_URL, timeoutMs: env.CLAMD_TIMEOUT_MS })
    : noScanner;
}

export async function buildServer({
  env,
  database,
  logger,
  storage = storageFromEnv(env),
  scanner = scannerFromEnv(env),
  metrics = createMetrics(database, { processMetrics: Boolean(env.METRICS_TOKEN) }),
  trpcAdapter = "lean",
  securityHeaders = "recorded",
}: BuildOptions): Promise<FastifyInstance> {
  const production = env.NODE_ENV === "production";
  const app = Fastify({
    logger: logger ?? loggerOptions(env.LOG_LEVEL),
    // Batched GETs put every procedure name and input in the URL.
    routerOptions: { maxParamLength: 5000 },
    trustProxy: env.TRUST_PROXY,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
  });

  const allowedOrigins = new Set([
    env.appOrigin,
    env.appOrigin.replace("//localhost", "//127.0.0.1"),
    ...env.CORS_ORIGINS,
  ]);

  // Paying online: Stripe.js and its Payment Element's frames, Razorpay Checkout, and the
  // providers' APIs the browser talks to. Where the server was pointed at other bases for a
  // provider (local stand-ins in tests), the browser may reach those instead.
  const providerOrigins = [env.STRIPE_API_BASE, env.RAZORPAY_API_BASE, env.FAWRY_API_BASE].flatMap(
    (base) => (base ? [new URL(base).origin] : []),
  );
  const paymentScripts = ["https://js.stripe.com", "https://checkout.razorpay.com"];
  const paymentFrames = [
    "https://js.stripe.com",
    "https://hooks.stripe.com",
    "https://api.razorpay.com",
    "https://checkout.razorpay.com",
  ];
  const paymentApis = ["https://api.stripe.com", "https://api.razorpay.com", ...providerOrigins];

  await app.register(fastifyCookie);
  const helmetOptions: FastifyHelmetOptions = {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "data:", "blob:"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", ...paymentScripts],
        connectSrc: ["'self'", ...paymentApis],
        // The practice site's map is an OpenStreetMap embed.
        frameSrc: ["'self'", ...paymentFrames, "https://www.openstreetmap.org"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // The Cross-Origin-Embedder-Policy breaks map tiles and images later; not needed.
    crossOriginEmbedderPolicy: false,
    hsts: production,
  };
  // The same headers, recorded from @fastify/helmet once instead of rebuilt per request.
  if (securityHeaders === "recorded") await registerSecurityHeaders(app, helmetOptions);
  else await app.register(fastifyHelmet, helmetOptions);
  // Brotli or gzip for text (pages, JSON, scripts, CSS, XML), before any route is added so it
  // covers them all. Never event streams (live updates must not wait in a compressor's buffer)
  // nor files that are compressed already or downloaded as bytes (images, PDFs, octet-stream).
  await app.register(fastifyCompress, {
    global: true,
    encodings: ["br", "gzip"],
    threshold: 1024,
    customTypes:
      /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|(?:\+|\/)xml(?:;|$)|^application\/(?:javascript|manifest\+json)|^image\/svg\+xml/u,
    // Quality 11 (the default) costs tens of milliseconds a page; 5 is nearly as small.
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } },
  });
  await app.register(fastifyCors, {
    origin: (origin, cb) => cb(null, !origin || allowedOrigins.has(origin)),
    credentials: true,
  });

  // Counted per procedure call inside tRPC (after it decoded the path, every call of a batch),
  // in the bucket the procedure's meta names: never by matching URLs.
  const rateLimiter = createRateLimiter({
    default: env.RATE_LIMIT_MAX,
    credentials: env.AUTH_RATE_LIMIT_MAX,
    publicBooking: env.PUBLIC_BOOKING_RATE_LIMIT_MAX,
    publicShop: defaultRateLimits.publicShop,
    publicAssistant: env.ASSISTANT_RATE_LIMIT_MAX,
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) {
      return sendPreTrpcError(request, reply, "PAYLOAD_TOO_LARGE", 413, "The request is too large");
    }
    if (status >= 400 && status < 500) {
      return sendPreTrpcError(
        request,
        reply,
        "BAD_REQUEST",
        status,
        "The request could not be read",
      );
    }
    request.log.error({ err: error }, "unhandled error");
    return reply
      .status(500)
      .send({ statusCode: 500, error: "Internal Server Error", message: internalErrorMessage });
  });

  // CSRF: state-changing requests with a browser's credentials must come from one of our
  // origins (isCsrfSafe holds the whole policy). Before tRPC runs. Only /trpc can open a browser
  // session (its sign-in sets the cookie); the REST API hands tokens to devices.
  app.addHook("onRequest", async (request, reply) => {
    const credential =
      requestToken({ headers: request.headers, cookies: request.cookies })?.kind ?? null;
    const ok = isCsrfSafe(
      {
        method: request.method,
        origin: request.headers.origin,
        secFetchSite: request.headers["sec-fetch-site"],
        credential,
        // Neither the REST API nor providers' webhooks can start a browser session.
        opensSessions: !isRestRequest(request) && !isWebhookRequest(request),
      },
      allowedOrigins,
    );
    // The booking island on a practice's own verified domain, with no credentials of ours.
    if (!ok && !(credential === null && (await isPracticeDomainCall(database.db, request)))) {
      request.log.warn({ origin: request.headers.origin }, "csrf: refused origin");
      return sendPreTrpcError(
        request,
        reply,
        "FORBIDDEN",
        403,
        "This request did not come from Caredesk",
      );
    }
  });

  // Live changes from every instance (LISTEN/NOTIFY), fanned out to this one's subscribers.
  const events = new ChangeHub();
  const stopListening = await listenForChanges(database, events);
  app.addHook("onClose", async () => {
    events.removeAllListeners();
    // The database may already be gone (shutdown order, tests); nothing is left to unlisten.
    await stopListening().catch(() => undefined);
  });

  // Optional traces (OTEL_EXPORTER_OTLP_ENDPOINT): a span per procedure call, sent in batches.
  const tracer = env.OTEL_EXPORTER_OTLP_ENDPOINT
    ? createTracer({
        endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
        serviceName: env.OTEL_SERVICE_NAME,
        headers: parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS),
        log: app.log,
      })
    : null;
  if (tracer) app.addHook("onClose", () => tracer.close());
  const createContext = createContextFactory({
    db: database.db,
    secureCookies: production,
    events,
    rateLimiter,
    vapidPublicKey: env.VAPID_PUBLIC_KEY ?? null,
    files: storage,
    scanner,
    payments: env.payments,
    assistantModel: env.assistantModel,
    signInProviders: env.signInProviders.map(({ id, label }) => ({ id, label })),
    // Nobody reads the series without METRICS_TOKEN: then calls are not measured at all.
    observer: observeAll(env.METRICS_TOKEN ? metrics.observer : null, tracer?.observer ?? null),
  });
  // Retry-After on answers that say when to ask again (rate limits, database outages).
  const responseHeaders = (errors: TRPCError[]): Record<string, string> => {
    const seconds = Math.max(0, ...errors.map((error) => retryAfterOf(error) ?? 0));
    return seconds > 0 ? { "retry-after": String(seconds) } : {};
  };
  const onError: RestApiOptions["onError"] = ({ error, path, req }) => {
    if (error.code === "INTERNAL_SERVER_ERROR") {
      req.log.error({ err: error.cause ?? error, path }, "procedure failed");
    } else if (error.code === "SERVICE_UNAVAILABLE") {
      req.log.warn({ err: error.cause ?? error, path }, "database unreachable");
    }
  };
  const trpcOptions = {
    router: appRouter,
    createContext,
    responseMeta: ({ errors }) => ({ headers: responseHeaders(errors) }),
    onError,
  } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"];
  await app.register(trpcAdapter === "lean" ? trpcLeanPlugin : fastifyTRPCPlugin, {
    prefix: trpcBasePath,
    trpcOptions,
  });
  // The same procedures as REST operations under /api/v1, with their document and docs.
  await registerRestApi(app, { createContext, responseHeaders, onError });

  await registerFileRoutes(app, {
    db: database.db,
    storage,
    createContext,
    rateLimiter,
    scanner,
  });
  await registerWebhooks(app, { env, db: database.db, payments: env.payments });
  // Sign-in with OpenID Connect providers: redirects only; the decisions are host procedures.
  registerOidcRoutes(app, {
    providers: env.signInProviders,
    appOrigin: env.appOrigin,
    createContext,
  });

  // The practices' public sites (/p/<slug>, sitemaps, robots.txt, custom domains), in every
  // mode; their routes are more specific than the web app's catch-all in production.
  await registerSite(app, {
    db: database.db,
    storage,
    appOrigin: env.appOrigin,
    ownHosts: [...allowedOrigins].map((origin) => new URL(origin).hostname),
  });

  app.get("/healthz", () => ({ ok: true }));
  registerMetricsRoute(app, { metrics, token: env.METRICS_TOKEN });
  app.get("/readyz", async (_request, reply) => {
    try {
      await database.db.execute(sql`select 1`);
      return { ok: true, database: database.kind };
    } catch (err) {
      app.log.error({ err }, "readiness: database unreachable");
      return reply.status(503).send({ ok: false });
    }
  });

  if (production && !env.payments.box) {
    app.log.warn("PAYMENT_KEYS_SECRET is not set: online payments are off");
  }
  if (!env.CLAMD_URL) {
    app.log.warn("CLAMD_URL is not set: uploads are not scanned for malware");
  }
  if (production) await serveApps(app, env);
  return app;
}

/** The built single-page apps: /admin/* → admin, everything else → web. */
async function serveApps(app: FastifyInstance, env: Env) {
  const webIndex = join(env.WEB_DIST, "index.html");
  const adminIndex = join(env.ADMIN_DIST, "index.html");
  // Hashed bundles never change; pages must always be fetched fresh to find new bundles.
  const setHeaders = (reply: FastifyReply, path: string) => {
    void reply.header(
      "Cache-Control",
      /[\\/]assets[\\/]/.test(path) ? "public, max-age=31536000, immutable" : "no-cache",
    );
  };
  // wildcard (the default) looks files up per request, so a rebuild is served without a restart.
  await app.register(fastifyStatic, { root: env.WEB_DIST, prefix: "/", setHeaders });
  await app.register(fastifyStatic, {
    root: env.ADMIN_DIST,
    prefix: "/admin/",
    decorateReply: false,
    setHeaders,
  });
  for (const [name, index] of [
    ["web", webIndex],
    ["admin", adminIndex],
  ] as const) {
    if (!existsSync(index)) app.log.warn({ index }, `${name} app not built; run pnpm build`);
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    // Client-side routes get the app's page; a missing file (anything with an extension) does not.
    const wantsPage =
      request.method === "GET" &&
      !path.startsWith(trpcBasePath) &&
      !path.startsWith("/files/") &&
      !isRestRequest(request) &&
      !/\.[a-z0-9]+$/i.test(path);
    if (wantsPage && path.startsWith("/admin") && existsSync(adminIndex)) {
      return reply
        .header("Cache-Control", "no-cache")
        .type("text/html")
        .sendFile("index.html", env.ADMIN_DIST);
    }
    if (wantsPage && !path.startsWith("/admin") && existsSync(webIndex)) {
      return reply
        .header("Cache-Control", "no-cache")
        .type("text/html")
        .sendFile("index.html", env.WEB_DIST);
    }
    return reply.status(404).send({ statusCode: 404, error: "Not Found", message: "Not found" });
  });
}
