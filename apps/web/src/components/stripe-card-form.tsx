// Paying by card with Stripe's Payment Element: a patient paying the practice (portal) or a
// practice paying the platform for its plan (website wizard). The browser only confirms the card
// with Stripe; what counts is the server reading the payment back, which `onConfirmed` asks for.
import { Alert, Button, useI18n } from "@caredesk/ui";
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { loadStripe, type Stripe } from "@stripe/stripe-js";
import { useMemo, useState, type ReactNode } from "react";

/** One Stripe.js per publishable key for the page's life (loadStripe loads the script once). */
const stripes = new Map<string, Promise<Stripe | null>>();
function stripeFor(publishableKey: string) {
  let stripe = stripes.get(publishableKey);
  if (!stripe) {
    stripe = loadStripe(publishableKey);
    stripes.set(publishableKey, stripe);
  }
  return stripe;
}

export interface StripeCardFormProps {
  /** The checkout's browser data: Stripe's `publishableKey` and the PaymentIntent's `clientSecret`. */
  clientData: Record<string, string | undefined>;
  /** The pay button's words ("Pay €44.00"). */
  submitLabel: string;
  /** Said when Stripe refuses the card without a message of its own. */
  failedMessage: string;
  /** The card was confirmed with Stripe: ask the server to read the payment back. */
  onConfirmed: () => void;
  /** The server is reading the payment back. */
  confirming: boolean;
  /** Paid: the button stays off. */
  paid?: boolean;
  /** What the server said of the payment (processing, held, failed…). */
  children?: ReactNode;
}

export function StripeCardForm(props: StripeCardFormProps) {
  const { t } = useI18n();
  const publishableKey = props.clientData.publishableKey ?? "";
  const clientSecret = props.clientData.clientSecret ?? "";
  const stripe = useMemo(() => stripeFor(publishableKey), [publishableKey]);
  if (!publishableKey || !clientSecret) {
    return <Alert tone="error">{t("ui.error.unknown")}</Alert>;
  }
  return (
    <Elements stripe={stripe} options={{ clientSecret }}>
      <CardForm {...props} />
    </Elements>
  );
}

function CardForm({
  submitLabel,
  failedMessage,
  onConfirmed,
  confirming,
  paid = false,
  children,
}: StripeCardFormProps) {
  const stripe = useStripe();
  const elements = useElements();
  const [cardError, setCardError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!stripe || !elements) return;
        setBusy(true);
        setCardError(null);
        void stripe
          .confirmPayment({ elements, redirect: "if_required" })
          .then((result) => {
            if (result.error) {
              setCardError(result.error.message ?? failedMessage);
              return;
            }
            onConfirmed();
          })
          .finally(() => setBusy(false));
      }}
    >
      <PaymentElement />
      {cardError && <Alert tone="error">{cardError}</Alert>}
      {children}
      <Button type="submit" disabled={!stripe || !elements || paid} loading={busy || confirming}>
        {submitLabel}
      </Button>
    </form>
  );
}
