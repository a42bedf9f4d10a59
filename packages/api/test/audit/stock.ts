// Audit scenarios of the pharmacy's catalogue and stock (products, goods received, adjustments,
// counts): one per mutation.
import { callerFor, createOrganization, signUp } from "@caredesk/api/testing";
import { dayFromNow } from "../../src/testing/stock";
import type { AuditKit, Scenario } from "./kit";

export function stockScenarios(kit: AuditKit): Record<string, Scenario> {
  /** A practice with a product and one lot of it on the shelf, and maybe an open count. */
  async function practice(options: { archived?: boolean; count?: boolean } = {}) {
    const db = kit.db();
    const owner = await signUp(db, { name: "Olivia Owner" });
    const organization = await createOrganization(db, owner);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const product = await staff.product.create({
      sku: "PARA-500",
      barcode: "5000000000012",
      name: "Paracetamol 500 mg tablets",
      priceMinor: 199,
    });
    const receipt = await staff.stock.receive({
      supplier: "Alliance Healthcare",
      receivedOn: dayFromNow(0),
      lots: [
        { productId: product.id, batchNumber: "B1", expiresOn: dayFromNow(200), quantity: 12 },
      ],
    });
    const lotId = receipt.lots[0]?.lotId ?? "";
    if (options.archived) await staff.product.archive({ id: product.id });
    const countId = options.count ? (await staff.stock.countOpen({})).id : "";
    const lineId = countId ? ((await staff.stock.count({ id: countId })).lines[0]?.id ?? "") : "";
    return { owner, organization, staff, product, lotId, countId, lineId };
  }
  const as = (p: Awaited<ReturnType<typeof practice>>) => ({
    actorUserId: p.owner.id,
    organizationId: p.organization.id,
  });

  return {
    "product.create": async (run) => {
      const p = await practice();
      await (
        await run.as(p.owner, p.organization.id)
      ).product.create({ sku: "IBU-200", name: "Ibuprofen 200 mg tablets", priceMinor: 249 });
      return as(p);
    },
    "product.update": async (run) => {
      const p = await practice();
      await (
        await run.as(p.owner, p.organization.id)
      ).product.update({ id: p.product.id, priceMinor: 229 });
      return as(p);
    },
    "product.archive": async (run) => {
      const p = await practice();
      await (await run.as(p.owner, p.organization.id)).product.archive({ id: p.product.id });
      return as(p);
    },
    "product.restore": async (run) => {
      const p = await practice({ archived: true });
      await (await run.as(p.owner, p.organization.id)).product.restore({ id: p.product.id });
      return as(p);
    },
    "stock.receive": async (run) => {
      const p = await practice();
      await (
        await run.as(p.owner, p.organization.id)
      ).stock.receive({
        supplier: "Phoenix",
        reference: "INV-77",
        receivedOn: dayFromNow(0),
        lots: [
          { productId: p.product.id, batchNumber: "B2", expiresOn: dayFromNow(300), quantity: 24 },
        ],
      });
      return as(p);
    },
    "stock.adjust": async (run) => {
      const p = await practice();
      await (
        await run.as(p.owner, p.organization.id)
      ).stock.adjust({ lotId: p.lotId, quantity: -2, reason: "Damaged boxes" });
      return as(p);
    },
    "stock.countOpen": async (run) => {
      const p = await practice();
      await (await run.as(p.owner, p.organization.id)).stock.countOpen({ note: "Monthly" });
      return as(p);
    },
    "stock.countSet": async (run) => {
      const p = await practice({ count: true });
      await (
        await run.as(p.owner, p.organization.id)
      ).stock.countSet({ lineId: p.lineId, counted: 11 });
      return as(p);
    },
    "stock.countPost": async (run) => {
      const p = await practice({ count: true });
      await p.staff.stock.countSet({ lineId: p.lineId, counted: 11 });
      await (await run.as(p.owner, p.organization.id)).stock.countPost({ id: p.countId });
      return as(p);
    },
    "stock.countCancel": async (run) => {
      const p = await practice({ count: true });
      await (await run.as(p.owner, p.organization.id)).stock.countCancel({ id: p.countId });
      return as(p);
    },
  };
}
