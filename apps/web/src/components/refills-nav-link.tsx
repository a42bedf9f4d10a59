// The nav's link to prescription refills, shown while the practice has the feature: in the
// portal to its patients, in the workspace to members who may read patients.
import { useT } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { can } from "../lib/permissions";
import { useWorkspace } from "../lib/workspace";

export function RefillsNavLink({
  to,
  className,
  activeProps,
}: {
  to: "/portal/refills" | "/app/refills";
  className: string;
  activeProps: { className: string };
}) {
  const t = useT();
  const { organization } = useWorkspace();
  if (!organization?.features.includes("prescription_refill")) return null;
  if (to === "/app/refills" && !can(organization.role, "patient.read")) return null;
  return (
    <Link to={to} className={className} activeProps={activeProps}>
      {t(to === "/app/refills" ? "refills.nav" : "portalRefills.nav")}
    </Link>
  );
}
