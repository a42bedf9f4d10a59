// Paying for a video consultation booked in the portal: the practice's providers, then Stripe's
// Payment Element, Razorpay Checkout or a Fawry reference to pay at an outlet. Whatever the
// browser hears from the provider, the server asks the provider itself (`payment.confirmMine`)
// before the consultation counts as paid.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import { Alert, Button, LoadingState, useI18n } from "@caredesk/ui";
import { useState } from "react";
import { QueryError } from "../../components/query-error";
import { StripeCardForm } from "../../components/stripe-card-form";
import { newIdempotencyKey } from "../../lib/booking";
import { formatMoney } from "../../lib/money";

type Provider = "stripe" | "razorpay" | "fawry";
type Checkout = RouterOutputs["payment"]["checkoutMine"];

/** What is being paid online: a video consultation booked in the portal, or an invoice. */
export type PayTarget = { appointmentId: string } | { invoiceId: string };

export function PayForConsultation({
  appointmentId,
  onPaid,
}: {
  appointmentId: string;
  onPaid: () => void;
}) {
  return <PayOnline target={{ appointmentId }} onPaid={onPaid} />;
}

export function PayOnline({ target, onPaid }: { target: PayTarget; onPaid: () => void }) {
  const { t } = useI18n();
  const options = trpc.escrow.payOptions.useQuery();
  const [provider, setProvider] = useState<Provider | null>(null);
  // One key per provider chosen: asking again resumes the same checkout.
  const [keys] = useState(() => new Map<Provider, string>());
  const start = trpc.payment.checkoutMine.useMutation();

  const choose = (chosen: Provider) => {
    setProvider(chosen);
    let key = keys.get(chosen);
    if (!key) {
      key = newIdempotencyKey();
      keys.set(chosen, key);
    }
    start.mutate({ ...target, provider: chosen, idempotencyKey: key });
  };

  if (options.isPending) return <LoadingState />;
  if (options.isError)
    return <QueryError error={options.error} onRetry={() => void options.refetch()} />;
  const providers = options.data.providers;
  if (providers.length === 0) return <Alert tone="warning">{t("pay.noProviders")}</Alert>;

  return (
    <section className="flex flex-col gap-3" aria-label={t("pay.title")} data-testid="pay-step">
      <p className="text-sm text-slate-600">{t("pay.lead")}</p>
      <div className="flex flex-wrap gap-2" role="group" aria-label={t("pay.how")}>
        {providers.map((p) => (
          <Button
            key={p}
            size="sm"
            variant={provider === p ? "primary" : "secondary"}
            aria-pressed={provider === p}
            loading={start.isPending && provider === p}
            onClick={() => choose(p)}
          >
            {t(`pay.provider.${p}`)}
          </Button>
        ))}
      </div>
      {start.error && (
        <Alert tone="error">
          {fieldErrorOf(start.error, "appointmentId") ??
            fieldErrorOf(start.error, "invoiceId") ??
            fieldErrorOf(start.error, "provider") ??
            errorMessage(start.error, t("ui.error.unknown"))}
        </Alert>
      )}
      {start.data && start.data.provider === "stripe" && (
        <StripePay checkout={start.data} onPaid={onPaid} />
      )}
      {start.data && start.data.provider === "razorpay" && (
        <RazorpayPay checkout={start.data} onPaid={onPaid} />
      )}
      {start.data && start.data.provider === "fawry" && <FawryPay checkout={start.data} />}
    </section>
  );
}

/** After the provider: the server reads the payment back and says whether it is paid. */
function useConfirm(onPaid: () => void) {
  const utils = trpc.useUtils();
  return trpc.payment.confirmMine.useMutation({
    onSuccess: (payment) => {
      void utils.appointment.mine.invalidate();
      void utils.payment.mine.invalidate();
      void utils.invoice.mine.invalidate();
      void utils.invoice.mineById.invalidate();
      if (payment.status === "succeeded") onPaid();
    },
  });
}

