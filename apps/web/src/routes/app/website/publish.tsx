// Publishing and the site's addresses: a summary of what the site will show, publish (with the
// checklist of what is missing) and unpublish, the address on Caredesk, a custom domain with its
// DNS TXT record, and the plan it runs on.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, trpc, useServerSubmit } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Card,
  ConfirmDialog,
  TextField,
  useI18n,
  type MessageKey,
} from "@caredesk/ui";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";

type SiteView = RouterOutputs["site"]["get"];

const requirementKeys: Record<string, MessageKey> = {
  plan: "website.missing.plan",
  name: "website.missing.name",
  address: "website.missing.address",
  contact: "website.missing.contact",
};

const dayKeys: MessageKey[] = [
  "website.day.0",
  "website.day.1",
  "website.day.2",
  "website.day.3",
  "website.day.4",
  "website.day.5",
  "website.day.6",
];

/** The page's full address on this host. */
export function publicUrl(view: SiteView): string {
  return view.customUrl ?? `${window.location.origin}${view.path}`;
}

/** What the site will show, as a visitor would read it. */
export function PreviewCard({ view }: { view: SiteView }) {
  const { t } = useI18n();
  const { site, organization } = view;
  const departments = trpc.department.list.useQuery({ limit: 100 });
  const doctors = trpc.practitioner.list.useQuery({ limit: 100 });
  const address = [site.addressLine, site.city, site.region, site.postalCode]
    .filter(Boolean)
    .join(", ");
  return (
    <Card title={t("website.preview.title")} description={t("website.preview.lead")}>
      <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="font-medium text-slate-600">{t("website.preview.name")}</dt>
        <dd>{organization.name}</dd>
        <dt className="font-medium text-slate-600">{t("website.preview.kind")}</dt>
        <dd>{t(`org.kind.${organization.kind}`)}</dd>
        <dt className="font-medium text-slate-600">{t("website.preview.logo")}</dt>
        <dd>{organization.logoFileId ? t("website.preview.yes") : t("website.preview.none")}</dd>
        <dt className="font-medium text-slate-600">{t("website.profile.about")}</dt>
        <dd className="whitespace-pre-line">{site.about || t("website.preview.none")}</dd>
        <dt className="font-medium text-slate-600">{t("website.profile.address")}</dt>
        <dd>
          {address || t("website.preview.none")}
          {site.latitude !== null && site.longitude !== null && (
            <>
              {" · "}
              <a
                className="text-brand-700 underline"
                target="_blank"
                rel="noreferrer"
                href={`https://www.openstreetmap.org/?mlat=${site.latitude}&mlon=${site.longitude}#map=17/${site.latitude}/${site.longitude}`}
              >
                {t("website.preview.map")}
              </a>
            </>
          )}
        </dd>
        <dt className="font-medium text-slate-600">{t("website.preview.contact")}</dt>
        <dd>{[site.phone, site.email].filter(Boolean).join(" · ") || t("website.preview.none")}</dd>
        <dt className="font-medium text-slate-600">{t("website.hours.title")}</dt>
        <dd>
          <ul>
            {dayKeys.map((key, day) => {
              const shifts = site.hours[day] ?? [];
              return (
                <li key={key}>
                  <span className="inline-block w-28">{t(key)}</span>
                  {shifts.length === 0
                    ? t("website.hours.closed")
                    : shifts.map((s) => `${s.start}–${s.end}`).join(", ")}
                </li>
              );
            })}
          </ul>
        </dd>
        {organization.kind !== "pharmacy" && (
          <>
            <dt className="font-medium text-slate-600">{t("website.directory.departments")}</dt>
            <dd>
              {departments.data
                ? departments.data.items.map((d) => d.name).join(", ") || t("website.preview.none")
                : t("ui.loading")}
            </dd>
            <dt className="font-medium text-slate-600">{t("website.directory.doctors")}</dt>
            <dd>
              {doctors.data
                ? doctors.data.items.map((d) => d.name).join(", ") || t("website.preview.none")
                : t("ui.loading")}
            </dd>
          </>
        )}
      </dl>
      <p className="mt-4">
        {/* The server renders the site for its managers even before it is live. */}
        <a
          className={buttonClasses("secondary", "sm")}
          href={`/p/${encodeURIComponent(organization.slug)}?preview`}
          target="_blank"
          rel="noreferrer"
        >
          {t("website.preview.open")}
        </a>
      </p>
    </Card>
  );
}

