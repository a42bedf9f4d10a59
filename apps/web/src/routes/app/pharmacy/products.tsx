// The pharmacy's catalogue: fuzzy search (name, generic name, barcode, SKU), by status and low
// stock, with on-hand and what can be sold now; a product opens on its own page.
import type { RouterOutputs } from "@caredesk/api";
import { PagedListBody, trpc } from "@caredesk/client";
import {
  Badge,
  buttonClasses,
  Card,
  CheckboxField,
  cn,
  EmptyState,
  PageHeader,
  SelectField,
  TextField,
  useI18n,
  useT,
} from "@caredesk/ui";
import { Link, useRouterState } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { ExportMenu } from "../../../components/export-menu";
import { OrganizationGate } from "../../../components/organization-gate";
import { formatMoney } from "../../../lib/money";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";

type Product = RouterOutputs["product"]["list"]["items"][number];
type StatusFilter = "active" | "archived" | "all";

/** The pharmacy's sections: catalogue, stock counts, reports. */
export function PharmacyTabs() {
  const t = useT();
  const path = useRouterState({ select: (s) => s.location.pathname });
  const tabs = [
    { to: "/app/pharmacy/products", label: t("pharmacy.tab.products") },
    { to: "/app/pharmacy/counts", label: t("pharmacy.tab.counts") },
    { to: "/app/pharmacy/reports", label: t("pharmacy.tab.reports") },
  ] as const;
  return (
    <nav aria-label={t("pharmacy.tabs")} className="mb-4 flex flex-wrap gap-1">
      {tabs.map((tab) => (
        <Link
          key={tab.to}
          to={tab.to}
          aria-current={path.startsWith(tab.to) ? "page" : undefined}
          className={cn(
            "min-h-11 rounded-md px-3 py-2 text-sm",
            path.startsWith(tab.to)
              ? "bg-brand-50 font-medium text-brand-700"
              : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

export function ProductsPage() {
  const t = useT();
  return (
    <OrganizationGate action="pharmacy.read" title={t("pharmacy.title")}>
      {(organization) => <ProductsScreen organization={organization} />}
    </OrganizationGate>
  );
}

/** Text typed in the search box, settled for a moment before it is asked for. */
function useSettled(value: string, delayMs = 250): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

function ProductsScreen({ organization }: { organization: MyOrganization }) {
  const t = useT();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<StatusFilter>("active");
  const [lowStock, setLowStock] = useState(false);
  const q = useSettled(search.trim());
  const list = trpc.product.list.useInfiniteQuery(
    { q: q || undefined, status, lowStock: lowStock || undefined, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const manage = can(organization.role, "pharmacy.manage");

  return (
    <>
      <PageHeader
        title={t("pharmacy.title")}
        description={t("pharmacy.products.lead")}
        actions={
          <>
            <ExportMenu
              organization={organization}
              kind="products"
              listName={t("import.kind.products")}
              filters={{
                ...(q ? { search: q } : {}),
                ...(status === "all" ? {} : { active: status === "active" ? "true" : "false" }),
              }}
            />
            {manage && (
              <Link to="/app/pharmacy/products/new" className={buttonClasses("primary")}>
                {t("pharmacy.products.new")}
              </Link>
            )}
          </>
        }
      />
      <PharmacyTabs />
      <Card>
        <div className="mb-4 flex flex-wrap items-end gap-4">
          <TextField
            type="search"
            label={t("pharmacy.products.search")}
            description={t("pharmacy.products.search.hint")}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            containerClassName="min-w-64 flex-1"
          />
          <SelectField
            label={t("pharmacy.products.status")}
            value={status}
            onChange={(event) => setStatus(event.target.value as StatusFilter)}
            options={[
              { value: "active", label: t("pharmacy.status.active") },
              { value: "archived", label: t("pharmacy.status.archived") },
              { value: "all", label: t("pharmacy.status.all") },
            ]}
          />
          <CheckboxField
            label={t("pharmacy.products.lowOnly")}
            checked={lowStock}
            onChange={(event) => setLowStock(event.target.checked)}
            containerClassName="pb-2"
          />
        </div>
        <PagedListBody
          list={list}
          empty={
            <EmptyState
              titleAs="h2"
              title={t(q || lowStock ? "pharmacy.products.noMatch" : "pharmacy.products.empty")}
              description={t("pharmacy.products.empty.body")}
            />
          }
          status={(shown) => t("pharmacy.products.shown", { count: shown })}
        >
          {(items) => (
            <ul className="divide-y divide-slate-100" aria-label={t("pharmacy.products.list")}>
              {items.map((product) => (
                <ProductRow key={product.id} product={product} currency={organization.currency} />
              ))}
            </ul>
          )}
        </PagedListBody>
      </Card>
    </>
  );
}

function ProductRow({ product, currency }: { product: Product; currency: string }) {
  const { t, tag } = useI18n();
  return (
    <li
      className="flex flex-wrap items-center gap-3 py-3 first:pt-0 last:pb-0"
      data-testid="product"
    >
      <div className="flex min-w-56 flex-1 flex-col">
        <Link
          to="/app/pharmacy/products/$productId"
          params={{ productId: product.id }}
          className="font-medium text-brand-700 hover:underline"
        >
          {product.name}
        </Link>
        <span className="text-xs text-slate-600">
          {[product.genericName, product.sku, product.barcode].filter(Boolean).join(" · ")}
        </span>
      </div>
      {product.prescriptionOnly && <Badge tone="brand">{t("pharmacy.rx")}</Badge>}
      {product.status === "archived" && (
        <Badge tone="neutral">{t("pharmacy.status.archived")}</Badge>
      )}
      {product.low && <Badge tone="warning">{t("pharmacy.lowStock")}</Badge>}
      <span className="w-28 text-sm tabular-nums text-slate-700">
        {t("pharmacy.onHand", { count: product.onHand })}
      </span>
      <span className="w-28 text-sm tabular-nums text-slate-700">
        {t("pharmacy.available", { count: product.available })}
      </span>
      <span className="w-24 text-end text-sm tabular-nums text-slate-900">
        {formatMoney(product.priceMinor, currency, tag)}
      </span>
    </li>
  );
}
