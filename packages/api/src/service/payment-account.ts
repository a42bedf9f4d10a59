// A practice's keys for each payment provider. The secret parts are sealed with the host's key
// (AES-256-GCM, bound to the account's id) before they are stored, never returned, never logged;
// what a browser may know (publishable key, key id, merchant code) is kept plain.
import {
  gatewayOf,
  SealedSecretError,
  type CredentialsOf,
  type Gateway,
  type Provider,
} from "@caredesk/payments";
import { schema, type Database } from "@caredesk/db";
import type { PaymentAccountSaveInput } from "@caredesk/validators";
import { and, asc, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { DomainError, notFound } from "../errors";
import type { PaymentsConfig } from "../payments";
import type { OrgScope } from "../scope";

const { paymentAccount } = schema;

export interface PaymentAccountView {
  id: string;
  provider: Provider;
  publicKey: string;
  enabled: boolean;
  /** Where the provider must send its webhooks for this practice. */
  webhookPath: string;
  updatedAt: Date;
}

export type AccountRow = typeof paymentAccount.$inferSelect;

/** Where a provider posts events for one account: the id picks the secret that must sign them. */
export function webhookPath(provider: Provider, accountId: string): string {
  return `/webhooks/payments/${provider}/${accountId}`;
}

const view = (row: AccountRow): PaymentAccountView => ({
  id: row.id,
  provider: row.provider,
  publicKey: row.publicKey,
  enabled: row.enabled,
  webhookPath: webhookPath(row.provider, row.id),
  updatedAt: row.updatedAt,
});

function split(input: PaymentAccountSaveInput): { publicKey: string; credentials: object } {
  switch (input.provider) {
    case "stripe":
      return {
        publicKey: input.publishableKey,
        credentials: {
          publishableKey: input.publishableKey,
          secretKey: input.secretKey,
          webhookSecret: input.webhookSecret,
        } satisfies CredentialsOf["stripe"],
      };
    case "razorpay":
      return {
        publicKey: input.keyId,
        credentials: {
          keyId: input.keyId,
          keySecret: input.keySecret,
          webhookSecret: input.webhookSecret,
        } satisfies CredentialsOf["razorpay"],
      };
    case "fawry":
      return {
        publicKey: input.merchantCode,
        credentials: {
          merchantCode: input.merchantCode,
          secureKey: input.secureKey,
        } satisfies CredentialsOf["fawry"],
      };
  }
}

function requireBox(config: PaymentsConfig) {
  if (!config.box) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      "Online payments are off on this server: its operator has to set PAYMENT_KEYS_SECRET",
    );
  }
  return config.box;
}

export async function listPaymentAccounts(
  db: Database,
  organizationId: string,
): Promise<PaymentAccountView[]> {
  const rows = await db
    .select()
    .from(paymentAccount)
    .where(eq(paymentAccount.organizationId, organizationId))
    .orderBy(asc(paymentAccount.provider));
  return rows.map(view);
}

/** Saves (replaces) the practice's keys for one provider. */
export function savePaymentAccount(
  ctx: Pick<OrgScope, "db" | "org" | "mutate" | "payments">,
  input: PaymentAccountSaveInput,
): Promise<PaymentAccountView> {
  const box = requireBox(ctx.payments);
  const { publicKey, credentials } = split(input);
  return ctx.mutate(async (tx, audit) => {
    const [existing] = await tx
      .select()
      .from(paymentAccount)
      .where(
        and(
          eq(paymentAccount.organizationId, ctx.org.id),
          eq(paymentAccount.provider, input.provider),
        ),
      )
      .for("update");
    const id = existing?.id ?? randomUUID();
    const sealedSecrets = box.seal(JSON.stringify(credentials), id);
    const [row] = existing
      ? await tx
          .update(paymentAccount)
          .set({ publicKey, sealedSecrets, enabled: input.enabled })
          .where(and(eq(paymentAccount.organizationId, ctx.org.id), eq(paymentAccount.id, id)))
          .returning()
      : await tx
          .insert(paymentAccount)
          .values({
            id,
            organizationId: ctx.org.id,
            provider: input.provider,
            publicKey,
            sealedSecrets,
            enabled: input.enabled,
          })
          .returning();
    if (!row) throw new Error("payment account write returned nothing");
    // The audit keeps what a browser could see anyway; the sealed keys never leave the table.
    audit({
      entityType: "payment_account",
      entityId: row.id,
      before: existing
        ? { provider: existing.provider, publicKey: existing.publicKey, enabled: existing.enabled }
        : undefined,
      after: { provider: row.provider, publicKey: row.publicKey, enabled: row.enabled },
    });
    return view(row);
  });
}