/** Publish with the checklist of what is missing; once live, the address and unpublish. */
export function PublishCard({ view, onPublished }: { view: SiteView; onPublished?: () => void }) {
  const { t, formatDateTime } = useI18n();
  const utils = trpc.useUtils();
  const refresh = () => utils.site.get.invalidate();
  const publish = trpc.site.publish.useMutation({
    onSuccess: async () => {
      onPublished?.();
      await refresh();
    },
  });
  const unpublish = trpc.site.unpublish.useMutation({ onSuccess: refresh });
  const [confirm, setConfirm] = useState(false);
  const published = view.site.publishedAt !== null;
  const refused = publish.error
    ? Object.keys(requirementKeys).filter((key) => fieldErrorOf(publish.error, key))
    : [];
  const missing = refused.length > 0 ? refused : view.missing;
  const url = publicUrl(view);

  return (
    <Card
      title={t("website.publish.title")}
      actions={
        <Badge tone={view.live ? "success" : published ? "warning" : "neutral"}>
          {view.live
            ? t("website.publish.live")
            : published
              ? t("website.publish.notServed")
              : t("website.publish.draft")}
        </Badge>
      }
    >
      <div className="flex flex-col gap-4">
        {published && view.site.publishedAt ? (
          <>
            <p className="text-sm">
              {t("website.publish.since", { date: formatDateTime(view.site.publishedAt) })}
            </p>
            {view.live ? (
              <p className="text-sm">
                {t("website.publish.liveAt")}{" "}
                <a
                  className="font-medium text-brand-700 underline"
                  href={url}
                  target="_blank"
                  rel="noreferrer"
                >
                  {url}
                </a>
              </p>
            ) : (
              <Alert tone="warning">{t("website.publish.planLapsed")}</Alert>
            )}
            <div>
              <Button variant="danger" onClick={() => setConfirm(true)}>
                {t("website.publish.unpublish")}
              </Button>
            </div>
          </>
        ) : (
          <>
            {missing.length > 0 ? (
              <div role={publish.error ? "alert" : undefined}>
                <p className="text-sm font-medium text-slate-800">{t("website.publish.needs")}</p>
                <ul className="mt-2 list-disc pl-5 text-sm text-slate-700">
                  {missing.map((m) => (
                    <li key={m}>{requirementKeys[m] ? t(requirementKeys[m]) : m}</li>
                  ))}
                </ul>
              </div>
            ) : (
              <p className="text-sm text-slate-700">{t("website.publish.ready")}</p>
            )}
            {publish.error && refused.length === 0 && (
              <Alert tone="error">{errorMessage(publish.error, t("ui.error.network"))}</Alert>
            )}
            <div>
              <Button loading={publish.isPending} onClick={() => publish.mutate()}>
                {t("website.publish.publish")}
              </Button>
            </div>
          </>
        )}
        {unpublish.error && (
          <Alert tone="error">{errorMessage(unpublish.error, t("ui.error.network"))}</Alert>
        )}
      </div>
      <ConfirmDialog
        open={confirm}
        title={t("website.publish.unpublishTitle")}
        description={t("website.publish.unpublishBody")}
        confirmLabel={t("website.publish.unpublish")}
        tone="danger"
        pending={unpublish.isPending}
        onCancel={() => setConfirm(false)}
        onConfirm={() => unpublish.mutate(undefined, { onSettled: () => setConfirm(false) })}
      />
    </Card>
  );
}

