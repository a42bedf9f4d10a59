// Sign-in with OpenID Connect providers: the decisions behind the host's /auth/oidc routes (flows
// started, claimed once, completed), the confirmation that links a provider to an existing
// account, and the account's list of sign-in methods. The host talks to the provider; everything
// it learns reaches the database only through here, audited.
import { createHmac, randomBytes } from "node:crypto";
import { hashSecret, secretMatches, unusablePasswordHash, type SessionUser } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import type {
  ConfirmLinkInput,
  OidcBeginInput,
  OidcClaimInput,
  OidcCompleteInput,
} from "@caredesk/validators";
import { and, count, eq, gt, inArray, sql } from "drizzle-orm";
import { badRequest, conflict, DomainError, FieldError, notFound } from "../errors";
import {
  checkCredentials,
  findUserByEmail,
  openSession,
  publicUserColumns,
  type AccountScope,
  type PublicUser,
} from "./auth";

const { oidcFlow, user, userIdentity } = schema;

/** A provider the deployment configured, as the apps show it. */
export interface SignInProvider {
  id: string;
  label: string;
}

/** Account requests that know the deployment's providers (for their names in messages). */
export type IdentityScope = AccountScope & {
  user: SessionUser | null;
  signInProviders: readonly SignInProvider[];
};

/** How long a browser may take at the provider, and to confirm a link afterwards. */
export const oidcFlowLifetimeMs = 10 * 60 * 1000;

const labelOf = (ctx: Pick<IdentityScope, "signInProviders">, provider: string) =>
  ctx.signInProviders.find((p) => p.id === provider)?.label ?? provider;

/** 256 random bits, base64url (43 characters): what `FlowSecret` accepts. */
const newSecret = () => randomBytes(32).toString("base64url");

/**
 * PKCE's verifier and the nonce, derived from the browser's secret: only the browser that holds
 * the cookie can finish its flow, and neither is stored anywhere.
 */
export function flowProofs(secret: string): { codeVerifier: string; nonce: string } {
  const derive = (label: string) => createHmac("sha256", secret).update(label).digest("base64url");
  return { codeVerifier: derive("caredesk pkce verifier"), nonce: derive("caredesk nonce") };
}

const expiredMessage = "This sign-in has expired or was already used. Please start again.";

// ---------------------------------------------------------------------------------------------
// The flow (host procedures)

/**
 * Starts a flow: the browser gets `secret` in a short-lived cookie and is sent to the provider
 * with `state`; both are stored only as hashes. Linking needs a signed-in account.
 */
export async function beginOidc(ctx: IdentityScope, input: OidcBeginInput) {
  // The host starts flows only for the providers it has configured.
  if (input.intent === "link" && !ctx.user) {
    throw new DomainError("UNAUTHORIZED", "Sign in first to link a sign-in method");
  }
  const secret = newSecret();
  const state = newSecret();
  await ctx.mutate(async (tx, audit) => {
    const [row] = await tx
      .insert(oidcFlow)
      .values({
        secretHash: hashSecret(secret),
        stateSecretHash: hashSecret(state),
        intent: input.intent,
        provider: input.provider,
        userId: input.intent === "link" ? (ctx.user?.id ?? null) : null,
        returnTo: input.returnTo ?? null,
        expiresAt: new Date(Date.now() + oidcFlowLifetimeMs),
      })
      .returning({ id: oidcFlow.id });
    audit({
      ...(ctx.user ? { actorUserId: ctx.user.id } : {}),
      entityType: "oidc_flow",
      entityId: row?.id,
      after: { provider: input.provider, intent: input.intent },
    });
  });
  return { secret, state, ...flowProofs(secret) };
}

/**
 * The provider's callback arrived: the flow the browser's cookie names is used up here, once,
 * and only if `state` is the one it was sent with. Answers what the host needs to redeem the code.
 */
