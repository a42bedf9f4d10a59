// Audit scenarios of the practice assistant (questions, handovers, deleting a conversation, the
// inbox and settings) and of the practice's FAQ: one per mutation.
import { addPortalPatient, callerFor, createOrganization, signUp } from "@caredesk/api/testing";
import type { AuditKit, Scenario } from "./kit";

export function assistantScenarios(kit: AuditKit): Record<string, Scenario> {
  /** A practice with the assistant on, its owner and a portal patient. */
  async function practice() {
    const db = kit.db();
    const owner = await signUp(db, { name: "Olivia Owner" });
    const organization = await createOrganization(db, owner);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const patient = await addPortalPatient(db, organization.id, owner);
    const portal = await callerFor(db, {
      token: patient.user.token,
      organizationId: organization.id,
    });
    return { db, owner, organization, staff, patient, portal };
  }

  /** A visitor's conversation on the site, with its token. */
  async function visitorConversation() {
    const p = await practice();
    const visitor = await callerFor(p.db, {});
    const asked = await visitor.assistant.ask({
      slug: p.organization.slug,
      message: "When are you open?",
    });
    kit.remember(asked.token ?? undefined);
    return { ...p, conversationId: asked.conversationId, token: asked.token ?? "" };
  }

  return {
    "assistant.ask": async (run) => {
      const { organization } = await practice();
      const caller = await run.as(null);
      const asked = await caller.assistant.ask({
        slug: organization.slug,
        message: "Where are you?",
      });
      kit.remember(asked.token ?? undefined);
      return { actorUserId: null, organizationId: organization.id };
    },
    "assistant.forget": async (run) => {
      const { organization, conversationId, token } = await visitorConversation();
      const caller = await run.as(null);
      await caller.assistant.forget({ slug: organization.slug, conversationId, token });
      return { actorUserId: null, organizationId: organization.id };
    },
    "assistant.handover": async (run) => {
      const { organization, conversationId, token } = await visitorConversation();
      const caller = await run.as(null);
      await caller.assistant.handover({
        slug: organization.slug,
        conversationId,
        token,
        name: "Salma Fouad",
        phone: "+201001234567",
      });
      return { actorUserId: null, organizationId: organization.id };
    },
    "assistant.askMine": async (run) => {
      const { organization, patient } = await practice();
      const caller = await run.as(patient.user, organization.id);
      await caller.assistant.askMine({ message: "What is my next appointment?" });
      return { actorUserId: patient.user.id, organizationId: organization.id };
    },
    "assistant.forgetMine": async (run) => {
      const { organization, patient, portal } = await practice();
      const { conversationId } = await portal.assistant.askMine({ message: "Hello" });
      const caller = await run.as(patient.user, organization.id);
      await caller.assistant.forgetMine({ conversationId });
      return { actorUserId: patient.user.id, organizationId: organization.id };
    },
    "assistant.handoverMine": async (run) => {
      const { organization, patient, portal } = await practice();
      const { conversationId } = await portal.assistant.askMine({ message: "Hello" });
      const caller = await run.as(patient.user, organization.id);
      await caller.assistant.handoverMine({ conversationId, note: "Please call me" });
      return { actorUserId: patient.user.id, organizationId: organization.id };
    },
    "assistant.resolve": async (run) => {
      const { owner, organization, portal } = await practice();
      const { conversationId } = await portal.assistant.askMine({ message: "Hello" });
      await portal.assistant.handoverMine({ conversationId });
      const caller = await run.as(owner, organization.id);
      await caller.assistant.resolve({ id: conversationId });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "assistant.updateSettings": async (run) => {
      const { owner, organization } = await practice();
      const caller = await run.as(owner, organization.id);
      await caller.assistant.updateSettings({ retentionDays: 30, dailyTokens: 1000 });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "faq.create": async (run) => {
      const { owner, organization } = await practice();
      const caller = await run.as(owner, organization.id);
      await caller.faq.create({ question: "Do you have parking?", answer: "Yes, behind us." });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "faq.update": async (run) => {
      const { owner, organization, staff } = await practice();
      const faq = await staff.faq.create({ question: "Parking?", answer: "Yes." });
      const caller = await run.as(owner, organization.id);
      await caller.faq.update({ id: faq.id, question: "Parking?", answer: "Yes, free." });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "faq.remove": async (run) => {
      const { owner, organization, staff } = await practice();
      const faq = await staff.faq.create({ question: "Parking?", answer: "Yes." });
      const caller = await run.as(owner, organization.id);
      await caller.faq.remove({ id: faq.id });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "faq.move": async (run) => {
      const { owner, organization, staff } = await practice();
      await staff.faq.create({ question: "Parking?", answer: "Yes." });
      const second = await staff.faq.create({ question: "Wifi?", answer: "No." });
      const caller = await run.as(owner, organization.id);
      await caller.faq.move({ id: second.id, direction: "up" });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
  };
}
