// The shop's checkout (/portal/checkout?practice=<slug>), where the practice's site sends its
// cart: signs the visitor in, lets them join the practice as a patient, then takes the order —
// pickup or delivery, online or cash payment, and the prescription when an item needs one. The
// cart lives in the browser (`caredesk.cart.<slug>`), written by the site's cart island.
import { errorMessage, trpc } from "@caredesk/client";
import { OrderAddressInput } from "@caredesk/validators";
import {
  Alert,
  Button,
  Card,
  EmptyState,
  LoadingState,
  PageHeader,
  TextAreaField,
  TextField,
  useI18n,
} from "@caredesk/ui";
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useEffect, useMemo, useState } from "react";
import { UploadStatus, useUpload } from "../../components/upload";
import { SignedInWorkspace } from "../../components/workspace-frame";
import { resetOrganizationData, setActiveOrganizationId } from "../../lib/active-organization";
import { newIdempotencyKey } from "../../lib/booking";
import { cartKey, readCart, writeCartFromLink } from "../../lib/cart";
import { formatMoney } from "../../lib/money";
import type { Workspace } from "../../lib/workspace";

const route = getRouteApi("/portal/checkout");

export function CheckoutPage() {
  const { practice, items } = route.useSearch();
  const navigate = useNavigate();
  // A practice's own domain cannot share its storage with this origin: its cart comes in the
  // link, is kept here, and leaves the address (a reload must not bring it back).
  // Kept before the first render, so the form below reads it.
  useState(() => (practice && items ? writeCartFromLink(practice, items) : 0));
  useEffect(() => {
    if (items) void navigate({ to: "/portal/checkout", search: { practice }, replace: true });
  }, [items, practice, navigate]);
  const returnTo = `/portal/checkout?practice=${encodeURIComponent(practice ?? "")}`;
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-4 p-4">
      <SignedInWorkspace returnTo={returnTo}>
        {(workspace) => <Checkout workspace={workspace} slug={practice ?? ""} />}
      </SignedInWorkspace>
    </main>
  );
}

function Checkout({ workspace, slug }: { workspace: Workspace; slug: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const membership = workspace.organizations.find((o) => o.slug === slug);
  const activeId = workspace.organization?.id;
  useEffect(() => {
    if (membership?.role === "patient" && membership.id !== activeId) {
      setActiveOrganizationId(membership.id);
      void resetOrganizationData(queryClient);
    }
  }, [membership, activeId, queryClient]);

  if (!membership || membership.role !== "patient") {
    return <JoinPractice slug={slug} />;
  }
  if (membership.id !== activeId) return <LoadingState label={t("checkout.loading")} />;
  return <OrderForm slug={slug} organizationId={membership.id} />;
}

function JoinPractice({ slug }: { slug: string }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const [mobile, setMobile] = useState("");
  const join = trpc.shop.join.useMutation({
    onSuccess: async (joined) => {
      setActiveOrganizationId(joined.organizationId);
      await utils.auth.me.invalidate();
    },
  });
  const organization = slug;
  const fieldError = join.error?.data?.fieldErrors?.mobile?.[0];
  return (
    <Card>
      <PageHeader
        title={t("checkout.join.title", { organization })}
        description={t("checkout.join.body", { organization })}
      />
      <form
        className="flex flex-col gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          join.mutate({ slug, mobile });
        }}
      >
        <TextField
          label={t("checkout.join.mobile")}
          type="tel"
          autoComplete="tel"
          value={mobile}
          error={fieldError}
          onChange={(event) => setMobile(event.target.value)}
        />
        {join.error && !fieldError && (
          <Alert tone="error">{errorMessage(join.error, t("ui.error.network"))}</Alert>
        )}
        <Button type="submit" loading={join.isPending}>
          {t("checkout.join.submit", { organization })}
        </Button>
      </form>
    </Card>
  );
}

