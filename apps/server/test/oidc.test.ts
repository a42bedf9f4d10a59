// Sign-in with an OpenID Connect provider, over HTTP against a real provider running here
// (oidc-provider): new accounts, later sign-ins, links from the account page, the confirmation
// that links a verified address to an existing account, and every way a callback is refused.
import { randomUUID } from "node:crypto";
import { schema } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createOrganization,
  mintActionToken,
  signUp,
  uniqueEmail,
} from "@caredesk/api/testing";
import { and, eq } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { startTestOidcProvider, type TestAccount, type TestOidcProvider } from "./oidc-provider";
import {
  appOrigin,
  mutationBody,
  queryInput,
  sessionCookie,
  sessionCookieName,
  startServer,
  trpcData,
  trpcError,
} from "./server";

let database: TestDatabase;
let app: FastifyInstance;
let provider: TestOidcProvider;

const client = { clientId: "caredesk-test", clientSecret: "a-test-client-secret-0123456789" };

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  provider = await startTestOidcProvider({
    clients: [{ ...client, redirectUris: [`${appOrigin}/auth/oidc/local/callback`] }],
  });
  app = await startServer(database, {
    OIDC_LOCAL_ISSUER: provider.issuer,
    OIDC_LOCAL_CLIENT_ID: client.clientId,
    OIDC_LOCAL_CLIENT_SECRET: client.clientSecret,
    OIDC_LOCAL_LABEL: "Test ID",
    AUTH_RATE_LIMIT_MAX: "10000",
  });
});
afterAll(async () => {
  await app.close();
  await provider.close();
  await database.drop();
});
beforeEach(() => {
  provider.control.tamper = null;
});

const flowCookieName = "caredesk_oidc";

/** Starts a flow as a browser would; answers the provider's URL and the flow cookie. */
async function start(options: { intent?: "link"; session?: string; returnTo?: string } = {}) {
  const query = new URLSearchParams({
    ...(options.intent ? { intent: options.intent } : {}),
    ...(options.returnTo ? { returnTo: options.returnTo } : {}),
  });
  const response = await app.inject({
    method: "GET",
    url: `/auth/oidc/local/start?${query.toString()}`,
    cookies: options.session ? { [sessionCookieName]: options.session } : {},
  });
  expect(response.statusCode).toBe(303);
  const flow = response.cookies.find((c) => c.name === flowCookieName);
  expect(flow).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/auth/oidc" });
  return { authorizationUrl: response.headers.location ?? "", flowCookie: flow?.value ?? "" };
}

/** Delivers the provider's redirect back to the server, with the browser's cookies. */
function callback(url: string, cookies: Record<string, string>) {
  const target = new URL(url);
  return app.inject({ method: "GET", url: target.pathname + target.search, cookies });
}

/** A whole flow: start, sign in at the provider as `account`, come back. */
async function signInWith(
  account: TestAccount,
  options: { intent?: "link"; session?: string; returnTo?: string } = {},
) {
  const { authorizationUrl, flowCookie } = await start(options);
  const back = await provider.login(authorizationUrl, account);
  return callback(back, {
    [flowCookieName]: flowCookie,
    ...(options.session ? { [sessionCookieName]: options.session } : {}),
  });
}

function me(token: string) {
  return app
    .inject({ method: "GET", url: "/trpc/auth.me", cookies: { [sessionCookieName]: token } })
    .then((r) => trpcData<{ user: { id: string; email: string; name: string } } | null>(r));
}

/** Where a refusal sent the browser, and the message it shows. */
function refusal(response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(303);
  const location = new URL(response.headers.location ?? "", appOrigin);
  return { page: location.pathname, message: location.searchParams.get("error") ?? "" };
}

const identitiesOf = (userId: string) =>
  database.db.select().from(schema.userIdentity).where(eq(schema.userIdentity.userId, userId));
const identityOf = (subject: string) =>
  database.db
    .select()
    .from(schema.userIdentity)
    .where(
      and(
        eq(schema.userIdentity.issuer, provider.issuer),
        eq(schema.userIdentity.subject, subject),
      ),
    );
