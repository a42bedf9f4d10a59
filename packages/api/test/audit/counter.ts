// Audit scenarios of the pharmacy's counter sales: one per mutation.
import { schema } from "@caredesk/db";
import { callerFor, createPractice, uniqueIdempotencyKey } from "@caredesk/api/testing";
import { randomUUID } from "node:crypto";
import { moveStock } from "../../src/service/stock-ledger";
import type { AuditKit, Scenario } from "./kit";

export function counterScenarios(kit: AuditKit): Record<string, Scenario> {
  /** A practice with a product in stock (one lot of 20), and its staff member. */
  async function shelf() {
    const db = kit.db();
    const practice = await createPractice(db);
    const organizationId = practice.organization.id;
    const [item] = await db
      .insert(schema.product)
      .values({
        organizationId,
        sku: `A-${randomUUID().slice(0, 8)}`,
        name: "Plasters",
        priceMinor: 300,
      })
      .returning({ id: schema.product.id });
    const [lot] = await db
      .insert(schema.stockLot)
      .values({
        organizationId,
        productId: item?.id ?? "",
        batchNumber: "AUDIT-1",
        expiresOn: `${new Date().getUTCFullYear() + 2}-06-30`,
      })
      .returning({ id: schema.stockLot.id });
    await db.transaction((tx) =>
      moveStock(tx, {
        organizationId,
        lotId: lot?.id ?? "",
        kind: "receive",
        quantity: 20,
        userId: null,
      }),
    );
    const sale = (productId: string) => ({
      items: [{ productId, quantity: 1, discountMinor: 0 }],
      method: "cash" as const,
      tenderedMinor: 500,
      idempotencyKey: uniqueIdempotencyKey(),
    });
    return { ...practice, productId: item?.id ?? "", sale };
  }

  return {
    "counter.sell": async (run) => {
      const { staff, organization, productId, sale } = await shelf();
      await (await run.as(staff, organization.id)).counter.sell(sale(productId));
      return { actorUserId: staff.id, organizationId: organization.id };
    },

    "counter.void": async (run) => {
      const { owner, staff, organization, productId, sale } = await shelf();
      const ownerCaller = await callerFor(kit.db(), {
        token: owner.token,
        organizationId: organization.id,
      });
      const made = await ownerCaller.counter.sell(sale(productId));
      await (
        await run.as(staff, organization.id)
      ).counter.void({ id: made.id, reason: "Wrong item" });
      return { actorUserId: staff.id, organizationId: organization.id };
    },
  };
}
