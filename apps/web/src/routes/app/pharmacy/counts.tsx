// Stock counts: open a count (every lot on the shelf, or one category's), enter what was
// counted per lot, and post it — each variance becomes a `count` movement — or cancel it.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, PagedListBody, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Card,
  EmptyState,
  LoadingState,
  PageHeader,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  useI18n,
  useT,
  type BadgeTone,
} from "@caredesk/ui";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { useMemo, useState, type FormEvent } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { QueryError } from "../../../components/query-error";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { zonedFormat } from "../../../lib/zoned";
import { PharmacyTabs } from "./products";

type Count = RouterOutputs["stock"]["count"];
type Line = Count["lines"][number];

const statusTone: Record<Count["status"], BadgeTone> = {
  open: "warning",
  posted: "success",
  cancelled: "neutral",
};

export function CountsPage() {
  const t = useT();
  return (
    <OrganizationGate action="pharmacy.read" title={t("pharmacy.counts.title")}>
      {(organization) => <CountsScreen organization={organization} />}
    </OrganizationGate>
  );
}

function CountsScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const navigate = useNavigate();
  const list = trpc.stock.counts.useInfiniteQuery(
    { limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const open = trpc.stock.countOpen.useMutation();
  const [category, setCategory] = useState("");
  const manage = can(organization.role, "pharmacy.manage");
  const onOpen = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const count = await open.mutateAsync({ category: category.trim() || undefined });
      await navigate({ to: "/app/pharmacy/counts/$countId", params: { countId: count.id } });
    } catch {
      // Shown under the form from the mutation's error.
    }
  };
  return (
    <>
      <PageHeader title={t("pharmacy.counts.title")} description={t("pharmacy.counts.lead")} />
      <PharmacyTabs />
      <div className="flex flex-col gap-4">
        {manage && (
          <Card>
            <form
              noValidate
              onSubmit={(e) => void onOpen(e)}
              className="flex flex-wrap items-end gap-3"
            >
              <TextField
                label={t("pharmacy.counts.category")}
                description={t("pharmacy.counts.category.hint")}
                value={category}
                onChange={(e) => setCategory(e.target.value)}
                error={fieldErrorOf(open.error, "category") ?? undefined}
                containerClassName="min-w-64"
              />
              <Button type="submit" loading={open.isPending}>
                {t("pharmacy.counts.open")}
              </Button>
            </form>
            {open.error && !fieldErrorOf(open.error, "category") && (
              <Alert tone="error" className="mt-3">
                {errorMessage(open.error, t("ui.error.network"))}
              </Alert>
            )}
          </Card>
        )}
        <Card>
          <PagedListBody
            list={list}
            empty={
              <EmptyState
                titleAs="h2"
                title={t("pharmacy.counts.empty")}
                description={t("pharmacy.counts.empty.body")}
              />
            }
            status={(shown) => t("pharmacy.counts.shown", { count: shown })}
          >
            {(items) => (
              <ul className="divide-y divide-slate-100" aria-label={t("pharmacy.counts.title")}>
                {items.map((count) => (
                  <li
                    key={count.id}
                    className="flex flex-wrap items-center gap-3 py-3"
                    data-testid="stock-count"
                  >
                    <Link
                      to="/app/pharmacy/counts/$countId"
                      params={{ countId: count.id }}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {t("pharmacy.counts.of", { date: fmt.dateTime(count.createdAt) })}
                    </Link>
                    <Badge tone={statusTone[count.status]}>
                      {t(`pharmacy.counts.status.${count.status}`)}
                    </Badge>
                    {count.note && <span className="text-sm text-slate-600">{count.note}</span>}
                    <span className="ms-auto text-sm text-slate-700">
                      {t("pharmacy.counts.progress", {
                        counted: count.counted,
                        lines: count.lines,
                      })}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </PagedListBody>
        </Card>
      </div>
    </>
  );
}

export function CountPage() {
  const t = useT();
  const { countId } = useParams({ from: "/app/pharmacy/counts/$countId" });
  return (
    <OrganizationGate action="pharmacy.read" title={t("pharmacy.counts.title")}>
      {(organization) => <CountScreen organization={organization} countId={countId} />}
    </OrganizationGate>
  );
}

function CountScreen({ organization, countId }: { organization: MyOrganization; countId: string }) {
  const t = useT();
  const utils = trpc.useUtils();
  const count = trpc.stock.count.useQuery({ id: countId });
  const post = trpc.stock.countPost.useMutation({ onSuccess: () => void utils.stock.invalidate() });
  const cancel = trpc.stock.countCancel.useMutation({
    onSuccess: () => void utils.stock.invalidate(),
  });
  const manage = can(organization.role, "pharmacy.manage");
  if (count.isPending) return <LoadingState />;
  if (count.isError) {
    return (
      <QueryError
        error={count.error}
        onRetry={() => void count.refetch()}
        retrying={count.isRefetching}
        notFoundTitle={t("pharmacy.counts.notFound")}
        notFoundAction={
          <Link to="/app/pharmacy/counts" className={buttonClasses("secondary")}>
            {t("pharmacy.counts.back")}
          </Link>
        }
      />
    );
  }
  const c = count.data;
  const editable = manage && c.status === "open";
  const variances = c.lines.filter((line) => line.variance !== null && line.variance !== 0);
  return (
    <>
      <PageHeader
        title={t("pharmacy.counts.count")}
        description={c.note ?? undefined}
        actions={
          editable ? (
            <>
              <Button
                variant="secondary"
                loading={cancel.isPending}
                onClick={() => cancel.mutate({ id: c.id })}
              >
                {t("pharmacy.counts.cancel")}
              </Button>
              <Button loading={post.isPending} onClick={() => post.mutate({ id: c.id })}>
                {t("pharmacy.counts.post")}
              </Button>
            </>
          ) : undefined
        }
      />
      <PharmacyTabs />
      <div className="flex flex-col gap-4">
        <div className="flex flex-wrap items-center gap-3">
          <Badge tone={statusTone[c.status]}>{t(`pharmacy.counts.status.${c.status}`)}</Badge>
          <span className="text-sm text-slate-700">
            {t("pharmacy.counts.progress", { counted: c.counted, lines: c.lines.length })}
          </span>
          <span className="text-sm text-slate-700" data-testid="variance-count">
            {t("pharmacy.counts.variances", { count: variances.length })}
          </span>
        </div>
        {(post.error ?? cancel.error) && (
          <Alert tone="error">
            {errorMessage(post.error ?? cancel.error, t("ui.error.network"))}
          </Alert>
        )}
        {post.isSuccess && <Alert tone="success">{t("pharmacy.counts.posted")}</Alert>}
        <Card>
          {c.lines.length === 0 ? (
            <EmptyState title={t("pharmacy.counts.noLines")} />
          ) : (
            <Table caption={t("pharmacy.counts.lines")}>
              <THead>
                <Tr>
                  <Th>{t("pharmacy.col.product")}</Th>
                  <Th>{t("pharmacy.col.batch")}</Th>
                  <Th>{t("pharmacy.col.expiry")}</Th>
                  <Th className="text-right">{t("pharmacy.col.expected")}</Th>
                  <Th className="text-right">{t("pharmacy.col.counted")}</Th>
                  <Th className="text-right">{t("pharmacy.col.variance")}</Th>
                </Tr>
              </THead>
              <TBody>
                {c.lines.map((line) => (
                  <CountLine key={line.id} line={line} editable={editable} />
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}

function CountLine({ line, editable }: { line: Line; editable: boolean }) {
  const t = useT();
  const utils = trpc.useUtils();
  const set = trpc.stock.countSet.useMutation({
    onSuccess: () => void utils.stock.count.invalidate(),
  });
  const [value, setValue] = useState(line.counted === null ? "" : String(line.counted));
  const save = () => {
    const trimmed = value.trim();
    if (trimmed === "" || trimmed === String(line.counted ?? "")) return;
    set.mutate({
      lineId: line.id,
      counted: /^\d{1,7}$/.test(trimmed) ? Number(trimmed) : Number.NaN,
    });
  };
  const variance = line.variance;
  return (
    <Tr data-testid="count-line">
      <Td>{line.productName}</Td>
      <Td>{line.batchNumber}</Td>
      <Td>{line.expiresOn}</Td>
      <Td className="text-right tabular-nums">{line.expected}</Td>
      <Td className="text-right">
        {editable ? (
          <TextField
            hideLabel
            label={t("pharmacy.counts.countedOf", {
              product: line.productName,
              batch: line.batchNumber,
            })}
            inputMode="numeric"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            onBlur={save}
            onKeyDown={(e) => {
              if (e.key === "Enter") save();
            }}
            error={
              set.error
                ? (fieldErrorOf(set.error, "counted") ??
                  errorMessage(set.error, t("ui.error.network")))
                : undefined
            }
            className="w-24 text-right"
          />
        ) : (
          <span className="tabular-nums">{line.counted ?? "—"}</span>
        )}
      </Td>
      <Td
        className={`text-right tabular-nums ${variance && variance < 0 ? "text-red-700" : variance ? "text-emerald-700" : ""}`}
      >
        {variance === null ? "—" : variance > 0 ? `+${variance}` : variance}
      </Td>
    </Tr>
  );
}
