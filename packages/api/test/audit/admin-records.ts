// Audit scenarios of the operators' record browser: an edit through the product's own service
// and a bulk switch, each one audit row naming the operator and the record's organization.
import { createStockedPractice, makePlatformOperator, signUp } from "@caredesk/api/testing";
import type { AuditKit, Scenario } from "./kit";

export function adminRecordScenarios(kit: AuditKit): Record<string, Scenario> {
  async function operatorAndPractice() {
    const db = kit.db();
    const practice = await createStockedPractice(db);
    const operator = await signUp(db, { name: "Platform Operator" });
    kit.remember(operator.token, practice.owner.token);
    await makePlatformOperator(db, operator);
    return { practice, operator };
  }

  return {
    "adminRecords.update": async (run) => {
      const { practice, operator } = await operatorAndPractice();
      await (
        await run.as(operator)
      ).adminRecords.update({
        table: "service",
        id: practice.ids.service,
        values: { priceMinor: 45_000, name: "Long consultation" },
      });
      return { actorUserId: operator.id, organizationId: practice.organization.id };
    },
    "adminRecords.bulk": async (run) => {
      const { practice, operator } = await operatorAndPractice();
      await (
        await run.as(operator)
      ).adminRecords.bulk({ table: "service", ids: [practice.ids.service], action: "deactivate" });
      return { actorUserId: operator.id, organizationId: practice.organization.id };
    },
  };
}
