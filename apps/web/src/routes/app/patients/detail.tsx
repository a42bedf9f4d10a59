import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc, useServerSubmit } from "@caredesk/client";
import { PatientLinkUserInput } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  LoadingState,
  TextField,
  useI18n,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { getRouteApi } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { DocumentList, DocumentUploadForm } from "../../../components/documents";
import { OrganizationGate } from "../../../components/organization-gate";
import { PatientAlerts } from "../../../components/patient-alerts";
import { QueryError } from "../../../components/query-error";
import { parseIsoDate } from "../../../lib/dates";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { PatientAppointments, PatientConsentCard, PatientMessages } from "./activity";
import { PatientForm } from "./form";
import { BackToPatients, RecordTabs } from "./record-frame";
import { InviteToPortal } from "./invite-to-portal";

type Patient = RouterOutputs["patient"]["byId"];

const route = getRouteApi("/app/patients/$patientId/");

export function PatientPage() {
  const { t } = useI18n();
  return (
    <OrganizationGate action="patient.read" title={t("patients.title")}>
      {(organization) => <PatientScreen organization={organization} />}
    </OrganizationGate>
  );
}

function PatientScreen({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const { patientId } = route.useParams();
  const patient = trpc.patient.byId.useQuery({ id: patientId });

  if (patient.isPending) return <LoadingState />;
  if (patient.isError) {
    return (
      <Card>
        <QueryError
          error={patient.error}
          onRetry={() => void patient.refetch()}
          retrying={patient.isRefetching}
          notFoundTitle={t("patients.notFound.title")}
          notFoundBody={t("patients.notFound.body", { organization: organization.name })}
          notFoundAction={<BackToPatients />}
        />
      </Card>
    );
  }
  return (
    <PatientDetails key={patient.data.id} organization={organization} patient={patient.data} />
  );
}

function ageOn(dateOfBirth: string): number | null {
  const born = parseIsoDate(dateOfBirth);
  if (!born) return null;
  const now = new Date();
  let age = now.getFullYear() - born.getFullYear();
  if (
    now.getMonth() < born.getMonth() ||
    (now.getMonth() === born.getMonth() && now.getDate() < born.getDate())
  ) {
    age--;
  }
  return age;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm break-words whitespace-pre-line text-slate-900">{children}</dd>
    </div>
  );
}

