// One import, at whatever step it stands: column mapping (uploaded), the dry run's totals and
// errors (checked), progress while the background job writes (queued, running), and the summary
// (completed, failed). The page follows the import's status, so it can be left and reopened.
import { ApiErrorState, errorCode, errorMessage, trpc } from "@caredesk/client";
import { fieldErrorsOf } from "../../../lib/field-errors";
import {
  Alert,
  Button,
  buttonClasses,
  Card,
  EmptyState,
  LoadingState,
  PageHeader,
  ProgressBar,
  SelectField,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  useI18n,
  useT,
  type MessageKey,
} from "@caredesk/ui";
import type { ImportKind } from "@caredesk/validators";
import { getRouteApi, Link, type LinkProps } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { organizationPage } from "../../../components/organization-page";
import type { MyOrganization } from "../../../lib/workspace";
import {
  ErrorFileLink,
  FormActions,
  Figures,
  inProgress,
  kindLabels,
  StatusBadge,
  Steps,
  useFieldLabel,
  type ImportView,
} from "./parts";

const route = getRouteApi("/app/import/$importId");

export const ImportPage = organizationPage("data.import", "import.title", ImportScreen);

function ImportScreen({ organization }: { organization: MyOrganization }) {
  const t = useT();
  const { importId } = route.useParams();
  const view = trpc.dataImport.byId.useQuery(
    { importId },
    {
      // The progress bar: every second while the job has yet to finish.
      refetchInterval: (query) =>
        query.state.data && inProgress(query.state.data.status) ? 1000 : false,
    },
  );
  // "Back to columns" from the dry run: the mapping step again, without losing the dry run.
  const [remapping, setRemapping] = useState(false);

  if (view.data === undefined) {
    if (!view.isError) {
      return (
        <>
          <PageHeader title={t("import.title")} />
          <LoadingState />
        </>
      );
    }
    const code = errorCode(view.error);
    return (
      <>
        <PageHeader title={t("import.title")} />
        <Card>
          {/* Another practice's import, or an address that names none. */}
          {code === "NOT_FOUND" || code === "BAD_REQUEST" ? (
            <EmptyState
              titleAs="h2"
              title={t("import.notFound")}
              description={t("import.notFound.body")}
              action={<BackToList />}
            />
          ) : (
            <ApiErrorState
              error={view.error}
              onRetry={() => void view.refetch()}
              retrying={view.isRefetching}
            />
          )}
        </Card>
      </>
    );
  }

  const current = view.data;
  const header = (
    <>
      <PageHeader
        title={`${t(kindLabels[current.kind])}: ${current.fileName}`}
        description={<StatusBadge status={current.status} />}
        actions={<BackToList />}
      />
      {/* A poll that failed keeps the last known state on screen, and says so. */}
      {view.isError && (
        <div className="mb-4">
          <Alert tone="warning">{errorMessage(view.error, t("ui.error.network"))}</Alert>
        </div>
      )}
    </>
  );

  if (current.status === "uploaded" || (current.status === "checked" && remapping)) {
    return (
      <>
        {header}
        <Steps current="mapping" />
        <MappingStep
          view={current}
          onChecked={() => setRemapping(false)}
          onCancel={current.status === "checked" ? () => setRemapping(false) : null}
        />
      </>
    );
  }
  if (current.status === "checked") {
    return (
      <>
        {header}
        <Steps current="check" />
        <CheckStep view={current} organization={organization} onRemap={() => setRemapping(true)} />
      </>
    );
  }
  if (inProgress(current.status)) {
    return (
      <>
        {header}
        <Steps current="commit" />
        <ProgressStep view={current} />
      </>
    );
  }
  return (
    <>
      {header}
      <Steps current="summary" />
      <SummaryStep view={current} organization={organization} />
    </>
  );
}

function BackToList() {
  const t = useT();
  return (
    <Link to="/app/import" className={buttonClasses("secondary", "sm")}>
      {t("import.backToList")}
    </Link>
  );
}

/** The mapping the screen starts from: the one chosen before, else the API's suggestion. */
function initialMapping(view: ImportView): Record<string, string> {
  const chosen = Object.keys(view.mapping).length > 0 ? view.mapping : view.suggestedMapping;
  // Only columns the file has: a remembered mapping may name one this file lacks.
  return Object.fromEntries(
    Object.entries(chosen).filter(([, column]) => view.columns.includes(column)),
  );
}

