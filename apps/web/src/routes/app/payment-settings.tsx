// Settings → Payments: each provider's keys (the secrets are sealed on the server and never
// shown back; entering them again replaces them), the webhook URL to give the provider, and the
// practice's fee, dispute window, cancellation policy and tax.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
  CheckboxField,
  LoadingState,
  PageHeader,
  TextField,
  useI18n,
} from "@caredesk/ui";
import { useState } from "react";
import { QueryError } from "../../components/query-error";

type Provider = "stripe" | "razorpay" | "fawry";
type Account = RouterOutputs["paymentAccount"]["list"][number];
type Settings = RouterOutputs["billing"]["settings"];

/** Each provider's fields, as `paymentAccount.save` names them. */
const fieldsOf = {
  stripe: ["publishableKey", "secretKey", "webhookSecret"],
  razorpay: ["keyId", "keySecret", "webhookSecret"],
  fawry: ["merchantCode", "secureKey"],
} as const satisfies Record<Provider, readonly string[]>;

const providers: Provider[] = ["stripe", "razorpay", "fawry"];

export function PaymentSettingsPage() {
  const { t } = useI18n();
  const accounts = trpc.paymentAccount.list.useQuery();
  const settings = trpc.billing.settings.useQuery();
  return (
    <>
      <PageHeader title={t("paymentSettings.title")} description={t("paymentSettings.lead")} />
      <div className="flex flex-col gap-6">
        <Card title={t("paymentSettings.providers")}>
          {accounts.isPending ? (
            <LoadingState />
          ) : accounts.isError ? (
            <QueryError error={accounts.error} onRetry={() => void accounts.refetch()} />
          ) : (
            <div className="flex flex-col gap-6">
              <p className="text-sm text-slate-600">{t("paymentSettings.secretsHidden")}</p>
              {providers.map((p) => (
                <ProviderForm
                  key={p}
                  provider={p}
                  account={accounts.data.find((a) => a.provider === p) ?? null}
                />
              ))}
            </div>
          )}
        </Card>
        <Card title={t("paymentSettings.policy")}>
          {settings.isPending ? (
            <LoadingState />
          ) : settings.isError ? (
            <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
          ) : (
            <PolicyForm settings={settings.data} />
          )}
        </Card>
      </div>
    </>
  );
}

