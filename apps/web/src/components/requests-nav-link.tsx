// The nav's link to the requests inbox, with how many online bookings wait for an answer.
// Screens that follow the live appointment feed refresh it; otherwise it checks every 30 s.
import { trpc } from "@caredesk/client";
import { useI18n } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";

export function RequestsNavLink({
  className,
  activeClassName,
}: {
  className: string;
  activeClassName: string;
}) {
  const { t, formatNumber } = useI18n();
  const requests = trpc.appointment.requests.useQuery(
    { limit: 100 },
    { refetchInterval: 30_000, retry: false },
  );
  const count = requests.data?.items.length ?? 0;
  const more = Boolean(requests.data?.nextCursor);
  return (
    <Link
      to="/app/requests"
      className={`${className} inline-flex items-center whitespace-nowrap`}
      activeProps={{ className: `${activeClassName} inline-flex items-center whitespace-nowrap` }}
    >
      {t("nav.requests")}
      {count > 0 && (
        <span
          className="ms-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-amber-800 px-1.5 text-xs font-semibold text-white tabular-nums"
          data-testid="requests-badge"
        >
          <span aria-hidden="true">
            {formatNumber(count)}
            {more ? "+" : ""}
          </span>
          <span className="sr-only">{t("nav.requests.pending", { count })}</span>
        </span>
      )}
    </Link>
  );
}
