// Audit scenarios of what platform operators do to practices and users (apps/admin): one per
// mutation. Changes to a practice are audited under that practice, so its own log shows them.
import { queryRows } from "@caredesk/db";
import {
  createOrganization,
  createStockedPractice,
  makePlatformOperator,
  signUp,
} from "@caredesk/api/testing";
import { sql } from "drizzle-orm";
import type { AuditKit, Scenario } from "./kit";

export function adminScenarios(kit: AuditKit): Record<string, Scenario> {
  async function operator() {
    const person = await signUp(kit.db(), { name: "Platform Operator" });
    kit.remember(person.token);
    await makePlatformOperator(kit.db(), person);
    return person;
  }

  async function practice() {
    const owner = await signUp(kit.db(), { name: "Olivia Owner" });
    kit.remember(owner.token);
    return createOrganization(kit.db(), owner);
  }

  return {
    "admin.suspendOrganization": async (run) => {
      const [actor, organization] = await Promise.all([operator(), practice()]);
      await (
        await run.as(actor)
      ).admin.suspendOrganization({ organizationId: organization.id, reason: "Unpaid since May" });
      return { actorUserId: actor.id, organizationId: organization.id };
    },
    "admin.restoreOrganization": async (run) => {
      const [actor, organization] = await Promise.all([operator(), practice()]);
      await kit
        .db()
        .execute(
          sql`update organization set suspended_at = now(), suspension_reason = 'Unpaid' where id = ${organization.id}`,
        );
      await (await run.as(actor)).admin.restoreOrganization({ organizationId: organization.id });
      return { actorUserId: actor.id, organizationId: organization.id };
    },
    "admin.setFeatures": async (run) => {
      const [actor, organization] = await Promise.all([operator(), practice()]);
      await (
        await run.as(actor)
      ).admin.setFeatures({ organizationId: organization.id, features: ["patient_portal"] });
      return { actorUserId: actor.id, organizationId: organization.id };
    },
    "admin.setOperator": async (run) => {
      const [actor, person] = await Promise.all([operator(), signUp(kit.db())]);
      kit.remember(person.token);
      await (await run.as(actor)).admin.setOperator({ userId: person.id, operator: true });
      return { actorUserId: actor.id, organizationId: null };
    },
    "admin.endSessions": async (run) => {
      const [actor, person] = await Promise.all([operator(), signUp(kit.db())]);
      kit.remember(person.token);
      await (await run.as(actor)).admin.endSessions({ userId: person.id });
      return { actorUserId: actor.id, organizationId: null };
    },
    "admin.resendVerification": async (run) => {
      const [actor, person] = await Promise.all([operator(), signUp(kit.db())]);
      kit.remember(person.token);
      await (await run.as(actor)).admin.resendVerification({ userId: person.id });
      return { actorUserId: actor.id, organizationId: null };
    },
    "admin.retryJob": async (run) => {
      const actor = await operator();
      const [failed] = await queryRows<{ id: string }>(
        kit.db(),
        sql`insert into pgboss.job (name, state, output)
            values ('stock-daily', 'failed', '{"message":"boom"}'::jsonb) returning id::text as id`,
      );
      await (await run.as(actor)).admin.retryJob({ id: failed?.id ?? "" });
      return { actorUserId: actor.id, organizationId: null };
    },
    "admin.moderateReview": async (run) => {
      const [actor, stocked] = await Promise.all([operator(), createStockedPractice(kit.db())]);
      kit.remember(stocked.owner.token);
      await (
        await run.as(actor)
      ).admin.moderateReview({ reviewId: stocked.ids.review, action: "publish" });
      return { actorUserId: actor.id, organizationId: stocked.organization.id };
    },
  };
}
