// The portal's link to one's orders: shown at a pharmacy or hospital, and elsewhere once the
// patient has an order there.
import { trpc } from "@caredesk/client";
import { useT } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useWorkspace } from "../lib/workspace";

export function OrdersNavLink({
  className,
  activeProps,
}: {
  className: string;
  activeProps: { className: string };
}) {
  const t = useT();
  const { organization } = useWorkspace();
  const sells = organization?.kind === "pharmacy" || organization?.kind === "hospital";
  const mine = trpc.order.mine.useQuery({ limit: 1 }, { enabled: !sells && Boolean(organization) });
  if (!sells && !mine.data?.items.length) return null;
  return (
    <Link to="/portal/orders" className={className} activeProps={activeProps}>
      {t("portalOrders.nav")}
    </Link>
  );
}
