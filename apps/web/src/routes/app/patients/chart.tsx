// The dental chart tab: the odontogram, a side panel to chart the picked tooth (surfaces it has,
// a service with its price prefilled, discount, status), the treatment list with its status
// changes, treatment plans with totals, and the conditions found.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc, useServerSubmit } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  EmptyState,
  LoadingState,
  SelectField,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  useI18n,
  type BadgeTone,
} from "@caredesk/ui";
import {
  formatTooth,
  surfacesOf,
  toothConditionKinds,
  toothSurfaceCodes,
  treatmentStatuses,
  type ToothSurface,
  type TreatmentStatus,
} from "@caredesk/validators";
import { zodResolver } from "@hookform/resolvers/zod";
import { getRouteApi } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { Odontogram, type OdontogramTooth } from "../../../components/odontogram";
import { QueryError } from "../../../components/query-error";
import { formatMoney, inputToMinor, minorToInput } from "../../../lib/money";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { PatientRecordFrame } from "./record-frame";

type Chart = RouterOutputs["chart"]["get"];
type Treatment = Chart["treatments"][number];
type Plan = Chart["plans"][number];

const route = getRouteApi("/app/patients/$patientId/chart");

/** The whole mouth, when a treatment is not on one tooth. */
const mouth = "mouth";

export function PatientChartPage() {
  const { patientId } = route.useParams();
  return (
    <PatientRecordFrame patientId={patientId} tab="chart" action="chart.read">
      {({ organization, patient }) => (
        <ChartScreen organization={organization} patientId={patient.id} />
      )}
    </PatientRecordFrame>
  );
}

export const statusTones: Record<TreatmentStatus, BadgeTone> = {
  planned: "danger",
  in_progress: "warning",
  completed: "brand",
  existing: "success",
};

function ChartScreen({
  organization,
  patientId,
}: {
  organization: MyOrganization;
  patientId: string;
}) {
  const { t } = useI18n();
  const chart = trpc.chart.get.useQuery({ patientId });
  const [selected, setSelected] = useState<string | null>(null);
  const writable = can(organization.role, "chart.write");

  const byTooth = useMemo(() => {
    const map = new Map<string, OdontogramTooth>();
    for (const tooth of chart.data?.teeth ?? []) map.set(tooth.universalTooth, tooth);
    return map;
  }, [chart.data]);

  if (chart.isPending) return <LoadingState />;
  if (chart.isError) {
    return (
      <Card>
        <QueryError
          error={chart.error}
          onRetry={() => void chart.refetch()}
          retrying={chart.isRefetching}
        />
      </Card>
    );
  }
  const data = chart.data;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-6">
        <Card
          title={t("dental.odontogram")}
          description={t("dental.odontogram.description", {
            numbering: t(`dental.numbering.${data.numbering}`),
          })}
          actions={
            writable ? (
              <Button size="sm" variant="secondary" onClick={() => setSelected(mouth)}>
                {t("dental.wholeMouth.add")}
              </Button>
            ) : undefined
          }
        >
          <Odontogram
            numbering={data.numbering}
            primaryTeeth={data.primaryTeeth}
            chart={byTooth}
            selected={selected}
            onSelect={setSelected}
          />
        </Card>
        <ToothPanel key={selected ?? "none"} chart={data} selected={selected} writable={writable} />
      </div>
      <TreatmentList chart={data} writable={writable} />
      <PlanList chart={data} writable={writable} />
      <ConditionList chart={data} writable={writable} />
    </div>
  );
}

function useChartRefresh() {
  const utils = trpc.useUtils();
  return async () => {
    await Promise.all([utils.chart.get.invalidate(), utils.ledger.get.invalidate()]);
  };
}

