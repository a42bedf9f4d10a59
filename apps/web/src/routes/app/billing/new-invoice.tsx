// A new draft invoice: pick the patient, then any of their completed treatments, one of their
// visits, services and typed-in lines; totals with the practice's tax update as lines change
// (the server computes them again the same way: integer minor units, tax rounded half up).
import { fieldErrorOf, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
  CheckboxField,
  LoadingState,
  PageHeader,
  SelectField,
  TextField,
  useDebouncedValue,
  useI18n,
} from "@caredesk/ui";
import { keepPreviousData } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { formatMoney, inputToMinor, minorToInput } from "../../../lib/money";
import type { MyOrganization } from "../../../lib/workspace";
import { BillingTabs } from "./parts";

export function NewInvoicePage() {
  const { t } = useI18n();
  return (
    <OrganizationGate action="billing.write" title={t("billing.new.title")}>
      {(organization) => <NewInvoiceScreen organization={organization} />}
    </OrganizationGate>
  );
}

interface LineDraft {
  key: number;
  serviceId: string;
  description: string;
  quantity: string;
  price: string;
  discount: string;
}

/** Tax on an amount at a rate in basis points, rounded half up (as the server does it). */
function taxOf(baseMinor: number, rateBps: number): number {
  if (baseMinor <= 0 || rateBps <= 0) return 0;
  return Number((BigInt(baseMinor) * BigInt(rateBps) + 5000n) / 10000n);
}

let nextKey = 1;
const blankLine = (): LineDraft => ({
  key: nextKey++,
  serviceId: "",
  description: "",
  quantity: "1",
  price: "",
  discount: "",
});

function NewInvoiceScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const navigate = useNavigate();
  const currency = organization.currency;
  const money = (minor: number) => formatMoney(minor, currency, tag);
  const [patient, setPatient] = useState<{ id: string; name: string } | null>(null);
  const [treatmentIds, setTreatmentIds] = useState<string[]>([]);
  const [appointmentId, setAppointmentId] = useState("");
  const [lines, setLines] = useState<LineDraft[]>([]);
  const settings = trpc.billing.settings.useQuery();
  const services = trpc.service.list.useQuery({ limit: 100 });
  const chart = trpc.chart.get.useQuery(
    { patientId: patient?.id ?? "" },
    { enabled: patient !== null, retry: false },
  );
  const visits = trpc.patient.appointments.useQuery(
    { patientId: patient?.id ?? "" },
    { enabled: patient !== null, retry: false },
  );
  const create = trpc.invoice.create.useMutation();
  const rate = settings.data?.taxRateBps ?? 0;

  const serviceOf = (id: string) => services.data?.items.find((s) => s.id === id);
  const completed = [...(chart.data?.treatments ?? []), ...(chart.data?.wholeMouth ?? [])].filter(
    (tr) => tr.status === "completed",
  );
  const pastVisits = [...(visits.data?.past ?? []), ...(visits.data?.upcoming ?? [])].filter(
    (v) => v.status !== "cancelled" && v.status !== "held",
  );

  // Live totals: what the server will compute from the same numbers.
  const priced: { base: number; gross: number; discount: number; tax: number }[] = [];
  for (const tr of completed.filter((c) => treatmentIds.includes(c.id))) {
    const base = tr.priceMinor - tr.discountMinor;
    priced.push({ gross: tr.priceMinor, discount: tr.discountMinor, base, tax: taxOf(base, rate) });
  }
  const visit = pastVisits.find((v) => v.id === appointmentId);
  const visitPrice = visit
    ? (services.data?.items.find((s) => s.name === visit.serviceName)?.priceMinor ?? 0)
    : 0;
  if (visit)
    priced.push({ gross: visitPrice, discount: 0, base: visitPrice, tax: taxOf(visitPrice, rate) });
  for (const line of lines) {
    const quantity = Number.parseInt(line.quantity, 10) || 0;
    const price = inputToMinor(line.price, currency) ?? serviceOf(line.serviceId)?.priceMinor ?? 0;
    const discount = inputToMinor(line.discount, currency) ?? 0;
    const gross = quantity * price;
    priced.push({ gross, discount, base: gross - discount, tax: taxOf(gross - discount, rate) });
  }
  const subtotal = priced.reduce((s, p) => s + p.gross, 0);
  const discounts = priced.reduce((s, p) => s + p.discount, 0);
  const tax = priced.reduce((s, p) => s + p.tax, 0);

  const fieldError = (field: string) =>
    create.error ? (fieldErrorOf(create.error, field) ?? undefined) : undefined;
  const formError =
    create.error && !create.error.data?.fieldErrors ? create.error.message : undefined;

  const update = (key: number, change: Partial<LineDraft>) =>
    setLines((all) => all.map((l) => (l.key === key ? { ...l, ...change } : l)));

  const save = async () => {
    if (!patient) return;
    const created = await create
      .mutateAsync({
        patientId: patient.id,
        ...(appointmentId ? { appointmentId } : {}),
        treatmentIds,
        lines: lines.map((line) => {
          const price = inputToMinor(line.price, currency);
          return {
            ...(line.serviceId ? { serviceId: line.serviceId } : {}),
            ...(line.description.trim() ? { description: line.description.trim() } : {}),
            quantity: Number.parseInt(line.quantity, 10) || 0,
            ...(price !== null ? { unitPriceMinor: price } : {}),
            discountMinor: inputToMinor(line.discount, currency) ?? 0,
          };
        }),
      })
      .catch(() => null);
    if (created) {
      await navigate({ to: "/app/billing/invoices/$invoiceId", params: { invoiceId: created.id } });
    }
  };

  return (
    <div>
      <PageHeader title={t("billing.new.title")} />
      <BillingTabs />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="flex flex-col gap-6 lg:col-span-2">
          <Card title={t("billing.new.patient")}>
            <PatientPicker
              value={patient}
              error={fieldError("patientId")}
              onChange={(picked) => {
                setPatient(picked);
                setTreatmentIds([]);
                setAppointmentId("");
              }}
            />
          </Card>
          {patient && (
            <Card title={t("billing.new.treatments")}>
              {chart.isPending ? (
                <LoadingState />
              ) : completed.length === 0 ? (
                <p className="text-sm text-slate-600">{t("billing.new.treatments.none")}</p>
              ) : (
                <div className="flex flex-col gap-2">
                  {completed.map((tr) => (
                    <CheckboxField
                      key={tr.id}
                      label={`${tr.description}${tr.tooth ? ` (${tr.tooth})` : ""} — ${money(tr.chargeMinor)}`}
                      checked={treatmentIds.includes(tr.id)}
                      onChange={(e) =>
                        setTreatmentIds((ids) =>
                          e.target.checked ? [...ids, tr.id] : ids.filter((id) => id !== tr.id),
                        )
                      }
                    />
                  ))}
                  {treatmentIds.map((id, i) => {
                    const error = fieldError(`treatmentIds.${i}`);
                    return error ? (
                      <Alert key={id} tone="error">
                        {error}
                      </Alert>
                    ) : null;
                  })}
                </div>
              )}
            </Card>
          )}
          {patient && pastVisits.length > 0 && (
            <Card title={t("billing.new.appointment")}>
              <SelectField
                label={t("billing.new.appointment")}
                value={appointmentId}
                error={fieldError("appointmentId")}
                options={[
                  { value: "", label: t("billing.new.appointment.none") },
                  ...pastVisits.map((v) => ({
                    value: v.id,
                    label: `${v.serviceName}, ${new Date(v.startsAt).toLocaleString(tag, {
                      dateStyle: "medium",
                      timeStyle: "short",
                      timeZone: organization.timeZone,
                    })}`,
                  })),
                ]}
                onChange={(e) => setAppointmentId(e.target.value)}
              />
            </Card>
          )}
          <Card
            title={t("billing.new.lines")}
            actions={
              <Button
                size="sm"
                variant="secondary"
                onClick={() => setLines((l) => [...l, blankLine()])}
              >
                {t("billing.new.addLine")}
              </Button>
            }
          >
            <div className="flex flex-col gap-4">
              {lines.map((line, i) => (
                <fieldset
                  key={line.key}
                  className="grid gap-3 border-b border-slate-100 pb-4 sm:grid-cols-6"
                >
                  <SelectField
                    label={t("billing.new.service")}
                    containerClassName="sm:col-span-2"
                    value={line.serviceId}
                    error={fieldError(`lines.${i}.serviceId`)}
                    options={[
                      { value: "", label: t("billing.new.service.none") },
                      ...(services.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })),
                    ]}
                    onChange={(e) => {
                      const picked = serviceOf(e.target.value);
                      update(line.key, {
                        serviceId: e.target.value,
                        ...(picked
                          ? {
                              description: picked.name,
                              price: minorToInput(picked.priceMinor, currency),
                            }
                          : {}),
                      });
                    }}
                  />
                  <TextField
                    label={t("billing.col.description")}
                    containerClassName="sm:col-span-4"
                    value={line.description}
                    error={fieldError(`lines.${i}.description`)}
                    onChange={(e) => update(line.key, { description: e.target.value })}
                  />
                  <TextField
                    label={t("billing.col.quantity")}
                    inputMode="numeric"
                    value={line.quantity}
                    error={fieldError(`lines.${i}.quantity`)}
                    onChange={(e) => update(line.key, { quantity: e.target.value })}
                  />
                  <TextField
                    label={t("billing.col.price")}
                    containerClassName="sm:col-span-2"
                    inputMode="decimal"
                    value={line.price}
                    error={fieldError(`lines.${i}.unitPriceMinor`)}
                    onChange={(e) => update(line.key, { price: e.target.value })}
                  />
                  <TextField
                    label={t("billing.col.discount")}
                    containerClassName="sm:col-span-2"
                    inputMode="decimal"
                    value={line.discount}
                    error={fieldError(`lines.${i}.discountMinor`)}
                    onChange={(e) => update(line.key, { discount: e.target.value })}
                  />
                  <div className="flex items-end">
                    <Button
                      size="sm"
                      variant="ghost-danger"
                      onClick={() => setLines((all) => all.filter((l) => l.key !== line.key))}
                    >
                      {t("billing.new.removeLine")}
                    </Button>
                  </div>
                </fieldset>
              ))}
              {fieldError("lines") && <Alert tone="error">{fieldError("lines")}</Alert>}
            </div>
          </Card>
        </div>
        <Card title={t("billing.new.totals")}>
          <dl className="flex flex-col gap-2 text-sm">
            <div className="flex justify-between">
              <dt>{t("billing.invoice.subtotal")}</dt>
              <dd className="tabular-nums">{money(subtotal)}</dd>
            </div>
            <div className="flex justify-between">
              <dt>{t("billing.invoice.discounts")}</dt>
              <dd className="tabular-nums">{money(discounts > 0 ? -discounts : 0)}</dd>
            </div>
            <div className="flex justify-between">
              <dt>
                {t("billing.invoice.tax", {
                  label: settings.data?.taxLabel ?? "",
                  rate: rate / 100,
                })}
              </dt>
              <dd className="tabular-nums">{money(tax)}</dd>
            </div>
            <div className="flex justify-between font-semibold text-slate-900">
              <dt>{t("billing.invoice.total")}</dt>
              <dd className="tabular-nums" data-testid="new-invoice-total">
                {money(subtotal - discounts + tax)}
              </dd>
            </div>
          </dl>
          {formError && (
            <Alert tone="error" className="mt-4">
              {formError}
            </Alert>
          )}
          {!patient && (
            <p className="mt-4 text-sm text-slate-600">{t("billing.new.pickPatient")}</p>
          )}
          <div className="mt-4 flex justify-end">
            <Button disabled={!patient} loading={create.isPending} onClick={() => void save()}>
              {t("billing.new.save")}
            </Button>
          </div>
        </Card>
      </div>
    </div>
  );
}

/** Search the practice's patients by name or mobile and pick one. */
function PatientPicker({
  value,
  onChange,
  error,
}: {
  value: { id: string; name: string } | null;
  onChange: (patient: { id: string; name: string } | null) => void;
  error: string | undefined;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  const search = useDebouncedValue(query.trim(), 250);
  const patients = trpc.patient.list.useQuery(
    { search, limit: 6 },
    { enabled: value === null && search.length > 0, placeholderData: keepPreviousData },
  );
  if (value) {
    return (
      <div className="flex items-center gap-2">
        <Badge tone="brand">{value.name}</Badge>
        <Button variant="ghost" size="sm" onClick={() => onChange(null)}>
          {t("billing.new.patientChange")}
        </Button>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-2">
      <TextField
        label={t("billing.new.patientSearch")}
        value={query}
        error={error}
        onChange={(e) => setQuery(e.target.value)}
      />
      {search.length > 0 && (
        <ul className="flex flex-col gap-1">
          {(patients.data?.items ?? []).map((p) => (
            <li key={p.id}>
              <Button
                variant="ghost"
                size="sm"
                onClick={() => onChange({ id: p.id, name: `${p.firstName} ${p.lastName}` })}
              >
                {p.firstName} {p.lastName}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
