// The ambulance dispatch board: open requests in a column per status (newest first), today's
// closed ones, and response times on top. New requests and every change appear live (the
// board's feed over SSE); staff dispatch a vehicle and crew, record each step, or cancel with a
// reason the requester is told.
import type { RouterOutputs } from "@caredesk/api";
import { errorCode, errorMessage, trpc, useServerSubmit } from "@caredesk/client";
import {
  AmbulanceCancelInput,
  AmbulanceDispatchInput,
  openAmbulanceStatuses,
  type AmbulanceStatus,
} from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  Dialog,
  EmptyState,
  LoadingState,
  PageHeader,
  TextField,
  useI18n,
  useT,
  type BadgeTone,
  type MessageKey,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { formatDuration } from "../../components/appointment-status";
import { OrganizationGate } from "../../components/organization-gate";
import { QueryError } from "../../components/query-error";
import { ReasonDialog } from "../../components/reason-dialog";
import type { MyOrganization } from "../../lib/workspace";
import { useNow, zonedFormat } from "../../lib/zoned";

type Board = RouterOutputs["ambulance"]["board"];
type Request = Board["open"][number];
type Stats = RouterOutputs["ambulance"]["stats"];
type Format = ReturnType<typeof zonedFormat>;

export const ambulanceStatusLabel: Record<AmbulanceStatus, MessageKey> = {
  new: "ambulance.status.new",
  dispatched: "ambulance.status.dispatched",
  en_route: "ambulance.status.en_route",
  arrived: "ambulance.status.arrived",
  completed: "ambulance.status.completed",
  cancelled: "ambulance.status.cancelled",
};

const statusTone: Record<AmbulanceStatus, BadgeTone> = {
  new: "danger",
  dispatched: "warning",
  en_route: "warning",
  arrived: "brand",
  completed: "success",
  cancelled: "neutral",
};

/** The next step of an open request after dispatch, as its button says it. */
const nextStep = {
  dispatched: { step: "enRoute", label: "ambulance.enRoute" },
  en_route: { step: "arrived", label: "ambulance.arrived" },
  arrived: { step: "complete", label: "ambulance.complete" },
} as const satisfies Partial<
  Record<AmbulanceStatus, { step: "enRoute" | "arrived" | "complete"; label: MessageKey }>
>;

export function AmbulancePage() {
  const t = useT();
  return (
    <OrganizationGate action="ambulance.dispatch" title={t("ambulance.title")}>
      {(organization) => <AmbulanceBoard organization={organization} />}
    </OrganizationGate>
  );
}

/** The last 30 days up to today, as calendar dates (the server reads them in the practice's zone). */
function lastThirtyDays(now: number): { from: string; to: string } {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(now - 29 * 86_400_000), to: day(now) };
}

