// Audit scenarios of the pharmacy's online orders (placing, prescription review, picking,
// hand-over, cancelling, joining a practice): one per mutation.
import {
  addPortalPatient,
  callerFor,
  createOrganization,
  openSite,
  signUp,
} from "@caredesk/api/testing";
import { orderDetails, stockShop, testAddress } from "../../src/testing/orders";
import type { AuditKit, Scenario } from "./kit";

type Step = "approve" | "pick" | "ready" | "dispatch";

export function orderScenarios(kit: AuditKit): Record<string, Scenario> {
  /** A pharmacy with stock, its owner, a portal patient, and an order `steps` along. */
  async function pharmacy(steps: Step[] = [], delivery = false) {
    const db = kit.db();
    const owner = await signUp(db, { name: "Olivia Owner" });
    const organization = await createOrganization(db, owner);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const shop = await stockShop(staff);
    const patient = await addPortalPatient(db, organization.id, owner);
    const portal = await callerFor(db, {
      token: patient.user.token,
      organizationId: organization.id,
    });
    const { id } = await portal.order.placeMine(
      orderDetails(
        [{ productId: shop.otc, quantity: 1 }],
        delivery ? { fulfilment: "delivery", deliveryAddress: testAddress } : {},
      ),
    );
    for (const step of steps) await staff.order[step]({ id });
    return { owner, organization, patient, shop, id };
  }

  return {
    "order.placeMine": async (run) => {
      const { organization, patient, shop } = await pharmacy();
      const caller = await run.as(patient.user, organization.id);
      await caller.order.placeMine(orderDetails([{ productId: shop.otc, quantity: 2 }]));
      return { actorUserId: patient.user.id, organizationId: organization.id };
    },
    "order.cancelMine": async (run) => {
      const { organization, patient, id } = await pharmacy();
      const caller = await run.as(patient.user, organization.id);
      await caller.order.cancelMine({ id });
      return { actorUserId: patient.user.id, organizationId: organization.id };
    },
    "order.approve": async (run) => {
      const { owner, organization, id } = await pharmacy();
      const caller = await run.as(owner, organization.id);
      await caller.order.approve({ id, note: "Checked" });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "order.reject": async (run) => {
      const { owner, organization, id } = await pharmacy();
      const caller = await run.as(owner, organization.id);
      await caller.order.reject({ id, reason: "Not suitable" });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "order.pick": async (run) => {
      const { owner, organization, id } = await pharmacy(["approve"]);
      const caller = await run.as(owner, organization.id);
      await caller.order.pick({ id });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "order.ready": async (run) => {
      const { owner, organization, id } = await pharmacy(["approve", "pick"]);
      const caller = await run.as(owner, organization.id);
      await caller.order.ready({ id });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "order.dispatch": async (run) => {
      const { owner, organization, id } = await pharmacy(["approve", "pick"], true);
      const caller = await run.as(owner, organization.id);
      await caller.order.dispatch({ id });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "order.collect": async (run) => {
      const { owner, organization, id } = await pharmacy(["approve", "pick", "ready"]);
      const caller = await run.as(owner, organization.id);
      await caller.order.collect({ id, cashReceivedMinor: 420 });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "order.deliver": async (run) => {
      const { owner, organization, id } = await pharmacy(["approve", "pick", "dispatch"], true);
      const caller = await run.as(owner, organization.id);
      await caller.order.deliver({ id });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "order.cancel": async (run) => {
      const { owner, organization, id } = await pharmacy(["approve"]);
      const caller = await run.as(owner, organization.id);
      await caller.order.cancel({ id, reason: "Out of stock at the counter" });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "shop.join": async (run) => {
      const db = kit.db();
      const owner = await signUp(db, { name: "Olivia Owner" });
      const organization = await createOrganization(db, owner);
      await openSite(db, organization.id);
      const visitor = await signUp(db, { name: "Nour Samir" });
      const caller = await run.as(visitor);
      await caller.shop.join({ slug: organization.slug, mobile: "+201001112266" });
      return { actorUserId: visitor.id, organizationId: organization.id };
    },
  };
}
