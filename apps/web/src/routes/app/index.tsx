// The workspace home: the front desk's day. Today's agenda for the signed-in doctor or the
// whole practice, what the day counts, and what needs someone's attention now, in the
// practice's own time zone; it refreshes itself as appointments change anywhere.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Card,
  EmptyState,
  LoadingState,
  PageHeader,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  useI18n,
  useT,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { formatDuration, StatusBadge } from "../../components/appointment-status";
import { QueryError } from "../../components/query-error";
import { can, canManageMembers, canReadMembers } from "../../lib/permissions";
import { useWorkspace, type MyOrganization } from "../../lib/workspace";
import { useNow, zonedFormat } from "../../lib/zoned";

type Day = RouterOutputs["frontDesk"]["today"];
type AgendaItem = Day["agenda"][number];
type Scope = "mine" | "practice";

export function WorkspaceHome() {
  const t = useT();
  const { user, organization } = useWorkspace();

  if (!organization) {
    return (
      <>
        <PageHeader title={t("workspace.welcome", { name: user.name })} />
        <Card>
          <EmptyState
            titleAs="h2"
            title={t("workspace.empty.title")}
            description={t("workspace.empty.body", { email: user.email })}
            action={
              <Link to="/app/organizations/new" className={buttonClasses("primary")}>
                {t("workspace.empty.action")}
              </Link>
            }
          />
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={organization.name}
        description={t("workspace.welcome", { name: user.name })}
        actions={
          <>
            {/* The public site is a server-rendered page, not a route of this app. */}
            <a href={`/p/${organization.slug}`} className={buttonClasses("ghost")}>
              {t("workspace.publicPage")}
            </a>
            {canReadMembers(organization.role) && (
              <Link to="/app/members" className={buttonClasses("secondary")}>
                {canManageMembers(organization.role)
                  ? t("workspace.manageMembers")
                  : t("workspace.viewMembers")}
              </Link>
            )}
          </>
        }
      />
      {can(organization.role, "appointment.read") ? (
        <FrontDesk key={organization.id} organization={organization} />
      ) : (
        <Card title={t("workspace.overview", { organization: organization.name })}>
          <Badge tone="brand" className="text-sm">
            {t(`role.${organization.role}`)}
          </Badge>
        </Card>
      )}
    </>
  );
}

function FrontDesk({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  // Doctors start with their own column; everyone else with the whole practice.
  const [scope, setScope] = useState<Scope>(organization.role === "doctor" ? "mine" : "practice");
  const [live, setLive] = useState(false);
  const now = useNow();
  const day = trpc.frontDesk.today.useQuery(
    { scope },
    // Past the minute, "starts in 12 min" and the not-arrived list move on by themselves.
    { refetchInterval: 60_000 },
  );

  trpc.appointment.onChange.useSubscription(undefined, {
    onStarted: () => setLive(true),
    onData: () => {
      void utils.frontDesk.today.invalidate();
      void utils.appointment.requests.invalidate();
    },
    onError: () => setLive(false),
  });

  const timeZone = day.data?.timeZone ?? organization.timeZone;
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold text-slate-900" data-testid="today-date">
            {fmt.day(day.data?.date ?? todayFallback(timeZone))}
          </h2>
          <p className="text-sm text-slate-600">
            {t("today.zone", { zone: timeZone })}
            {live && (
              <Badge tone="success" className="ms-2">
                {t("today.live")}
              </Badge>
            )}
          </p>
        </div>
        <ScopeToggle scope={scope} onChange={setScope} />
      </div>

      {day.isPending ? (
        <LoadingState />
      ) : day.isError ? (
        <Card>
          <QueryError
            error={day.error}
            onRetry={() => void day.refetch()}
            retrying={day.isRefetching}
          />
        </Card>
      ) : (
        <>
          <Counts day={day.data} />
          <Attention
            day={day.data}
            fmt={fmt}
            now={now}
            canWrite={can(organization.role, "appointment.write")}
          />
          <Agenda
            day={day.data}
            fmt={fmt}
            canWrite={can(organization.role, "appointment.write")}
            onShowPractice={() => setScope("practice")}
          />
        </>
      )}
    </div>
  );
}

function todayFallback(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());
}

