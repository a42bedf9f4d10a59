// What a suspended practice's staff and patients see instead of its screens: why, and whom to
// ask. The api refuses the practice's procedures meanwhile (PRECONDITION_FAILED with the reason).
import { Card, EmptyState, useT } from "@caredesk/ui";
import type { MyOrganization } from "../lib/workspace";

export function SuspendedNotice({
  organization,
}: {
  organization: Pick<MyOrganization, "name" | "suspensionReason">;
}) {
  const t = useT();
  return (
    <Card>
      <div role="alert" data-testid="suspended-notice">
        <EmptyState
          titleAs="h1"
          title={t("suspended.title")}
          description={
            <span className="flex flex-col gap-2">
              <span>{t("suspended.body", { organization: organization.name })}</span>
              {organization.suspensionReason && (
                <span className="font-medium text-slate-900">
                  {t("suspended.reason", { reason: organization.suspensionReason })}
                </span>
              )}
              <span>{t("suspended.contact")}</span>
            </span>
          }
        />
      </div>
    </Card>
  );
}
