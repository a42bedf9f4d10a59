// Audit scenarios of the pharmacy's ambulance requests and dispatch: one per mutation.
import type { AuditKit, Scenario } from "./kit";

export function ambulanceScenarios(kit: AuditKit): Record<string, Scenario> {
  void kit;
  return {};
}
