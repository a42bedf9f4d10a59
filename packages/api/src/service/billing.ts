// The practice's money settings: tax on invoices, its fee on consultations paid through escrow,
// the dispute window before release, and the cancellation policy's refunds.
import { schema, type Database } from "@caredesk/db";
import type { BillingSettingsInput } from "@caredesk/validators";
import { eq } from "drizzle-orm";
import { notFound } from "../errors";
import type { OrgScope } from "../scope";

const { organization } = schema;

const settingsColumns = {
  currency: organization.currency,
  taxRateBps: organization.taxRateBps,
  taxLabel: organization.taxLabel,
  platformFeeBps: organization.platformFeeBps,
  disputeWindowHours: organization.disputeWindowHours,
  fullRefundHours: organization.fullRefundHours,
  lateRefundBps: organization.lateRefundBps,
};

export type BillingSettings = BillingSettingsInput & { currency: string };

export async function billingSettings(
  db: Database,
  organizationId: string,
): Promise<BillingSettings> {
  const [row] = await db
    .select(settingsColumns)
    .from(organization)
    .where(eq(organization.id, organizationId));
  if (!row) throw notFound("Organization not found");
  return row;
}

export function updateBillingSettings(
  ctx: Pick<OrgScope, "org" | "mutate">,
  input: BillingSettingsInput,
): Promise<BillingSettings> {
  return ctx.mutate(async (tx, audit) => {
    const before = await billingSettings(tx, ctx.org.id);
    const [after] = await tx
      .update(organization)
      .set(input)
      .where(eq(organization.id, ctx.org.id))
      .returning(settingsColumns);
    if (!after) throw notFound("Organization not found");
    audit({ entityType: "organization", entityId: ctx.org.id, before, after });
    return after;
  });
}
