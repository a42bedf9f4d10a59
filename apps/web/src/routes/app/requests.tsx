// The requests inbox: appointments patients asked for online (public page, portal), the
// longest waiting first. Staff confirm them or decline with a reason the patient is told.
// New requests appear as they arrive (the live appointment feed).
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc } from "@caredesk/client";
import { AppointmentDeclineInput } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  LoadingState,
  LoadMore,
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
import { formatDuration } from "../../components/appointment-status";
import { OrganizationGate } from "../../components/organization-gate";
import { QueryError } from "../../components/query-error";
import { RefillRequestsCard } from "../../components/refill-requests-card";
import { ReasonDialog } from "../../components/reason-dialog";
import { can } from "../../lib/permissions";
import type { MyOrganization } from "../../lib/workspace";
import { useNow, zonedFormat } from "../../lib/zoned";

type Request = RouterOutputs["appointment"]["requests"]["items"][number];
type Format = ReturnType<typeof zonedFormat>;

export function RequestsPage() {
  const t = useT();
  return (
    <OrganizationGate action="appointment.read" title={t("requests.title")}>
      {(organization) => <RequestsScreen organization={organization} />}
    </OrganizationGate>
  );
}

function RequestsScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const now = useNow();
  const [notice, setNotice] = useState<string | null>(null);
  const [declining, setDeclining] = useState<Request | null>(null);
  const write = can(organization.role, "appointment.write");
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const requests = trpc.appointment.requests.useInfiniteQuery(
    { limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );

  trpc.appointment.onChange.useSubscription(undefined, {
    onData: () => {
      void utils.appointment.requests.invalidate();
      void utils.frontDesk.today.invalidate();
    },
  });

  const onChanged = () => {
    void utils.appointment.requests.invalidate();
    void utils.frontDesk.today.invalidate();
  };
  const confirm = trpc.appointment.setStatus.useMutation({ onSuccess: onChanged });

  const items = requests.data?.pages.flatMap((page) => page.items) ?? [];

  const doConfirm = async (request: Request) => {
    setNotice(null);
    try {
      await confirm.mutateAsync({ id: request.id, status: "confirmed", version: request.version });
      setNotice(
        t("requests.confirmed", {
          patient: request.patientName ?? t("today.noPatient"),
          time: fmt.dateTime(request.startsAt),
        }),
      );
    } catch {
      // Shown above the list.
    }
  };

  return (
    <>
      <PageHeader title={t("requests.title")} description={t("requests.lead")} />
      <div className="flex flex-col gap-4">
        {notice && <Alert tone="success">{notice}</Alert>}
        {confirm.error && (
          <Alert tone="error">{errorMessage(confirm.error, t("ui.error.network"))}</Alert>
        )}
        <Card>
          {requests.isPending ? (
            <LoadingState />
          ) : requests.isError ? (
            <QueryError
              error={requests.error}
              onRetry={() => void requests.refetch()}
              retrying={requests.isRefetching}
            />
          ) : items.length === 0 ? (
            <EmptyState
              titleAs="h2"
              title={t("requests.empty.title")}
              description={t("requests.empty.body")}
            />
          ) : (
            <>
              <Table caption={t("requests.caption")} captionHidden>
                <THead>
                  <Tr>
                    <Th>{t("today.col.patient")}</Th>
                    <Th>{t("requests.col.when")}</Th>
                    <Th>{t("today.col.service")}</Th>
                    <Th>{t("today.col.doctor")}</Th>
                    <Th>{t("requests.col.requested")}</Th>
                    {write && <Th>{t("today.col.actions")}</Th>}
                  </Tr>
                </THead>
                <TBody>
                  {items.map((r) => (
                    <RequestRow
                      key={r.id}
                      request={r}
                      fmt={fmt}
                      now={now}
                      write={write}
                      confirming={confirm.isPending && confirm.variables.id === r.id}
                      onConfirm={() => void doConfirm(r)}
                      onDecline={() => {
                        setNotice(null);
                        setDeclining(r);
                      }}
                    />
                  ))}
                </TBody>
              </Table>
              <LoadMore list={requests} />
            </>
          )}
        </Card>
        <RefillRequestsCard organization={organization} />
      </div>
      {declining && (
        <DeclineDialog
          request={declining}
          fmt={fmt}
          onClose={() => setDeclining(null)}
          onDeclined={(patient) => {
            setDeclining(null);
            setNotice(t("requests.declined", { patient }));
            onChanged();
          }}
        />
      )}
    </>
  );
}

function RequestRow({
  request: r,
  fmt,
  now,
  write,
  confirming,
  onConfirm,
  onDecline,
}: {
  request: Request;
  fmt: Format;
  now: number;
  write: boolean;
  confirming: boolean;
  onConfirm: () => void;
  onDecline: () => void;
}) {
  const t = useT();
  const patient = r.patientName ?? t("today.noPatient");
  const past = r.startsAt.getTime() <= now;
  return (
    <Tr>
      <Td>
        {r.patientId ? (
          <Link
            to="/app/patients/$patientId"
            params={{ patientId: r.patientId }}
            className="font-medium text-brand-700 hover:underline"
          >
            {patient}
          </Link>
        ) : (
          patient
        )}
        {r.patientMobile && (
          <span className="block text-xs text-slate-600 tabular-nums">{r.patientMobile}</span>
        )}
        {r.notes && <span className="mt-1 block text-xs text-slate-600">{r.notes}</span>}
      </Td>
      <Td className="whitespace-nowrap">
        {fmt.range(r.startsAt, r.endsAt)}
        {past && (
          <Badge tone="danger" className="ms-2">
            {t("requests.past")}
          </Badge>
        )}
      </Td>
      <Td>{r.serviceName}</Td>
      <Td>{r.practitioners.join(", ") || "—"}</Td>
      <Td>
        <Badge tone="neutral">
          {r.source === "portal" ? t("requests.source.portal") : t("requests.source.public")}
        </Badge>
        <span className="mt-1 block text-xs text-slate-600">
          {t("requests.waited", { waited: formatDuration(now - r.createdAt.getTime(), t) })}
        </span>
      </Td>
      {write && (
        <Td>
          <div className="flex flex-wrap gap-2">
            {!past && (
              <Button
                size="sm"
                loading={confirming}
                aria-label={`${t("requests.confirm")}: ${patient}`}
                onClick={onConfirm}
              >
                {t("requests.confirm")}
              </Button>
            )}
            <Button
              size="sm"
              variant="ghost-danger"
              aria-label={`${t("requests.decline")}: ${patient}`}
              onClick={onDecline}
            >
              {t("requests.decline")}
            </Button>
          </div>
        </Td>
      )}
    </Tr>
  );
}

function DeclineDialog({
  request,
  fmt,
  onClose,
  onDeclined,
}: {
  request: Request;
  fmt: Format;
  onClose: () => void;
  onDeclined: (patient: string) => void;
}) {
  const t = useT();
  const decline = trpc.appointment.decline.useMutation();
  const patient = request.patientName ?? t("today.noPatient");
  return (
    <ReasonDialog
      title={t("requests.decline.title", { patient })}
      description={t("requests.decline.body", {
        service: request.serviceName,
        time: fmt.dateTime(request.startsAt),
      })}
      label={t("requests.decline.reason")}
      hint={t("requests.decline.reasonHint")}
      submitLabel={t("requests.decline.submit")}
      reason={AppointmentDeclineInput.shape.reason}
      onSubmit={async (reason) => {
        await decline.mutateAsync({ id: request.id, version: request.version, reason });
        onDeclined(patient);
      }}
      onClose={onClose}
    />
  );
}