function MappingStep({
  view,
  onChecked,
  onCancel,
}: {
  view: ImportView;
  onChecked: () => void;
  /** Back to the dry run already made; null on a first mapping (Cancel goes to the list). */
  onCancel: (() => void) | null;
}) {
  const { t, formatNumber } = useI18n();
  const label = useFieldLabel();
  const utils = trpc.useUtils();
  const [mapping, setMapping] = useState<Record<string, string>>(() => initialMapping(view));
  const [missing, setMissing] = useState<Record<string, string>>({});
  const check = trpc.dataImport.check.useMutation({
    onSuccess: (checked) => {
      utils.dataImport.byId.setData({ importId: checked.id }, checked);
      void utils.dataImport.list.invalidate();
      onChecked();
    },
  });
  const serverErrors = fieldErrorsOf(check.error);
  const fieldError = (key: string): string | undefined => {
    const messages = serverErrors?.[`mapping.${key}`];
    if (messages && messages.length > 0) return messages.join(" ");
    return missing[key];
  };
  // A refusal not about one field (e.g. the file could not be read) shows above the form.
  const formError =
    check.error && !Object.keys(serverErrors ?? {}).some((key) => key.startsWith("mapping."))
      ? errorMessage(check.error, t("ui.error.network"))
      : null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const unmatched = Object.fromEntries(
      view.fields
        .filter((field) => field.required && !mapping[field.key])
        .map((field) => [field.key, t("import.mapping.missing", { field: label(field.key) })]),
    );
    setMissing(unmatched);
    if (Object.keys(unmatched).length > 0) return;
    check.mutate({ importId: view.id, mapping });
  };

  const columnOptions = view.columns.map((column) => ({ value: column, label: column }));
  return (
    <Card
      title={t("import.mapping.title")}
      description={t("import.mapping.lead", {
        file: view.fileName,
        rows: formatNumber(view.totalRows),
      })}
    >
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-5">
        {Object.keys(view.suggestedMapping).length > 0 && (
          <Alert tone="info">{t("import.mapping.suggested")}</Alert>
        )}
        {formError && <Alert tone="error">{formError}</Alert>}
        <Table caption={t("import.mapping.caption")}>
          <THead>
            <Tr>
              <Th>{t("import.mapping.field")}</Th>
              <Th>{t("import.mapping.column")}</Th>
            </Tr>
          </THead>
          <TBody>
            {view.fields.map((field) => (
              <Tr key={field.key}>
                <Td className="w-1/3 align-top font-medium text-slate-900">
                  {label(field.key)}
                  {field.required && (
                    <span className="ms-2 text-xs font-normal text-red-700">
                      ({t("import.mapping.required")})
                    </span>
                  )}
                </Td>
                <Td>
                  <SelectField
                    label={label(field.key)}
                    hideLabel
                    required={field.required}
                    containerClassName="max-w-sm"
                    placeholder={t("import.mapping.none")}
                    value={mapping[field.key] ?? ""}
                    options={columnOptions}
                    error={fieldError(field.key)}
                    onChange={(e) => {
                      const column = e.target.value;
                      setMapping((m) => {
                        const next = { ...m };
                        if (column) next[field.key] = column;
                        else delete next[field.key];
                        return next;
                      });
                      setMissing((m) => {
                        const next = { ...m };
                        delete next[field.key];
                        return next;
                      });
                    }}
                  />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        {check.isPending && (
          <p role="status" className="text-sm text-slate-600">
            {t("import.mapping.checking")}
          </p>
        )}
        <FormActions
          submitLabel={t("import.mapping.submit")}
          loading={check.isPending}
          onCancel={onCancel}
        />
      </form>
    </Card>
  );
}

/** Rows the dry run found new and valid: neither already there nor refused. */
function willCreate(view: ImportView): number {
  return Math.max(0, view.totalRows - view.skippedRows - view.errorRows);
}

function RowErrors({ view }: { view: ImportView }) {
  const { t, formatNumber } = useI18n();
  const label = useFieldLabel();
  if (view.errorRows === 0) return null;
  return (
    <section className="flex flex-col gap-3" aria-labelledby="import-errors-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h3 id="import-errors-title" className="text-sm font-semibold text-slate-900">
          {t("import.check.errorsTitle")}
        </h3>
      </div>
      {view.errors.length < view.errorRows && (
        <p className="text-sm text-slate-600">
          {t("import.check.errorsFirst", {
            shown: formatNumber(view.errors.length),
            count: formatNumber(view.errorRows),
          })}
        </p>
      )}
      <Table caption={t("import.check.errorsCaption", { file: view.fileName })}>
        <THead>
          <Tr>
            <Th className="w-20 text-end">{t("import.check.line")}</Th>
            <Th className="w-48">{t("import.check.field")}</Th>
            <Th>{t("import.check.message")}</Th>
          </Tr>
        </THead>
        <TBody>
          {view.errors.map((error) => (
            <Tr key={`${error.line}:${error.field ?? ""}`}>
              <Td className="text-end tabular-nums">{formatNumber(error.line)}</Td>
              <Td>{error.field ? label(error.field) : t("import.check.row")}</Td>
              <Td>{error.message}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </section>
  );
}

function CheckStep({
  view,
  organization,
  onRemap,
}: {
  view: ImportView;
  organization: MyOrganization;
  onRemap: () => void;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const commit = trpc.dataImport.commit.useMutation({
    onSuccess: (queued) => {
      utils.dataImport.byId.setData({ importId: queued.id }, queued);
      void utils.dataImport.list.invalidate();
    },
  });
  const create = willCreate(view);
  return (
    <Card
      title={t("import.check.title")}
      description={t("import.check.lead", { file: view.fileName })}
      actions={
        view.errorRows > 0 ? (
          <ErrorFileLink organizationId={organization.id} importId={view.id} />
        ) : undefined
      }
    >
      <div className="flex flex-col gap-6">
        <Figures
          figures={[
            { label: t("import.check.total"), value: view.totalRows },
            { label: t("import.check.create"), value: create, tone: "success" },
            { label: t("import.check.skip"), value: view.skippedRows },
            { label: t("import.check.errors"), value: view.errorRows, tone: "danger" },
          ]}
        />
        {view.errorRows === 0 && <Alert tone="success">{t("import.check.noErrors")}</Alert>}
        <RowErrors view={view} />
        {commit.error && (
          <Alert tone="error">{errorMessage(commit.error, t("ui.error.network"))}</Alert>
        )}
        <div className="flex flex-col gap-2 border-t border-slate-100 pt-4">
          <p className="text-sm text-slate-600">
            {t("import.check.commitHint", { organization: organization.name })}
          </p>
          <div className="flex flex-wrap gap-2">
            <Button loading={commit.isPending} onClick={() => commit.mutate({ importId: view.id })}>
              {t("import.check.commit", { count: create })}
            </Button>
            <Button variant="secondary" onClick={onRemap} disabled={commit.isPending}>
              {t("import.check.back")}
            </Button>
            <Link to="/app/import" className={buttonClasses("ghost")}>
              {t("import.cancel")}
            </Link>
          </div>
        </div>
      </div>
    </Card>
  );
}

function ProgressStep({ view }: { view: ImportView }) {
  const { t, formatNumber } = useI18n();
  const percent = view.totalRows === 0 ? 0 : (view.processedRows / view.totalRows) * 100;
  return (
    <Card title={t("import.progress.title")}>
      <div className="flex flex-col gap-4">
        <div className="flex flex-col gap-1.5">
          <div className="flex items-center justify-between text-sm text-slate-700">
            <span role="status">
              {view.status === "queued"
                ? t("import.progress.queued")
                : t("import.progress.rows", {
                    processed: formatNumber(view.processedRows),
                    total: formatNumber(view.totalRows),
                  })}
            </span>
            <span className="tabular-nums">{Math.round(percent)}%</span>
          </div>
          <ProgressBar value={percent} label={t("import.progress.label")} />
        </div>
        <Figures
          figures={[
            { label: t("import.summary.created"), value: view.createdRows, tone: "success" },
            { label: t("import.summary.skipped"), value: view.skippedRows },
            { label: t("import.summary.errors"), value: view.errorRows, tone: "danger" },
          ]}
        />
        <p className="text-sm text-slate-600">{t("import.progress.hint")}</p>
      </div>
    </Card>
  );
}

/** Where the records of each kind are listed. */
const listOf: Record<ImportKind, { to: LinkProps["to"]; label: MessageKey }> = {
  patients: { to: "/app/patients", label: "import.summary.open.patients" },
  appointments: { to: "/app/calendar", label: "import.summary.open.appointments" },
  services: { to: "/app/services", label: "import.summary.open.services" },
  practitioners: { to: "/app/practitioners", label: "import.summary.open.practitioners" },
  products: { to: "/app/pharmacy/products", label: "import.summary.open.products" },
};

function SummaryStep({ view, organization }: { view: ImportView; organization: MyOrganization }) {
  const t = useT();
  const utils = trpc.useUtils();
  // A failed job is committed again: rows already written are matched and skipped.
  const retry = trpc.dataImport.commit.useMutation({
    onSuccess: (queued) => {
      utils.dataImport.byId.setData({ importId: queued.id }, queued);
      void utils.dataImport.list.invalidate();
    },
  });
  const list = listOf[view.kind];
  const failed = view.status === "failed";
  return (
    <Card
      title={failed ? t("import.summary.failed") : t("import.summary.title")}
      actions={
        view.errorRows > 0 ? (
          <ErrorFileLink organizationId={organization.id} importId={view.id} />
        ) : undefined
      }
    >
      <div className="flex flex-col gap-6">
        {failed && (
          <Alert tone="error" title={view.failure ?? t("import.summary.failed")}>
            {t("import.summary.failedBody")}
          </Alert>
        )}
        <Figures
          figures={[
            { label: t("import.check.total"), value: view.totalRows },
            { label: t("import.summary.created"), value: view.createdRows, tone: "success" },
            { label: t("import.summary.skipped"), value: view.skippedRows },
            { label: t("import.summary.errors"), value: view.errorRows, tone: "danger" },
          ]}
        />
        <RowErrors view={view} />
        {retry.error && (
          <Alert tone="error">{errorMessage(retry.error, t("ui.error.network"))}</Alert>
        )}
        <div className="flex flex-wrap gap-2">
          {failed && (
            <Button loading={retry.isPending} onClick={() => retry.mutate({ importId: view.id })}>
              {t("import.summary.retry")}
            </Button>
          )}
          <Link to={list.to} className={buttonClasses(failed ? "secondary" : "primary")}>
            {t(list.label)}
          </Link>
          <Link
            to="/app/import/new"
            search={{ kind: view.kind }}
            className={buttonClasses("secondary")}
          >
            {t("import.summary.another")}
          </Link>
        </div>
      </div>
    </Card>
  );
}
