// The patient's forms tab: send a medical-history form by email or SMS, follow the requests
// (and withdraw one), and read what was signed — answers, alerts, signature, the PDF and its
// SHA-256.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  EmptyState,
  LoadingState,
  SelectField,
  TextField,
  useI18n,
  type BadgeTone,
} from "@caredesk/ui";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { QueryError } from "../../../components/query-error";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { PatientRecordFrame, type RecordPatient } from "./record-frame";

const route = getRouteApi("/app/patients/$patientId/forms");

type Request = RouterOutputs["formRequest"]["list"][number];

const statusTone: Record<Request["status"], BadgeTone> = {
  sent: "brand",
  submitted: "success",
  expired: "neutral",
  revoked: "neutral",
  locked: "danger",
};

export function PatientFormsPage() {
  const { patientId } = route.useParams();
  return (
    <PatientRecordFrame patientId={patientId} tab="forms" action="form.read">
      {({ organization, patient }) => (
        <div className="flex flex-col gap-6">
          {can(organization.role, "form.send") && <SendForm patient={patient} />}
          <Requests organization={organization} patientId={patient.id} />
          <Submissions organization={organization} patientId={patient.id} />
        </div>
      )}
    </PatientRecordFrame>
  );
}

function SendForm({ patient }: { patient: RecordPatient }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const forms = trpc.questionnaire.list.useQuery({ includeArchived: false, limit: 100 });
  const send = trpc.formRequest.send.useMutation({
    onSuccess: () => void utils.formRequest.list.invalidate(),
  });
  const [questionnaireId, setQuestionnaireId] = useState("");
  const [channel, setChannel] = useState<"email" | "sms">(patient.email ? "email" : "sms");
  const [days, setDays] = useState("7");
  if (forms.isPending) return <LoadingState />;
  if (forms.isError) {
    return (
      <Card title={t("forms.send.title")}>
        <QueryError error={forms.error} onRetry={() => void forms.refetch()} />
      </Card>
    );
  }
  const items = forms.data.items;
  const chosen = questionnaireId || items[0]?.id || "";
  const error = (field: string) =>
    send.error ? (fieldErrorOf(send.error, field) ?? undefined) : undefined;
  return (
    <Card title={t("forms.send.title")}>
      {items.length === 0 ? (
        <EmptyState title={t("forms.send.noForms")} description={t("forms.send.noFormsBody")} />
      ) : (
        <form
          noValidate
          className="grid gap-4 sm:grid-cols-4 sm:items-end"
          onSubmit={(event) => {
            event.preventDefault();
            send.mutate({
              patientId: patient.id,
              questionnaireId: chosen,
              channel,
              expiresInDays: Number(days),
            });
          }}
        >
          <SelectField
            label={t("forms.send.form")}
            value={chosen}
            onChange={(e) => setQuestionnaireId(e.target.value)}
            options={items.map((f) => ({ value: f.id, label: f.title }))}
            error={error("questionnaireId")}
          />
          <SelectField
            label={t("forms.send.channel")}
            value={channel}
            onChange={(e) => setChannel(e.target.value === "sms" ? "sms" : "email")}
            options={[
              { value: "email", label: t("forms.channel.email") },
              { value: "sms", label: t("forms.channel.sms") },
            ]}
            error={error("channel")}
          />
          <TextField
            label={t("forms.send.days")}
            type="number"
            min={1}
            max={30}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            error={error("expiresInDays")}
          />
          <Button type="submit" loading={send.isPending}>
            {t("forms.send.submit")}
          </Button>
          <div className="sm:col-span-4">
            {send.isSuccess && <Alert tone="success">{t("forms.send.sent")}</Alert>}
            {send.isError && (
              <Alert tone="error">
                {error("patientId") ?? errorMessage(send.error, t("ui.error.network"))}
              </Alert>
            )}
          </div>
        </form>
      )}
    </Card>
  );
}

