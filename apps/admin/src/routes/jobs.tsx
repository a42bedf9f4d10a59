// The background job queue (pg-boss): counts per queue and state, the jobs newest first by
// queue and state, and a failed job sent back to its queue.
import { errorMessage, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
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
  type BadgeTone,
} from "@caredesk/ui";
import { keepPreviousData } from "@tanstack/react-query";
import { useState } from "react";
import { PagedTable } from "../components/paged-table";

const states = ["created", "retry", "active", "completed", "cancelled", "failed"] as const;
type State = (typeof states)[number];

const stateTone: Record<string, BadgeTone> = {
  created: "neutral",
  retry: "warning",
  active: "brand",
  completed: "success",
  cancelled: "neutral",
  failed: "danger",
};

type Job = NonNullable<
  ReturnType<ReturnType<typeof trpc.useUtils>["admin"]["jobs"]["getInfiniteData"]>
>["pages"][number]["items"][number];

export function JobsPage() {
  const { t, formatNumber } = useI18n();
  const [queue, setQueue] = useState("");
  const [state, setState] = useState<State | "">("");
  const jobs = trpc.admin.jobs.useInfiniteQuery(
    { queue: queue || undefined, state: state || undefined, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
  );
  const counts = jobs.data?.pages[0]?.counts ?? [];
  const queues = [...new Set(counts.map((c) => c.queue))];

  return (
    <>
      <PageHeader title={t("admin.jobs.title")} description={t("admin.jobs.lead")} />
      <div className="flex flex-col gap-6">
        {counts.length > 0 && (
          <Card title={t("admin.jobs.counts")}>
            <Table caption={t("admin.jobs.counts")}>
              <THead>
                <Tr>
                  <Th>{t("admin.jobs.queue")}</Th>
                  {states.map((s) => (
                    <Th key={s} className="text-end">
                      {s}
                    </Th>
                  ))}
                </Tr>
              </THead>
              <TBody>
                {queues.map((q) => (
                  <Tr key={q}>
                    <Td className="font-mono text-xs">{q}</Td>
                    {states.map((s) => (
                      <Td key={s} className="text-end tabular-nums">
                        {formatNumber(
                          counts.find((c) => c.queue === q && c.state === s)?.count ?? 0,
                        )}
                      </Td>
                    ))}
                  </Tr>
                ))}
              </TBody>
            </Table>
          </Card>
        )}
        <Card>
          <ListFilters>
            <SelectField
              label={t("admin.jobs.queue")}
              containerClassName="w-full max-w-xs"
              value={queue}
              onChange={(event) => setQueue(event.target.value)}
              options={[
                { value: "", label: t("admin.jobs.queue.all") },
                ...queues.map((q) => ({ value: q, label: q })),
              ]}
            />
            <SelectField
              label={t("admin.jobs.state")}
              containerClassName="w-full max-w-xs"
              value={state}
              onChange={(event) => setState(event.target.value as State | "")}
              options={[
                { value: "", label: t("admin.jobs.state.all") },
                ...states.map((s) => ({ value: s, label: s })),
              ]}
            />
          </ListFilters>
          <PagedTable
            list={jobs}
            caption={t("admin.jobs.caption")}
            busy={jobs.isFetching}
            emptyTitle={t("admin.jobs.empty.title")}
            emptyBody={t("admin.jobs.empty.body")}
            head={
              <>
                <Th>{t("admin.jobs.col.job")}</Th>
                <Th>{t("admin.jobs.col.state")}</Th>
                <Th className="text-end">{t("admin.jobs.col.attempts")}</Th>
                <Th className="hidden md:table-cell">{t("admin.jobs.col.created")}</Th>
              </>
            }
          >
            {(job) => <JobRow key={job.id} job={job} />}
          </PagedTable>
        </Card>
      </div>
    </>
  );
}

function JobRow({ job }: { job: Job }) {
  const { t, formatDateTime } = useI18n();
  const utils = trpc.useUtils();
  const retry = trpc.admin.retryJob.useMutation({
    onSuccess: () => void utils.admin.jobs.invalidate(),
  });
  return (
    <Tr>
      <Td>
        <div className="font-mono text-xs text-slate-900">{job.queue}</div>
        <div className="font-mono text-xs text-slate-500">{job.id}</div>
        {job.error && <p className="mt-1 text-xs text-red-700 wrap-anywhere">{job.error}</p>}
        {retry.isError && (
          <Alert tone="error" className="mt-2">
            {errorMessage(retry.error, t("ui.error.unknown"))}
          </Alert>
        )}
      </Td>
      <Td>
        <div className="flex flex-col items-start gap-2">
          <Badge tone={stateTone[job.state] ?? "neutral"}>{job.state}</Badge>
          {job.state === "failed" && (
            <Button
              size="sm"
              variant="secondary"
              loading={retry.isPending}
              onClick={() => retry.mutate({ id: job.id })}
            >
              {t("admin.jobs.retry")}
            </Button>
          )}
        </div>
      </Td>
      <Td className="text-end tabular-nums">
        {t("admin.jobs.attempts", { count: job.retryCount, limit: job.retryLimit })}
      </Td>
      <Td className="hidden text-slate-500 md:table-cell">{formatDateTime(job.createdOn)}</Td>
    </Tr>
  );
}
