// The stocked practice's sign-in methods: the owner's linked provider, a provider flow the owner
// started (waiting for the provider's callback) and an identity waiting for the owner to confirm
// the link with their password. Filled in by `createStockedPractice` (testing.ts); the generated
// audit, isolation and fuzz tests reach them through the fixed secrets below (a database holds
// one of each, whichever practice was stocked first).
import { hashSecret } from "@caredesk/auth";
import { schema } from "@caredesk/db";
import type { PharmacyStockingContext, PracticeIds } from "../testing";

export interface IdentityIds {
  /** The owner's linked provider (they have a password too, so it can be unlinked). */
  userIdentity: string;
}

/** What the generated tests send: the flow's cookie secret and state, the confirm screen's token. */
export const stockedOidc = {
  provider: "google",
  flowSecret: "stocked-flow-secret-0123456789abcdefghijklm",
  flowState: "stocked-flow-state-0123456789abcdefghijklmn",
  confirmToken: "stocked-confirm-token-0123456789abcdefghijk",
  issuer: "https://id.example.test",
} as const;

const day = 24 * 60 * 60 * 1000;

export async function stockIdentity({
  db,
  owner,
}: Pick<PharmacyStockingContext, "db" | "owner">): Promise<IdentityIds> {
  const [identity] = await db
    .insert(schema.userIdentity)
    .values({
      userId: owner.id,
      provider: stockedOidc.provider,
      issuer: stockedOidc.issuer,
      subject: `stocked-${owner.id}`,
      email: owner.email,
    })
    .returning({ id: schema.userIdentity.id });
  if (!identity) throw new Error("identity insert returned nothing");
  const expiresAt = new Date(Date.now() + day);
  await db
    .insert(schema.oidcFlow)
    .values([
      {
        secretHash: hashSecret(stockedOidc.flowSecret),
        stateSecretHash: hashSecret(stockedOidc.flowState),
        intent: "link",
        provider: stockedOidc.provider,
        userId: owner.id,
        expiresAt,
      },
      {
        secretHash: hashSecret(stockedOidc.confirmToken),
        intent: "confirm",
        provider: stockedOidc.provider,
        userId: owner.id,
        issuer: stockedOidc.issuer,
        subject: `stocked-confirm-${owner.id}`,
        email: owner.email,
        expiresAt,
      },
    ])
    .onConflictDoNothing();
  return { userIdentity: identity.id };
}

export const identityRecordOfIdField: Record<string, keyof PracticeIds> = {
  identityId: "userIdentity",
};

/** Sample values of the sign-in flow's inputs that reach the stocked rows. */
export const identitySampleValues: Readonly<Record<string, unknown>> = {
  provider: stockedOidc.provider,
  flowSecret: stockedOidc.flowSecret,
  flowState: stockedOidc.flowState,
  confirmToken: stockedOidc.confirmToken,
  returnTo: "/app",
  "claims.issuer": stockedOidc.issuer,
  "claims.subject": "probe-subject",
  "claims.email": "oidc-probe@caredesk.test",
};