function ProviderForm({ provider, account }: { provider: Provider; account: Account | null }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const [values, setValues] = useState<Record<string, string>>({});
  const [enabled, setEnabled] = useState(account?.enabled ?? true);
  const save = trpc.paymentAccount.save.useMutation({
    onSuccess: () => {
      setValues({});
      void utils.paymentAccount.list.invalidate();
    },
  });
  const remove = trpc.paymentAccount.remove.useMutation({
    onSuccess: () => void utils.paymentAccount.list.invalidate(),
  });
  const webhookUrl = account ? new URL(account.webhookPath, window.location.origin).href : null;
  const fields = fieldsOf[provider];
  const value = (name: string) => (values[name] ?? "").trim();

  return (
    <form
      className="flex flex-col gap-3 border-t border-slate-100 pt-4 first:border-t-0 first:pt-0"
      aria-label={t(`paymentSettings.provider.${provider}`)}
      onSubmit={(e) => {
        e.preventDefault();
        if (provider === "stripe") {
          save.mutate({
            provider,
            publishableKey: value("publishableKey"),
            secretKey: value("secretKey"),
            webhookSecret: value("webhookSecret"),
            enabled,
          });
        } else if (provider === "razorpay") {
          save.mutate({
            provider,
            keyId: value("keyId"),
            keySecret: value("keySecret"),
            webhookSecret: value("webhookSecret"),
            enabled,
          });
        } else {
          save.mutate({
            provider,
            merchantCode: value("merchantCode"),
            secureKey: value("secureKey"),
            enabled,
          });
        }
      }}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-medium text-slate-900">{t(`paymentSettings.provider.${provider}`)}</h3>
        <Badge tone={account?.enabled ? "success" : "neutral"}>
          {account ? t("paymentSettings.connected") : t("paymentSettings.notConnected")}
        </Badge>
      </div>
      {account && (
        <dl className="grid gap-1 text-sm">
          <dd className="text-slate-600">
            {t("paymentSettings.publicKey", { key: account.publicKey })}
          </dd>
          <dt className="text-slate-500">{t("paymentSettings.webhook")}</dt>
          <dd>
            <code
              className="rounded bg-slate-100 px-1.5 py-0.5 break-all"
              data-testid="webhook-url"
            >
              {webhookUrl}
            </code>
          </dd>
        </dl>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        {fields.map((name) => (
          <TextField
            key={name}
            label={t(`paymentSettings.${provider}.${name}` as never)}
            type={
              name === "publishableKey" || name === "keyId" || name === "merchantCode"
                ? "text"
                : "password"
            }
            autoComplete="off"
            value={values[name] ?? ""}
            onChange={(e) => setValues({ ...values, [name]: e.target.value })}
            error={fieldErrorOf(save.error, name) ?? undefined}
          />
        ))}
      </div>
      <CheckboxField
        label={t("paymentSettings.enabled")}
        checked={enabled}
        onChange={(e) => setEnabled(e.target.checked)}
      />
      {save.isSuccess && <Alert tone="success">{t("paymentSettings.saved")}</Alert>}
      {(save.error ?? remove.error) && !fields.some((name) => fieldErrorOf(save.error, name)) && (
        <Alert tone="error">
          {errorMessage(save.error ?? remove.error, t("ui.error.unknown"))}
        </Alert>
      )}
      <div className="flex gap-2">
        <Button type="submit" size="sm" loading={save.isPending}>
          {t("paymentSettings.save")}
        </Button>
        {account && (
          <Button
            size="sm"
            variant="ghost"
            loading={remove.isPending}
            onClick={() => remove.mutate({ provider })}
          >
            {t("paymentSettings.remove")}
          </Button>
        )}
      </div>
    </form>
  );
}

/** Percentages on screen, basis points on the wire (12.5% is 1250). */
const toPercent = (bps: number) => String(bps / 100);
const toBps = (text: string) => {
  const n = Number(text.trim());
  return Number.isFinite(n) ? Math.round(n * 100) : Number.NaN;
};
const toHours = (text: string) => {
  const n = Number(text.trim());
  return Number.isInteger(n) ? n : Number.NaN;
};

function PolicyForm({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const [form, setForm] = useState({
    platformFee: toPercent(settings.platformFeeBps),
    window: String(settings.disputeWindowHours),
    fullRefundHours: String(settings.fullRefundHours),
    lateRefund: toPercent(settings.lateRefundBps),
    tax: toPercent(settings.taxRateBps),
    taxLabel: settings.taxLabel,
  });
  const update = trpc.billing.updateSettings.useMutation({
    onSuccess: () => void utils.billing.settings.invalidate(),
  });
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      setForm({ ...form, [key]: e.target.value }),
  });
  const error = (name: string) => fieldErrorOf(update.error, name) ?? undefined;
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({
          platformFeeBps: toBps(form.platformFee),
          disputeWindowHours: toHours(form.window),
          fullRefundHours: toHours(form.fullRefundHours),
          lateRefundBps: toBps(form.lateRefund),
          taxRateBps: toBps(form.tax),
          taxLabel: form.taxLabel.trim(),
        });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label={t("paymentSettings.fee")}
          inputMode="decimal"
          {...field("platformFee")}
          error={error("platformFeeBps")}
        />
        <TextField
          label={t("paymentSettings.window")}
          inputMode="numeric"
          {...field("window")}
          error={error("disputeWindowHours")}
        />
        <TextField
          label={t("paymentSettings.fullRefundHours")}
          inputMode="numeric"
          {...field("fullRefundHours")}
          error={error("fullRefundHours")}
        />
        <TextField
          label={t("paymentSettings.lateRefund")}
          inputMode="decimal"
          {...field("lateRefund")}
          error={error("lateRefundBps")}
        />
        <TextField
          label={t("paymentSettings.tax")}
          inputMode="decimal"
          {...field("tax")}
          error={error("taxRateBps")}
        />
        <TextField
          label={t("paymentSettings.taxLabel")}
          {...field("taxLabel")}
          error={error("taxLabel")}
        />
      </div>
      {update.isSuccess && <Alert tone="success">{t("paymentSettings.saved")}</Alert>}
      {update.error && !update.error.data?.fieldErrors && (
        <Alert tone="error">{errorMessage(update.error, t("ui.error.unknown"))}</Alert>
      )}
      <div>
        <Button type="submit" size="sm" loading={update.isPending}>
          {t("paymentSettings.savePolicy")}
        </Button>
      </div>
    </form>
  );
}
