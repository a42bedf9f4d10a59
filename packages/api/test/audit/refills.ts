// Audit scenarios of the pharmacy's prescription refills (a patient's request and its withdrawal,
// a doctor's approval or decline): one per mutation.
import { addPortalPatient, callerFor, createOrganization, signUp } from "@caredesk/api/testing";
import { stockShop } from "../../src/testing/orders";
import { signedPrescriptions } from "../../src/testing/refills";
import type { AuditKit, Scenario } from "./kit";

export function refillScenarios(kit: AuditKit): Record<string, Scenario> {
  /** A practice with stock, a portal patient with a signed prescription, and maybe a request. */
  async function practice(requested = true) {
    const db = kit.db();
    const owner = await signUp(db, { name: "Olivia Owner" });
    const organization = await createOrganization(db, owner);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const shop = await stockShop(staff);
    const patient = await addPortalPatient(db, organization.id, owner);
    const prescribed = await signedPrescriptions(db, staff, patient.patientId);
    const portal = await callerFor(db, {
      token: patient.user.token,
      organizationId: organization.id,
    });
    const id = requested
      ? (await portal.refill.requestMine({ prescriptionId: prescribed.aspirin })).id
      : "";
    return { owner, organization, shop, patient, prescribed, id };
  }

  return {
    "refill.requestMine": async (run) => {
      const { organization, patient, prescribed } = await practice(false);
      const caller = await run.as(patient.user, organization.id);
      await caller.refill.requestMine({
        prescriptionId: prescribed.aspirin,
        note: "Last strip",
      });
      return { actorUserId: patient.user.id, organizationId: organization.id };
    },
    "refill.cancelMine": async (run) => {
      const { organization, patient, id } = await practice();
      const caller = await run.as(patient.user, organization.id);
      await caller.refill.cancelMine({ id });
      return { actorUserId: patient.user.id, organizationId: organization.id };
    },
    "refill.approve": async (run) => {
      const { owner, organization, shop, id } = await practice();
      const caller = await run.as(owner, organization.id);
      await caller.refill.approve({
        id,
        note: "Same dose",
        items: [{ productId: shop.otc, quantity: 1 }],
      });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "refill.decline": async (run) => {
      const { owner, organization, id } = await practice();
      const caller = await run.as(owner, organization.id);
      await caller.refill.decline({ id, note: "Please book a review visit" });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
  };
}