function ConfirmState({ confirm }: { confirm: ReturnType<typeof useConfirm> }) {
  const { t } = useI18n();
  if (confirm.error) {
    return <Alert tone="error">{errorMessage(confirm.error, t("ui.error.unknown"))}</Alert>;
  }
  const status = confirm.data?.status;
  if (!status || status === "succeeded") return null;
  if (status === "processing" || status === "requires_action") {
    return <Alert tone="info">{t("pay.processing")}</Alert>;
  }
  if (status === "held_for_review") return <Alert tone="warning">{t("pay.review")}</Alert>;
  return <Alert tone="error">{t("pay.failed")}</Alert>;
}

function StripePay({ checkout, onPaid }: { checkout: Checkout; onPaid: () => void }) {
  const { t, tag } = useI18n();
  const confirm = useConfirm(onPaid);
  return (
    <StripeCardForm
      clientData={checkout.clientData}
      submitLabel={t("pay.submit", {
        amount: formatMoney(checkout.amountMinor, checkout.currency, tag),
      })}
      failedMessage={t("pay.failed")}
      onConfirmed={() => confirm.mutate({ paymentId: checkout.paymentId })}
      confirming={confirm.isPending}
    >
      <ConfirmState confirm={confirm} />
    </StripeCardForm>
  );
}

interface RazorpayResponse {
  razorpay_order_id: string;
  razorpay_payment_id: string;
  razorpay_signature: string;
}
interface RazorpayCheckout {
  open(): void;
}
type RazorpayConstructor = new (options: Record<string, unknown>) => RazorpayCheckout;

/** Razorpay's Checkout script, loaded once when first needed. */
let razorpayScript: Promise<RazorpayConstructor> | null = null;
function loadRazorpay(): Promise<RazorpayConstructor> {
  razorpayScript ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "https://checkout.razorpay.com/v1/checkout.js";
    script.async = true;
    script.onload = () => {
      const ctor = (window as unknown as { Razorpay?: RazorpayConstructor }).Razorpay;
      if (ctor) resolve(ctor);
      else reject(new Error("Razorpay Checkout did not load"));
    };
    script.onerror = () => {
      razorpayScript = null;
      reject(new Error("Razorpay Checkout did not load"));
    };
    document.head.appendChild(script);
  });
  return razorpayScript;
}

function RazorpayPay({ checkout, onPaid }: { checkout: Checkout; onPaid: () => void }) {
  const { t, tag } = useI18n();
  const confirm = useConfirm(onPaid);
  const [loadError, setLoadError] = useState(false);
  const open = () => {
    setLoadError(false);
    loadRazorpay()
      .then((Razorpay) => {
        new Razorpay({
          key: checkout.clientData.keyId,
          order_id: checkout.clientData.orderId,
          amount: Number(checkout.clientData.amountMinor),
          currency: checkout.clientData.currency,
          handler: (response: RazorpayResponse) =>
            confirm.mutate({
              paymentId: checkout.paymentId,
              // Checkout's answer as it comes; the server checks its signature.
              razorpay: response,
            }),
        }).open();
      })
      .catch(() => setLoadError(true));
  };
  return (
    <div className="flex flex-col gap-3">
      {loadError && <Alert tone="error">{t("pay.razorpay.unavailable")}</Alert>}
      <ConfirmState confirm={confirm} />
      <Button onClick={open} loading={confirm.isPending}>
        {t("pay.submit", { amount: formatMoney(checkout.amountMinor, checkout.currency, tag) })}
      </Button>
    </div>
  );
}

function FawryPay({ checkout }: { checkout: Checkout }) {
  const { t, tag } = useI18n();
  const expiresAt = checkout.clientData.expiresAt ? new Date(checkout.clientData.expiresAt) : null;
  return (
    <div className="flex flex-col gap-2 rounded-lg bg-slate-50 p-3 text-sm">
      <p>
        {t("pay.fawry.lead", { amount: formatMoney(checkout.amountMinor, checkout.currency, tag) })}
      </p>
      <p
        className="text-2xl font-semibold tracking-wider text-slate-900 tabular-nums"
        data-testid="fawry-reference"
      >
        {checkout.clientData.referenceNumber}
      </p>
      {expiresAt && (
        <p className="text-slate-600">
          {t("pay.fawry.expires", {
            time: new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" }).format(
              expiresAt,
            ),
          })}
        </p>
      )}
    </div>
  );
}
