// The audit log: who changed what and when, filtered by patient, member, record, action and
// dates; a row opens to show its before and after side by side, changed fields first.
import type { RouterInputs, RouterOutputs } from "@caredesk/api";
import { fieldErrorOf, PagedListBody, trpc } from "@caredesk/client";
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ListFilters,
  PageHeader,
  SelectField,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  useDebouncedValue,
  useI18n,
} from "@caredesk/ui";
import { auditEntityTypes } from "@caredesk/validators";
import { keepPreviousData } from "@tanstack/react-query";
import { Fragment, useMemo, useState } from "react";
import { OrganizationGate } from "../../components/organization-gate";
import type { MyOrganization } from "../../lib/workspace";
import { fromLocal, zonedFormat } from "../../lib/zoned";

export type AuditRow = RouterOutputs["audit"]["list"]["items"][number];
type AuditFilter = Omit<RouterInputs["audit"]["list"], "cursor" | "limit">;

export function AuditPage() {
  const { t } = useI18n();
  return (
    <OrganizationGate action="audit.read" title={t("audit.title")}>
      {(organization) => <AuditScreen organization={organization} />}
    </OrganizationGate>
  );
}

interface Draft {
  patient: { id: string; name: string } | null;
  actorUserId: string;
  entityType: string;
  entityId: string;
  action: string;
  from: string;
  to: string;
}

const emptyDraft: Draft = {
  patient: null,
  actorUserId: "",
  entityType: "",
  entityId: "",
  action: "",
  from: "",
  to: "",
};

/** The filter as the api takes it: dates are whole days in the practice's zone. */
function filterOf(draft: Draft, timeZone: string): AuditFilter {
  const entityType = auditEntityTypes.find((type) => type === draft.entityType);
  return {
    ...(draft.patient ? { patientId: draft.patient.id } : {}),
    ...(draft.actorUserId ? { actorUserId: draft.actorUserId } : {}),
    ...(entityType ? { entityType } : {}),
    ...(draft.entityId.trim() ? { entityId: draft.entityId.trim() } : {}),
    ...(draft.action.trim() ? { action: draft.action.trim() } : {}),
    ...(draft.from ? { from: fromLocal(draft.from, 0, timeZone) } : {}),
    ...(draft.to ? { to: fromLocal(draft.to, 24 * 60, timeZone) } : {}),
  };
}