const userByEmail = (email: string) =>
  database.db.select().from(schema.user).where(eq(schema.user.email, email));

const newAccount = (verified = true): TestAccount => ({
  subject: randomUUID(),
  email: uniqueEmail(),
  emailVerified: verified,
  name: "Nadia Provider",
});

describe("the providers the apps offer", () => {
  it("lists the configured provider by its label", async () => {
    const response = await app.inject({ method: "GET", url: "/trpc/identity.providers" });
    expect(trpcData(response)).toEqual([{ id: "local", label: "Test ID" }]);
  });

  it("offers none when nothing is configured", async () => {
    const bare = await startServer(database);
    try {
      const response = await bare.inject({ method: "GET", url: "/trpc/identity.providers" });
      expect(trpcData(response)).toEqual([]);
      const started = await bare.inject({ method: "GET", url: "/auth/oidc/google/start" });
      expect(refusal(started).page).toBe("/signin");
    } finally {
      await bare.close();
    }
  });
});

describe("signing in with the provider", () => {
  it("makes an account on the first sign-in, verified, and signs it in", async () => {
    const account = newAccount();
    const response = await signInWith(account);

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/app");
    const cookie = sessionCookie(response);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    const signedIn = await me(cookie?.value ?? "");
    expect(signedIn?.user).toMatchObject({ email: account.email, name: "Nadia Provider" });
    const [made] = await userByEmail(account.email ?? "");
    expect(made?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await identitiesOf(made?.id ?? "")).toMatchObject([
      { provider: "local", subject: account.subject, email: account.email },
    ]);
    // The flow cookie is cleared by the callback.
    expect(response.cookies.find((c) => c.name === flowCookieName)?.value).toBe("");
  });

  it("signs the same account in again later, without making another", async () => {
    const account = newAccount();
    const first = await signInWith(account);
    const firstUser = await me(sessionCookie(first)?.value ?? "");

    const again = await signInWith(account);
    const secondUser = await me(sessionCookie(again)?.value ?? "");

    expect(secondUser?.user.id).toBe(firstUser?.user.id);
    expect(await userByEmail(account.email ?? "")).toHaveLength(1);
  });

  it("keeps an unverified address unverified on a new account", async () => {
    const account = newAccount(false);
    const response = await signInWith(account);
    expect(sessionCookie(response)?.value).toBeTruthy();
    const [made] = await userByEmail(account.email ?? "");
    expect(made?.emailVerifiedAt).toBeNull();
  });

  it("continues where the app asked (a path of this site only)", async () => {
    const response = await signInWith(newAccount(), { returnTo: "/invitation?resume=1" });
    expect(response.headers.location).toBe("/invitation?resume=1");
    const elsewhere = await app.inject({
      method: "GET",
      url: `/auth/oidc/local/start?returnTo=${encodeURIComponent("//evil.example/")}`,
    });
    expect(refusal(elsewhere).page).toBe("/signin");
  });

  it("gives an account made this way no password: password sign-in fails", async () => {
    const account = newAccount();
    await signInWith(account);
    const response = await app.inject({
      method: "POST",
      url: "/trpc/auth.signIn",
      headers: { "content-type": "application/json", origin: appOrigin },
      payload: mutationBody({ email: account.email, password: "!" }),
    });
    expect(trpcError(response).data.code).toBe("UNAUTHORIZED");
  });
});

