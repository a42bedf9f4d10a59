// The only place the server reads process.env: parsed once, a bad value stops start-up.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSecretKey, secretBox } from "@caredesk/payments";
import { assistantModelFrom, type PaymentsConfig } from "@caredesk/api";
import { z } from "zod";
import { oidcProvidersFromEnv, type OidcProviderConfig } from "./oidc";

const here = dirname(fileURLToPath(import.meta.url));
const bundledMigrations = resolve(here, "migrations");

const list = z.string().transform((s) =>
  s
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean),
);

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().default("localhost"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** Public origin of the product; mutations must come from it (or CORS_ORIGINS). */
    APP_ORIGIN: z.url().optional(),
    CORS_ORIGINS: list.default([]),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
      .optional(),
    /** postgres.js connections per server instance. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
    DATA_DIR: z.string().default("./.data"),
    SEED_DEMO: bool.default(true),
    /** Trust X-Forwarded-For/-Proto: only behind a proxy that sets them, else clients spoof IPs. */
    TRUST_PROXY: bool.default(false),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    RATE_LIMIT_MAX: z.coerce.number().int().positive().default(600),
    /** Sign-ins, sign-ups and token requests per client address and minute. */
    AUTH_RATE_LIMIT_MAX: z.coerce.number().int().positive().default(10),
    /** Bookings from the public practice pages per client address and minute. */
    PUBLIC_BOOKING_RATE_LIMIT_MAX: z.coerce.number().int().positive().default(10),
    /** Questions to the practice assistant (site and portal) per client address and minute. */
    ASSISTANT_RATE_LIMIT_MAX: z.coerce.number().int().positive().default(20),
    /** Seconds to wait for a database connection before answering 503. */
    DATABASE_CONNECT_TIMEOUT: z.coerce.number().int().min(1).max(60).default(5),
    WEB_DIST: z.string().default(resolve(here, "../../web/dist")),
    ADMIN_DIST: z.string().default(resolve(here, "../../admin/dist")),
    MIGRATIONS_DIR: z.string().optional(),
    /** Uploaded files, when not on S3. Defaults to DATA_DIR/files. */
    FILES_DIR: z.string().optional(),
    /** Setting S3_BUCKET stores files in an S3-compatible service instead. */
    S3_BUCKET: z.string().optional(),
    S3_REGION: z.string().default("us-east-1"),
    S3_ENDPOINT: z.url().optional(),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_FORCE_PATH_STYLE: bool.optional(),
    /** smtp://user:pass@host:port (or smtps://). Without it email goes to the local mailbox. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
      .optional(),
    /** The address email comes from; each message's display name is its practice's. */
    MAIL_FROM: z.email().default("no-reply@caredesk.local"),
    /** Delivery workers in this process and the jobs each takes at a time. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(25),
    /** pg-boss's own connections (PostgreSQL only). */
    WORKER_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** SMS through Twilio: all three or none; Twilio reports to APP_ORIGIN/webhooks/sms/twilio. */
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, "must be a Twilio Account SID (AC…)")
      .optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16, "must be the account's auth token").optional(),
    /** The sender: an E.164 number or a Messaging Service SID (MG…). */
    TWILIO_FROM: z
      .string()
      .regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, "must be an E.164 number or an MG… SID")
      .optional(),
    /** Another base for Twilio's API (a local stand-in, a proxy); Twilio's own by default. */
    TWILIO_API_BASE: z.url().optional(),
    /** SMS through any provider that takes signed JSON: both, or none (Twilio wins if set). */
    SMS_WEBHOOK_URL: z.url().optional(),
    SMS_WEBHOOK_SECRET: z.string().min(16, "use at least 16 characters").optional(),
    /** Web push: the VAPID key pair (npx web-push generate-vapid-keys) and a contact. */
    VAPID_PUBLIC_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{87}$/, "must be a base64url P-256 public key")
      .optional(),
    VAPID_PRIVATE_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, "must be a base64url P-256 private key")
      .optional(),
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:|https:\/\/)/, "must be a mailto: or https:// contact")
      .optional(),
    /**
     * Push to the mobile app (Firebase Cloud Messaging): the service account's JSON key (or a
     * path to its file), or its project id, client email and private key. Unset: not offered.
     */
    FCM_SERVICE_ACCOUNT_JSON: z.string().min(1).optional(),
    FCM_PROJECT_ID: z.string().min(1).optional(),
    FCM_CLIENT_EMAIL: z.email("must be the service account's email").optional(),
    FCM_PRIVATE_KEY: z.string().min(1).optional(),
    /**
     * Seals practices' payment provider keys at rest (AES-256-GCM): 32 bytes as base64 or hex
     * (openssl rand -base64 32). Unset: online payments are off (desk payments still work).
     */
    PAYMENT_KEYS_SECRET: z
      .string()
      .refine((text) => {
        try {
          parseSecretKey(text);
          return true;
        } catch {
          return false;
        }
      }, "must be 32 bytes written as base64 (44 characters) or hex (64)")
      .optional(),
    /** Other bases for the providers' APIs (local stand-ins, a proxy); the providers' own by default. */
    STRIPE_API_BASE: z.url().optional(),
    RAZORPAY_API_BASE: z.url().optional(),
    FAWRY_API_BASE: z.url().optional(),
    /**
     * The platform's own provider keys: practices pay for their plans with them. Each provider all
     * or none; Stripe sends plan events to APP_ORIGIN/webhooks/platform/stripe.
     */
    PLATFORM_STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]{8,}$/, "must be a Stripe secret key (sk_…)")
      .optional(),
    PLATFORM_STRIPE_PUBLISHABLE_KEY: z
      .string()
      .regex(/^pk_(test|live)_[A-Za-z0-9_]{8,}$/, "must be a Stripe publishable key (pk_…)")
      .optional(),
    PLATFORM_STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9_]{8,}$/, "must be a Stripe webhook secret (whsec_…)")
      .optional(),
    PLATFORM_FAWRY_MERCHANT_CODE: z.string().min(1).max(200).optional(),
    PLATFORM_FAWRY_SECURE_KEY: z.string().min(8, "must be Fawry's secure key").max(500).optional(),
    /**
     * The assistant's language model: an OpenAI-compatible API's base (the part before
     * /chat/completions) and the model's name there. Unset: the embedded engine answers.
     */
    ASSISTANT_MODEL_URL: z
      .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
      .optional(),
    ASSISTANT_MODEL: z.string().trim().min(1).max(200, "must be a model's name").optional(),
    /** Sent as a bearer token to the model's endpoint; never logged. */
    ASSISTANT_MODEL_API_KEY: z.string().min(1).max(2000, "is too long").optional(),
    /**
     * The bearer token Prometheus scrapes GET /metrics with (Authorization: Bearer <token>).
     * Unset: /metrics answers 404.
     */
    METRICS_TOKEN: z.string().min(16, "use at least 16 characters").max(500).optional(),
    /** When the worker backs up the database and the files (cron, UTC); "off" disables it. */
    BACKUP_CRON: z
      .string()
      .trim()
      .regex(/^(off|\S+( \S+){4,5})$/, "must be a cron expression (5 fields) or off")
      .default("15 2 * * *"),
    /** Where backups go (scheduled and `pnpm db:backup` without --out). Default DATA_DIR/backups. */
    BACKUP_DIR: z.string().optional(),
    /** How many of the newest backups in BACKUP_DIR the scheduled job keeps. */
    BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
    /**
     * An OpenTelemetry collector (OTLP/HTTP): every procedure call is sent as a span to
     * <endpoint>/v1/traces. Unset: no traces.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
      .optional(),
    /** Sent with every export ("k=v,k2=v2"), e.g. a vendor's API key; never logged. */
    OTEL_EXPORTER_OTLP_HEADERS: z.string().max(4000).optional(),
    OTEL_SERVICE_NAME: z.string().trim().min(1).max(200).default("caredesk"),
    /**
     * ClamAV's daemon, which scans every upload before it is served: tcp://host:port or
     * unix:///run/clamav/clamd.ctl. Unset: uploads are not scanned (a warning says so on start).
     */
    CLAMD_URL: z
      .string()
      .regex(/^(tcp:\/\/[^/]+:\d+|unix:\/\/\/.+)$/, "must be tcp://host:port or unix:///path")
      .optional(),
    /** Milliseconds one scan may take before the upload is quarantined instead. */
    CLAMD_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  })
  .superRefine((env, issues) => {
    // A provider's platform keys come together, or not at all.
    const groups = [
      [
        "PLATFORM_STRIPE_SECRET_KEY",
        "PLATFORM_STRIPE_PUBLISHABLE_KEY",
        "PLATFORM_STRIPE_WEBHOOK_SECRET",
      ],
      ["PLATFORM_FAWRY_MERCHANT_CODE", "PLATFORM_FAWRY_SECURE_KEY"],
    ] as const;
    for (const group of groups) {
      const set = group.filter((name) => env[name] !== undefined);
      if (set.length === 0 || set.length === group.length) continue;
      for (const name of group.filter((n) => env[n] === undefined)) {
        issues.addIssue({
          code: "custom",
          path: [name],
          message: `must be set too (${set.join(", ")} ${set.length === 1 ? "is" : "are"} set): set all of ${group.join(", ")}, or none`,
        });
      }
    }
    // A model needs its endpoint and its name; a name or key alone is a forgotten URL.
    if (env.ASSISTANT_MODEL_URL !== undefined && env.ASSISTANT_MODEL === undefined) {
      issues.addIssue({
        code: "custom",
        path: ["ASSISTANT_MODEL"],
        message: "must be set too (ASSISTANT_MODEL_URL is set): the model's name at that endpoint",
      });
    }
    for (const name of ["ASSISTANT_MODEL", "ASSISTANT_MODEL_API_KEY"] as const) {
      if (env[name] !== undefined && env.ASSISTANT_MODEL_URL === undefined) {
        issues.addIssue({
          code: "custom",
          path: ["ASSISTANT_MODEL_URL"],
          message: `must be set too (${name} is set): the model's OpenAI-compatible endpoint`,
        });
      }
    }
  });

