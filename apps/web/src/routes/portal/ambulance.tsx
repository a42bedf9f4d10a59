// The portal's ambulance request: the patient's name and number prefilled, the pickup address or
// their shared location (navigator.geolocation), what happened; then where each of their
// requests stands, refreshed every few seconds while the page is open.
import type { RouterOutputs } from "@caredesk/api";
import { errorCode, trpc, useServerSubmit } from "@caredesk/client";
import { AmbulanceRequestMineInput, type AmbulanceStatus } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  LoadingState,
  PageHeader,
  TextAreaField,
  TextField,
  useI18n,
  useT,
  type BadgeTone,
  type MessageKey,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { QueryError } from "../../components/query-error";
import { newIdempotencyKey } from "../../lib/booking";
import { useWorkspace, type MyOrganization } from "../../lib/workspace";
import { zonedFormat } from "../../lib/zoned";

type Mine = RouterOutputs["ambulance"]["mine"];
type Format = ReturnType<typeof zonedFormat>;

const statusLabel: Record<AmbulanceStatus, MessageKey> = {
  new: "portalAmbulance.status.new",
  dispatched: "portalAmbulance.status.dispatched",
  en_route: "portalAmbulance.status.en_route",
  arrived: "portalAmbulance.status.arrived",
  completed: "portalAmbulance.status.completed",
  cancelled: "portalAmbulance.status.cancelled",
};

const statusTone: Record<AmbulanceStatus, BadgeTone> = {
  new: "warning",
  dispatched: "brand",
  en_route: "brand",
  arrived: "success",
  completed: "success",
  cancelled: "neutral",
};

/** How often the page asks where the patient's requests stand while one is open. */
const pollMs = 5_000;

export function PortalAmbulancePage() {
  const { organization } = useWorkspace();
  if (!organization) return null;
  return <PortalAmbulance organization={organization} />;
}

