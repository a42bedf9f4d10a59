// Every practice's messages and the job queue that delivers them: counts per status, the
// queue's own counts, and the messages themselves (recipients masked), where a failed one can
// be sent again.
import { ApiErrorState, errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
  ListFilters,
  LoadingState,
  locales,
  PageHeader,
  SelectField,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  useI18n,
  type BadgeTone,
  type MessageKey,
  type Translate,
} from "@caredesk/ui";
import { keepPreviousData } from "@tanstack/react-query";
import { useState } from "react";
import { PagedTable } from "../components/paged-table";

/** The outbox's delivery states, in the order a message passes through them. */
const statuses = ["pending", "sending", "sent", "delivered", "failed", "cancelled"] as const;
type Status = (typeof statuses)[number];

const statusTone: Record<Status, BadgeTone> = {
  pending: "neutral",
  sending: "brand",
  sent: "success",
  delivered: "success",
  failed: "danger",
  cancelled: "warning",
};

/** The catalog's word for a message's status, kind or channel; the raw value otherwise. */
function word(t: Translate, key: string, fallback: string): string {
  return Object.hasOwn(locales.en.messages, key) ? t(key as MessageKey) : fallback;
}

/** The pages the operators' outbox query caches. */
type OutboxPages = NonNullable<
  ReturnType<ReturnType<typeof trpc.useUtils>["admin"]["outbox"]["getInfiniteData"]>
>;
type Message = OutboxPages["pages"][number]["items"][number];

export function OutboxPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status | "">("");
  const outbox = trpc.admin.outbox.useInfiniteQuery(
    { deliveryStatus: status || undefined, limit: 25 },
    {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      placeholderData: keepPreviousData,
    },
  );

  return (
    <>
      <PageHeader title={t("admin.outbox.title")} description={t("admin.outbox.lead")} />
      <div className="flex flex-col gap-6">
        <Summary />
        <Card>
          <ListFilters>
            <SelectField
              label={t("admin.outbox.filter")}
              containerClassName="w-full max-w-xs"
              value={status}
              onChange={(event) => setStatus(event.target.value as Status | "")}
              options={[
                { value: "", label: t("admin.outbox.filter.all") },
                ...statuses.map((s) => ({ value: s, label: t(`message.status.${s}`) })),
              ]}
            />
          </ListFilters>
          <PagedTable
            list={outbox}
            caption={t("admin.outbox.caption")}
            busy={outbox.isFetching}
            emptyTitle={t("admin.outbox.empty.title")}
            emptyBody={status ? t("admin.outbox.empty.body") : t("admin.outbox.empty.none")}
            head={
              <>
                <Th>{t("admin.outbox.col.message")}</Th>
                <Th className="hidden md:table-cell">{t("admin.outbox.col.practice")}</Th>
                <Th>{t("admin.outbox.col.status")}</Th>
                <Th className="hidden lg:table-cell">{t("admin.outbox.col.when")}</Th>
              </>
            }
          >
            {(message) => <OutboxRow key={message.id} message={message} />}
          </PagedTable>
        </Card>
      </div>
    </>
  );
}

function Summary() {
  const { t, formatNumber } = useI18n();
  const summary = trpc.admin.outboxSummary.useQuery();
  if (summary.isPending) return <LoadingState />;
  if (summary.isError) {
    return (
      <ApiErrorState
        error={summary.error}
        onRetry={() => void summary.refetch()}
        retrying={summary.isRefetching}
      />
    );
  }
  const counts = new Map(summary.data.messages.map((m) => [m.status, m.count]));
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title={t("admin.outbox.summary")}>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3" data-testid="outbox-counts">
          {statuses.map((s) => (
            <div key={s} className="rounded-lg border border-slate-200 px-3 py-2">
              <dt className="text-xs text-slate-500">{t(`message.status.${s}`)}</dt>
              <dd className="text-xl font-semibold text-slate-900 tabular-nums">
                {formatNumber(counts.get(s) ?? 0)}
              </dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title={t("admin.outbox.jobs")}>
        {summary.data.jobs.length === 0 ? (
          <p className="text-sm text-slate-500">{t("admin.outbox.jobs.empty")}</p>
        ) : (
          <Table caption={t("admin.outbox.jobs.caption")}>
            <THead>
              <Tr>
                <Th>{t("admin.outbox.jobs.col.queue")}</Th>
                <Th>{t("admin.outbox.jobs.col.state")}</Th>
                <Th className="text-end">{t("admin.outbox.jobs.col.count")}</Th>
              </Tr>
            </THead>
            <TBody>
              {summary.data.jobs.map((job) => (
                <Tr key={`${job.name}-${job.state}`}>
                  <Td className="font-mono text-xs">{job.name}</Td>
                  <Td>{job.state}</Td>
                  <Td className="text-end tabular-nums">{formatNumber(job.count)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </div>
  );
}

function OutboxRow({ message }: { message: Message }) {
  const { t, formatDateTime } = useI18n();
  const utils = trpc.useUtils();
  const retry = trpc.admin.retryMessage.useMutation({
    onSuccess: () => {
      void utils.admin.outbox.invalidate();
      void utils.admin.outboxSummary.invalidate();
    },
  });
  const kind = word(t, `message.kind.${message.kind}`, message.kind);
  const channel = word(t, `message.channel.${message.channel}`, message.channel);
  const title = message.subject || kind;
  return (
    <Tr>
      <Td>
        <div className="font-medium text-slate-900">{title}</div>
        <div className="text-xs text-slate-500">
          {channel}
          {message.recipient ? ` · ${message.recipient}` : ""}
          {message.subject ? ` · ${kind}` : ""}
        </div>
        {message.status === "failed" && message.lastError && (
          <p className="mt-1 text-xs text-red-700 wrap-anywhere">{message.lastError}</p>
        )}
        {retry.isError && (
          <Alert tone="error" className="mt-2">
            {fieldErrorOf(retry.error, "id") ?? errorMessage(retry.error, t("ui.error.unknown"))}
          </Alert>
        )}
      </Td>
      <Td className="hidden text-slate-600 md:table-cell">
        {message.organizationName ?? t("admin.outbox.noPractice")}
      </Td>
      <Td>
        <div className="flex flex-col items-start gap-1">
          <Badge tone={statusTone[message.status]}>{t(`message.status.${message.status}`)}</Badge>
          {message.attempts > 0 && (
            <span className="text-xs text-slate-500">
              {t("admin.outbox.attempts", { count: message.attempts })}
            </span>
          )}
          {message.status === "failed" && !retry.isSuccess && (
            <Button
              size="sm"
              variant="secondary"
              loading={retry.isPending}
              aria-label={`${t("admin.outbox.retry")}: ${title}`}
              onClick={() => retry.mutate({ id: message.id })}
            >
              {t("admin.outbox.retry")}
            </Button>
          )}
        </div>
      </Td>
      <Td className="hidden whitespace-nowrap text-slate-500 lg:table-cell">
        {message.sentAt
          ? t("admin.outbox.sentAt", { time: formatDateTime(message.sentAt) })
          : t("admin.outbox.sendAt", { time: formatDateTime(message.sendAt) })}
      </Td>
    </Tr>
  );
}
