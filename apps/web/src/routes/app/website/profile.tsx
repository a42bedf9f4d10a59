// The business profile the site shows: the logo (the organization's, set as in settings), about,
// address with a map pin, phone, email, website and social links.
import type { RouterOutputs } from "@caredesk/api";
import { trpc, useServerSubmit } from "@caredesk/client";
import { Alert, Button, Card, SelectField, TextAreaField, TextField, useI18n } from "@caredesk/ui";
import { siteTemplates, socialNetworks, type SocialNetwork } from "@caredesk/validators";
import { useState } from "react";
import { useForm, useWatch, type Path } from "react-hook-form";
import { LogoCard } from "../../../components/logo-card";

type SiteView = RouterOutputs["site"]["get"];
type Site = SiteView["site"];

interface Values {
  about: string;
  addressLine: string;
  city: string;
  region: string;
  postalCode: string;
  latitude: string;
  longitude: string;
  phone: string;
  email: string;
  websiteUrl: string;
  template: Site["template"];
  social: Record<SocialNetwork, string>;
}

function valuesOf(site: Site): Values {
  return {
    about: site.about,
    addressLine: site.addressLine,
    city: site.city,
    region: site.region,
    postalCode: site.postalCode,
    latitude: site.latitude === null ? "" : String(site.latitude),
    longitude: site.longitude === null ? "" : String(site.longitude),
    phone: site.phone,
    email: site.email,
    websiteUrl: site.websiteUrl,
    template: site.template,
    social: Object.fromEntries(socialNetworks.map((n) => [n, site.social[n] ?? ""])) as Record<
      SocialNetwork,
      string
    >,
  };
}

/** A coordinate as typed: blank is none; anything else a number (NaN is refused by the api). */
const coordinate = (text: string) => (text.trim() === "" ? null : Number(text.trim()));

const fields: Path<Values>[] = [
  "about",
  "addressLine",
  "city",
  "region",
  "postalCode",
  "latitude",
  "longitude",
  "phone",
  "email",
  "websiteUrl",
  "template",
  ...socialNetworks.map((n) => `social.${n}` as Path<Values>),
];

