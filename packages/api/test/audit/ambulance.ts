// Audit scenarios of the pharmacy's ambulance requests and dispatch: one per mutation.
import {
  addPortalPatient,
  callerFor,
  createOrganization,
  signUp,
  uniqueIdempotencyKey,
} from "@caredesk/api/testing";
import { ambulanceRequestDetails } from "../../src/testing/ambulance";
import type { AuditKit, Scenario } from "./kit";

export function ambulanceScenarios(kit: AuditKit): Record<string, Scenario> {
  /** A hospital with the feature, its owner, a portal patient, and a request at `steps` along. */
  async function hospital(steps: ("dispatch" | "enRoute" | "arrived")[] = []) {
    const db = kit.db();
    const owner = await signUp(db, { name: "Olivia Owner" });
    const organization = await createOrganization(db, owner);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const patient = await addPortalPatient(db, organization.id, owner);
    const portal = await callerFor(db, {
      token: patient.user.token,
      organizationId: organization.id,
    });
    const { id } = await portal.ambulance.requestMine(ambulanceRequestDetails());
    for (const step of steps) {
      if (step === "dispatch")
        await staff.ambulance.dispatch({ id, vehicle: "AMB-1", crew: "Hany" });
      else await staff.ambulance[step]({ id });
    }
    return { owner, organization, patient, id };
  }

  return {
    "ambulance.request": async (run) => {
      const { organization } = await hospital();
      const caller = await run.as(null);
      await caller.ambulance.request({
        slug: organization.slug,
        ...ambulanceRequestDetails({ idempotencyKey: uniqueIdempotencyKey() }),
      });
      return { actorUserId: null, organizationId: organization.id };
    },
    "ambulance.requestMine": async (run) => {
      const { organization, patient } = await hospital();
      const caller = await run.as(patient.user, organization.id);
      await caller.ambulance.requestMine(ambulanceRequestDetails());
      return { actorUserId: patient.user.id, organizationId: organization.id };
    },
    "ambulance.dispatch": async (run) => {
      const { owner, organization, id } = await hospital();
      const caller = await run.as(owner, organization.id);
      await caller.ambulance.dispatch({ id, vehicle: "AMB-2", crew: "Mona" });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "ambulance.enRoute": async (run) => {
      const { owner, organization, id } = await hospital(["dispatch"]);
      const caller = await run.as(owner, organization.id);
      await caller.ambulance.enRoute({ id });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "ambulance.arrived": async (run) => {
      const { owner, organization, id } = await hospital(["dispatch", "enRoute"]);
      const caller = await run.as(owner, organization.id);
      await caller.ambulance.arrived({ id });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "ambulance.complete": async (run) => {
      const { owner, organization, id } = await hospital(["dispatch", "enRoute", "arrived"]);
      const caller = await run.as(owner, organization.id);
      await caller.ambulance.complete({ id });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "ambulance.cancel": async (run) => {
      const { owner, organization, id } = await hospital(["dispatch"]);
      const caller = await run.as(owner, organization.id);
      await caller.ambulance.cancel({ id, reason: "Patient reached hospital by taxi" });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
  };
}