function PatientDetails({
  organization,
  patient: p,
}: {
  organization: MyOrganization;
  patient: Patient;
}) {
  const { t, formatDate } = useI18n();
  const write = can(organization.role, "patient.write");
  const archive = can(organization.role, "patient.archive");
  const utils = trpc.useUtils();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const onChanged = () => utils.patient.invalidate();
  const archiveMutation = trpc.patient.archive.useMutation({ onSuccess: onChanged });
  const restore = trpc.patient.restore.useMutation({ onSuccess: onChanged });
  const name = `${p.firstName} ${p.lastName}`;
  const born = p.dateOfBirth ? parseIsoDate(p.dateOfBirth) : null;
  const age = p.dateOfBirth ? ageOn(p.dateOfBirth) : null;

  const doArchive = async () => {
    try {
      await archiveMutation.mutateAsync({ id: p.id });
      setConfirmArchive(false);
      setNotice(t("patients.archivedNotice", { name }));
    } catch {
      // Shown in the dialog.
    }
  };
  const doRestore = async () => {
    setNotice(null);
    try {
      await restore.mutateAsync({ id: p.id });
      setNotice(t("patients.restoredNotice", { name }));
    } catch {
      // Shown below.
    }
  };

  return (
    <>
      <div className="mb-2">
        <BackToPatients />
      </div>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900">
            {name}
            {p.archivedAt && <Badge>{t("common.archived")}</Badge>}
            {p.userId && <Badge tone="brand">{t("patients.portal")}</Badge>}
          </h1>
          <PatientAlerts organization={organization} patientId={p.id} />
          <p className="mt-1 text-sm text-slate-600">
            {[
              p.mobile,
              born && age !== null ? t("patients.bornAge", { date: formatDate(born), age }) : null,
              p.sex !== "unknown" ? t(`patients.sex.${p.sex}`) : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        </div>
        {!editing && (
          <div className="flex gap-2">
            {write && (
              <Button variant="secondary" onClick={() => setEditing(true)}>
                {t("patients.edit")}
              </Button>
            )}
            {archive &&
              (p.archivedAt ? (
                <Button
                  variant="secondary"
                  loading={restore.isPending}
                  onClick={() => void doRestore()}
                >
                  {t("common.restore")}
                </Button>
              ) : (
                <Button
                  variant="ghost-danger"
                  onClick={() => {
                    archiveMutation.reset();
                    setConfirmArchive(true);
                  }}
                >
                  {t("common.archive")}
                </Button>
              ))}
          </div>
        )}
      </div>
      <RecordTabs organization={organization} patientId={p.id} current="overview" />

      <div className="flex flex-col gap-4">
        {notice && <Alert tone="success">{notice}</Alert>}
        {restore.error && (
          <Alert tone="error">{errorMessage(restore.error, t("ui.error.network"))}</Alert>
        )}
        {p.archivedAt && (
          <Alert tone="warning">
            {t("patients.archivedBanner", { date: formatDate(p.archivedAt) })}
          </Alert>
        )}
      </div>

      <div className="mt-4 grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="flex min-w-0 flex-col gap-6">
          {editing ? (
            <Card title={t("patients.edit")}>
              <PatientForm
                patient={p}
                onSaved={() => {
                  setEditing(false);
                  setNotice(t("patients.saved"));
                }}
                onCancel={() => setEditing(false)}
              />
            </Card>
          ) : (
            <Card title={t("patients.details")}>
              <dl className="grid gap-5 sm:grid-cols-2">
                <Fact label={t("patients.field.mobile")}>{p.mobile}</Fact>
                <Fact label={t("patients.field.email")}>{p.email ?? "—"}</Fact>
                <Fact label={t("patients.field.dateOfBirth")}>{born ? formatDate(born) : "—"}</Fact>
                <Fact label={t("patients.field.sex")}>{t(`patients.sex.${p.sex}`)}</Fact>
                <Fact label={t("patients.field.address")}>{p.address ?? "—"}</Fact>
                <Fact label={t("patients.registered")}>{formatDate(p.createdAt)}</Fact>
              </dl>
              {p.notes && (
                <div className="mt-5 border-t border-slate-100 pt-4">
                  <Fact label={t("patients.field.notes")}>{p.notes}</Fact>
                </div>
              )}
            </Card>
          )}
          <PatientAppointments organization={organization} patient={p} />
          <PatientDocuments organization={organization} patient={p} />
          <PatientMessages organization={organization} patient={p} />
        </div>
        <div className="flex min-w-0 flex-col gap-6">
          <PortalAccessCard patient={p} write={write} />
          {write && <InviteToPortal patient={p} />}
          <PatientConsentCard patient={p} write={write} />
        </div>
      </div>

      <ConfirmDialog
        open={confirmArchive}
        title={t("patients.confirmArchive.title", { name })}
        description={t("patients.confirmArchive.body")}
        confirmLabel={t("common.archive")}
        pending={archiveMutation.isPending}
        error={
          archiveMutation.error ? errorMessage(archiveMutation.error, t("ui.error.network")) : null
        }
        onConfirm={() => void doArchive()}
        onCancel={() => setConfirmArchive(false)}
      />
    </>
  );
}

function PatientDocuments({
  organization,
  patient,
}: {
  organization: MyOrganization;
  patient: Patient;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const writeDocuments = can(organization.role, "document.write");
  const readDocuments = can(organization.role, "document.read");
  const documents = trpc.document.list.useInfiniteQuery(
    { patientId: patient.id, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined, enabled: readDocuments },
  );
  const create = trpc.document.create.useMutation({
    onSuccess: () => utils.document.list.invalidate({ patientId: patient.id }),
  });
  const archive = trpc.document.archive.useMutation({
    onSuccess: () => utils.document.list.invalidate({ patientId: patient.id }),
  });
  if (!readDocuments) return null;

  return (
    <>
      <Card title={t("documents.title")} description={t("documents.lead")}>
        <DocumentList
          list={documents}
          organizationId={organization.id}
          caption={t("documents.caption", { name: `${patient.firstName} ${patient.lastName}` })}
          {...(writeDocuments ? { archive } : {})}
        />
      </Card>
      {writeDocuments && !patient.archivedAt && (
        <Card title={t("documents.upload.title")} description={t("documents.upload.lead")}>
          <DocumentUploadForm
            organizationId={organization.id}
            submitLabel={t("documents.upload.submit")}
            onCreate={(input) => create.mutateAsync({ ...input, patientId: patient.id })}
          />
        </Card>
      )}
    </>
  );
}

function PortalAccessCard({ patient, write }: { patient: Patient; write: boolean }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const link = trpc.patient.linkAccount.useMutation({
    onSuccess: () => utils.patient.invalidate(),
  });
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const form = useForm({
    resolver: zodResolver(PatientLinkUserInput),
    defaultValues: { id: patient.id, email: patient.email ?? "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["email"]);

  const onSubmit = submit(async (values) => {
    setNotice(null);
    await link.mutateAsync(values);
    setNotice(t("portalAccess.linked", { email: values.email ?? "" }));
  });

  const onRemove = async () => {
    setNotice(null);
    try {
      await link.mutateAsync({ id: patient.id, email: null });
      setConfirmRemove(false);
      setNotice(t("portalAccess.removed"));
    } catch {
      // Shown in the dialog.
    }
  };

  return (
    <Card title={t("portalAccess.title")} description={t("portalAccess.lead")}>
      <div className="flex flex-col gap-4">
        {notice && <Alert tone="success">{notice}</Alert>}
        {patient.userId ? (
          <>
            <p className="flex items-center gap-2 text-sm text-slate-700">
              <Badge tone="success">{t("portalAccess.on")}</Badge>
              {t("portalAccess.onBody")}
            </p>
            {write && (
              <Button
                variant="secondary"
                onClick={() => {
                  link.reset();
                  setConfirmRemove(true);
                }}
              >
                {t("portalAccess.remove")}
              </Button>
            )}
          </>
        ) : write ? (
          <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
            {formError && <Alert tone="error">{formError}</Alert>}
            <TextField
              label={t("portalAccess.email")}
              type="email"
              autoComplete="off"
              description={t("portalAccess.emailHint")}
              error={errors.email?.message}
              {...form.register("email")}
            />
            <Button type="submit" loading={isSubmitting}>
              {t("portalAccess.give")}
            </Button>
          </form>
        ) : (
          <p className="text-sm text-slate-500">{t("portalAccess.off")}</p>
        )}
      </div>
      <ConfirmDialog
        open={confirmRemove}
        title={t("portalAccess.confirmRemove.title")}
        description={t("portalAccess.confirmRemove.body")}
        confirmLabel={t("portalAccess.remove")}
        pending={link.isPending}
        error={link.error ? errorMessage(link.error, t("ui.error.network")) : null}
        onConfirm={() => void onRemove()}
        onCancel={() => setConfirmRemove(false)}
      />
    </Card>
  );
}
