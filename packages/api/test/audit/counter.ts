// Audit scenarios of the pharmacy's counter sales: one per mutation.
import type { AuditKit, Scenario } from "./kit";

export function counterScenarios(kit: AuditKit): Record<string, Scenario> {
  void kit;
  return {};
}
