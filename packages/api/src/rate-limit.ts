// Rate limits per procedure call. The tRPC middleware counts every call after tRPC decoded its
// path — each call of a batch, however the URL spelled it — in the bucket its `meta.rateLimit`
// names, per client address. Fixed one-minute windows, kept in this process's memory (like
// @fastify/rate-limit's default store): with several servers each counts its own share, and
// the per-account sign-in back-off (service/auth.ts) lives in PostgreSQL so it holds everywhere.

/** The buckets a procedure can name in `meta.rateLimit`; every other call counts in `default`. */
export type RateLimitBucket =
  "default" | "credentials" | "publicBooking" | "publicShop" | "publicAssistant";

export type RateLimits = Record<RateLimitBucket, number>;

export type RateLimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one call of `bucket` by `client`; refuses it once the window's allowance is spent. */
  consume(bucket: RateLimitBucket, client: string, now?: number): RateLimitVerdict;
}

const windowMs = 60_000;

/** Calls allowed per client and minute when the host does not say otherwise. */
export const defaultRateLimits: RateLimits = {
  default: 600,
  // Sign-in, sign-up and token issue: guessing passwords and creating accounts.
  credentials: 10,
  // The public page's self-booking: anonymous writes that create patients.
  publicBooking: 10,
  // The public site's shop: anonymous catalogue searches and cart quotes.
  publicShop: 120,
  // The assistant's questions from the site and the portal: a person types at most a few a minute.
  publicAssistant: 20,
};

export function createRateLimiter(limits: RateLimits = defaultRateLimits): RateLimiter {
  const windows = new Map<string, { startedAt: number; count: number }>();
  let sweptAt = 0;
  return {
    consume(bucket, client, now = Date.now()) {
      // Drop finished windows now and then, so the map holds only recent clients.
      if (now - sweptAt > windowMs) {
        for (const [key, w] of windows) if (now - w.startedAt >= windowMs) windows.delete(key);
        sweptAt = now;
      }
      const key = `${bucket} ${client}`;
      let window = windows.get(key);
      if (!window || now - window.startedAt >= windowMs) {
        window = { startedAt: now, count: 0 };
        windows.set(key, window);
      }
      window.count++;
      if (window.count <= limits[bucket]) return { ok: true };
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000)),
      };
    },
  };
}

/** For callers that are not clients (tests, scripts, the host's own calls): never refuses. */
export const unlimited: RateLimiter = { consume: () => ({ ok: true }) };