/** The site's address on Caredesk: a taken or reserved one is refused with a free one offered. */
export function SlugCard({ view }: { view: SiteView }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const change = trpc.site.changeSlug.useMutation({
    onSuccess: () => Promise.all([utils.site.get.invalidate(), utils.auth.me.invalidate()]),
  });
  const [saved, setSaved] = useState(false);
  const form = useForm({ defaultValues: { slug: view.organization.slug } });
  const slug = useWatch({ control: form.control, name: "slug" });
  const { formError, submit } = useServerSubmit(form, ["slug"]);
  const suggestion = change.error ? fieldErrorOf(change.error, "suggestedSlug") : null;
  const onSubmit = submit(async (values) => {
    setSaved(false);
    change.reset();
    await change.mutateAsync(values);
    setSaved(true);
  });

  return (
    <Card title={t("website.slug.title")} description={t("website.slug.lead")}>
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3 py-2">
        {formError && !suggestion && <Alert tone="error">{formError}</Alert>}
        {saved && <Alert tone="success">{t("website.slug.saved")}</Alert>}
        <TextField
          label={t("website.slug.field")}
          description={`${window.location.origin}/p/${slug || "…"}`}
          autoCapitalize="none"
          spellCheck={false}
          error={form.formState.errors.slug?.message}
          {...form.register("slug")}
        />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" loading={form.formState.isSubmitting}>
            {t("website.slug.save")}
          </Button>
          {suggestion && (
            <Button
              variant="secondary"
              onClick={() => {
                form.setValue("slug", suggestion);
                form.clearErrors("slug");
              }}
            >
              {t("website.slug.useSuggestion", { slug: suggestion })}
            </Button>
          )}
        </div>
      </form>
    </Card>
  );
}

/** A custom domain: set it, add the TXT record shown once, then check it. */
export function DomainCard({ view }: { view: SiteView }) {
  const { t, formatDateTime } = useI18n();
  const utils = trpc.useUtils();
  const refresh = () => utils.site.get.invalidate();
  const setDomain = trpc.site.setDomain.useMutation({ onSuccess: refresh });
  const verify = trpc.site.verifyDomain.useMutation({ onSuccess: refresh });
  const [record, setRecord] = useState<{ name: string; value: string } | null>(null);
  const form = useForm({ defaultValues: { domain: view.site.customDomain ?? "" } });
  const { formError, submit } = useServerSubmit(form, ["domain"]);
  const onSubmit = submit(async (values) => {
    verify.reset();
    const answer = await setDomain.mutateAsync({ domain: values.domain.trim() || null });
    setRecord(
      answer.txtName && answer.txtValue ? { name: answer.txtName, value: answer.txtValue } : null,
    );
  });
  const domain = view.site.customDomain;

  return (
    <Card title={t("website.domain.title")} description={t("website.domain.lead")}>
      <div className="flex flex-col gap-4 py-2">
        {domain && (
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{domain}</span>
            {view.site.domainVerifiedAt ? (
              <Badge tone="success">
                {t("website.domain.verified", { date: formatDateTime(view.site.domainVerifiedAt) })}
              </Badge>
            ) : (
              <Badge tone="warning">{t("website.domain.pending")}</Badge>
            )}
          </p>
        )}
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3">
          {formError && <Alert tone="error">{formError}</Alert>}
          <TextField
            label={t("website.domain.field")}
            description={t("website.domain.hint")}
            placeholder="www.example.com"
            autoCapitalize="none"
            spellCheck={false}
            error={form.formState.errors.domain?.message}
            {...form.register("domain")}
          />
          <div>
            <Button type="submit" variant="secondary" loading={form.formState.isSubmitting}>
              {t("website.domain.save")}
            </Button>
          </div>
        </form>
        {record && (
          <div className="rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm" role="status">
            <p className="font-medium">{t("website.domain.addRecord")}</p>
            <dl className="mt-2 grid gap-1 sm:grid-cols-[6rem_1fr]">
              <dt className="text-slate-600">{t("website.domain.recordType")}</dt>
              <dd className="font-mono">TXT</dd>
              <dt className="text-slate-600">{t("website.domain.recordName")}</dt>
              <dd className="font-mono break-all">{record.name}</dd>
              <dt className="text-slate-600">{t("website.domain.recordValue")}</dt>
              <dd className="font-mono break-all">{record.value}</dd>
            </dl>
            <p className="mt-2 text-slate-600">{t("website.domain.shownOnce")}</p>
          </div>
        )}
        {domain && !view.site.domainVerifiedAt && (
          <div className="flex flex-col gap-2">
            <div>
              <Button loading={verify.isPending} onClick={() => verify.mutate()}>
                {t("website.domain.verify")}
              </Button>
            </div>
            {verify.error && (
              <Alert tone="warning">{errorMessage(verify.error, t("ui.error.network"))}</Alert>
            )}
          </div>
        )}
        {verify.isSuccess && <Alert tone="success">{t("website.domain.verifiedNow")}</Alert>}
      </div>
    </Card>
  );
}
