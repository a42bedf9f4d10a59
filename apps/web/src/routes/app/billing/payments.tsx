// The billing area's payments: every payment by every method, newest first, with its status
// (held for review included), its receipt as a PDF, and a refund with a reason.
import { PagedListBody, trpc } from "@caredesk/client";
import {
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
import { paymentStatuses, type PaymentStatus } from "@caredesk/validators";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { formatMoney } from "../../../lib/money";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { BillingTabs, PaymentStatusBadge, PdfLink, RefundButton } from "./parts";

export function BillingPaymentsPage() {
  const { t } = useI18n();
  return (
    <OrganizationGate action="billing.read" title={t("billing.title")}>
      {(organization) => <PaymentsScreen organization={organization} />}
    </OrganizationGate>
  );
}

function PaymentsScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag, formatDate } = useI18n();
  const [status, setStatus] = useState<PaymentStatus | "">("");
  const list = trpc.payment.list.useInfiniteQuery(
    { limit: 25, ...(status ? { status } : {}) },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const writable = can(organization.role, "billing.write");
  return (
    <div>
      <PageHeader title={t("billing.title")} description={t("billing.payments.lead")} />
      <BillingTabs />
      <Card>
        <ListFilters>
          <SelectField
            label={t("billing.filter.status")}
            value={status}
            containerClassName="w-48"
            options={[
              { value: "", label: t("billing.filter.anyStatus") },
              ...paymentStatuses.map((s) => ({ value: s, label: t(`billing.paymentStatus.${s}`) })),
            ]}
            onChange={(e) => setStatus(e.target.value as PaymentStatus | "")}
          />
        </ListFilters>
        <PagedListBody
          list={list}
          empty={<EmptyState title={t("billing.payments.empty")} />}
          status={(shown) => t("billing.payments.shown", { count: shown })}
        >
          {(items) => (
            <Table caption={t("billing.tab.payments")} captionHidden>
              <THead>
                <Tr>
                  <Th>{t("billing.col.date")}</Th>
                  <Th>{t("billing.col.patient")}</Th>
                  <Th>{t("billing.col.method")}</Th>
                  <Th>{t("billing.col.status")}</Th>
                  <Th className="text-right">{t("billing.col.amount")}</Th>
                  <Th className="text-right">{t("billing.col.refunded")}</Th>
                  <Th>{t("billing.col.actions")}</Th>
                </Tr>
              </THead>
              <TBody>
                {items.map((payment) => (
                  <Tr key={payment.id}>
                    <Td>{formatDate(new Date(payment.succeededAt ?? payment.createdAt))}</Td>
                    <Td>
                      <Link
                        to="/app/patients/$patientId/ledger"
                        params={{ patientId: payment.patientId }}
                        className="text-brand-700 hover:underline"
                      >
                        {payment.patientName}
                      </Link>
                    </Td>
                    <Td>{t(`billing.method.${payment.method}`)}</Td>
                    <Td>
                      <PaymentStatusBadge status={payment.status} />
                      {payment.statusReason && (
                        <p className="mt-1 text-xs text-slate-500">{payment.statusReason}</p>
                      )}
                    </Td>
                    <Td className="text-right tabular-nums">
                      {formatMoney(payment.amountMinor, payment.currency, tag)}
                    </Td>
                    <Td className="text-right tabular-nums">
                      {formatMoney(payment.refundedMinor, payment.currency, tag)}
                    </Td>
                    <Td>
                      <div className="flex flex-wrap gap-1">
                        <PdfLink
                          organizationId={organization.id}
                          kind="receipt"
                          id={payment.id}
                          label={t("billing.payments.receipt")}
                        />
                        {writable && <RefundButton payment={payment} />}
                      </div>
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