function AmbulanceBoard({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const now = useNow();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const [range] = useState(() => lastThirtyDays(Date.now()));
  const board = trpc.ambulance.board.useQuery();
  const stats = trpc.ambulance.stats.useQuery(range);
  const [notice, setNotice] = useState<string | null>(null);
  const [dispatching, setDispatching] = useState<Request | null>(null);
  const [cancelling, setCancelling] = useState<Request | null>(null);

  const refresh = () => {
    void utils.ambulance.board.invalidate();
    void utils.ambulance.stats.invalidate();
  };
  const [live, setLive] = useState(false);
  trpc.ambulance.onBoard.useSubscription(undefined, {
    // Whatever changed while the stream was down is fetched when it (re)opens.
    onStarted: () => {
      setLive(true);
      refresh();
    },
    onData: refresh,
    onError: () => setLive(false),
  });

  const enRoute = trpc.ambulance.enRoute.useMutation({ onSuccess: refresh });
  const arrived = trpc.ambulance.arrived.useMutation({ onSuccess: refresh });
  const complete = trpc.ambulance.complete.useMutation({ onSuccess: refresh });
  const steps = { enRoute, arrived, complete };
  const stepError = enRoute.error ?? arrived.error ?? complete.error;

  const moved = (request: Request, status: AmbulanceStatus) =>
    setNotice(
      t("ambulance.moved", {
        name: request.requesterName,
        status: t(ambulanceStatusLabel[status]),
      }),
    );

  const advance = async (request: Request, step: "enRoute" | "arrived" | "complete") => {
    setNotice(null);
    try {
      const after = await steps[step].mutateAsync({ id: request.id });
      moved(request, after.status);
    } catch {
      // Shown above the board.
    }
  };

  if (board.isError && errorCode(board.error) === "NOT_FOUND") {
    return (
      <>
        <PageHeader title={t("ambulance.title")} />
        <Card>
          <EmptyState
            titleAs="h2"
            title={t("ambulance.off.title")}
            description={t("ambulance.off.body")}
          />
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={t("ambulance.title")}
        description={t("ambulance.lead")}
        actions={
          live ? (
            <span data-testid="ambulance-live">
              <Badge tone="success">{t("ambulance.live")}</Badge>
            </span>
          ) : undefined
        }
      />
      <div className="flex flex-col gap-4">
        <Stats stats={stats} />
        {notice && <Alert tone="success">{notice}</Alert>}
        {stepError && <Alert tone="error">{errorMessage(stepError, t("ui.error.network"))}</Alert>}
        {board.isPending ? (
          <Card>
            <LoadingState />
          </Card>
        ) : board.isError ? (
          <Card>
            <QueryError
              error={board.error}
              onRetry={() => void board.refetch()}
              retrying={board.isRefetching}
            />
          </Card>
        ) : (
          <>
            {board.data.open.length === 0 && (
              <Card>
                <EmptyState
                  titleAs="h2"
                  title={t("ambulance.empty.title")}
                  description={t("ambulance.empty.body")}
                />
              </Card>
            )}
            <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4" data-testid="ambulance-board">
              {openAmbulanceStatuses.map((status) => {
                const items = board.data.open.filter((r) => r.status === status);
                return (
                  <section
                    key={status}
                    aria-label={t("ambulance.column.caption", {
                      status: t(ambulanceStatusLabel[status]),
                      count: items.length,
                    })}
                    data-testid={`ambulance-column-${status}`}
                    className="flex flex-col gap-3 rounded-lg bg-slate-50 p-3"
                  >
                    <h2 className="flex items-center justify-between text-sm font-semibold text-slate-700">
                      {t(ambulanceStatusLabel[status])}
                      <Badge tone={statusTone[status]}>{items.length}</Badge>
                    </h2>
                    {items.length === 0 ? (
                      <p className="text-sm text-slate-500">{t("ambulance.column.empty")}</p>
                    ) : (
                      items.map((request) => (
                        <RequestCard
                          key={request.id}
                          request={request}
                          fmt={fmt}
                          now={now}
                          actions={
                            <>
                              {request.status === "new" ? (
                                <Button
                                  size="sm"
                                  aria-label={t("ambulance.dispatchFor", {
                                    name: request.requesterName,
                                  })}
                                  onClick={() => {
                                    setNotice(null);
                                    setDispatching(request);
                                  }}
                                >
                                  {t("ambulance.dispatch")}
                                </Button>
                              ) : (
                                <StepButton
                                  request={request}
                                  pending={Object.values(steps).some(
                                    (m) => m.isPending && m.variables.id === request.id,
                                  )}
                                  onStep={(step) => void advance(request, step)}
                                />
                              )}
                              <Button
                                size="sm"
                                variant="ghost-danger"
                                aria-label={t("ambulance.stepFor", {
                                  step: t("ambulance.cancel"),
                                  name: request.requesterName,
                                })}
                                onClick={() => {
                                  setNotice(null);
                                  setCancelling(request);
                                }}
                              >
                                {t("ambulance.cancel")}
                              </Button>
                            </>
                          }
                        />
                      ))
                    )}
                  </section>
                );
              })}
            </div>
            <Card title={t("ambulance.closed.title")}>
              {board.data.closedToday.length === 0 ? (
                <p className="text-sm text-slate-600">{t("ambulance.closed.empty")}</p>
              ) : (
                <ul className="grid gap-3 md:grid-cols-2" data-testid="ambulance-closed">
                  {board.data.closedToday.map((request) => (
                    <li key={request.id}>
                      <RequestCard request={request} fmt={fmt} now={now} />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </>
        )}
      </div>
      {dispatching && (
        <DispatchDialog
          request={dispatching}
          onClose={() => setDispatching(null)}
          onDispatched={(after) => {
            setDispatching(null);
            moved(dispatching, after.status);
            refresh();
          }}
        />
      )}
      {cancelling && (
        <CancelDialog
          request={cancelling}
          onClose={() => setCancelling(null)}
          onCancelled={() => {
            setCancelling(null);
            moved(cancelling, "cancelled");
            refresh();
          }}
        />
      )}
    </>
  );
}

function Stats({
  stats,
}: {
  stats: {
    isPending: boolean;
    isError: boolean;
    isRefetching: boolean;
    error: unknown;
    data: Stats | undefined;
    refetch: () => Promise<unknown>;
  };
}) {
  const t = useT();
  if (stats.isPending) {
    return (
      <Card title={t("ambulance.stats.title")}>
        <LoadingState />
      </Card>
    );
  }
  if (stats.isError || !stats.data) {
    return (
      <Card title={t("ambulance.stats.title")}>
        <QueryError
          error={stats.error}
          onRetry={() => void stats.refetch()}
          retrying={stats.isRefetching}
        />
      </Card>
    );
  }
  const data = stats.data;
  const times = (label: MessageKey, figures: Stats["toDispatch"]) => (
    <div>
      <dt className="text-sm text-slate-600">{t(label)}</dt>
      <dd className="text-lg font-semibold text-slate-900 tabular-nums">
        {figures.medianMinutes === null
          ? t("ambulance.stats.none")
          : t("ambulance.stats.median", { minutes: figures.medianMinutes })}
      </dd>
      {figures.p90Minutes !== null && (
        <dd className="text-sm text-slate-600 tabular-nums">
          {t("ambulance.stats.p90", { minutes: figures.p90Minutes })}
        </dd>
      )}
    </div>
  );
  const count = (label: MessageKey, value: number) => (
    <div>
      <dt className="text-sm text-slate-600">{t(label)}</dt>
      <dd className="text-lg font-semibold text-slate-900 tabular-nums">{value}</dd>
    </div>
  );
  return (
    <Card title={t("ambulance.stats.title")}>
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-5" data-testid="ambulance-stats">
        {times("ambulance.stats.toDispatch", data.toDispatch)}
        {times("ambulance.stats.toArrival", data.toArrival)}
        {count("ambulance.stats.total", data.total)}
        {count("ambulance.stats.completed", data.byStatus.completed)}
        {count("ambulance.stats.cancelled", data.byStatus.cancelled)}
      </dl>
    </Card>
  );
}

function StepButton({
  request,
  pending,
  onStep,
}: {
  request: Request;
  pending: boolean;
  onStep: (step: "enRoute" | "arrived" | "complete") => void;
}) {
  const t = useT();
  if (
    request.status !== "dispatched" &&
    request.status !== "en_route" &&
    request.status !== "arrived"
  ) {
    return null;
  }
  const next = nextStep[request.status];
  return (
    <Button
      size="sm"
      loading={pending}
      aria-label={t("ambulance.stepFor", { step: t(next.label), name: request.requesterName })}
      onClick={() => onStep(next.step)}
    >
      {t(next.label)}
    </Button>
  );
}

function RequestCard({
  request: r,
  fmt,
  now,
  actions,
}: {
  request: Request;
  fmt: Format;
  now: number;
  actions?: ReactNode;
}) {
  const t = useT();
  const open = (openAmbulanceStatuses as readonly string[]).includes(r.status);
  const mapUrl =
    r.latitude !== null && r.longitude !== null
      ? `https://www.openstreetmap.org/?mlat=${r.latitude}&mlon=${r.longitude}#map=17/${r.latitude}/${r.longitude}`
      : null;
  return (
    <article
      className="flex flex-col gap-2 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-sm"
      data-testid="ambulance-request"
      data-reference={r.reference}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <p className="font-semibold text-slate-900">{r.requesterName}</p>
          <p className="text-xs text-slate-600 tabular-nums">
            {t("ambulance.reference", { reference: r.reference })}
            {r.patientId && ` · ${t("ambulance.fromPortal")}`}
          </p>
        </div>
        <Badge tone={statusTone[r.status]}>{t(ambulanceStatusLabel[r.status])}</Badge>
      </div>
      <p className="text-xs text-slate-600">
        {t("ambulance.requested", { time: fmt.dateTime(r.createdAt) })}
        {open &&
          ` · ${t("ambulance.waited", { waited: formatDuration(now - r.createdAt.getTime(), t) })}`}
      </p>
      <a href={`tel:${r.contactPhone}`} className="font-medium text-brand-700 hover:underline">
        {t("ambulance.call", { phone: r.contactPhone })}
      </a>
      {r.pickupAddress && <p className="whitespace-pre-line text-slate-800">{r.pickupAddress}</p>}
      {mapUrl && (
        <a
          href={mapUrl}
          target="_blank"
          rel="noreferrer noopener"
          className="text-brand-700 hover:underline"
        >
          {t("ambulance.map")}
        </a>
      )}
      <div>
        <p className="text-xs font-medium text-slate-600">{t("ambulance.condition")}</p>
        <p className="whitespace-pre-line text-slate-800">{r.condition}</p>
      </div>
      {r.vehicle && (
        <p className="text-slate-700">
          {t("ambulance.vehicleCrew", { vehicle: r.vehicle, crew: r.crew ?? "" })}
        </p>
      )}
      {r.cancelReason && (
        <p className="text-slate-700">{t("ambulance.cancelReason", { reason: r.cancelReason })}</p>
      )}
      {actions && <div className="flex flex-wrap gap-2 pt-1">{actions}</div>}
    </article>
  );
}

function DispatchDialog({
  request,
  onClose,
  onDispatched,
}: {
  request: Request;
  onClose: () => void;
  onDispatched: (after: Request) => void;
}) {
  const t = useT();
  const dispatch = trpc.ambulance.dispatch.useMutation();
  const form = useForm({
    resolver: zodResolver(AmbulanceDispatchInput),
    defaultValues: { id: request.id, vehicle: "", crew: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["vehicle", "crew"]);
  const send = submit(async (values) => {
    onDispatched(await dispatch.mutateAsync(values));
  });
  return (
    <Dialog
      open
      onClose={onClose}
      title={t("ambulance.dispatch.title", { name: request.requesterName })}
      description={t("ambulance.dispatch.lead")}
    >
      <form noValidate onSubmit={send} className="flex flex-col gap-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField
          label={t("ambulance.dispatch.vehicle")}
          description={t("ambulance.dispatch.vehicleHint")}
          required
          autoFocus
          error={errors.vehicle?.message}
          {...form.register("vehicle")}
        />
        <TextField
          label={t("ambulance.dispatch.crew")}
          description={t("ambulance.dispatch.crewHint")}
          required
          error={errors.crew?.message}
          {...form.register("crew")}
        />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {t("ambulance.dispatch.submit")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function CancelDialog({
  request,
  onClose,
  onCancelled,
}: {
  request: Request;
  onClose: () => void;
  onCancelled: () => void;
}) {
  const t = useT();
  const cancel = trpc.ambulance.cancel.useMutation();
  return (
    <ReasonDialog
      title={t("ambulance.cancel.title", { name: request.requesterName })}
      description={t("ambulance.cancel.body")}
      label={t("ambulance.cancel.reason")}
      hint={t("ambulance.cancel.reasonHint")}
      submitLabel={t("ambulance.cancel.submit")}
      reason={AmbulanceCancelInput.shape.reason}
      onSubmit={async (reason) => {
        await cancel.mutateAsync({ id: request.id, reason });
        onCancelled();
      }}
      onClose={onClose}
    />
  );
}
