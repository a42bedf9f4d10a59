// A route's page: its screen behind the OrganizationGate, which shows "no organization yet" and
// "no access" itself and hands the screen the organization it works in.
import { useI18n, type MessageKey } from "@caredesk/ui";
import type { ComponentType } from "react";
import type { Action } from "../lib/permissions";
import type { MyOrganization } from "../lib/workspace";
import { OrganizationGate } from "./organization-gate";

export function organizationPage(
  /** What the screen needs to show anything at all. */
  action: Action,
  /** The page title while access is refused. */
  title: MessageKey,
  Screen: ComponentType<{ organization: MyOrganization }>,
) {
  return function OrganizationPage() {
    const { t } = useI18n();
    return (
      <OrganizationGate action={action} title={t(title)}>
        {(organization) => <Screen organization={organization} />}
      </OrganizationGate>
    );
  };
}