function PortalAmbulance({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const me = trpc.portal.me.useQuery();
  const mine = trpc.ambulance.mine.useQuery(undefined, {
    refetchInterval: (query) =>
      query.state.data?.some((r) => r.status !== "completed" && r.status !== "cancelled")
        ? pollMs
        : false,
  });
  const [sent, setSent] = useState<string | null>(null);

  const off = mine.isError && errorCode(mine.error) === "NOT_FOUND";
  return (
    <>
      <PageHeader
        title={t("portalAmbulance.title")}
        description={t("portalAmbulance.lead", { organization: organization.name })}
      />
      <div className="flex flex-col gap-6">
        {sent && <Alert tone="success">{t("portalAmbulance.sent", { reference: sent })}</Alert>}
        {off ? (
          <Card>
            <EmptyState
              titleAs="h2"
              title={t("portalAmbulance.off")}
              description={t("portalAmbulance.off.body")}
            />
          </Card>
        ) : (
          <>
            <Card>
              {me.isPending ? (
                <LoadingState />
              ) : me.isError ? (
                <QueryError
                  error={me.error}
                  onRetry={() => void me.refetch()}
                  retrying={me.isRefetching}
                />
              ) : (
                <RequestForm
                  name={`${me.data.firstName} ${me.data.lastName}`.trim()}
                  phone={me.data.mobile}
                  onSent={(reference) => setSent(reference)}
                />
              )}
            </Card>
            <Card title={t("portalAmbulance.mine.title")}>
              {mine.isPending ? (
                <LoadingState />
              ) : mine.isError ? (
                <QueryError
                  error={mine.error}
                  onRetry={() => void mine.refetch()}
                  retrying={mine.isRefetching}
                />
              ) : mine.data.length === 0 ? (
                <EmptyState title={t("portalAmbulance.mine.empty")} />
              ) : (
                <MyRequests requests={mine.data} fmt={fmt} />
              )}
            </Card>
          </>
        )}
      </div>
    </>
  );
}

type Located =
  | { state: "idle" }
  | { state: "locating" }
  | { state: "located"; latitude: number; longitude: number }
  | { state: "failed" };

function RequestForm({
  name,
  phone,
  onSent,
}: {
  name: string;
  phone: string;
  onSent: (reference: string) => void;
}) {
  const t = useT();
  const utils = trpc.useUtils();
  const request = trpc.ambulance.requestMine.useMutation();
  const [located, setLocated] = useState<Located>({ state: "idle" });
  const form = useForm({
    resolver: zodResolver(AmbulanceRequestMineInput),
    defaultValues: {
      requesterName: name,
      phone,
      pickupAddress: "",
      condition: "",
      latitude: null,
      longitude: null,
      idempotencyKey: newIdempotencyKey(),
    },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, [
    "requesterName",
    "phone",
    "pickupAddress",
    "condition",
    "latitude",
    "longitude",
  ]);
  const send = submit(async (values) => {
    const created = await request.mutateAsync(values);
    onSent(created.reference);
    form.reset({
      ...values,
      pickupAddress: "",
      condition: "",
      latitude: null,
      longitude: null,
      idempotencyKey: newIdempotencyKey(),
    });
    setLocated({ state: "idle" });
    await utils.ambulance.mine.invalidate();
  });

  const locate = () => {
    if (!("geolocation" in navigator)) {
      setLocated({ state: "failed" });
      return;
    }
    setLocated({ state: "locating" });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const latitude = Math.round(position.coords.latitude * 1e6) / 1e6;
        const longitude = Math.round(position.coords.longitude * 1e6) / 1e6;
        form.setValue("latitude", latitude);
        form.setValue("longitude", longitude);
        form.clearErrors("pickupAddress");
        setLocated({ state: "located", latitude, longitude });
      },
      () => setLocated({ state: "failed" }),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };
  const forget = () => {
    form.setValue("latitude", null);
    form.setValue("longitude", null);
    setLocated({ state: "idle" });
  };

  return (
    <form noValidate onSubmit={send} className="flex flex-col gap-4" data-testid="ambulance-form">
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField
        label={t("portalAmbulance.name")}
        required
        autoComplete="name"
        error={errors.requesterName?.message}
        {...form.register("requesterName")}
      />
      <TextField
        label={t("portalAmbulance.phone")}
        description={t("portalAmbulance.phoneHint")}
        required
        type="tel"
        autoComplete="tel"
        dir="ltr"
        error={errors.phone?.message}
        {...form.register("phone")}
      />
      <TextAreaField
        label={t("portalAmbulance.address")}
        description={t("portalAmbulance.addressHint")}
        rows={2}
        autoComplete="street-address"
        error={errors.pickupAddress?.message ?? errors.latitude?.message}
        {...form.register("pickupAddress")}
      />
      <div className="flex flex-wrap items-center gap-3">
        {located.state === "located" ? (
          <>
            <p className="text-sm text-slate-700" role="status">
              {t("portalAmbulance.located", {
                latitude: located.latitude,
                longitude: located.longitude,
              })}
            </p>
            <Button type="button" size="sm" variant="ghost" onClick={forget}>
              {t("portalAmbulance.clearLocation")}
            </Button>
          </>
        ) : (
          <Button
            type="button"
            size="sm"
            variant="secondary"
            loading={located.state === "locating"}
            onClick={locate}
          >
            {located.state === "locating"
              ? t("portalAmbulance.locating")
              : t("portalAmbulance.useLocation")}
          </Button>
        )}
        {located.state === "failed" && (
          <p className="text-sm text-red-700" role="alert">
            {t("portalAmbulance.locationFailed")}
          </p>
        )}
      </div>
      <TextAreaField
        label={t("portalAmbulance.condition")}
        description={t("portalAmbulance.conditionHint")}
        required
        rows={3}
        error={errors.condition?.message}
        {...form.register("condition")}
      />
      <div>
        <Button type="submit" variant="danger" loading={isSubmitting}>
          {t("portalAmbulance.submit")}
        </Button>
      </div>
    </form>
  );
}

function MyRequests({ requests, fmt }: { requests: Mine; fmt: Format }) {
  const t = useT();
  return (
    <ul className="divide-y divide-slate-100" data-testid="ambulance-mine">
      {requests.map((r) => (
        <li key={r.id} className="flex flex-col gap-1 py-3 first:pt-0 last:pb-0">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="font-medium text-slate-900">
              {t("portalAmbulance.reference", { reference: r.reference })}
            </p>
            <Badge tone={statusTone[r.status]}>{t(statusLabel[r.status])}</Badge>
          </div>
          <p className="text-sm text-slate-600">
            {t("portalAmbulance.requested", { time: fmt.dateTime(r.createdAt) })}
          </p>
          {r.vehicle && (
            <p className="text-sm text-slate-700">
              {t("portalAmbulance.vehicle", { vehicle: r.vehicle })}
            </p>
          )}
          {r.cancelReason && (
            <p className="text-sm text-slate-700">
              {t("portalAmbulance.reason", { reason: r.cancelReason })}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
