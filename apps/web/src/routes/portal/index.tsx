// The patient's own page: their profile (email and address are theirs to change) and their
// documents, with an upload of their own.
import type { RouterOutputs } from "@caredesk/api";
import { trpc, useServerSubmit } from "@caredesk/client";
import { PortalProfileUpdateInput } from "@caredesk/validators";
import {
  Alert,
  Button,
  buttonClasses,
  Card,
  LoadingState,
  PageHeader,
  TextAreaField,
  TextField,
  useI18n,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { Link } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { DocumentList, DocumentUploadForm } from "../../components/documents";
import { PushToggleCard } from "../../components/push-toggle";
import { QueryError } from "../../components/query-error";
import { parseIsoDate } from "../../lib/dates";
import { useWorkspace, type MyOrganization } from "../../lib/workspace";

type Profile = RouterOutputs["portal"]["me"];

/** The portal's home screen, inside the layout that settled the organization. */
export function PortalHomePage() {
  const { organization } = useWorkspace();
  if (!organization) return null;
  return <PortalHome organization={organization} />;
}

export function PortalHome({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const me = trpc.portal.me.useQuery();

  if (me.isPending) return <LoadingState />;
  if (me.isError) {
    return (
      <Card>
        <QueryError
          error={me.error}
          onRetry={() => void me.refetch()}
          retrying={me.isRefetching}
          notFoundTitle={t("portal.noRecord.title")}
          notFoundBody={t("portal.noRecord.body", { organization: organization.name })}
        />
      </Card>
    );
  }
  const profile = me.data;
  return (
    <>
      <PageHeader
        title={t("portal.welcome", { name: profile.firstName })}
        description={t("portal.lead", { organization: organization.name })}
        actions={
          <Link to="/portal/book" className={buttonClasses("primary")}>
            {t("portal.book.link")}
          </Link>
        }
      />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="flex min-w-0 flex-col gap-6">
          <PortalDocuments organization={organization} />
        </div>
        <div className="flex flex-col gap-6">
          <ProfileCard profile={profile} />
          <PushToggleCard />
        </div>
      </div>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase rtl:tracking-normal">
        {label}
      </dt>
      <dd className="mt-1 text-sm break-words whitespace-pre-line text-slate-900">{children}</dd>
    </div>
  );
}

function ProfileCard({ profile }: { profile: Profile }) {
  const { t, formatDate } = useI18n();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const born = profile.dateOfBirth ? parseIsoDate(profile.dateOfBirth) : null;
  return (
    <Card
      title={t("portal.profile.title")}
      actions={
        !editing && (
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              setNotice(null);
              setEditing(true);
            }}
          >
            {t("portal.profile.edit")}
          </Button>
        )
      }
    >
      {notice && (
        <Alert tone="success" className="mb-4">
          {notice}
        </Alert>
      )}
      <dl className="flex flex-col gap-4">
        <Fact label={t("portal.profile.name")}>
          {profile.firstName} {profile.lastName}
        </Fact>
        <Fact label={t("patients.field.mobile")}>
          <span dir="ltr">{profile.mobile}</span>
        </Fact>
        <Fact label={t("patients.field.dateOfBirth")}>{born ? formatDate(born) : "—"}</Fact>
        {!editing && (
          <>
            <Fact label={t("patients.field.email")}>
              <span dir="ltr">{profile.email ?? "—"}</span>
            </Fact>
            <Fact label={t("patients.field.address")}>{profile.address ?? "—"}</Fact>
          </>
        )}
      </dl>
      {editing && (
        <ProfileForm
          profile={profile}
          onDone={() => {
            setEditing(false);
            setNotice(t("portal.profile.saved"));
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      <p className="mt-4 border-t border-slate-100 pt-3 text-xs text-slate-500">
        {t("portal.profile.askPractice")}
      </p>
    </Card>
  );
}

function ProfileForm({
  profile,
  onDone,
  onCancel,
}: {
  profile: Profile;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const update = trpc.portal.updateProfile.useMutation();
  const form = useForm({
    resolver: zodResolver(PortalProfileUpdateInput),
    defaultValues: { email: profile.email ?? "", address: profile.address ?? "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["email", "address"]);
  const onSubmit = submit(async (values) => {
    await update.mutateAsync(values);
    await utils.portal.me.invalidate();
    onDone();
  });
  return (
    <form noValidate onSubmit={onSubmit} className="mt-4 flex flex-col gap-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField
        label={t("patients.field.email")}
        type="email"
        dir="ltr"
        autoComplete="email"
        error={errors.email?.message}
        {...form.register("email")}
      />
      <TextAreaField
        label={t("patients.field.address")}
        rows={3}
        autoComplete="street-address"
        error={errors.address?.message}
        {...form.register("address")}
      />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t("ui.cancel")}
        </Button>
        <Button type="submit" loading={isSubmitting}>
          {t("common.save")}
        </Button>
      </div>
    </form>
  );
}

function PortalDocuments({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const documents = trpc.portal.documents.useInfiniteQuery(
    { limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const add = trpc.portal.addDocument.useMutation({
    onSuccess: () => utils.portal.documents.invalidate(),
  });
  return (
    <>
      <Card title={t("portal.documents.title")} description={t("portal.documents.lead")}>
        <DocumentList
          list={documents}
          organizationId={organization.id}
          caption={t("portal.documents.caption")}
        />
      </Card>
      <Card title={t("portal.upload.title")} description={t("portal.upload.lead")}>
        <DocumentUploadForm
          organizationId={organization.id}
          submitLabel={t("portal.upload.submit")}
          onCreate={(input) => add.mutateAsync(input)}
        />
      </Card>
    </>
  );
}
