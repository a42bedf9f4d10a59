// Audit scenarios of the pharmacy's catalogue and stock (products, goods received, adjustments, counts): one per mutation.
import type { AuditKit, Scenario } from "./kit";

export function stockScenarios(kit: AuditKit): Record<string, Scenario> {
  void kit;
  return {};
}