function AuditScreen({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [filter, setFilter] = useState<AuditFilter>({});
  const list = trpc.audit.list.useInfiniteQuery(
    { ...filter, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const members = trpc.organization.members.useQuery({ limit: 100 });
  const error = list.error;
  const fieldError = (field: string) => (error ? fieldErrorOf(error, field) : null);
  const filtered = Object.keys(filter).length > 0;

  const typeOptions = [
    { value: "", label: t("audit.filter.anyRecord") },
    ...auditEntityTypes.map((type) => ({ value: type, label: type.replaceAll("_", " ") })),
  ];
  const memberOptions = [
    { value: "", label: t("audit.filter.anyone") },
    ...(members.data?.items ?? []).map((m) => ({ value: m.userId, label: m.name })),
  ];

  return (
    <div>
      <PageHeader title={t("audit.title")} description={t("audit.lead")} />
      <Card>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setFilter(filterOf(draft, organization.timeZone));
          }}
        >
          <ListFilters>
            <PatientPicker
              value={draft.patient}
              onChange={(patient) => setDraft((d) => ({ ...d, patient }))}
              error={fieldError("patientId")}
            />
            <SelectField
              label={t("audit.filter.member")}
              options={memberOptions}
              value={draft.actorUserId}
              containerClassName="w-48"
              error={fieldError("actorUserId") ?? undefined}
              onChange={(e) => setDraft((d) => ({ ...d, actorUserId: e.target.value }))}
            />
            <SelectField
              label={t("audit.filter.recordType")}
              options={typeOptions}
              value={draft.entityType}
              containerClassName="w-44"
              error={fieldError("entityType") ?? undefined}
              onChange={(e) => setDraft((d) => ({ ...d, entityType: e.target.value }))}
            />
            <TextField
              label={t("audit.filter.recordId")}
              value={draft.entityId}
              containerClassName="w-72"
              spellCheck={false}
              error={fieldError("entityId") ?? undefined}
              onChange={(e) => setDraft((d) => ({ ...d, entityId: e.target.value }))}
            />
            <TextField
              label={t("audit.filter.action")}
              placeholder="consultation."
              value={draft.action}
              containerClassName="w-44"
              spellCheck={false}
              error={fieldError("action") ?? undefined}
              onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value }))}
            />
            <TextField
              label={t("audit.filter.from")}
              type="date"
              value={draft.from}
              containerClassName="w-40"
              error={fieldError("from") ?? undefined}
              onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
            />
            <TextField
              label={t("audit.filter.to")}
              type="date"
              value={draft.to}
              containerClassName="w-40"
              error={fieldError("to") ?? undefined}
              onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
            />
            <div className="flex gap-2">
              <Button type="submit">{t("audit.filter.apply")}</Button>
              {filtered && (
                <Button
                  variant="secondary"
                  onClick={() => {
                    setDraft(emptyDraft);
                    setFilter({});
                  }}
                >
                  {t("audit.filter.clear")}
                </Button>
              )}
            </div>
          </ListFilters>
        </form>
        <PagedListBody
          list={list}
          empty={
            <EmptyState
              title={filtered ? t("audit.empty.filtered") : t("audit.empty")}
              description={filtered ? t("audit.empty.filtered.body") : undefined}
            />
          }
          status={(shown) => t("audit.shown", { count: shown })}
        >
          {(items) => <AuditTable organization={organization} rows={items} showPatient />}
        </PagedListBody>
      </Card>
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
  error: string | null;
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
      <div className="flex flex-col gap-1.5">
        <span className="text-sm font-medium text-slate-700">{t("audit.filter.patient")}</span>
        <span className="flex items-center gap-2">
          <Badge tone="brand">{value.name}</Badge>
          <Button variant="ghost" size="sm" onClick={() => onChange(null)}>
            {t("audit.filter.patient.clear")}
          </Button>
        </span>
        {error && <p className="text-sm text-red-700">{error}</p>}
      </div>
    );
  }
  const matches = search.length > 0 ? (patients.data?.items ?? []) : [];
  return (
    <div className="relative w-56">
      <TextField
        label={t("audit.filter.patient")}
        placeholder={t("audit.filter.patient.placeholder")}
        value={query}
        autoComplete="off"
        error={error ?? undefined}
        onChange={(e) => setQuery(e.target.value)}
      />
      {matches.length > 0 && (
        <ul className="absolute z-10 mt-1 w-full rounded-lg border border-slate-200 bg-white py-1 shadow-lg">
          {matches.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="block w-full px-3 py-1.5 text-start text-sm hover:bg-slate-50"
                onClick={() => {
                  onChange({ id: p.id, name: `${p.firstName} ${p.lastName}` });
                  setQuery("");
                }}
              >
                {p.firstName} {p.lastName}
                <span className="ms-2 text-xs text-slate-500">{p.mobile}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Audit rows, newest first; each opens to its before and after. */
export function AuditTable({
  organization,
  rows,
  showPatient = false,
}: {
  organization: MyOrganization;
  rows: AuditRow[];
  showPatient?: boolean;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const [open, setOpen] = useState<string | null>(null);
  const columns = showPatient ? 6 : 5;
  return (
    <Table caption={t("audit.caption")}>
      <THead>
        <Tr>
          <Th>{t("audit.col.when")}</Th>
          <Th>{t("audit.col.who")}</Th>
          <Th>{t("audit.col.action")}</Th>
          <Th>{t("audit.col.record")}</Th>
          {showPatient && <Th>{t("audit.col.patient")}</Th>}
          <Th>
            <span className="sr-only">{t("audit.col.details")}</span>
          </Th>
        </Tr>
      </THead>
      <TBody>
        {rows.map((row) => {
          const expanded = open === row.id;
          return (
            <Fragment key={row.id}>
              <Tr>
                <Td className="whitespace-nowrap">{fmt.dateTime(row.createdAt)}</Td>
                <Td>
                  {row.actor ? (
                    <span title={row.actor.email}>{row.actor.name}</span>
                  ) : (
                    <span className="text-slate-500">{t("audit.system")}</span>
                  )}
                </Td>
                <Td>
                  <code className="text-xs">{row.action}</code>
                </Td>
                <Td>
                  {row.entityType ? (
                    <span className="text-xs text-slate-600">
                      {row.entityType.replaceAll("_", " ")}
                      {row.entityId && (
                        <span className="ms-1 font-mono">{row.entityId.slice(0, 8)}</span>
                      )}
                    </span>
                  ) : (
                    "—"
                  )}
                </Td>
                {showPatient && <Td>{row.patientName ?? "—"}</Td>}
                <Td className="text-end">
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-expanded={expanded}
                    onClick={() => setOpen(expanded ? null : row.id)}
                  >
                    {expanded ? t("audit.hide") : t("audit.show")}
                  </Button>
                </Td>
              </Tr>
              {expanded && (
                <Tr>
                  <Td colSpan={columns} className="bg-slate-50">
                    <AuditDetails row={row} />
                  </Td>
                </Tr>
              )}
            </Fragment>
          );
        })}
      </TBody>
    </Table>
  );
}

function show(value: unknown): string {
  if (value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 1);
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Before and after side by side: changed fields first, the unchanged ones folded away. */
function AuditDetails({ row }: { row: AuditRow }) {
  const { t } = useI18n();
  const before = asRecord(row.before);
  const after = asRecord(row.after);
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const differs = (key: string) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]);
  const changed = keys.filter(differs);
  const same = keys.filter((key) => !differs(key));
  const structured = before !== null || after !== null;
  return (
    <div className="flex flex-col gap-3 py-2">
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-600">
        {row.entityId && (
          <div>
            <dt className="inline font-medium">{t("audit.detail.record")}: </dt>
            <dd className="inline font-mono">{row.entityId}</dd>
          </div>
        )}
        {row.actor && (
          <div>
            <dt className="inline font-medium">{t("audit.detail.email")}: </dt>
            <dd className="inline">{row.actor.email}</dd>
          </div>
        )}
        <div>
          <dt className="inline font-medium">{t("audit.detail.ip")}: </dt>
          <dd className="inline font-mono">{row.ip ?? "—"}</dd>
        </div>
        <div>
          <dt className="inline font-medium">{t("audit.detail.request")}: </dt>
          <dd className="inline font-mono">{row.requestId ?? "—"}</dd>
        </div>
      </dl>
      {!structured ? (
        <p className="text-sm text-slate-600">
          {row.before === null && row.after === null ? t("audit.detail.none") : show(row.after)}
        </p>
      ) : (
        <table className="w-full table-fixed border-collapse text-xs">
          <caption className="sr-only">{t("audit.detail.caption")}</caption>
          <thead>
            <tr className="text-start text-slate-500">
              <th scope="col" className="w-1/5 py-1 pe-2 text-start font-medium">
                {t("audit.detail.field")}
              </th>
              <th scope="col" className="py-1 pe-2 text-start font-medium">
                {t("audit.detail.before")}
              </th>
              <th scope="col" className="py-1 text-start font-medium">
                {t("audit.detail.after")}
              </th>
            </tr>
          </thead>
          <tbody>
            {changed.map((key) => (
              <tr key={key} className="border-t border-slate-200 align-top">
                <th scope="row" className="py-1 pe-2 text-start font-mono font-medium">
                  {key}
                </th>
                <td className="bg-red-50 py-1 pe-2 font-mono break-words whitespace-pre-wrap text-red-900">
                  {before ? show(before[key]) : "—"}
                </td>
                <td className="bg-green-50 py-1 font-mono break-words whitespace-pre-wrap text-green-900">
                  {after ? show(after[key]) : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {structured && changed.length === 0 && (
        <p className="text-sm text-slate-600">{t("audit.detail.unchanged")}</p>
      )}
      {same.length > 0 && (
        <details className="text-xs text-slate-600">
          <summary className="cursor-pointer">
            {t("audit.detail.same", { count: same.length })}
          </summary>
          <dl className="mt-1 grid grid-cols-[minmax(0,1fr)_minmax(0,3fr)] gap-x-3 gap-y-0.5">
            {same.map((key) => (
              <Fragment key={key}>
                <dt className="font-mono">{key}</dt>
                <dd className="font-mono break-words">{show(after?.[key] ?? before?.[key])}</dd>
              </Fragment>
            ))}
          </dl>
        </details>
      )}
    </div>
  );
}