function OrderForm({ slug, organizationId }: { slug: string; organizationId: string }) {
  const { t, tag } = useI18n();
  const navigate = useNavigate();
  const cart = useMemo(() => readCart(slug), [slug]);
  const quote = trpc.shop.quote.useQuery(
    { slug, items: cart },
    { enabled: cart.length > 0, retry: false },
  );
  const [fulfilment, setFulfilment] = useState<"pickup" | "delivery">("pickup");
  const [payment, setPayment] = useState<"online" | "cash_on_delivery">("cash_on_delivery");
  const [address, setAddress] = useState({
    line1: "",
    line2: "",
    city: "",
    postalCode: "",
    notes: "",
  });
  const [note, setNote] = useState("");
  const [prescription, setPrescription] = useState<{ id: string; name: string } | null>(null);
  const [key] = useState(() => newIdempotencyKey());
  const upload = useUpload(organizationId);
  const place = trpc.order.placeMine.useMutation({
    onSuccess: (order) => {
      try {
        localStorage.removeItem(cartKey(slug));
      } catch {
        // Nothing stored to clear.
      }
      void navigate({ to: "/portal/orders/$orderId", params: { orderId: order.id } });
    },
  });
  const errors = place.error?.data?.fieldErrors ?? {};

  if (cart.length === 0) {
    return (
      <Card>
        <EmptyState
          titleAs="h1"
          title={t("checkout.empty")}
          description={t("checkout.empty.body")}
        />
      </Card>
    );
  }
  if (quote.isPending) return <LoadingState label={t("checkout.loading")} />;
  if (quote.isError) {
    return <Alert tone="error">{errorMessage(quote.error, t("ui.error.network"))}</Alert>;
  }
  const q = quote.data;
  const money = (minor: number) => formatMoney(minor, q.currency, tag);
  const setLine = (field: keyof typeof address) => (value: string) =>
    setAddress((a) => ({ ...a, [field]: value }));

  return (
    <>
      <PageHeader title={t("checkout.title")} />
      <form
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          const delivery =
            fulfilment === "delivery" ? OrderAddressInput.safeParse(address) : undefined;
          place.mutate({
            idempotencyKey: key,
            items: cart,
            fulfilment,
            payment,
            deliveryAddress: delivery?.success ? delivery.data : null,
            prescriptionFileId: prescription?.id ?? null,
            note,
          });
        }}
      >
        <Card>
          <h2 className="mb-2 font-medium">{t("checkout.items")}</h2>
          <ul className="divide-y divide-slate-100">
            {q.lines.map((line, i) => (
              <li key={line.productId} className="flex flex-wrap gap-2 py-2 text-sm">
                <span>
                  {line.quantity} × {line.name}
                </span>
                {(!line.enough || errors[`items.${i}.quantity`]) && (
                  <span className="text-red-700">
                    {errors[`items.${i}.quantity`]?.[0] ?? t("checkout.unavailable")}
                  </span>
                )}
                <span className="ms-auto tabular-nums">{money(line.lineTotalMinor)}</span>
              </li>
            ))}
          </ul>
          <p className="mt-2 flex font-medium">
            <span>{t("checkout.total")}</span>
            <span className="ms-auto tabular-nums">{money(q.totalMinor)}</span>
          </p>
        </Card>
        <Card>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-2 font-medium">{t("checkout.fulfilment")}</legend>
            {(["pickup", "delivery"] as const).map((choice) => (
              <label key={choice} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="fulfilment"
                  checked={fulfilment === choice}
                  onChange={() => setFulfilment(choice)}
                />
                {t(choice === "pickup" ? "checkout.pickup" : "checkout.delivery")}
              </label>
            ))}
          </fieldset>
          {fulfilment === "delivery" && (
            <div className="mt-3 grid gap-3">
              <TextField
                label={t("checkout.address.line1")}
                value={address.line1}
                autoComplete="address-line1"
                error={errors["deliveryAddress.line1"]?.[0] ?? errors.deliveryAddress?.[0]}
                onChange={(e) => setLine("line1")(e.target.value)}
              />
              <TextField
                label={t("checkout.address.line2")}
                value={address.line2}
                autoComplete="address-line2"
                onChange={(e) => setLine("line2")(e.target.value)}
              />
              <TextField
                label={t("checkout.address.city")}
                value={address.city}
                autoComplete="address-level2"
                error={errors["deliveryAddress.city"]?.[0]}
                onChange={(e) => setLine("city")(e.target.value)}
              />
              <TextField
                label={t("checkout.address.postalCode")}
                value={address.postalCode}
                autoComplete="postal-code"
                onChange={(e) => setLine("postalCode")(e.target.value)}
              />
              <TextField
                label={t("checkout.address.notes")}
                value={address.notes}
                onChange={(e) => setLine("notes")(e.target.value)}
              />
            </div>
          )}
        </Card>
        <Card>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-2 font-medium">{t("checkout.payment")}</legend>
            {(["online", "cash_on_delivery"] as const).map((choice) => (
              <label key={choice} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="payment"
                  checked={payment === choice}
                  onChange={() => setPayment(choice)}
                />
                {t(choice === "online" ? "checkout.payOnline" : "checkout.payCash")}
              </label>
            ))}
          </fieldset>
        </Card>
        {q.prescriptionNeeded && (
          <Card>
            <h2 className="mb-1 font-medium">{t("checkout.prescription")}</h2>
            <p className="mb-2 text-sm text-slate-600">{t("checkout.prescription.body")}</p>
            <input
              type="file"
              accept="application/pdf,image/png,image/jpeg,image/webp"
              aria-label={t("checkout.prescription")}
              onChange={(event) => {
                const chosen = event.target.files?.[0];
                if (!chosen) return;
                void upload.upload(chosen, "prescription").then((uploaded) => {
                  if (uploaded) setPrescription({ id: uploaded.id, name: uploaded.originalName });
                });
              }}
            />
            <UploadStatus state={upload} />
            {prescription && (
              <p className="mt-2 text-sm text-slate-700">
                {t("checkout.prescription.uploaded", { name: prescription.name })}
              </p>
            )}
            {errors.prescriptionFileId && (
              <p className="mt-2 text-sm text-red-700">{errors.prescriptionFileId[0]}</p>
            )}
          </Card>
        )}
        <TextAreaField
          label={t("checkout.note")}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        {place.error && (
          <Alert tone="error">{errorMessage(place.error, t("ui.error.network"))}</Alert>
        )}
        <Button type="submit" loading={place.isPending} disabled={upload.uploading}>
          {t("checkout.place")}
        </Button>
      </form>
    </>
  );
}
