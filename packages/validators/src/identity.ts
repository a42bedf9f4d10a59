// Sign-in with OpenID Connect providers (Google, any other issuer the deployment configures):
// the account's linked methods, and the host's facts about a provider's answer.
import { z } from "zod";
import { Code, Email, Id, PasswordAttempt, SingleLine } from "./common";

/** A provider's name in this deployment's configuration ("google", "okta"). */
export const ProviderId = Code(/^[a-z][a-z0-9_]{0,31}$/, "Unknown sign-in provider", 32);

/** The secret a browser holds for a flow (cookie) or a confirmation (the confirm screen's link). */
export const FlowSecret = Code(/^[A-Za-z0-9_-]{43}$/, "This link is not valid", 43);

/** A path of the web app to continue at; never another site. */
export const ReturnPath = Code(
  /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/,
  "Not a path of this site",
  500,
);

export const UnlinkIdentityInput = z.object({ identityId: Id });

export const PendingLinkInput = z.object({ confirmToken: FlowSecret });

export const ConfirmLinkInput = z.object({
  confirmToken: FlowSecret,
  password: PasswordAttempt(),
});

// ---------------------------------------------------------------------------------------------
// Host-only inputs (apps/server's /auth/oidc routes): facts the host established itself

export const OidcBeginInput = z.object({
  provider: ProviderId,
  intent: z.enum(["sign_in", "link"]),
  returnTo: ReturnPath.optional(),
});

export const OidcClaimInput = z.object({
  provider: ProviderId,
  flowSecret: FlowSecret,
  flowState: FlowSecret,
});

/** What a validated ID token said (issuer, audience, nonce, expiry and signature checked). */
export const OidcClaims = z.object({
  issuer: Code(/^https?:\/\/[\x21-\x7e]+$/, "Not an issuer URL", 500),
  subject: SingleLine(255),
  email: Email.nullable(),
  emailVerified: z.boolean(),
  name: SingleLine(200).nullable(),
});
export type OidcClaims = z.infer<typeof OidcClaims>;

export const OidcCompleteInput = z.object({
  provider: ProviderId,
  intent: z.enum(["sign_in", "link"]),
  /** Who started a link (from the claimed flow). */
  userId: Id.nullable(),
  returnTo: ReturnPath.nullable(),
  claims: OidcClaims,
});

export type OidcBeginInput = z.infer<typeof OidcBeginInput>;
export type OidcClaimInput = z.infer<typeof OidcClaimInput>;
export type OidcCompleteInput = z.infer<typeof OidcCompleteInput>;
export type ConfirmLinkInput = z.infer<typeof ConfirmLinkInput>;
