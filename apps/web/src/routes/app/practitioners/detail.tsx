import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc, useServerSubmit } from "@caredesk/client";
import { CertificateAddInput } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  Dialog,
  EmptyState,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { Avatar } from "../../../components/avatar";
import { FileInput } from "../../../components/file-input";
import { ArchiveRestoreButton } from "../../../components/archiving";
import { organizationPage } from "../../../components/organization-page";
import { RecordFallback } from "../../../components/record-fallback";
import { UploadStatus, useUpload } from "../../../components/upload";
import { WorkingHours } from "../../../components/working-hours";
import { expiryState, parseIsoDate } from "../../../lib/dates";
import { displayName, emptyToNull, useDepartments } from "../../../lib/directory";
import { acceptFor, fileUrl } from "../../../lib/files";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { PractitionerForm } from "./form";

type Practitioner = RouterOutputs["practitioner"]["byId"];
type Certificate = Practitioner["certificates"][number];

const route = getRouteApi("/app/practitioners/$practitionerId");

export const PractitionerPage = organizationPage(
  "directory.read",
  "practitioners.title",
  PractitionerScreen,
);

function PractitionerScreen({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const { practitionerId } = route.useParams();
  const practitioner = trpc.practitioner.byId.useQuery({ id: practitionerId });

  if (practitioner.isPending || practitioner.isError) {
    return (
      <RecordFallback
        query={practitioner}
        notFoundTitle={t("practitioners.notFound.title")}
        notFoundBody={t("practitioners.notFound.body")}
        notFoundAction={<BackLink />}
      />
    );
  }
  return (
    <PractitionerDetails
      key={practitioner.data.id}
      organization={organization}
      practitioner={practitioner.data}
    />
  );
}

function BackLink() {
  const { t } = useI18n();
  return (
    <Link to="/app/practitioners" className="text-sm text-brand-700 hover:underline">
      {t("practitioners.back")}
    </Link>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

function PractitionerDetails({
  organization,
  practitioner: p,
}: {
  organization: MyOrganization;
  practitioner: Practitioner;
}) {
  const { t } = useI18n();
  const manage = can(organization.role, "directory.manage");
  const departments = useDepartments();
  const utils = trpc.useUtils();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const setActive = trpc.practitioner.update.useMutation({
    onSuccess: () => utils.practitioner.invalidate(),
  });

  const changeActive = async (active: boolean) => {
    setNotice(null);
    try {
      await setActive.mutateAsync({ id: p.id, active });
      setConfirmArchive(false);
      setNotice(t(active ? "practitioners.restored" : "practitioners.archived", { name: p.name }));
    } catch {
      // Shown in the dialog or the alert below.
    }
  };

  return (
    <>
      <div className="mb-2">
        <BackLink />
      </div>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-4">
        <div className="flex items-center gap-4">
          <Avatar organizationId={organization.id} fileId={p.photoFileId} name={p.name} size="lg" />
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
              {displayName(p)}
            </h1>
            <p className="mt-1 text-sm text-slate-600">
              {[p.specialization, departments.nameOf(p.departmentId)].filter(Boolean).join(" · ") ||
                t("practitioners.noSpecialization")}
            </p>
            {!p.active && (
              <Badge className="mt-2" tone="neutral">
                {t("common.archived")}
              </Badge>
            )}
          </div>
        </div>
        {manage && !editing && (
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setEditing(true)}>
              {t("practitioners.edit")}
            </Button>
            <ArchiveRestoreButton
              active={p.active}
              restoring={setActive.isPending}
              onArchive={() => {
                setActive.reset();
                setConfirmArchive(true);
              }}
              onRestore={() => void changeActive(true)}
            />
          </div>
        )}
      </div>

      <div className="flex flex-col gap-6">
        {notice && <Alert tone="success">{notice}</Alert>}
        {setActive.error && !confirmArchive && (
          <Alert tone="error">{errorMessage(setActive.error, t("ui.error.network"))}</Alert>
        )}
        {editing ? (
          <Card title={t("practitioners.edit")}>
            <PractitionerForm
              organization={organization}
              practitioner={p}
              onSaved={(saved) => {
                setEditing(false);
                setNotice(t("practitioners.saved", { name: saved.name }));
              }}
              onCancel={() => setEditing(false)}
            />
          </Card>
        ) : (
          <Card title={t("practitioners.profile")}>
            <dl className="grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
              <Fact label={t("practitioners.field.department")}>
                {departments.nameOf(p.departmentId) ?? "—"}
              </Fact>
              <Fact label={t("practitioners.field.experience")}>
                {p.yearsOfExperience === null
                  ? "—"
                  : t("practitioners.years", { count: p.yearsOfExperience })}
              </Fact>
              <Fact label={t("practitioners.field.email")}>{p.email ?? "—"}</Fact>
              <Fact label={t("practitioners.field.phone")}>{p.phone ?? "—"}</Fact>
            </dl>
            {p.bio && (
              <p className="mt-6 border-t border-slate-100 pt-4 text-sm whitespace-pre-line text-slate-700">
                {p.bio}
              </p>
            )}
          </Card>
        )}
        <CertificatesCard organization={organization} practitioner={p} manage={manage} />
        {can(organization.role, "schedule.read") && (
          <WorkingHours
            resourceId={p.resourceId}
            manage={can(organization.role, "schedule.manage")}
          />
        )}
      </div>

      <ConfirmDialog
        open={confirmArchive}
        title={t("practitioners.confirmArchive.title", { name: displayName(p) })}
        description={t("practitioners.confirmArchive.body")}
        confirmLabel={t("common.archive")}
        pending={setActive.isPending}
        error={setActive.error ? errorMessage(setActive.error, t("ui.error.network")) : null}
        onConfirm={() => void changeActive(false)}
        onCancel={() => setConfirmArchive(false)}
      />
    </>
  );
}

function ExpiryBadge({ expiresOn }: { expiresOn: string | null }) {
  const { t } = useI18n();
  const state = expiryState(expiresOn);
  if (state === "expired") return <Badge tone="danger">{t("certificates.expired")}</Badge>;
  if (state === "soon") return <Badge tone="warning">{t("certificates.expiresSoon")}</Badge>;
  return null;
}

function CertificatesCard({
  organization,
  practitioner,
  manage,
}: {
  organization: MyOrganization;
  practitioner: Practitioner;
  manage: boolean;
}) {
  const { t, formatDate } = useI18n();
  const utils = trpc.useUtils();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Certificate | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = trpc.practitioner.removeCertificate.useMutation({
    onSuccess: () => utils.practitioner.byId.invalidate({ id: practitioner.id }),
  });
  const day = (value: string | null) => {
    const date = value ? parseIsoDate(value) : null;
    return date ? formatDate(date) : "—";
  };

  const onRemove = async () => {
    if (!removing) return;
    try {
      await remove.mutateAsync({ id: removing.id });
      setNotice(t("certificates.removed", { name: removing.name }));
      setRemoving(null);
    } catch {
      // The dialog shows the error.
    }
  };

  const certificates = practitioner.certificates;
  return (
    <Card
      title={t("certificates.title")}
      description={t("certificates.lead")}
      actions={
        manage && (
          <Button size="sm" variant="secondary" onClick={() => setAdding(true)}>
            {t("certificates.add")}
          </Button>
        )
      }
    >
      {notice && (
        <Alert tone="success" className="mb-4">
          {notice}
        </Alert>
      )}
      {certificates.length === 0 ? (
        <EmptyState
          title={t("certificates.empty.title")}
          description={t("certificates.empty.body")}
        />
      ) : (
        <Table caption={t("certificates.caption", { name: practitioner.name })}>
          <THead>
            <Tr>
              <Th>{t("certificates.col.name")}</Th>
              <Th className="hidden md:table-cell">{t("certificates.col.issuer")}</Th>
              <Th className="hidden sm:table-cell">{t("certificates.col.issued")}</Th>
              <Th>{t("certificates.col.expires")}</Th>
              <Th>
                <span className="sr-only">{t("common.col.actions")}</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {certificates.map((c) => (
              <Tr key={c.id}>
                <Td className="font-medium text-slate-900">{c.name}</Td>
                <Td className="hidden md:table-cell">{c.issuer ?? "—"}</Td>
                <Td className="hidden whitespace-nowrap sm:table-cell">{day(c.issuedOn)}</Td>
                <Td className="whitespace-nowrap">
                  <div className="flex items-center gap-2">
                    {day(c.expiresOn)}
                    <ExpiryBadge expiresOn={c.expiresOn} />
                  </div>
                </Td>
                <Td className="text-end whitespace-nowrap">
                  {c.fileId && (
                    <a
                      href={fileUrl(organization.id, c.fileId)}
                      className="me-2 text-sm font-medium text-brand-700 hover:underline"
                      aria-label={t("certificates.downloadScan", { name: c.name })}
                    >
                      {t("certificates.scan")}
                    </a>
                  )}
                  {manage && (
                    <Button
                      variant="ghost-danger"
                      size="sm"
                      aria-label={t("certificates.removeNamed", { name: c.name })}
                      onClick={() => {
                        remove.reset();
                        setRemoving(c);
                      }}
                    >
                      {t("certificates.remove")}
                    </Button>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <Dialog
        open={adding}
        onClose={() => setAdding(false)}
        size="lg"
        title={t("certificates.add")}
        description={t("certificates.addLead", { name: displayName(practitioner) })}
      >
        {adding && (
          <CertificateForm
            organization={organization}
            practitionerId={practitioner.id}
            onDone={(name) => {
              setAdding(false);
              setNotice(t("certificates.added", { name }));
            }}
            onCancel={() => setAdding(false)}
          />
        )}
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        title={t("certificates.confirmRemove.title", { name: removing?.name ?? "" })}
        description={t("certificates.confirmRemove.body")}
        confirmLabel={t("certificates.remove")}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error, t("ui.error.network")) : null}
        onConfirm={() => void onRemove()}
        onCancel={() => setRemoving(null)}
      />
    </Card>
  );
}

function CertificateForm({
  organization,
  practitionerId,
  onDone,
  onCancel,
}: {
  organization: MyOrganization;
  practitionerId: string;
  onDone: (name: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const add = trpc.practitioner.addCertificate.useMutation();
  const scan = useUpload(organization.id);
  const [file, setFile] = useState<File | null>(null);
  const form = useForm({
    resolver: zodResolver(CertificateAddInput),
    defaultValues: {
      practitionerId,
      name: "",
      issuer: "",
      issuedOn: null,
      expiresOn: null,
      fileId: null,
    },
  });
  const { errors, isSubmitting } = form.formState;

  const { formError, submit } = useServerSubmit(form, [
    "name",
    "issuer",
    "issuedOn",
    "expiresOn",
    "fileId",
  ]);

  const onSubmit = submit(async (values) => {
    let fileId: string | null = null;
    if (file) {
      const uploaded = await scan.upload(file, "certificate");
      if (!uploaded) return; // UploadStatus shows why
      fileId = uploaded.id;
    }
    const created = await add.mutateAsync({ ...values, fileId });
    await utils.practitioner.byId.invalidate({ id: practitionerId });
    onDone(created.name);
  });

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField
        label={t("certificates.field.name")}
        placeholder={t("certificates.field.namePlaceholder")}
        error={errors.name?.message}
        {...form.register("name")}
      />
      <TextField
        label={t("certificates.field.issuer")}
        error={errors.issuer?.message}
        {...form.register("issuer")}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={t("certificates.field.issued")}
          type="date"
          error={errors.issuedOn?.message}
          {...form.register("issuedOn", { setValueAs: emptyToNull })}
        />
        <TextField
          label={t("certificates.field.expires")}
          type="date"
          error={errors.expiresOn?.message}
          {...form.register("expiresOn", { setValueAs: emptyToNull })}
        />
      </div>
      <FileInput
        label={t("certificates.field.scan")}
        description={t("certificates.field.scanHint")}
        accept={acceptFor.certificate}
        error={errors.fileId?.message}
        onChange={(e) => {
          scan.reset();
          setFile(e.target.files?.[0] ?? null);
        }}
      />
      <UploadStatus state={scan} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t("ui.cancel")}
        </Button>
        <Button type="submit" loading={isSubmitting}>
          {t("certificates.add")}
        </Button>
      </div>
    </form>
  );
}