function ToothPanel({
  chart,
  selected,
  writable,
}: {
  chart: Chart;
  selected: string | null;
  writable: boolean;
}) {
  const { t, tag } = useI18n();
  if (!selected) {
    return (
      <Card>
        <EmptyState title={t("dental.panel.pick")} />
      </Card>
    );
  }
  const tooth = selected === mouth ? null : selected;
  const shown = tooth ? formatTooth(tooth, chart.numbering) : null;
  const history = tooth
    ? chart.teeth.find((entry) => entry.universalTooth === tooth)
    : { treatments: chart.wholeMouth, conditions: [] };
  return (
    <Card title={shown ? t("dental.tooth", { tooth: shown }) : t("dental.wholeMouth")}>
      <div className="grid gap-6 md:grid-cols-2">
        {writable && <TreatmentForm chart={chart} tooth={tooth} />}
        <div className="flex flex-col gap-6">
          {writable && tooth && <ConditionForm chart={chart} tooth={tooth} />}
          <section>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">{t("dental.history")}</h3>
            {!history || (history.treatments.length === 0 && history.conditions.length === 0) ? (
              <p className="text-sm text-slate-500">{t("dental.history.empty")}</p>
            ) : (
              <ul className="flex flex-col gap-1 text-sm">
                {history.conditions.map((c) => (
                  <li key={c.id} className="flex items-center gap-2">
                    <Badge tone={c.resolvedAt ? "neutral" : "warning"}>
                      {t(`dental.condition.${c.condition}`)}
                    </Badge>
                    <span className="text-slate-600">{c.surfaces.join("")}</span>
                  </li>
                ))}
                {history.treatments.map((tr) => (
                  <li key={tr.id} className="flex flex-wrap items-center gap-2">
                    <Badge tone={statusTones[tr.status]}>{t(`dental.status.${tr.status}`)}</Badge>
                    <span>
                      {tr.description} {tr.surfaces.join("")}
                    </span>
                    <span className="text-slate-500">
                      {formatMoney(tr.chargeMinor, chart.currency, tag)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </Card>
  );
}

function moneyText(t: ReturnType<typeof useI18n>["t"], currency: string, required: boolean) {
  return z
    .string()
    .trim()
    .refine((v) => (!required && v === "") || inputToMinor(v, currency) !== null, {
      message: t("dental.field.amountInvalid"),
    });
}

function TreatmentForm({ chart, tooth }: { chart: Chart; tooth: string | null }) {
  const { t } = useI18n();
  const currency = chart.currency;
  const services = trpc.service.list.useQuery({ limit: 100 });
  const add = trpc.chart.addTreatment.useMutation();
  const refresh = useChartRefresh();
  const schema = useMemo(
    () =>
      z.object({
        surfaces: z.array(z.enum(toothSurfaceCodes)),
        serviceId: z.string(),
        description: z.string().trim().max(200),
        price: moneyText(t, currency, false),
        discount: moneyText(t, currency, false),
        status: z.enum(treatmentStatuses),
      }),
    [t, currency],
  );
  const form = useForm({
    resolver: zodResolver(schema),
    defaultValues: {
      surfaces: [] as ToothSurface[],
      serviceId: "",
      description: "",
      price: "",
      discount: "",
      status: "planned" as TreatmentStatus,
    },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(
    form,
    ["surfaces", "serviceId", "description", "price", "discount", "status"],
    { priceMinor: "price", discountMinor: "discount" },
  );
  const picked = useWatch({ control: form.control, name: "surfaces" });
  const available = tooth ? surfacesOf(tooth) : [];

  const onSubmit = submit(async (values) => {
    const priceMinor = values.price === "" ? undefined : inputToMinor(values.price, currency);
    const discountMinor = values.discount === "" ? 0 : inputToMinor(values.discount, currency);
    if (priceMinor === null || discountMinor === null) return;
    await add.mutateAsync({
      patientId: chart.patientId,
      tooth: tooth ? formatTooth(tooth, chart.numbering) : null,
      surfaces: values.surfaces,
      serviceId: values.serviceId || null,
      description: values.description,
      ...(priceMinor === undefined ? {} : { priceMinor }),
      discountMinor,
      status: values.status,
    });
    form.reset({ ...form.getValues(), surfaces: [], description: "" });
    await refresh();
  });

  const toggle = (surface: ToothSurface) => {
    const next = picked.includes(surface)
      ? picked.filter((s) => s !== surface)
      : [...picked, surface];
    form.setValue("surfaces", next, { shouldDirty: true });
  };

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3">
      {formError && <Alert tone="error">{formError}</Alert>}
      {tooth && (
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">
            {t("dental.field.surfaces")}
          </legend>
          <div className="flex gap-1">
            {available.map((surface) => (
              <button
                key={surface}
                type="button"
                aria-pressed={picked.includes(surface)}
                aria-label={t(`dental.surface.${surface}`)}
                title={t(`dental.surface.${surface}`)}
                onClick={() => toggle(surface)}
                className={
                  picked.includes(surface)
                    ? "size-9 rounded-md bg-brand-600 text-sm font-semibold text-white"
                    : "size-9 rounded-md border border-slate-300 text-sm font-semibold text-slate-700 hover:bg-slate-50"
                }
              >
                {surface}
              </button>
            ))}
          </div>
          {errors.surfaces?.message && (
            <p className="mt-1 text-sm text-red-700">{errors.surfaces.message}</p>
          )}
        </fieldset>
      )}
      <SelectField
        label={t("dental.field.service")}
        placeholder={t("dental.field.servicePlaceholder")}
        options={(services.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
        error={errors.serviceId?.message}
        {...form.register("serviceId", {
          onChange: (event: { target: { value: string } }) => {
            const service = services.data?.items.find((s) => s.id === event.target.value);
            if (service) form.setValue("price", minorToInput(service.priceMinor, currency));
          },
        })}
      />
      <TextField
        label={t("dental.field.description")}
        description={t("dental.field.descriptionHint")}
        error={errors.description?.message}
        {...form.register("description")}
      />
      <div className="grid grid-cols-2 gap-3">
        <TextField
          label={t("dental.field.price", { currency })}
          inputMode="decimal"
          error={errors.price?.message}
          {...form.register("price")}
        />
        <TextField
          label={t("dental.field.discount", { currency })}
          inputMode="decimal"
          error={errors.discount?.message}
          {...form.register("discount")}
        />
      </div>
      <SelectField
        label={t("dental.field.status")}
        options={treatmentStatuses.map((s) => ({ value: s, label: t(`dental.status.${s}`) }))}
        error={errors.status?.message}
        {...form.register("status")}
      />
      <div className="flex justify-end">
        <Button type="submit" loading={isSubmitting}>
          {t("dental.add")}
        </Button>
      </div>
    </form>
  );
}

function ConditionForm({ chart, tooth }: { chart: Chart; tooth: string }) {
  const { t } = useI18n();
  const add = trpc.chart.addCondition.useMutation();
  const refresh = useChartRefresh();
  const [condition, setCondition] = useState<string>("caries");
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-end gap-2">
      <SelectField
        label={t("dental.field.condition")}
        containerClassName="flex-1"
        value={condition}
        onChange={(event) => setCondition(event.target.value)}
        options={toothConditionKinds.map((c) => ({ value: c, label: t(`dental.condition.${c}`) }))}
      />
      <Button
        variant="secondary"
        loading={add.isPending}
        onClick={() => {
          setError(null);
          const kind = toothConditionKinds.find((c) => c === condition) ?? "caries";
          add
            .mutateAsync({
              patientId: chart.patientId,
              tooth: formatTooth(tooth, chart.numbering),
              condition: kind,
            })
            .then(refresh)
            .catch((cause: unknown) => setError(errorMessage(cause, t("dental.error"))));
        }}
      >
        {t("dental.addCondition")}
      </Button>
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}

function TreatmentList({ chart, writable }: { chart: Chart; writable: boolean }) {
  const { t, tag } = useI18n();
  const setStatus = trpc.chart.setTreatmentStatus.useMutation();
  const remove = trpc.chart.removeTreatment.useMutation();
  const refresh = useChartRefresh();
  const [completing, setCompleting] = useState<Treatment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const money = (minor: number) => formatMoney(minor, chart.currency, tag);

  const run = (action: Promise<unknown>) => {
    setError(null);
    return action
      .then(refresh)
      .catch((cause: unknown) => setError(errorMessage(cause, t("dental.error"))));
  };

  return (
    <Card title={t("dental.treatments")}>
      {error && <Alert tone="error">{error}</Alert>}
      {chart.treatments.length === 0 ? (
        <EmptyState title={t("dental.treatments.empty")} />
      ) : (
        <Table caption={t("dental.treatments")} captionHidden>
          <THead>
            <Tr>
              <Th>{t("dental.col.tooth")}</Th>
              <Th>{t("dental.col.surfaces")}</Th>
              <Th>{t("dental.col.treatment")}</Th>
              <Th>{t("dental.col.price")}</Th>
              <Th>{t("dental.col.status")}</Th>
              {writable && <Th>{t("dental.col.actions")}</Th>}
            </Tr>
          </THead>
          <TBody>
            {chart.treatments.map((tr) => (
              <Tr key={tr.id}>
                <Td>{tr.tooth ?? t("dental.wholeMouth")}</Td>
                <Td>{tr.surfaces.join("")}</Td>
                <Td>{tr.description}</Td>
                <Td>
                  {money(tr.chargeMinor)}
                  {tr.discountMinor > 0 && (
                    <span className="ml-1 text-xs text-slate-500 line-through">
                      {money(tr.priceMinor)}
                    </span>
                  )}
                </Td>
                <Td>
                  <Badge tone={statusTones[tr.status]}>{t(`dental.status.${tr.status}`)}</Badge>
                </Td>
                {writable && (
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {tr.status === "planned" && (
                        <Button
                          size="sm"
                          variant="secondary"
                          onClick={() =>
                            void run(setStatus.mutateAsync({ id: tr.id, status: "in_progress" }))
                          }
                        >
                          {t("dental.action.start")}
                        </Button>
                      )}
                      {(tr.status === "planned" || tr.status === "in_progress") && (
                        <Button size="sm" onClick={() => setCompleting(tr)}>
                          {t("dental.action.complete")}
                        </Button>
                      )}
                      {tr.status === "planned" && (
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => void run(remove.mutateAsync({ id: tr.id }))}
                        >
                          {t("dental.action.remove")}
                        </Button>
                      )}
                    </div>
                  </Td>
                )}
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <ConfirmDialog
        open={completing !== null}
        tone="primary"
        title={t("dental.complete.title")}
        description={
          completing
            ? t("dental.complete.body", {
                treatment: completing.description,
                amount: money(completing.chargeMinor),
              })
            : undefined
        }
        confirmLabel={t("dental.action.complete")}
        pending={setStatus.isPending}
        error={error}
        onCancel={() => setCompleting(null)}
        onConfirm={() => {
          if (!completing) return;
          void run(setStatus.mutateAsync({ id: completing.id, status: "completed" })).then(() =>
            setCompleting(null),
          );
        }}
      />
    </Card>
  );
}

const planTones: Record<Plan["status"], BadgeTone> = {
  draft: "neutral",
  proposed: "brand",
  accepted: "success",
  declined: "danger",
};

function PlanList({ chart, writable }: { chart: Chart; writable: boolean }) {
  const { t, tag } = useI18n();
  const create = trpc.chart.createPlan.useMutation();
  const propose = trpc.chart.proposePlan.useMutation();
  const decide = trpc.chart.decidePlan.useMutation();
  const refresh = useChartRefresh();
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const unplanned = chart.treatments.filter((tr) => tr.status === "planned" && !tr.planId);
  const money = (minor: number) => formatMoney(minor, chart.currency, tag);
  const run = (action: Promise<unknown>) => {
    setError(null);
    void action
      .then(refresh)
      .catch((cause: unknown) => setError(errorMessage(cause, t("dental.error"))));
  };

  return (
    <Card title={t("dental.plans")}>
      <div className="flex flex-col gap-4">
        {error && <Alert tone="error">{error}</Alert>}
        {chart.plans.length === 0 ? (
          <EmptyState title={t("dental.plans.empty")} />
        ) : (
          <ul className="flex flex-col gap-3">
            {chart.plans.map((plan) => (
              <li key={plan.id} className="rounded-lg border border-slate-200 p-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div className="flex items-center gap-2">
                    <span className="font-medium text-slate-900">{plan.title}</span>
                    <Badge tone={planTones[plan.status]}>
                      {t(`dental.planStatus.${plan.status}`)}
                    </Badge>
                  </div>
                  <span className="text-sm font-medium">
                    {t("dental.plans.total", { amount: money(plan.totalMinor) })}
                  </span>
                </div>
                <ul className="mt-2 text-sm text-slate-600">
                  {plan.treatments.map((tr) => (
                    <li key={tr.id}>
                      {tr.tooth ? `${t("dental.tooth", { tooth: tr.tooth })} · ` : ""}
                      {tr.description} {tr.surfaces.join("")} · {money(tr.chargeMinor)}
                    </li>
                  ))}
                </ul>
                {writable && (
                  <div className="mt-2 flex flex-wrap gap-2">
                    {(plan.status === "draft" || plan.status === "declined") && (
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() => run(propose.mutateAsync({ id: plan.id }))}
                      >
                        {t("dental.plans.propose")}
                      </Button>
                    )}
                    {plan.status === "proposed" && (
                      <>
                        <Button
                          size="sm"
                          onClick={() =>
                            run(decide.mutateAsync({ id: plan.id, decision: "accepted" }))
                          }
                        >
                          {t("dental.plans.accepted")}
                        </Button>
                        <Button
                          size="sm"
                          variant="secondary"
                          onClick={() =>
                            run(decide.mutateAsync({ id: plan.id, decision: "declined" }))
                          }
                        >
                          {t("dental.plans.declined")}
                        </Button>
                      </>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        {writable &&
          (unplanned.length === 0 ? (
            <p className="text-sm text-slate-500">{t("dental.plans.nothingToPlan")}</p>
          ) : (
            <div className="flex flex-wrap items-end gap-2 border-t border-slate-100 pt-4">
              <TextField
                label={t("dental.plans.title")}
                containerClassName="flex-1"
                value={title}
                placeholder={t("dental.plans.defaultTitle")}
                onChange={(event) => setTitle(event.target.value)}
              />
              <Button
                loading={create.isPending}
                onClick={() =>
                  run(
                    create
                      .mutateAsync({
                        patientId: chart.patientId,
                        title: title.trim() || t("dental.plans.defaultTitle"),
                        treatmentIds: unplanned.map((tr) => tr.id),
                      })
                      .then(() => setTitle("")),
                  )
                }
              >
                {t("dental.plans.create")}
              </Button>
            </div>
          ))}
      </div>
    </Card>
  );
}

function ConditionList({ chart, writable }: { chart: Chart; writable: boolean }) {
  const { t } = useI18n();
  const resolve = trpc.chart.resolveCondition.useMutation();
  const refresh = useChartRefresh();
  const [error, setError] = useState<string | null>(null);
  return (
    <Card title={t("dental.conditions")}>
      {error && <Alert tone="error">{error}</Alert>}
      {chart.conditions.length === 0 ? (
        <EmptyState title={t("dental.conditions.empty")} />
      ) : (
        <ul className="flex flex-col gap-2 text-sm">
          {chart.conditions.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{t("dental.tooth", { tooth: c.tooth })}</span>
              <Badge tone={c.resolvedAt ? "neutral" : "warning"}>
                {t(`dental.condition.${c.condition}`)}
              </Badge>
              <span className="text-slate-600">{c.surfaces.join("")}</span>
              {c.resolvedAt ? (
                <span className="text-slate-500">{t("dental.conditions.resolved")}</span>
              ) : (
                writable && (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => {
                      setError(null);
                      resolve
                        .mutateAsync({ id: c.id })
                        .then(refresh)
                        .catch((cause: unknown) =>
                          setError(errorMessage(cause, t("dental.error"))),
                        );
                    }}
                  >
                    {t("dental.action.resolve")}
                  </Button>
                )
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