describe("an address that already has an account", () => {
  it("is never linked when the provider has not verified it: refused, nothing linked", async () => {
    const owner = await signUp(database.db);
    const response = await signInWith({
      subject: randomUUID(),
      email: owner.email,
      emailVerified: false,
    });

    const { page, message } = refusal(response);
    expect(page).toBe("/signin");
    expect(message).toMatch(/already uses .* has not verified/);
    expect(sessionCookie(response)?.value ?? "").toBe("");
    expect(await identitiesOf(owner.id)).toEqual([]);
  });

  it("is linked only after the owner confirms with the account's password", async () => {
    const owner = await signUp(database.db);
    const account = { subject: randomUUID(), email: owner.email, emailVerified: true };
    const response = await signInWith(account);

    expect(response.statusCode).toBe(303);
    expect(sessionCookie(response)?.value ?? "").toBe("");
    const location = response.headers.location ?? "";
    expect(location).toMatch(/^\/signin\/link#token=/);
    const token = location.split("#token=")[1] ?? "";
    expect(await identitiesOf(owner.id)).toEqual([]);

    const pending = await app.inject({
      method: "GET",
      url: `/trpc/identity.pendingLink?${queryInput({ confirmToken: token })}`,
    });
    expect(trpcData(pending)).toMatchObject({
      providerLabel: "Test ID",
      email: owner.email,
      accountEmail: owner.email,
    });

    const confirm = (password: string) =>
      app.inject({
        method: "POST",
        url: "/trpc/identity.confirmLink",
        headers: { "content-type": "application/json", origin: appOrigin },
        payload: mutationBody({ confirmToken: token, password }),
      });
    const wrong = await confirm("not the password");
    expect(trpcError(wrong).data).toMatchObject({
      code: "UNAUTHORIZED",
      fieldErrors: { password: ["Password is incorrect"] },
    });
    expect(await identitiesOf(owner.id)).toEqual([]);

    const right = await confirm(owner.password);
    expect(right.statusCode).toBe(200);
    const signedIn = await me(sessionCookie(right)?.value ?? "");
    expect(signedIn?.user.id).toBe(owner.id);
    expect(await identitiesOf(owner.id)).toMatchObject([{ subject: account.subject }]);

    // Used once; afterwards the provider alone signs the owner in.
    expect(trpcError(await confirm(owner.password)).data.code).toBe("BAD_REQUEST");
    const later = await signInWith(account);
    expect((await me(sessionCookie(later)?.value ?? ""))?.user.id).toBe(owner.id);
  });
});

describe("linking from the account page", () => {
  it("links the provider to the signed-in account; it then signs that account in", async () => {
    const person = await signUp(database.db);
    const account = newAccount();
    const response = await signInWith(account, { intent: "link", session: person.token });

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/app/account?linked=local");
    expect(await identitiesOf(person.id)).toMatchObject([{ subject: account.subject }]);
    // The account's address stays its own; the provider's is shown beside the method.
    expect((await me(person.token))?.user.email).toBe(person.email);

    const later = await signInWith(account);
    expect((await me(sessionCookie(later)?.value ?? ""))?.user.id).toBe(person.id);
  });

  it("refuses an identity that belongs to another account, and links nothing", async () => {
    const account = newAccount();
    await signInWith(account);
    const [holder] = await identityOf(account.subject);
    const person = await signUp(database.db);

    const response = await signInWith(account, { intent: "link", session: person.token });

    const { page, message } = refusal(response);
    expect(page).toBe("/app/account");
    expect(message).toMatch(/already linked to another Caredesk account/);
    expect(await identitiesOf(person.id)).toEqual([]);
    expect(await identityOf(account.subject)).toMatchObject([{ userId: holder?.userId }]);
  });

  it("needs a signed-in account to start a link", async () => {
    const response = await app.inject({ method: "GET", url: "/auth/oidc/local/start?intent=link" });
    const { page, message } = refusal(response);
    expect(page).toBe("/app/account");
    expect(message).toMatch(/Sign in first/);
  });

  it("lists the account's methods and unlinks while another remains", async () => {
    const person = await signUp(database.db);
    await signInWith(newAccount(), { intent: "link", session: person.token });
    const methods = await app.inject({
      method: "GET",
      url: "/trpc/identity.methods",
      cookies: { [sessionCookieName]: person.token },
    });
    const listed = trpcData<{
      password: boolean;
      identities: { id: string; providerLabel: string }[];
    }>(methods);
    expect(listed.password).toBe(true);
    expect(listed.identities).toMatchObject([{ providerLabel: "Test ID" }]);

    const unlink = await app.inject({
      method: "POST",
      url: "/trpc/identity.unlink",
      headers: { "content-type": "application/json", origin: appOrigin },
      cookies: { [sessionCookieName]: person.token },
      payload: mutationBody({ identityId: listed.identities[0]?.id }),
    });
    expect(unlink.statusCode).toBe(200);
    expect(await identitiesOf(person.id)).toEqual([]);
  });

  it("answers NOT_FOUND for another account's sign-in method, and removes nothing", async () => {
    const account = newAccount();
    await signInWith(account);
    const [identity] = await identityOf(account.subject);
    const stranger = await signUp(database.db);

    const unlink = await app.inject({
      method: "POST",
      url: "/trpc/identity.unlink",
      headers: { "content-type": "application/json", origin: appOrigin },
      cookies: { [sessionCookieName]: stranger.token },
      payload: mutationBody({ identityId: identity?.id }),
    });
    expect(trpcError(unlink).data.code).toBe("NOT_FOUND");
    expect(await identityOf(account.subject)).toHaveLength(1);
  });

  it("never unlinks the last way to sign in of an account without a password", async () => {
    const account = newAccount();
    const response = await signInWith(account);
    const token = sessionCookie(response)?.value ?? "";
    const [identity] = await identityOf(account.subject);

    const unlink = await app.inject({
      method: "POST",
      url: "/trpc/identity.unlink",
      headers: { "content-type": "application/json", origin: appOrigin },
      cookies: { [sessionCookieName]: token },
      payload: mutationBody({ identityId: identity?.id }),
    });
    expect(trpcError(unlink).data.code).toBe("CONFLICT");
    expect(trpcError(unlink).message).toMatch(/only way to sign in/);
    expect(await identityOf(account.subject)).toHaveLength(1);
  });
});

describe("an invitation accepted after signing in with the provider", () => {
  async function invite(email: string) {
    const owner = await signUp(database.db);
    const organization = await createOrganization(database.db, owner);
    const staff = await callerFor(database.db, {
      token: owner.token,
      organizationId: organization.id,
    });
    const invitation = await staff.organization.invite({ email, role: "staff" });
    const token = await mintActionToken(database.db, {
      purpose: "member_invitation",
      organizationId: organization.id,
      invitationId: invitation.id,
      expiresAt: invitation.expiresAt,
    });
    return { organization, token };
  }

  function accept(session: string, token: string) {
    return app.inject({
      method: "POST",
      url: "/trpc/invitation.accept",
      headers: { "content-type": "application/json", origin: appOrigin },
      cookies: { [sessionCookieName]: session },
      payload: mutationBody({ token }),
    });
  }

  it("joins the practice when the provider's address is the invited one", async () => {
    const account = newAccount();
    const { organization, token } = await invite(account.email ?? "");
    const signedIn = await signInWith(account, { returnTo: "/invitation" });
    expect(signedIn.headers.location).toBe("/invitation");

    const accepted = await accept(sessionCookie(signedIn)?.value ?? "", token);
    expect(trpcData(accepted)).toMatchObject({ organizationId: organization.id, role: "staff" });
  });

  it("is refused for an account with another address, and nobody joins", async () => {
    // The invited address has an account of its own; the provider's account is another one.
    const invited = await signUp(database.db);
    const { organization, token } = await invite(invited.email);
    const signedIn = await signInWith(newAccount());

    const refused = await accept(sessionCookie(signedIn)?.value ?? "", token);
    expect(trpcError(refused)).toMatchObject({
      message: `Sign in as ${invited.email} to accept`,
      data: { code: "UNAUTHORIZED" },
    });
    const members = await database.db
      .select()
      .from(schema.membership)
      .where(eq(schema.membership.organizationId, organization.id));
    expect(members).toHaveLength(1);
  });
});

describe("a callback that cannot be trusted is refused, and nothing is signed in or linked", () => {
  async function expectNothingFrom(response: LightMyRequestResponse, account: TestAccount) {
    expect(response.statusCode).toBe(303);
    expect(response.statusCode).toBeLessThan(500);
    expect(sessionCookie(response)?.value ?? "").toBe("");
    expect(await identityOf(account.subject)).toEqual([]);
    expect(await userByEmail(account.email ?? "")).toEqual([]);
  }

  it("refuses a forged state", async () => {
    const account = newAccount();
    const { authorizationUrl, flowCookie } = await start();
    const back = new URL(await provider.login(authorizationUrl, account));
    back.searchParams.set("state", "A".repeat(43));
    const response = await callback(back.href, { [flowCookieName]: flowCookie });
    expect(refusal(response).message).toMatch(/could not be verified/);
    await expectNothingFrom(response, account);
  });

  it("refuses a callback without the flow's cookie (another browser, or it expired)", async () => {
    const account = newAccount();
    const { authorizationUrl } = await start();
    const back = await provider.login(authorizationUrl, account);
    const response = await callback(back, {});
    expect(refusal(response).message).toMatch(/expired or was started in another browser/);
    await expectNothingFrom(response, account);
  });

  it("refuses a flow past its lifetime", async () => {
    const account = newAccount();
    const { authorizationUrl, flowCookie } = await start();
    const back = await provider.login(authorizationUrl, account);
    await database.db.update(schema.oidcFlow).set({ expiresAt: new Date(Date.now() - 1000) });
    const response = await callback(back, { [flowCookieName]: flowCookie });
    expect(refusal(response).message).toMatch(/expired or was already used/);
    await expectNothingFrom(response, account);
  });

  it("refuses a replayed callback (the same state and code again)", async () => {
    const account = newAccount();
    const { authorizationUrl, flowCookie } = await start();
    const back = await provider.login(authorizationUrl, account);
    const first = await callback(back, { [flowCookieName]: flowCookie });
    expect(sessionCookie(first)?.value).toBeTruthy();

    const replay = await callback(back, { [flowCookieName]: flowCookie });
    expect(refusal(replay).message).toMatch(/expired or was already used/);
    expect(sessionCookie(replay)?.value ?? "").toBe("");
    expect(await identityOf(account.subject)).toHaveLength(1);
  });

  it.each([
    ["another audience", "audience"],
    ["a wrong nonce", "nonce"],
    ["another issuer", "issuer"],
    ["a signature from a key the provider never published", "signature"],
  ] as const)("refuses an ID token with %s", async (_what, tamper) => {
    const account = newAccount();
    const { authorizationUrl, flowCookie } = await start();
    const back = await provider.login(authorizationUrl, account);
    provider.control.tamper = tamper;
    const response = await callback(back, { [flowCookieName]: flowCookie });
    expect(refusal(response).message).toMatch(/could not be verified/);
    await expectNothingFrom(response, account);
  });

  it("answers hostile requests to its routes with a redirect and a message, never a 500", async () => {
    const long = "x".repeat(10_000);
    const requests = [
      "/auth/oidc/local/start?intent=nonsense",
      `/auth/oidc/local/start?returnTo=${long}`,
      "/auth/oidc/local/start?returnTo=%00%ff",
      "/auth/oidc/local/start?intent[]=link",
      `/auth/oidc/${long.slice(0, 60)}/start`,
      "/auth/oidc/local/callback",
      `/auth/oidc/local/callback?state=${long}&code=${long}`,
      "/auth/oidc/local/callback?state[]=a&code[]=b",
      "/auth/oidc/local/callback?state=%F0%9F%92%A9&code=x",
    ];
    for (const url of requests) {
      for (const cookie of [undefined, "", long.slice(0, 4000), "%E0%A4%A", "A".repeat(43)]) {
        const response = await app.inject({
          method: "GET",
          url,
          cookies: cookie === undefined ? {} : { [flowCookieName]: cookie },
        });
        expect(response.statusCode, `${url.slice(0, 80)} with cookie ${cookie?.slice(0, 10)}`).toBe(
          303,
        );
        // Either on to the provider (a start it could read) or back with a message.
        const location = response.headers.location ?? "";
        if (!location.startsWith(provider.issuer)) {
          expect(refusal(response).message.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it("refuses an unknown provider and a cancelled sign-in with a message", async () => {
    const unknown = await app.inject({ method: "GET", url: "/auth/oidc/nobody/callback?code=x" });
    expect(refusal(unknown).message).toMatch(/not available/);
    const cancelled = await app.inject({
      method: "GET",
      url: "/auth/oidc/local/callback?error=access_denied&state=x",
      cookies: { [flowCookieName]: "x" },
    });
    expect(refusal(cancelled).message).toMatch(/cancelled/);
  });
});