export function removePaymentAccount(
  ctx: Pick<OrgScope, "db" | "org" | "mutate">,
  provider: Provider,
): Promise<{ provider: Provider }> {
  return ctx.mutate(async (tx, audit) => {
    // Kept, disabled: its webhooks still arrive for payments already made.
    const [row] = await tx
      .update(paymentAccount)
      .set({ enabled: false })
      .where(
        and(eq(paymentAccount.organizationId, ctx.org.id), eq(paymentAccount.provider, provider)),
      )
      .returning();
    if (!row) throw notFound("This provider is not set up");
    audit({ entityType: "payment_account", entityId: row.id, after: { provider, enabled: false } });
    return { provider };
  });
}

/** The account's keys, opened; a clear configuration error when they do not open. */
export function openAccount<P extends Provider>(
  config: PaymentsConfig,
  row: AccountRow & { provider: P },
): CredentialsOf[P] {
  const box = requireBox(config);
  try {
    return JSON.parse(box.open(row.sealedSecrets, row.id)) as CredentialsOf[P];
  } catch (error) {
    if (error instanceof SealedSecretError || error instanceof SyntaxError) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        "The practice's payment keys cannot be read on this server; the practice has to enter them again",
      );
    }
    throw error;
  }
}

export async function findAccount(
  db: Database,
  organizationId: string,
  provider: Provider,
): Promise<AccountRow | null> {
  const [row] = await db
    .select()
    .from(paymentAccount)
    .where(
      and(eq(paymentAccount.organizationId, organizationId), eq(paymentAccount.provider, provider)),
    );
  return row ?? null;
}

/** A client for the practice's account with `provider`; PRECONDITION_FAILED when there is none. */
export async function accountGateway(
  db: Database,
  config: PaymentsConfig,
  organizationId: string,
  provider: Provider,
  { requireEnabled = false } = {},
): Promise<Gateway> {
  const row = await findAccount(db, organizationId, provider);
  if (!row || (requireEnabled && !row.enabled)) {
    throw new DomainError("PRECONDITION_FAILED", "This practice does not take payments this way");
  }
  return gatewayFor(config, row);
}

// Opened keys and their provider clients, per account and version of its keys: building a
// provider's client (and opening its keys) for every webhook and call cost more than the rest.
const gateways = new WeakMap<PaymentsConfig, Map<string, Gateway>>();
const cachedPerConfig = 200;

/** The client for an account's keys, made once per version of them (a new save makes another). */
export function gatewayFor(config: PaymentsConfig, row: AccountRow): Gateway {
  let cache = gateways.get(config);
  if (!cache) {
    cache = new Map();
    gateways.set(config, cache);
  }
  const key = `${row.id}:${row.sealedSecrets}`;
  const known = cache.get(key);
  if (known) return known;
  const gateway = gatewayOf(
    row.provider,
    openAccount(config, row),
    config.endpoints[row.provider] ?? {},
  );
  if (cache.size >= cachedPerConfig) cache.delete(cache.keys().next().value ?? "");
  cache.set(key, gateway);
  return gateway;
}