export function ProfileCard({
  site,
  showTemplate = false,
  onSaved,
}: {
  site: Site;
  showTemplate?: boolean;
  onSaved?: () => void;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const update = trpc.site.updateProfile.useMutation({
    onSuccess: () => utils.site.get.invalidate(),
  });
  const [saved, setSaved] = useState(false);
  const [locating, setLocating] = useState<string | null>(null);
  const form = useForm<Values>({ defaultValues: valuesOf(site) });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, fields);
  const latitude = useWatch({ control: form.control, name: "latitude" });
  const longitude = useWatch({ control: form.control, name: "longitude" });
  const lat = coordinate(latitude);
  const lng = coordinate(longitude);
  const pinned =
    lat !== null && lng !== null && Math.abs(lat) <= 90 && Math.abs(lng) <= 180
      ? { lat, lng }
      : null;

  const onSubmit = submit(async (values) => {
    setSaved(false);
    await update.mutateAsync({
      about: values.about,
      addressLine: values.addressLine,
      city: values.city,
      region: values.region,
      postalCode: values.postalCode,
      latitude: coordinate(values.latitude),
      longitude: coordinate(values.longitude),
      phone: values.phone,
      email: values.email,
      websiteUrl: values.websiteUrl,
      social: values.social,
      ...(showTemplate ? { template: values.template } : {}),
    });
    setSaved(true);
    onSaved?.();
  });

  const useMyLocation = () => {
    if (!("geolocation" in navigator)) {
      setLocating(t("website.profile.locationUnavailable"));
      return;
    }
    setLocating(t("website.profile.locating"));
    navigator.geolocation.getCurrentPosition(
      (position) => {
        form.setValue("latitude", position.coords.latitude.toFixed(6), { shouldDirty: true });
        form.setValue("longitude", position.coords.longitude.toFixed(6), { shouldDirty: true });
        setLocating(null);
      },
      () => setLocating(t("website.profile.locationDenied")),
      { timeout: 10_000 },
    );
  };

  return (
    <Card title={t("website.profile.title")} description={t("website.profile.lead")}>
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-5 py-2">
        {formError && <Alert tone="error">{formError}</Alert>}
        {saved && <Alert tone="success">{t("website.profile.saved")}</Alert>}
        <TextAreaField
          label={t("website.profile.about")}
          description={t("website.profile.aboutHint")}
          rows={4}
          error={errors.about?.message}
          {...form.register("about")}
        />
        <fieldset className="flex flex-col gap-4">
          <legend className="mb-2 text-sm font-semibold text-slate-800">
            {t("website.profile.address")}
          </legend>
          <TextField
            label={t("website.profile.addressLine")}
            autoComplete="street-address"
            error={errors.addressLine?.message}
            {...form.register("addressLine")}
          />
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField
              label={t("website.profile.city")}
              autoComplete="address-level2"
              error={errors.city?.message}
              {...form.register("city")}
            />
            <TextField
              label={t("website.profile.region")}
              autoComplete="address-level1"
              error={errors.region?.message}
              {...form.register("region")}
            />
            <TextField
              label={t("website.profile.postalCode")}
              autoComplete="postal-code"
              error={errors.postalCode?.message}
              {...form.register("postalCode")}
            />
          </div>
        </fieldset>
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-2 text-sm font-semibold text-slate-800">
            {t("website.profile.map")}
          </legend>
          <p className="text-sm text-slate-500">{t("website.profile.mapHint")}</p>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label={t("website.profile.latitude")}
              inputMode="decimal"
              error={errors.latitude?.message}
              {...form.register("latitude")}
            />
            <TextField
              label={t("website.profile.longitude")}
              inputMode="decimal"
              error={errors.longitude?.message}
              {...form.register("longitude")}
            />
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" size="sm" onClick={useMyLocation}>
              {t("website.profile.useLocation")}
            </Button>
            {locating && (
              <span role="status" className="text-sm text-slate-600">
                {locating}
              </span>
            )}
          </div>
          {pinned ? (
            <iframe
              title={t("website.profile.mapPreview")}
              className="h-56 w-full rounded-lg border border-slate-200"
              loading="lazy"
              referrerPolicy="no-referrer"
              src={`https://www.openstreetmap.org/export/embed.html?bbox=${pinned.lng - 0.005}%2C${pinned.lat - 0.003}%2C${pinned.lng + 0.005}%2C${pinned.lat + 0.003}&layer=mapnik&marker=${pinned.lat}%2C${pinned.lng}`}
            />
          ) : (
            <p className="rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-500">
              {t("website.profile.noPin")}
            </p>
          )}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t("website.profile.phone")}
            type="tel"
            autoComplete="tel"
            error={errors.phone?.message}
            {...form.register("phone")}
          />
          <TextField
            label={t("website.profile.email")}
            type="email"
            autoComplete="email"
            error={errors.email?.message}
            {...form.register("email")}
          />
        </div>
        <TextField
          label={t("website.profile.websiteUrl")}
          type="url"
          placeholder="https://"
          error={errors.websiteUrl?.message}
          {...form.register("websiteUrl")}
        />
        {showTemplate && (
          <SelectField
            label={t("website.profile.template")}
            options={siteTemplates.map((template) => ({
              value: template,
              label: t(`website.template.${template}`),
            }))}
            error={errors.template?.message}
            {...form.register("template")}
          />
        )}
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-2 text-sm font-semibold text-slate-800">
            {t("website.profile.social")}
          </legend>
          <div className="grid gap-4 sm:grid-cols-2">
            {socialNetworks.map((network) => (
              <TextField
                key={network}
                label={t(`website.social.${network}`)}
                type="url"
                placeholder="https://"
                error={errors.social?.[network]?.message}
                {...form.register(`social.${network}`)}
              />
            ))}
          </div>
        </fieldset>
        <div className="flex justify-end border-t border-slate-100 pt-4">
          <Button type="submit" loading={isSubmitting}>
            {t("website.profile.save")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

/** The practice's logo, as in the practice settings. */
export function WebsiteLogoCard({ view }: { view: SiteView }) {
  const { t } = useI18n();
  return (
    <LogoCard
      organization={view.organization}
      title={t("website.logo.title")}
      description={t("website.logo.lead")}
    />
  );
}
