// Sign-in with OpenID Connect providers (Google, or any issuer the deployment names): the two
// browser-facing redirects. They are plain routes (a browser follows redirects, it does not call
// RPC), but every decision and every write is a host procedure (oidc.begin / claim / complete),
// audited like the rest. openid-client does the protocol: discovery, PKCE (S256), state, nonce,
// and the ID token's issuer, audience, expiry and signature (JWKS).
import { createHostCaller, type Context } from "@caredesk/api";
import { TRPCError } from "@trpc/server";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import * as client from "openid-client";
import { z } from "zod";

/** One provider as configured (OIDC_GOOGLE_*, or OIDC_<NAME>_ISSUER / _CLIENT_ID / ...). */
export interface OidcProviderConfig {
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

const google = "https://accounts.google.com";

/** A plain-http issuer is accepted only on this machine (a local provider in tests). */
export function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

/**
 * The providers the environment configures, or the problems with it (each as "NAME: message").
 * Google needs only OIDC_GOOGLE_CLIENT_ID and OIDC_GOOGLE_CLIENT_SECRET; any other provider
 * OIDC_<NAME>_ISSUER, _CLIENT_ID and _CLIENT_SECRET, and optionally _LABEL (the button's name).
 */
export function oidcProvidersFromEnv(source: Record<string, string | undefined>): {
  providers: OidcProviderConfig[];
  problems: string[];
} {
  const names = new Set<string>();
  for (const key of Object.keys(source)) {
    const match = /^OIDC_([A-Z][A-Z0-9]{0,30})_(ISSUER|CLIENT_ID|CLIENT_SECRET|LABEL)$/.exec(key);
    if (match?.[1] && source[key]) names.add(match[1]);
  }
  const providers: OidcProviderConfig[] = [];
  const problems: string[] = [];
  for (const name of [...names].sort()) {
    const get = (part: string) => source[`OIDC_${name}_${part}`]?.trim() || undefined;
    const issuer = get("ISSUER") ?? (name === "GOOGLE" ? google : undefined);
    const clientId = get("CLIENT_ID");
    const clientSecret = get("CLIENT_SECRET");
    const missing = [
      ...(issuer ? [] : [`OIDC_${name}_ISSUER`]),
      ...(clientId ? [] : [`OIDC_${name}_CLIENT_ID`]),
      ...(clientSecret ? [] : [`OIDC_${name}_CLIENT_SECRET`]),
    ];
    if (missing.length > 0 || !issuer || !clientId || !clientSecret) {
      problems.push(`OIDC_${name}_*: set ${missing.join(", ")} too, or none of them`);
      continue;
    }
    let url: URL;
    try {
      url = new URL(issuer);
    } catch {
      problems.push(`OIDC_${name}_ISSUER: must be the provider's https:// issuer URL`);
      continue;
    }
    if (url.protocol !== "https:" && !isLoopbackHttp(issuer)) {
      problems.push(`OIDC_${name}_ISSUER: must be an https:// URL`);
      continue;
    }
    const id = name.toLowerCase();
    const label =
      get("LABEL") ?? (name === "GOOGLE" ? "Google" : name.charAt(0) + name.slice(1).toLowerCase());
    providers.push({ id, label: label.slice(0, 60), issuer, clientId, clientSecret });
  }
  return { providers, problems };
}

export const oidcCookieName = "caredesk_oidc";
const cookiePath = "/auth/oidc";

type CreateContext = (opts: { req: FastifyRequest; res: FastifyReply }) => Promise<Context>;

interface OidcRouteOptions {
  providers: readonly OidcProviderConfig[];
  appOrigin: string;
  createContext: CreateContext;
}

const StartQuery = z.object({
  intent: z.enum(["sign_in", "link"]).default("sign_in"),
  returnTo: z.string().max(500).optional(),
});
const CallbackQuery = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(2000).optional(),
  error: z.string().max(200).optional(),
});
const ProviderParams = z.object({ provider: z.string().max(40) });

