// Audit scenarios of sign-in with OpenID Connect providers: the host's flow (begin, claim,
// complete), the confirmation that links a provider to an existing account, and unlinking.
import { randomUUID } from "node:crypto";
import { schema } from "@caredesk/db";
import { createOrganization, hostCallerFor, signUp, uniqueEmail } from "@caredesk/api/testing";
import { eq } from "drizzle-orm";
import type { AuditKit, Scenario } from "./kit";

const issuer = "https://id.example.test";

export function identityScenarios(kit: AuditKit): Record<string, Scenario> {
  async function person() {
    const db = kit.db();
    const user = await signUp(db, { name: "Ida Identity" });
    const organization = await createOrganization(db, user);
    return { user, organization };
  }

  const claims = (email: string, emailVerified = true) => ({
    issuer,
    subject: randomUUID(),
    email,
    emailVerified,
    name: "Ida Identity",
  });

  return {
    "host:oidc.begin": async (run) => {
      const { user, organization } = await person();
      const host = await run.hostAs(user, organization.id);
      const begun = await host.oidc.begin({ provider: "google", intent: "link" });
      kit.remember(begun.secret, begun.state, begun.codeVerifier, begun.nonce);
      return { actorUserId: user.id, organizationId: null, action: "oidc.begin" };
    },

    "host:oidc.claim": async (run) => {
      const { user, organization } = await person();
      const setup = await hostCallerFor(kit.db(), { token: user.token });
      const begun = await setup.oidc.begin({ provider: "google", intent: "link" });
      kit.remember(begun.secret, begun.state, begun.codeVerifier, begun.nonce);
      const host = await run.hostAs(user, organization.id);
      await host.oidc.claim({
        provider: "google",
        flowSecret: begun.secret,
        flowState: begun.state,
      });
      return { actorUserId: user.id, organizationId: null, action: "oidc.claim" };
    },

    "host:oidc.complete": async (run) => {
      const { user, organization } = await person();
      const host = await run.hostAs(user, organization.id);
      const email = uniqueEmail("provider");
      await host.oidc.complete({
        provider: "google",
        intent: "sign_in",
        userId: null,
        returnTo: null,
        claims: claims(email),
      });
      const [made] = await kit
        .db()
        .select({ id: schema.user.id })
        .from(schema.user)
        .where(eq(schema.user.email, email));
      return { actorUserId: made?.id ?? "missing", organizationId: null, action: "oidc.complete" };
    },

    "identity.confirmLink": async (run) => {
      const { user } = await person();
      const setup = await hostCallerFor(kit.db());
      const outcome = await setup.oidc.complete({
        provider: "google",
        intent: "sign_in",
        userId: null,
        returnTo: null,
        claims: claims(user.email),
      });
      if (outcome.outcome !== "confirm") throw new Error("expected a confirmation");
      kit.remember(outcome.token);
      const caller = await run.as(null);
      await caller.identity.confirmLink({
        confirmToken: outcome.token,
        password: user.password,
      });
      return { actorUserId: user.id, organizationId: null };
    },

    "identity.unlink": async (run) => {
      const { user } = await person();
      const [identity] = await kit
        .db()
        .insert(schema.userIdentity)
        .values({ userId: user.id, provider: "google", issuer, subject: randomUUID() })
        .returning({ id: schema.userIdentity.id });
      const caller = await run.as(user);
      await caller.identity.unlink({ identityId: identity?.id ?? "" });
      return { actorUserId: user.id, organizationId: null };
    },
  };
}
