// The billing area's first tab: every invoice, newest first, filtered by status.
import { PagedListBody, trpc } from "@caredesk/client";
import {
  buttonClasses,
  Card,
  EmptyState,
  ListFilters,
  PageHeader,
  SelectField,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { invoiceStatuses, type InvoiceStatus } from "@caredesk/validators";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { formatMoney } from "../../../lib/money";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { BillingTabs, InvoiceStatusBadge } from "./parts";

export function BillingInvoicesPage() {
  const { t } = useI18n();
  return (
    <OrganizationGate action="billing.read" title={t("billing.title")}>
      {(organization) => <InvoicesScreen organization={organization} />}
    </OrganizationGate>
  );
}

function InvoicesScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag, formatDate } = useI18n();
  const [status, setStatus] = useState<InvoiceStatus | "">("");
  const list = trpc.invoice.list.useInfiniteQuery(
    { limit: 25, ...(status ? { status } : {}) },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  return (
    <div>
      <PageHeader
        title={t("billing.title")}
        description={t("billing.invoices.lead")}
        actions={
          can(organization.role, "billing.write") && (
            <Link to="/app/billing/invoices/new" className={buttonClasses("primary")}>
              {t("billing.invoices.new")}
            </Link>
          )
        }
      />
      <BillingTabs />
      <Card>
        <ListFilters>
          <SelectField
            label={t("billing.filter.status")}
            value={status}
            containerClassName="w-48"
            options={[
              { value: "", label: t("billing.filter.anyStatus") },
              ...invoiceStatuses.map((s) => ({ value: s, label: t(`billing.invoiceStatus.${s}`) })),
            ]}
            onChange={(e) => setStatus(e.target.value as InvoiceStatus | "")}
          />
        </ListFilters>
        <PagedListBody
          list={list}
          empty={
            <EmptyState
              title={status ? t("billing.invoices.emptyFiltered") : t("billing.invoices.empty")}
              description={status ? undefined : t("billing.invoices.empty.body")}
            />
          }
          status={(shown) => t("billing.invoices.shown", { count: shown })}
        >
          {(items) => (
            <Table caption={t("billing.tab.invoices")} captionHidden>
              <THead>
                <Tr>
                  <Th>{t("billing.col.number")}</Th>
                  <Th>{t("billing.col.patient")}</Th>
                  <Th>{t("billing.col.date")}</Th>
                  <Th>{t("billing.col.status")}</Th>
                  <Th className="text-right">{t("billing.col.total")}</Th>
                </Tr>
              </THead>
              <TBody>
                {items.map((invoice) => (
                  <Tr key={invoice.id}>
                    <Td>
                      <Link
                        to="/app/billing/invoices/$invoiceId"
                        params={{ invoiceId: invoice.id }}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {invoice.number ?? t("billing.draft")}
                      </Link>
                    </Td>
                    <Td>{invoice.patientName}</Td>
                    <Td>{formatDate(new Date(invoice.issuedAt ?? invoice.createdAt))}</Td>
                    <Td>
                      <InvoiceStatusBadge status={invoice.status} />
                    </Td>
                    <Td className="text-right tabular-nums">
                      {formatMoney(invoice.totalMinor, invoice.currency, tag)}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </PagedListBody>
      </Card>
    </div>
  );
}