export type Env = z.infer<typeof EnvSchema> & {
  appOrigin: string;
  backupDir: string;
  migrationsDir?: string;
  filesDir: string;
  /** The box for providers' keys (null: online payments off) and where each provider is. */
  payments: PaymentsConfig;
  /** The assistant's language model; null: the embedded engine answers. */
  assistantModel: ReturnType<typeof assistantModelFrom> | null;
  /** OpenID Connect providers to sign in with (OIDC_GOOGLE_*, OIDC_<NAME>_*); none: no buttons. */
  signInProviders: OidcProviderConfig[];
};

/** The payments configuration the server and the worker share, from the environment. */
export function paymentsFromEnv(
  env: Pick<
    z.infer<typeof EnvSchema>,
    | "PAYMENT_KEYS_SECRET"
    | "STRIPE_API_BASE"
    | "RAZORPAY_API_BASE"
    | "FAWRY_API_BASE"
    | "PLATFORM_STRIPE_SECRET_KEY"
    | "PLATFORM_STRIPE_PUBLISHABLE_KEY"
    | "PLATFORM_STRIPE_WEBHOOK_SECRET"
    | "PLATFORM_FAWRY_MERCHANT_CODE"
    | "PLATFORM_FAWRY_SECURE_KEY"
  >,
): PaymentsConfig {
  const endpoint = (baseUrl: string | undefined) => (baseUrl ? { baseUrl } : undefined);
  const endpoints: PaymentsConfig["endpoints"] = {};
  const stripe = endpoint(env.STRIPE_API_BASE);
  const razorpay = endpoint(env.RAZORPAY_API_BASE);
  const fawry = endpoint(env.FAWRY_API_BASE);
  if (stripe) endpoints.stripe = stripe;
  if (razorpay) endpoints.razorpay = razorpay;
  if (fawry) endpoints.fawry = fawry;
  const platform: NonNullable<PaymentsConfig["platform"]> = {};
  if (
    env.PLATFORM_STRIPE_SECRET_KEY &&
    env.PLATFORM_STRIPE_PUBLISHABLE_KEY &&
    env.PLATFORM_STRIPE_WEBHOOK_SECRET
  ) {
    platform.stripe = {
      secretKey: env.PLATFORM_STRIPE_SECRET_KEY,
      publishableKey: env.PLATFORM_STRIPE_PUBLISHABLE_KEY,
      webhookSecret: env.PLATFORM_STRIPE_WEBHOOK_SECRET,
    };
  }
  if (env.PLATFORM_FAWRY_MERCHANT_CODE && env.PLATFORM_FAWRY_SECURE_KEY) {
    platform.fawry = {
      merchantCode: env.PLATFORM_FAWRY_MERCHANT_CODE,
      secureKey: env.PLATFORM_FAWRY_SECURE_KEY,
    };
  }
  return {
    box: env.PAYMENT_KEYS_SECRET ? secretBox(parseSecretKey(env.PAYMENT_KEYS_SECRET)) : null,
    endpoints,
    platform,
  };
}