export async function claimOidc(ctx: IdentityScope, input: OidcClaimInput) {
  return ctx.mutate(async (tx, audit) => {
    const [row] = await tx
      .delete(oidcFlow)
      .where(
        and(
          eq(oidcFlow.secretHash, hashSecret(input.flowSecret)),
          inArray(oidcFlow.intent, ["sign_in", "link"]),
          gt(oidcFlow.expiresAt, new Date()),
        ),
      )
      .returning();
    if (!row) throw badRequest(expiredMessage);
    if (
      row.provider !== input.provider ||
      !row.stateSecretHash ||
      !secretMatches(input.flowState, row.stateSecretHash)
    ) {
      throw badRequest("This sign-in could not be verified. Please start again.");
    }
    audit({
      ...(row.userId ? { actorUserId: row.userId } : {}),
      entityType: "oidc_flow",
      entityId: row.id,
    });
    return {
      intent: row.intent === "link" ? ("link" as const) : ("sign_in" as const),
      userId: row.userId,
      returnTo: row.returnTo,
      ...flowProofs(input.flowSecret),
    };
  });
}

export type OidcOutcome =
  | { outcome: "signed_in"; user: PublicUser; created: boolean; returnTo: string | null }
  | { outcome: "linked"; returnTo: string | null }
  | { outcome: "confirm"; token: string };

/**
 * What a validated ID token leads to: the identity's own account signs in; a link started by a
 * signed-in account links it (unless another account has it); an email that belongs to an
 * account is never linked here (the owner confirms with the account's password, and only when
 * the provider verified the address); otherwise a new account is made and signed in.
 */
export async function completeOidc(
  ctx: IdentityScope,
  input: OidcCompleteInput,
): Promise<OidcOutcome> {
  const label = labelOf(ctx, input.provider);
  const { claims } = input;
  const now = new Date();

  const result = await ctx.mutate(async (tx, audit) => {
    const [linked] = await tx
      .select({ id: userIdentity.id, userId: userIdentity.userId })
      .from(userIdentity)
      .where(and(eq(userIdentity.issuer, claims.issuer), eq(userIdentity.subject, claims.subject)))
      .for("update");
    const touch = (identityId: string) =>
      tx
        .update(userIdentity)
        .set({ lastUsedAt: now, ...(claims.email ? { email: claims.email } : {}) })
        .where(eq(userIdentity.id, identityId));

    if (input.intent === "link") {
      if (!input.userId || ctx.user?.id !== input.userId) {
        throw new DomainError("UNAUTHORIZED", `Sign in again to link ${label}`);
      }
      if (linked && linked.userId !== input.userId) {
        throw conflict(
          `This ${label} account is already linked to another Caredesk account, so it was not linked to yours.`,
        );
      }
      let identityId = linked?.id;
      if (identityId) await touch(identityId);
      else identityId = await insertIdentity(tx, input.userId, input.provider, claims, now);
      audit({
        actorUserId: input.userId,
        entityType: "user_identity",
        entityId: identityId,
        after: { provider: input.provider, issuer: claims.issuer, email: claims.email },
      });
      return { outcome: "linked" as const, returnTo: input.returnTo };
    }

    if (linked) {
      await touch(linked.id);
      const [account] = await tx
        .select(publicUserColumns)
        .from(user)
        .where(eq(user.id, linked.userId));
      if (!account) throw badRequest(expiredMessage);
      audit({
        actorUserId: account.id,
        entityType: "user",
        entityId: account.id,
        after: { method: input.provider },
      });
      const opened = await openSession(tx, account.id, ctx);
      return {
        outcome: "signed_in" as const,
        user: account,
        created: false,
        returnTo: input.returnTo,
        opened,
      };
    }

    if (!claims.email) {
      throw badRequest(`${label} did not share an email address, so no account could be made.`);
    }
    const owner = await findUserByEmail(tx, claims.email);
    if (owner) {
      if (!claims.emailVerified) {
        throw new DomainError(
          "FORBIDDEN",
          `An account already uses ${claims.email}, and ${label} has not verified that address. Sign in with your password, then link ${label} from your account page.`,
        );
      }
      const token = newSecret();
      const [row] = await tx
        .insert(oidcFlow)
        .values({
          secretHash: hashSecret(token),
          intent: "confirm",
          provider: input.provider,
          userId: owner.id,
          returnTo: input.returnTo,
          issuer: claims.issuer,
          subject: claims.subject,
          email: claims.email,
          expiresAt: new Date(now.getTime() + oidcFlowLifetimeMs),
        })
        .returning({ id: oidcFlow.id });
      audit({ entityType: "oidc_flow", entityId: row?.id, after: { intent: "confirm" } });
      return { outcome: "confirm" as const, token };
    }

    const [created] = await tx
      .insert(user)
      .values({
        email: claims.email,
        name: claims.name ?? claims.email.split("@")[0] ?? claims.email,
        passwordHash: unusablePasswordHash(),
        emailVerifiedAt: claims.emailVerified ? now : null,
      })
      .returning(publicUserColumns);
    if (!created) throw new Error("user insert returned nothing");
    await insertIdentity(tx, created.id, input.provider, claims, now);
    audit({
      actorUserId: created.id,
      entityType: "user",
      entityId: created.id,
      after: { email: created.email, name: created.name, method: input.provider },
    });
    const opened = await openSession(tx, created.id, ctx);
    return {
      outcome: "signed_in" as const,
      user: created,
      created: true,
      returnTo: input.returnTo,
      opened,
    };
  });

  if (result.outcome !== "signed_in") return result;
  const { opened, ...answer } = result;
  ctx.cookies.set(opened.token, opened.session.expiresAt);
  return answer;
}

