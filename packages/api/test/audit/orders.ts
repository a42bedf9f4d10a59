// Audit scenarios of the pharmacy's online orders (placing, prescription review, picking, hand-over, cancelling): one per mutation.
import type { AuditKit, Scenario } from "./kit";

export function orderScenarios(kit: AuditKit): Record<string, Scenario> {
  void kit;
  return {};
}