export function loadEnv(source?: Record<string, string | undefined>): Env {
  if (!source) {
    // A .env in the working directory fills in what the real environment leaves unset.
    if (existsSync(".env")) process.loadEnvFile(".env");
    source = process.env;
  }
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, v]) => v !== "")),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    console.error(`Invalid environment — fix these and start again:\n${lines.join("\n")}`);
    process.exit(1);
  }
  const env = parsed.data;
  const oidc = oidcProvidersFromEnv(source);
  if (oidc.problems.length > 0) {
    const lines = oidc.problems.map((problem) => `  ${problem}`);
    console.error(`Invalid environment — fix these and start again:\n${lines.join("\n")}`);
    process.exit(1);
  }
  return {
    ...env,
    appOrigin: env.APP_ORIGIN ?? `http://localhost:${env.PORT}`,
    filesDir: env.FILES_DIR ?? resolve(env.DATA_DIR, "files"),
    backupDir: env.BACKUP_DIR ?? resolve(env.DATA_DIR, "backups"),
    payments: paymentsFromEnv(env),
    signInProviders: oidc.providers,
    // Built once here; it sends nothing until the assistant's first answer.
    assistantModel:
      env.ASSISTANT_MODEL_URL && env.ASSISTANT_MODEL
        ? assistantModelFrom({
            baseURL: env.ASSISTANT_MODEL_URL,
            model: env.ASSISTANT_MODEL,
            apiKey: env.ASSISTANT_MODEL_API_KEY,
          })
        : null,
    migrationsDir:
      env.MIGRATIONS_DIR ?? (existsSync(bundledMigrations) ? bundledMigrations : undefined),
  };
}
