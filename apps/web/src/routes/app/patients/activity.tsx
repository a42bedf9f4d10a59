// The patient page's activity: appointments (upcoming and past, with who, status and any
// cancellation reason), every message the practice sent them, and their message consent.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
  CheckboxField,
  LoadingState,
  LoadMore,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  useI18n,
  type BadgeTone,
  type MessageKey,
} from "@caredesk/ui";
import { useMemo, useState } from "react";
import { StatusBadge } from "../../../components/appointment-status";
import { QueryError } from "../../../components/query-error";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { zonedFormat } from "../../../lib/zoned";

type Visit = RouterOutputs["patient"]["appointments"]["upcoming"][number];
type Message = RouterOutputs["patient"]["messages"]["items"][number];
type Format = ReturnType<typeof zonedFormat>;

interface PatientRef {
  id: string;
  firstName: string;
  lastName: string;
}

export function PatientAppointments({
  organization,
  patient,
}: {
  organization: MyOrganization;
  patient: PatientRef;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const visits = trpc.patient.appointments.useQuery(
    { patientId: patient.id },
    { enabled: can(organization.role, "appointment.read") },
  );
  if (!can(organization.role, "appointment.read")) return null;
  const name = `${patient.firstName} ${patient.lastName}`;
  return (
    <Card title={t("patientActivity.appointments")}>
      {visits.isPending ? (
        <LoadingState />
      ) : visits.isError ? (
        <QueryError
          error={visits.error}
          onRetry={() => void visits.refetch()}
          retrying={visits.isRefetching}
        />
      ) : (
        <div className="flex flex-col gap-6">
          <VisitTable
            heading={t("patientActivity.upcoming")}
            caption={t("patientActivity.caption.upcoming", { name })}
            empty={t("patientActivity.noUpcoming")}
            visits={visits.data.upcoming}
            fmt={fmt}
          />
          <VisitTable
            heading={t("patientActivity.past")}
            caption={t("patientActivity.caption.past", { name })}
            empty={t("patientActivity.noPast")}
            visits={visits.data.past}
            fmt={fmt}
          />
        </div>
      )}
    </Card>
  );
}

function VisitTable({
  heading,
  caption,
  empty,
  visits,
  fmt,
}: {
  heading: string;
  caption: string;
  empty: string;
  visits: Visit[];
  fmt: Format;
}) {
  const { t } = useI18n();
  return (
    <section>
      <h3 className="mb-2 text-sm font-semibold text-slate-900">{heading}</h3>
      {visits.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <Table caption={caption} captionHidden>
          <THead>
            <Tr>
              <Th>{t("patientActivity.col.when")}</Th>
              <Th>{t("today.col.service")}</Th>
              <Th>{t("today.col.doctor")}</Th>
              <Th>{t("today.col.status")}</Th>
            </Tr>
          </THead>
          <TBody>
            {visits.map((v) => (
              <Tr key={v.id}>
                <Td className="whitespace-nowrap">{fmt.range(v.startsAt, v.endsAt)}</Td>
                <Td>{v.serviceName}</Td>
                <Td>{v.practitioners.join(", ") || "—"}</Td>
                <Td>
                  <span className="flex flex-wrap items-center gap-2">
                    <StatusBadge status={v.status} t={t} />
                    {v.patientConfirmedAt && (
                      <Badge tone="success">{t("today.patientConfirmed")}</Badge>
                    )}
                  </span>
                  {v.cancellationReason && (
                    <span className="mt-1 block text-xs text-slate-600">
                      {t("patientActivity.reason", { reason: v.cancellationReason })}
                    </span>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}

const messageTone: Record<Message["status"], BadgeTone> = {
  pending: "neutral",
  sending: "brand",
  sent: "brand",
  delivered: "success",
  failed: "danger",
  cancelled: "neutral",
};

export function PatientMessages({
  organization,
  patient,
}: {
  organization: MyOrganization;
  patient: PatientRef;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const messages = trpc.patient.messages.useInfiniteQuery(
    { patientId: patient.id, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const items = messages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card title={t("patientActivity.messages")} description={t("patientActivity.messages.lead")}>
      {messages.isPending ? (
        <LoadingState />
      ) : messages.isError ? (
        <QueryError
          error={messages.error}
          onRetry={() => void messages.refetch()}
          retrying={messages.isRefetching}
        />
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-600">{t("patientActivity.messages.empty")}</p>
      ) : (
        <>
          <Table
            caption={t("patientActivity.messages.caption", {
              name: `${patient.firstName} ${patient.lastName}`,
            })}
            captionHidden
          >
            <THead>
              <Tr>
                <Th>{t("patientActivity.col.message")}</Th>
                <Th>{t("patientActivity.col.channel")}</Th>
                <Th>{t("patientActivity.col.to")}</Th>
                <Th>{t("patientActivity.col.status")}</Th>
                <Th>{t("patientActivity.col.sent")}</Th>
              </Tr>
            </THead>
            <TBody>
              {items.map((m) => (
                <Tr key={m.id}>
                  <Td>
                    <span className="font-medium">{t(`message.kind.${m.kind}` as MessageKey)}</span>
                    {m.subject && <span className="block text-xs text-slate-600">{m.subject}</span>}
                  </Td>
                  <Td>{t(`message.channel.${m.channel}` as MessageKey)}</Td>
                  <Td className="tabular-nums">{m.recipient ?? "—"}</Td>
                  <Td>
                    <Badge tone={messageTone[m.status]}>
                      {t(`message.status.${m.status}` as MessageKey)}
                    </Badge>
                    {m.lastError && (
                      <span className="mt-1 block text-xs text-red-700">{m.lastError}</span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">
                    {fmt.dateTime(m.sentAt ?? m.sendAt)}
                    {m.deliveredAt && (
                      <span className="block text-xs text-slate-600">
                        {t("patientActivity.delivered", { time: fmt.dateTime(m.deliveredAt) })}
                      </span>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <LoadMore list={messages} />
        </>
      )}
    </Card>
  );
}

const consentSource: Record<string, MessageKey> = {
  staff: "consent.source.staff",
  portal: "consent.source.portal",
  link: "consent.source.link",
};

export function PatientConsentCard({ patient, write }: { patient: PatientRef; write: boolean }) {
  const { t, formatDateTime } = useI18n();
  const utils = trpc.useUtils();
  const consent = trpc.patient.consent.useQuery({ id: patient.id });
  const save = trpc.patient.setConsent.useMutation({
    onSuccess: (saved) => utils.patient.consent.setData({ id: patient.id }, saved),
  });
  const [draft, setDraft] = useState<{ email: boolean; sms: boolean; push: boolean } | null>(null);
  const [saved, setSaved] = useState(false);
  if (consent.isPending) {
    return (
      <Card title={t("consent.title")}>
        <LoadingState />
      </Card>
    );
  }
  if (consent.isError) {
    return (
      <Card title={t("consent.title")}>
        <QueryError
          error={consent.error}
          onRetry={() => void consent.refetch()}
          retrying={consent.isRefetching}
        />
      </Card>
    );
  }
  const current = draft ?? {
    email: consent.data.emailOptIn,
    sms: consent.data.smsOptIn,
    push: consent.data.pushOptIn,
  };
  const change = (key: "email" | "sms" | "push", value: boolean) => {
    setSaved(false);
    setDraft({ ...current, [key]: value });
  };
  const source = consent.data.consentSource;
  return (
    <Card title={t("consent.title")} description={t("consent.lead")}>
      <form
        className="flex flex-col gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          save.mutate(
            {
              id: patient.id,
              emailOptIn: current.email,
              smsOptIn: current.sms,
              pushOptIn: current.push,
            },
            {
              onSuccess: () => {
                setDraft(null);
                setSaved(true);
              },
            },
          );
        }}
      >
        {saved && <Alert tone="success">{t("consent.saved")}</Alert>}
        {save.error && (
          <Alert tone="error">{errorMessage(save.error, t("ui.error.network"))}</Alert>
        )}
        <CheckboxField
          label={t("consent.email")}
          checked={current.email}
          disabled={!write}
          onChange={(e) => change("email", e.target.checked)}
        />
        <CheckboxField
          label={t("consent.sms")}
          checked={current.sms}
          disabled={!write}
          onChange={(e) => change("sms", e.target.checked)}
        />
        <CheckboxField
          label={t("consent.push")}
          checked={current.push}
          disabled={!write}
          onChange={(e) => change("push", e.target.checked)}
        />
        <p className="text-xs text-slate-600">
          {consent.data.consentRecordedAt
            ? t("consent.recorded", {
                date: formatDateTime(consent.data.consentRecordedAt),
                source: source ? t(consentSource[source] ?? "consent.source.staff") : "—",
              })
            : t("consent.never")}
        </p>
        {write && (
          <div>
            <Button type="submit" variant="secondary" loading={save.isPending} disabled={!draft}>
              {t("consent.save")}
            </Button>
          </div>
        )}
      </form>
    </Card>
  );
}