function ScopeToggle({ scope, onChange }: { scope: Scope; onChange: (scope: Scope) => void }) {
  const t = useT();
  const options: { value: Scope; label: string }[] = [
    { value: "mine", label: t("today.scope.mine") },
    { value: "practice", label: t("today.scope.practice") },
  ];
  return (
    <div role="group" aria-label={t("today.scope")} className="inline-flex rounded-lg shadow-sm">
      {options.map((option, i) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={scope === option.value}
          onClick={() => onChange(option.value)}
          className={[
            "h-9 border border-slate-300 px-3 text-sm font-medium focus-visible:z-10 focus-visible:outline-2 focus-visible:outline-brand-600",
            i === 0 ? "rounded-s-lg" : "-ms-px rounded-e-lg",
            scope === option.value
              ? "border-brand-700 bg-brand-700 text-white"
              : "bg-white text-slate-700 hover:bg-slate-50",
          ].join(" ")}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

function Counts({ day }: { day: Day }) {
  const { t, formatNumber } = useI18n();
  const tiles = [
    { key: "booked", label: t("today.count.booked"), value: day.counts.booked },
    { key: "arrived", label: t("today.count.arrived"), value: day.counts.arrived },
    { key: "completed", label: t("today.count.completed"), value: day.counts.completed },
    { key: "pending", label: t("today.count.pending"), value: day.counts.pending },
    { key: "noShow", label: t("today.count.noShow"), value: day.counts.noShow },
    { key: "cancelled", label: t("today.count.cancelled"), value: day.counts.cancelled },
  ];
  return (
    <section aria-labelledby="today-counts">
      <h2 id="today-counts" className="sr-only">
        {t("today.counts")}
      </h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {tiles.map((tile) => (
          <div
            key={tile.key}
            className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm"
            data-testid={`count-${tile.key}`}
          >
            <dt className="text-xs font-medium text-slate-600">{tile.label}</dt>
            <dd className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">
              {formatNumber(tile.value)}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

type Format = ReturnType<typeof zonedFormat>;

function Attention({
  day,
  fmt,
  now,
  canWrite,
}: {
  day: Day;
  fmt: Format;
  now: number;
  canWrite: boolean;
}) {
  const t = useT();
  return (
    <Card title={t("today.attention")}>
      {day.attention.length === 0 ? (
        <p className="text-sm text-slate-600">{t("today.attention.none")}</p>
      ) : (
        <ul className="flex flex-col divide-y divide-slate-100">
          {day.attention.map((item) => {
            if (item.kind === "requests") {
              return (
                <li
                  key="requests"
                  className="flex flex-wrap items-center justify-between gap-3 py-3"
                >
                  <p className="text-sm text-slate-800">
                    <span className="font-medium">
                      {t("today.attention.requests", { count: item.count })}
                    </span>{" "}
                    {t("today.attention.requests.oldest", {
                      waited: formatDuration(now - item.oldestCreatedAt.getTime(), t),
                    })}
                  </p>
                  <Link to="/app/requests" className={buttonClasses("secondary", "sm")}>
                    {t("today.attention.requests.open")}
                  </Link>
                </li>
              );
            }
            const a = item.appointment;
            const patient = a.patientName ?? t("today.noPatient");
            if (item.kind === "notArrived") {
              const minutes = Math.round((a.startsAt.getTime() - now) / 60_000);
              return (
                <li
                  key={`late-${a.id}`}
                  className="flex flex-wrap items-center justify-between gap-3 py-3"
                >
                  <p className="text-sm text-slate-800">
                    {t("today.attention.notArrived", { patient, time: fmt.time(a.startsAt) })} (
                    {minutes < 0
                      ? t("today.attention.notArrived.started", { minutes: -minutes })
                      : t("today.attention.notArrived.soon", { minutes })}
                    )
                  </p>
                  {canWrite && <StatusActions appointment={a} only={["in_progress", "no_show"]} />}
                </li>
              );
            }
            return (
              <li
                key={`unclosed-${a.id}`}
                className="flex flex-wrap items-center justify-between gap-3 py-3"
              >
                <p className="text-sm text-slate-800">
                  {t("today.attention.unclosed", { patient, when: fmt.dateTime(a.startsAt) })}
                </p>
                {canWrite && <StatusActions appointment={a} only={["completed", "no_show"]} />}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

type Settable = "in_progress" | "completed" | "no_show";

const actionLabel = {
  in_progress: "appointment.action.in_progress",
  completed: "appointment.action.completed",
  no_show: "appointment.action.no_show",
} as const;

/** The next steps of a visit (arrived, completed, no-show), as far as its status allows. */
function StatusActions({
  appointment,
  only,
}: {
  appointment: AgendaItem;
  only: readonly Settable[];
}) {
  const t = useT();
  const utils = trpc.useUtils();
  const setStatus = trpc.appointment.setStatus.useMutation({
    onSuccess: () => utils.frontDesk.today.invalidate(),
  });
  const allowed: readonly Settable[] =
    appointment.status === "confirmed"
      ? only
      : appointment.status === "in_progress"
        ? only.filter((s) => s === "completed")
        : [];
  if (allowed.length === 0) return null;
  const patient = appointment.patientName ?? t("today.noPatient");
  return (
    <div className="flex flex-wrap items-center gap-2">
      {allowed.map((status) => (
        <Button
          key={status}
          size="sm"
          variant={status === "no_show" ? "ghost-danger" : "secondary"}
          loading={setStatus.isPending && setStatus.variables.status === status}
          aria-label={`${t(actionLabel[status])}: ${patient}`}
          onClick={() =>
            setStatus.mutate({ id: appointment.id, status, version: appointment.version })
          }
        >
          {t(actionLabel[status])}
        </Button>
      ))}
      {setStatus.error && (
        <span role="alert" className="text-sm text-red-700">
          {errorMessage(setStatus.error, t("ui.error.network"))}
        </span>
      )}
    </div>
  );
}

function Agenda({
  day,
  fmt,
  canWrite,
  onShowPractice,
}: {
  day: Day;
  fmt: Format;
  canWrite: boolean;
  onShowPractice: () => void;
}) {
  const t = useT();
  return (
    <Card
      title={t("today.agenda")}
      actions={
        <Link
          to="/app/calendar"
          search={{ date: day.date }}
          className={buttonClasses("ghost", "sm")}
        >
          {t("today.openCalendar")}
        </Link>
      }
    >
      {day.scope === "mine" && !day.practitioner ? (
        <Alert tone="info">
          <span>{t("today.agenda.noColumn")}</span>{" "}
          <Button size="sm" variant="secondary" onClick={onShowPractice}>
            {t("today.scope.practice")}
          </Button>
        </Alert>
      ) : day.agenda.length === 0 ? (
        <p className="text-sm text-slate-600">{t("today.agenda.empty")}</p>
      ) : (
        <Table caption={t("today.agenda.caption", { date: fmt.day(day.date) })} captionHidden>
          <THead>
            <Tr>
              <Th>{t("today.col.time")}</Th>
              <Th>{t("today.col.patient")}</Th>
              <Th>{t("today.col.service")}</Th>
              <Th>{t("today.col.doctor")}</Th>
              <Th>{t("today.col.status")}</Th>
              {canWrite && <Th>{t("today.col.actions")}</Th>}
            </Tr>
          </THead>
          <TBody>
            {day.agenda.map((a) => (
              <Tr key={a.id} className={a.status === "cancelled" ? "text-slate-500" : undefined}>
                <Td className="whitespace-nowrap tabular-nums">
                  {fmt.time(a.startsAt)} – {fmt.time(a.endsAt)}
                </Td>
                <Td>
                  {a.patientId ? (
                    <Link
                      to="/app/patients/$patientId"
                      params={{ patientId: a.patientId }}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {a.patientName}
                    </Link>
                  ) : (
                    t("today.noPatient")
                  )}
                  {a.patientConfirmedAt && (
                    <Badge tone="success" className="ms-2">
                      {t("today.patientConfirmed")}
                    </Badge>
                  )}
                </Td>
                <Td>{a.serviceName}</Td>
                <Td>{a.practitioners.join(", ") || "—"}</Td>
                <Td>
                  <StatusBadge status={a.status} t={t} />
                  {a.cancellationReason && (
                    <span className="mt-1 block text-xs text-slate-600">
                      {a.cancellationReason}
                    </span>
                  )}
                </Td>
                {canWrite && (
                  <Td>
                    <StatusActions appointment={a} only={["in_progress", "completed", "no_show"]} />
                  </Td>
                )}
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