async function insertIdentity(
  tx: Database,
  userId: string,
  provider: string,
  claims: OidcCompleteInput["claims"],
  now: Date,
): Promise<string> {
  const [row] = await tx
    .insert(userIdentity)
    .values({
      userId,
      provider,
      issuer: claims.issuer,
      subject: claims.subject,
      email: claims.email,
      createdAt: now,
      lastUsedAt: now,
    })
    .returning({ id: userIdentity.id });
  if (!row) throw new Error("identity insert returned nothing");
  return row.id;
}

// ---------------------------------------------------------------------------------------------
// Confirming a link to an existing account (the confirm screen)

async function openConfirmation(db: Database, token: string) {
  const [row] = await db
    .select({
      id: oidcFlow.id,
      provider: oidcFlow.provider,
      userId: oidcFlow.userId,
      issuer: oidcFlow.issuer,
      subject: oidcFlow.subject,
      email: oidcFlow.email,
      returnTo: oidcFlow.returnTo,
      accountEmail: user.email,
      hasPassword: sql<boolean>`left(${user.passwordHash}, 1) <> '!'`,
    })
    .from(oidcFlow)
    .innerJoin(user, eq(user.id, oidcFlow.userId))
    .where(
      and(
        eq(oidcFlow.secretHash, hashSecret(token)),
        eq(oidcFlow.intent, "confirm"),
        gt(oidcFlow.expiresAt, new Date()),
      ),
    );
  if (!row?.userId || !row.issuer || !row.subject) {
    throw badRequest("This link has expired or was already used. Please sign in again.");
  }
  return { ...row, userId: row.userId, issuer: row.issuer, subject: row.subject };
}

/** What the confirm screen shows: which provider and address wait to be linked to which account. */
export async function pendingLink(
  ctx: Pick<IdentityScope, "db" | "signInProviders">,
  token: string,
) {
  const open = await openConfirmation(ctx.db, token);
  return {
    provider: open.provider,
    providerLabel: labelOf(ctx, open.provider),
    email: open.email,
    accountEmail: open.accountEmail,
    hasPassword: open.hasPassword,
  };
}

/**
 * Links the waiting identity once the account's password proves the person owns the account
 * (a verified address at the provider shows they own the mailbox, not the Caredesk account:
 * a mailbox can change hands, and the provider may be one anybody can register with), then
 * signs them in, as a password sign-in would.
 */
