// A real OpenID Connect provider on 127.0.0.1 for the tests (oidc-provider), shared by the
// server's integration tests and the Playwright suite (e2e/start-server.mjs starts it through
// oidc-provider-main.ts). Its login page is a small form: whoever signs in chooses the subject,
// the email and whether it is verified. The `tamper` switch makes its token endpoint answer with
// an ID token that is wrong in one way (another audience, another nonce, another issuer, a
// signature from a key it never published), to prove the server refuses each.
import {
  createPrivateKey,
  createSign,
  generateKeyPairSync,
  randomUUID,
  type JsonWebKey,
  type KeyObject,
} from "node:crypto";
import { createServer } from "node:http";
import Provider from "oidc-provider";

export interface TestAccount {
  subject: string;
  email?: string | null;
  emailVerified?: boolean;
  name?: string;
}
export type Tamper = null | "audience" | "nonce" | "issuer" | "signature";

export interface TestOidcProvider {
  issuer: string;
  control: { tamper: Tamper };
  /**
   * Follows an authorization URL as a browser would, signing in as `account` on the login
   * form, and answers the redirect back to the client (its callback URL with code and state).
   */
  login(authorizationUrl: string, account: TestAccount): Promise<string>;
  close(): Promise<void>;
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

function resign(
  jwt: string,
  change: (claims: Record<string, unknown>) => void,
  key: KeyObject,
  kid: string,
): string {
  const [, payload] = jwt.split(".");
  const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
  change(claims);
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const body = b64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(signature)}`;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const loginPage = (uid: string) => `<!doctype html>
<html lang="en"><head><title>Test provider sign-in</title></head><body>
<h1>Test provider</h1>
<form method="post" action="/interaction/${escape(uid)}">
<label>Subject <input name="subject" required></label>
<label>Email <input name="email" type="email"></label>
<label>Name <input name="name"></label>
<label><input type="checkbox" name="email_verified" value="true"> Email verified</label>
<button type="submit">Sign in</button>
</form></body></html>`;

/** Starts the provider on 127.0.0.1 (`port`, or a free one) with `clients` registered. */
export async function startTestOidcProvider(options: {
  port?: number;
  clients: { clientId: string; clientSecret: string; redirectUris: string[] }[];
}): Promise<TestOidcProvider> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk: JsonWebKey = {
    ...privateKey.export({ format: "jwk" }),
    kid: "test-key",
    alg: "RS256",
    use: "sig",
  };
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const issuer = `http://127.0.0.1:${port}`;

  const accounts = new Map<string, TestAccount>();
  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_post",
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomUUID()] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The scopes' claims go into the ID token itself (what the server reads).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    pkce: { required: () => true },
    findAccount(_ctx: unknown, id: string) {
      const account = accounts.get(id) ?? { subject: id };
      return {
        accountId: id,
        claims: () =>
          Promise.resolve({
            sub: id,
            ...(account.email ? { email: account.email } : {}),
            email_verified: account.emailVerified ?? false,
            ...(account.name ? { name: account.name } : {}),
          }),
      };
    },
  });
  provider.on("server_error", () => undefined);
  const callback = provider.callback();
  const control: { tamper: Tamper } = { tamper: null };

  server.on("request", (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const interaction = /^\/interaction\/([^/]+)$/.exec(url.pathname);
    if (interaction && req.method === "GET") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(loginPage(interaction[1] ?? ""));
      return;
    }
    if (interaction && req.method === "POST") {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        const form = new URLSearchParams(body);
        const subject = form.get("subject") || "someone";
        accounts.set(subject, {
          subject,
          email: form.get("email") || null,
          emailVerified: form.get("email_verified") === "true",
          ...(form.get("name") ? { name: form.get("name") ?? "" } : {}),
        });
        void (async () => {
          const details = await provider.interactionDetails(req, res);
          const grant = new provider.Grant({
            accountId: subject,
            clientId: String(details.params.client_id),
          });
          grant.addOIDCScope("openid email profile");
          const grantId = await grant.save();
          await provider.interactionFinished(
            req,
            res,
            { login: { accountId: subject }, consent: { grantId } },
            { mergeWithLastSubmission: false },
          );
        })().catch((error: unknown) => {
          res.writeHead(400, { "content-type": "text/plain" });
          res.end(error instanceof Error ? error.message : "refused");
        });
      });
      return;
    }
    if (url.pathname === "/token" && control.tamper) {
      const tamper = control.tamper;
      // Let the provider answer, then change its ID token before it leaves.
      const end = res.end.bind(res) as (chunk: string) => typeof res;
      const chunks: Buffer[] = [];
      res.write = ((chunk: string | Buffer) => {
        chunks.push(Buffer.from(chunk));
        return true;
      }) as typeof res.write;
      res.end = ((chunk?: string | Buffer | (() => void)) => {
        if (chunk && typeof chunk !== "function") chunks.push(Buffer.from(chunk));
        let text = Buffer.concat(chunks).toString("utf8");
        try {
          const answer = JSON.parse(text) as { id_token?: string };
          if (answer.id_token) {
            const key =
              tamper === "signature" ? stranger : createPrivateKey({ key: jwk, format: "jwk" });
            answer.id_token = resign(
              answer.id_token,
              (claims) => {
                if (tamper === "audience") claims.aud = "another-client";
                if (tamper === "nonce") claims.nonce = "not-the-nonce";
                if (tamper === "issuer") claims.iss = "https://impostor.example";
              },
              key,
              "test-key",
            );
            text = JSON.stringify(answer);
            res.setHeader("content-length", Buffer.byteLength(text));
          }
        } catch {
          // not JSON: passed on as it was
        }
        return end(text);
      }) as typeof res.end;
    }
    callback(req, res);
  });

  return {
    issuer,
    control,
    async login(authorizationUrl, account) {
      const jar = new Map<string, string>();
      const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
      const go = async (
        target: string,
        init: { method?: string; headers?: Record<string, string>; body?: string } = {},
      ) => {
        const response = await fetch(new URL(target, issuer), {
          ...init,
          redirect: "manual",
          headers: { ...init.headers, cookie: cookieHeader() },
        });
        for (const cookie of response.headers.getSetCookie()) {
          const [pair] = cookie.split(";");
          const at = pair?.indexOf("=") ?? -1;
          if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
        }
        return response;
      };
      let response = await go(authorizationUrl);
      let location = response.headers.get("location");
      if (!location) throw new Error(`the provider answered ${response.status}`);
      const form = new URLSearchParams({
        subject: account.subject,
        email: account.email ?? "",
        name: account.name ?? "",
        ...(account.emailVerified ? { email_verified: "true" } : {}),
      });
      response = await go(location, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
      });
      // The provider resumes the authorization, then redirects back to the client.
      for (let hops = 0; hops < 5; hops++) {
        location = response.headers.get("location");
        if (!location) throw new Error(`the provider answered ${response.status}`);
        const next = new URL(location, issuer);
        if (next.origin !== issuer) return next.href;
        response = await go(next.href);
      }
      throw new Error("the provider never redirected back");
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