function Requests({
  organization,
  patientId,
}: {
  organization: MyOrganization;
  patientId: string;
}) {
  const { t, formatDateTime } = useI18n();
  const utils = trpc.useUtils();
  const requests = trpc.formRequest.list.useQuery({ patientId });
  const revoke = trpc.formRequest.revoke.useMutation({
    onSuccess: () => {
      setRevoking(null);
      void utils.formRequest.list.invalidate();
    },
  });
  const [revoking, setRevoking] = useState<Request | null>(null);
  return (
    <Card title={t("forms.requests.title")}>
      {requests.isPending ? (
        <LoadingState />
      ) : requests.isError ? (
        <QueryError error={requests.error} onRetry={() => void requests.refetch()} />
      ) : requests.data.length === 0 ? (
        <EmptyState title={t("forms.requests.empty")} />
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="form-requests">
          {requests.data.map((r) => (
            <li
              key={r.id}
              className="flex flex-wrap items-center justify-between gap-2 py-3 text-sm"
            >
              <div>
                <p className="font-medium text-slate-900">
                  {r.title} <span className="text-slate-500">v{r.version}</span>
                </p>
                <p className="text-xs text-slate-500">
                  {t("forms.requests.meta", {
                    channel: t(r.channel === "sms" ? "forms.channel.sms" : "forms.channel.email"),
                    sent: formatDateTime(r.createdAt),
                    expires: formatDateTime(r.expiresAt),
                    message: r.messageStatus ?? "—",
                  })}
                </p>
              </div>
              <div className="flex items-center gap-2">
                <Badge tone={statusTone[r.status]}>{t(`forms.status.${r.status}`)}</Badge>
                {r.status === "sent" && can(organization.role, "form.send") && (
                  <Button variant="secondary" size="sm" onClick={() => setRevoking(r)}>
                    {t("forms.requests.revoke")}
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={t("forms.requests.revokeTitle")}
        description={t("forms.requests.revokeBody")}
        confirmLabel={t("forms.requests.revoke")}
        pending={revoke.isPending}
        error={revoke.error ? errorMessage(revoke.error, t("ui.error.network")) : null}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
        onCancel={() => setRevoking(null)}
      />
    </Card>
  );
}

function Submissions({
  organization,
  patientId,
}: {
  organization: MyOrganization;
  patientId: string;
}) {
  const { t, formatDateTime } = useI18n();
  const submissions = trpc.formSubmission.list.useQuery({ patientId });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card title={t("forms.submissions.title")}>
      {submissions.isPending ? (
        <LoadingState />
      ) : submissions.isError ? (
        <QueryError error={submissions.error} onRetry={() => void submissions.refetch()} />
      ) : submissions.data.length === 0 ? (
        <EmptyState title={t("forms.submissions.empty")} />
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="form-submissions">
          {submissions.data.map((s) => (
            <li key={s.id} className="py-3 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div>
                  <p className="font-medium text-slate-900">
                    {s.title} <span className="text-slate-500">v{s.version}</span>
                  </p>
                  <p className="text-xs text-slate-500">
                    {t("forms.submissions.signedAt", { when: formatDateTime(s.signedAt) })}
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  {s.alerts.map((a) => (
                    <Badge key={a} tone="danger">
                      {a}
                    </Badge>
                  ))}
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() => setOpen(open === s.id ? null : s.id)}
                  >
                    {open === s.id ? t("forms.submissions.hide") : t("forms.submissions.show")}
                  </Button>
                </div>
              </div>
              {open === s.id && <Submission organization={organization} id={s.id} />}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Submission({ organization, id }: { organization: MyOrganization; id: string }) {
  const { t, formatDateTime } = useI18n();
  const submission = trpc.formSubmission.byId.useQuery({ id });
  if (submission.isPending) return <LoadingState />;
  if (submission.isError) {
    return <QueryError error={submission.error} onRetry={() => void submission.refetch()} />;
  }
  const s = submission.data;
  const file = (fileId: string) => `/files/${organization.id}/${fileId}`;
  return (
    <div
      className="mt-3 flex flex-col gap-4 rounded-md bg-slate-50 p-4"
      data-testid="form-submission"
    >
      <dl className="grid gap-x-4 gap-y-2 sm:grid-cols-[12rem_1fr]">
        {s.items
          .filter((i) => i.shown)
          .map((i) => (
            <div key={i.key} className="contents">
              <dt className="text-slate-500">{i.label}</dt>
              <dd className="text-slate-900">{i.answerText}</dd>
            </div>
          ))}
      </dl>
      <div>
        <p className="mb-1 text-xs text-slate-500">{t("forms.submissions.signature")}</p>
        <img
          src={`${file(s.signatureFileId)}?inline=1`}
          alt={t("forms.submissions.signature")}
          className="h-20 w-auto rounded border border-slate-200 bg-white"
        />
      </div>
      <dl className="grid gap-x-4 gap-y-1 text-xs sm:grid-cols-[12rem_1fr]">
        <dt className="text-slate-500">{t("forms.submissions.signedAtLabel")}</dt>
        <dd>
          {formatDateTime(s.signedAt)} ({s.signedAt.toISOString()})
        </dd>
        <dt className="text-slate-500">{t("forms.submissions.ip")}</dt>
        <dd>{s.ip ?? "—"}</dd>
        <dt className="text-slate-500">{t("forms.submissions.userAgent")}</dt>
        <dd className="break-all">{s.userAgent ?? "—"}</dd>
        <dt className="text-slate-500">{t("forms.submissions.contentHash")}</dt>
        <dd className="break-all font-mono">{s.contentHash}</dd>
        <dt className="text-slate-500">{t("forms.submissions.pdfSha256")}</dt>
        <dd className="break-all font-mono" data-testid="pdf-sha256">
          {s.pdfSha256}
        </dd>
      </dl>
      <a
        href={file(s.pdfFileId)}
        className="text-sm font-medium text-brand-700 hover:underline"
        data-testid="download-pdf"
        download
      >
        {t("forms.submissions.download")}
      </a>
    </div>
  );
}
