// Audit scenarios of the pharmacy's prescription refills: one per mutation.
import type { AuditKit, Scenario } from "./kit";

export function refillScenarios(kit: AuditKit): Record<string, Scenario> {
  void kit;
  return {};
}