export async function confirmLink(ctx: IdentityScope, input: ConfirmLinkInput) {
  const open = await openConfirmation(ctx.db, input.confirmToken);
  let account: PublicUser;
  try {
    account = await checkCredentials(ctx.db, {
      email: open.accountEmail,
      password: input.password,
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === "UNAUTHORIZED") {
      throw new FieldError("UNAUTHORIZED", { password: ["Password is incorrect"] });
    }
    throw error;
  }
  const now = new Date();
  const { opened, returnTo } = await ctx.mutate(async (tx, audit) => {
    const [used] = await tx
      .delete(oidcFlow)
      .where(and(eq(oidcFlow.id, open.id), gt(oidcFlow.expiresAt, now)))
      .returning({ id: oidcFlow.id });
    if (!used) throw badRequest("This link has expired or was already used. Please sign in again.");
    const [taken] = await tx
      .select({ userId: userIdentity.userId })
      .from(userIdentity)
      .where(and(eq(userIdentity.issuer, open.issuer), eq(userIdentity.subject, open.subject)));
    if (taken && taken.userId !== account.id) {
      throw conflict(
        `This ${labelOf(ctx, open.provider)} account is already linked to another Caredesk account.`,
      );
    }
    const identityId = taken
      ? undefined
      : await insertIdentity(
          tx,
          account.id,
          open.provider,
          {
            issuer: open.issuer,
            subject: open.subject,
            email: open.email,
            emailVerified: true,
            name: null,
          },
          now,
        );
    audit({
      actorUserId: account.id,
      entityType: "user_identity",
      ...(identityId ? { entityId: identityId } : {}),
      after: { provider: open.provider, issuer: open.issuer, email: open.email },
    });
    return { opened: await openSession(tx, account.id, ctx), returnTo: open.returnTo };
  });
  ctx.cookies.set(opened.token, opened.session.expiresAt);
  return { user: account, returnTo };
}

// ---------------------------------------------------------------------------------------------
// The account page

/** The account's ways to sign in: its password (or none) and each linked provider. */
export async function signInMethods(
  ctx: Pick<IdentityScope, "db" | "signInProviders"> & { user: { id: string } },
) {
  const [account] = await ctx.db
    .select({ hasPassword: sql<boolean>`left(${user.passwordHash}, 1) <> '!'` })
    .from(user)
    .where(eq(user.id, ctx.user.id));
  const identities = await ctx.db
    .select({
      id: userIdentity.id,
      provider: userIdentity.provider,
      email: userIdentity.email,
      createdAt: userIdentity.createdAt,
      lastUsedAt: userIdentity.lastUsedAt,
    })
    .from(userIdentity)
    .where(eq(userIdentity.userId, ctx.user.id))
    .orderBy(userIdentity.createdAt);
  return {
    password: account?.hasPassword ?? false,
    identities: identities.map((row) => ({ ...row, providerLabel: labelOf(ctx, row.provider) })),
  };
}

/** Removes a linked provider, never the account's last way to sign in. */
export async function unlinkIdentity(
  ctx: IdentityScope & { user: { id: string } },
  identityId: string,
) {
  const userId = ctx.user.id;
  await ctx.mutate(async (tx, audit) => {
    // The account's row is locked so two removals at once cannot both leave the other.
    const [account] = await tx
      .select({ hasPassword: sql<boolean>`left(${user.passwordHash}, 1) <> '!'` })
      .from(user)
      .where(eq(user.id, userId))
      .for("update");
    const [identity] = await tx
      .select({ id: userIdentity.id, provider: userIdentity.provider })
      .from(userIdentity)
      .where(and(eq(userIdentity.id, identityId), eq(userIdentity.userId, userId)));
    if (!account || !identity) throw notFound("Sign-in method not found");
    const [others] = await tx
      .select({ n: count() })
      .from(userIdentity)
      .where(eq(userIdentity.userId, userId));
    if (!account.hasPassword && (others?.n ?? 0) <= 1) {
      throw conflict(
        `${labelOf(ctx, identity.provider)} is your only way to sign in. Set a password or link another provider first.`,
      );
    }
    await tx.delete(userIdentity).where(eq(userIdentity.id, identity.id));
    audit({
      actorUserId: userId,
      entityType: "user_identity",
      entityId: identity.id,
      before: { provider: identity.provider },
    });
  });
  return { ok: true as const };
}