/** The message of a refusal the procedures answered (clear text, written for people). */
function refusalMessage(error: unknown, fallback: string): string {
  // Input checks answer in a machine's words (a list of issues): those get the fallback.
  return error instanceof TRPCError &&
    error.code !== "INTERNAL_SERVER_ERROR" &&
    !/^[[{]/.test(error.message)
    ? error.message
    : fallback;
}

export function registerOidcRoutes(app: FastifyInstance, options: OidcRouteOptions) {
  const { providers, appOrigin } = options;
  const secureCookie = appOrigin.startsWith("https:");
  const configs = new Map<string, Promise<client.Configuration>>();

  /** The provider's metadata and keys, discovered once (again after a failure). */
  const configOf = (provider: OidcProviderConfig) => {
    let config = configs.get(provider.id);
    if (!config) {
      config = client
        .discovery(
          new URL(provider.issuer),
          provider.clientId,
          provider.clientSecret,
          undefined,
          isLoopbackHttp(provider.issuer) ? { execute: [client.allowInsecureRequests] } : {},
        )
        .then((discovered) => {
          // Check the ID token's signature against the provider's published keys (JWKS).
          client.enableNonRepudiationChecks(discovered);
          return discovered;
        });
      config.catch(() => configs.delete(provider.id));
      configs.set(provider.id, config);
    }
    return config;
  };

  const redirectUri = (provider: OidcProviderConfig) =>
    new URL(`${cookiePath}/${provider.id}/callback`, appOrigin).href;

  /** Back to the web app with a message it shows (never a stack trace, never a 500). */
  const refuse = (reply: FastifyReply, intent: string, message: string) => {
    const page = intent === "link" ? "/app/account" : "/signin";
    return reply.redirect(`${page}?error=${encodeURIComponent(message)}`, 303);
  };

  app.get("/auth/oidc/:provider/start", async (request, reply) => {
    const params = ProviderParams.safeParse(request.params);
    const query = StartQuery.safeParse(request.query);
    const intent = query.success ? query.data.intent : "sign_in";
    const provider = providers.find((p) => params.success && p.id === params.data.provider);
    if (!provider) return refuse(reply, intent, "This sign-in provider is not available.");
    if (!query.success) return refuse(reply, intent, "This sign-in link is not valid.");
    let config: client.Configuration;
    try {
      config = await configOf(provider);
    } catch (err) {
      request.log.warn({ err, provider: provider.id }, "oidc: discovery failed");
      return refuse(
        reply,
        intent,
        `${provider.label} cannot be reached right now. Try again later.`,
      );
    }
    let begun;
    try {
      const context = await options.createContext({ req: request, res: reply });
      begun = await createHostCaller(context).oidc.begin({
        provider: provider.id,
        intent,
        ...(query.data.returnTo ? { returnTo: query.data.returnTo } : {}),
      });
    } catch (error) {
      return refuse(reply, intent, refusalMessage(error, "Sign-in could not start. Try again."));
    }
    void reply.setCookie(oidcCookieName, begun.secret, {
      httpOnly: true,
      sameSite: "lax",
      secure: secureCookie,
      path: cookiePath,
      maxAge: 10 * 60,
    });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri(provider),
      scope: "openid email profile",
      response_type: "code",
      state: begun.state,
      nonce: begun.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(begun.codeVerifier),
      code_challenge_method: "S256",
    });
    return reply.redirect(url.href, 303);
  });

  app.get("/auth/oidc/:provider/callback", async (request, reply) => {
    const params = ProviderParams.safeParse(request.params);
    const query = CallbackQuery.safeParse(request.query);
    const secret = request.cookies[oidcCookieName];
    // The cookie is for this one callback, whatever it brings.
    void reply.clearCookie(oidcCookieName, { path: cookiePath });
    const provider = providers.find((p) => params.success && p.id === params.data.provider);
    if (!provider) return refuse(reply, "sign_in", "This sign-in provider is not available.");
    if (!query.success || query.data.error) {
      return refuse(reply, "sign_in", `Sign-in with ${provider.label} was cancelled or refused.`);
    }
    if (!secret) {
      return refuse(
        reply,
        "sign_in",
        "This sign-in has expired or was started in another browser. Please start again.",
      );
    }
    let context: Context;
    let claimed;
    try {
      context = await options.createContext({ req: request, res: reply });
      claimed = await createHostCaller(context).oidc.claim({
        provider: provider.id,
        flowSecret: secret,
        flowState: query.data.state ?? "",
      });
    } catch (error) {
      return refuse(
        reply,
        "sign_in",
        refusalMessage(error, "This sign-in could not be verified. Please start again."),
      );
    }

    let claims;
    try {
      const config = await configOf(provider);
      const tokens = await client.authorizationCodeGrant(
        config,
        new URL(request.url, appOrigin),
        {
          pkceCodeVerifier: claimed.codeVerifier,
          expectedState: query.data.state,
          expectedNonce: claimed.nonce,
          idTokenExpected: true,
        },
        { redirect_uri: redirectUri(provider) },
      );
      claims = tokens.claims();
      if (!claims) throw new Error("no ID token");
    } catch (err) {
      // What the provider or the checks said is for the log; the person gets one clear message.
      request.log.warn(
        {
          err: { name: (err as Error).name, code: (err as { code?: unknown }).code },
          provider: provider.id,
        },
        "oidc: the provider's answer was refused",
      );
      return refuse(
        reply,
        claimed.intent,
        `${provider.label}'s answer could not be verified, so nothing was signed in or linked. Please start again.`,
      );
    }

    const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : null;
    const verified = claims.email_verified === true || claims.email_verified === "true";
    const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim() : null;
    try {
      const outcome = await createHostCaller(context).oidc.complete({
        provider: provider.id,
        intent: claimed.intent,
        userId: claimed.userId,
        returnTo: claimed.returnTo,
        claims: {
          issuer: claims.iss,
          subject: claims.sub,
          email:
            email && email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null,
          emailVerified: verified,
          name: name ? name.slice(0, 200) : null,
        },
      });
      if (outcome.outcome === "confirm") {
        // In the fragment: never sent to a server, nor in a Referer.
        return reply.redirect(`/signin/link#token=${outcome.token}`, 303);
      }
      if (outcome.outcome === "linked") {
        return reply.redirect(
          outcome.returnTo ?? `/app/account?linked=${encodeURIComponent(provider.id)}`,
          303,
        );
      }
      return reply.redirect(outcome.returnTo ?? "/app", 303);
    } catch (error) {
      return refuse(
        reply,
        claimed.intent,
        refusalMessage(error, "Sign-in could not be completed. Please try again."),
      );
    }
  });
}
