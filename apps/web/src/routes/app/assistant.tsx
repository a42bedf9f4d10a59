// The assistant's inbox: conversations from the practice's site and the portal, those handed
// over to a person first. Selecting one shows its transcript (with what the assistant did to
// answer, for staff); a handed-over conversation is marked resolved once someone took it up.
import type { RouterOutputs } from "@caredesk/api";
import { errorCode, errorMessage, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Card,
  cn,
  EmptyState,
  LoadingState,
  LoadMore,
  PageHeader,
  useI18n,
  useT,
  type MessageKey,
} from "@caredesk/ui";
import type { AssistantConversationStatus } from "@caredesk/validators";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useEffect, useMemo, useRef, useState } from "react";
import { organizationPage } from "../../components/organization-page";
import { QueryError } from "../../components/query-error";
import { can } from "../../lib/permissions";
import type { MyOrganization } from "../../lib/workspace";
import { zonedFormat } from "../../lib/zoned";

type Summary = RouterOutputs["assistant"]["conversations"]["items"][number];
type Transcript = RouterOutputs["assistant"]["transcript"];
type Format = ReturnType<typeof zonedFormat>;

/** The inbox's tabs: a status, or every conversation. */
export const assistantTabs = ["handed_over", "open", "resolved", "all"] as const;
export type AssistantTab = (typeof assistantTabs)[number];

const tabLabel: Record<AssistantTab, MessageKey> = {
  handed_over: "assistant.tab.handed_over",
  open: "assistant.tab.open",
  resolved: "assistant.tab.resolved",
  all: "assistant.tab.all",
};

const emptyLabel: Record<AssistantTab, MessageKey> = {
  handed_over: "assistant.empty.handed_over",
  open: "assistant.empty.open",
  resolved: "assistant.empty.resolved",
  all: "assistant.empty.all",
};

const statusLabel: Record<AssistantConversationStatus, MessageKey> = {
  open: "assistant.status.open",
  handed_over: "assistant.status.handed_over",
  resolved: "assistant.status.resolved",
};

const route = getRouteApi("/app/assistant");

export const AssistantPage = organizationPage("assistant.read", "assistant.title", AssistantInbox);

function AssistantInbox({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const tab: AssistantTab = search.tab ?? "handed_over";
  const selected = search.conversation ?? null;
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const on = organization.features.includes("assistant");
  const list = trpc.assistant.conversations.useInfiniteQuery(
    { limit: 25, ...(tab === "all" ? {} : { status: tab }) },
    { getNextPageParam: (page) => page.nextCursor ?? undefined, enabled: on },
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const manage = can(organization.role, "assistant.manage");

  const off = !on || (list.isError && errorCode(list.error) === "NOT_FOUND");
  if (off) {
    return (
      <>
        <PageHeader title={t("assistant.title")} />
        <Card>
          <EmptyState
            titleAs="h2"
            title={t("assistant.off.title")}
            description={t("assistant.off.body")}
            action={
              manage ? (
                <Link to="/app/settings/assistant" className={buttonClasses("secondary")}>
                  {t("assistant.faqLink")}
                </Link>
              ) : undefined
            }
          />
        </Card>
      </>
    );
  }

  const choose = (next: { tab?: AssistantTab; conversation?: string | undefined }) =>
    void navigate({ search: (s) => ({ ...s, ...next }), replace: next.tab !== undefined });

  return (
    <>
      <PageHeader
        title={t("assistant.title")}
        description={t("assistant.lead")}
        actions={
          manage ? (
            <Link to="/app/settings/assistant" className={buttonClasses("secondary", "sm")}>
              {t("assistant.settingsLink")}
            </Link>
          ) : undefined
        }
      />
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
        <Card>
          <div
            role="tablist"
            aria-label={t("assistant.tabs")}
            className="mb-4 flex flex-wrap gap-1"
          >
            {assistantTabs.map((value) => (
              <button
                key={value}
                type="button"
                role="tab"
                aria-selected={tab === value}
                aria-controls="assistant-list"
                onClick={() => choose({ tab: value, conversation: undefined })}
                className={cn(
                  "rounded-md px-3 py-1.5 text-sm",
                  tab === value
                    ? "bg-brand-50 font-medium text-brand-700"
                    : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                )}
              >
                {t(tabLabel[value])}
              </button>
            ))}
          </div>
          <div id="assistant-list" role="tabpanel" aria-label={t(tabLabel[tab])}>
            {list.isPending ? (
              <LoadingState />
            ) : list.isError ? (
              <QueryError
                error={list.error}
                onRetry={() => void list.refetch()}
                retrying={list.isRefetching}
              />
            ) : items.length === 0 ? (
              <EmptyState
                titleAs="h2"
                title={t(emptyLabel[tab])}
                description={t("assistant.empty.body")}
              />
            ) : (
              <>
                <ul
                  className="flex flex-col divide-y divide-slate-100"
                  data-testid="assistant-list"
                >
                  {items.map((item) => (
                    <ConversationRow
                      key={item.id}
                      item={item}
                      fmt={fmt}
                      selected={item.id === selected}
                      showStatus={tab === "all"}
                      onSelect={() => choose({ conversation: item.id })}
                    />
                  ))}
                </ul>
                <LoadMore list={list} />
              </>
            )}
          </div>
        </Card>
        {selected ? (
          <TranscriptCard
            key={selected}
            id={selected}
            fmt={fmt}
            onClose={() => choose({ conversation: undefined })}
          />
        ) : (
          <Card className="hidden lg:block">
            <EmptyState title={t("assistant.pick")} />
          </Card>
        )}
      </div>
    </>
  );
}

/** Who a conversation is with: the portal patient, or who asked to be called back. */
function whoOf(item: Summary, t: ReturnType<typeof useT>): string {
  return item.patientName ?? item.contactName ?? t("assistant.visitor");
}

function ConversationRow({
  item,
  fmt,
  selected,
  showStatus,
  onSelect,
}: {
  item: Summary;
  fmt: Format;
  selected: boolean;
  showStatus: boolean;
  onSelect: () => void;
}) {
  const t = useT();
  return (
    <li className={cn("flex flex-col gap-1 py-3", selected && "bg-brand-50/60")}>
      <button
        type="button"
        aria-current={selected || undefined}
        onClick={onSelect}
        className="flex flex-col gap-1 rounded-md px-2 text-start hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        <span className="flex flex-wrap items-center gap-2">
          <span className="font-medium text-slate-900">{whoOf(item, t)}</span>
          {item.emergency && <Badge tone="danger">{t("assistant.emergency")}</Badge>}
          <Badge tone="neutral">
            {item.channel === "portal"
              ? t("assistant.channel.portal")
              : t("assistant.channel.site")}
          </Badge>
          {showStatus && (
            <Badge tone={item.status === "handed_over" ? "warning" : "neutral"}>
              {t(statusLabel[item.status])}
            </Badge>
          )}
        </span>
        <span className="line-clamp-2 text-sm text-slate-700">{item.preview}</span>
        <span className="text-xs text-slate-500">
          {t("assistant.lastMessage", { time: fmt.dateTime(item.lastMessageAt) })}
        </span>
      </button>
      {item.contactPhone && (
        <a
          href={`tel:${item.contactPhone}`}
          dir="ltr"
          className="self-start px-2 text-sm font-medium text-brand-700 tabular-nums hover:underline"
        >
          {item.contactPhone}
        </a>
      )}
    </li>
  );
}

function TranscriptCard({ id, fmt, onClose }: { id: string; fmt: Format; onClose: () => void }) {
  const t = useT();
  const utils = trpc.useUtils();
  const transcript = trpc.assistant.transcript.useQuery({ id });
  const [notice, setNotice] = useState<string | null>(null);
  const resolve = trpc.assistant.resolve.useMutation({
    onSuccess: () => {
      setNotice(t("assistant.resolved"));
      void utils.assistant.conversations.invalidate();
      void utils.assistant.transcript.invalidate({ id });
    },
  });
  const data = transcript.data;
  const box = useRef<HTMLDivElement>(null);

  // On a narrow screen the transcript is under the list: bring it into view when chosen.
  useEffect(() => {
    if (window.matchMedia("(min-width: 1024px)").matches) return;
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    box.current?.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
  }, []);

  return (
    <div ref={box} className="scroll-mt-4">
      <Card
        title={data ? whoOf(data, t) : t("assistant.transcript")}
        description={
          data
            ? t("assistant.started", {
                time: fmt.dateTime(data.messages[0]?.createdAt ?? data.lastMessageAt),
              })
            : undefined
        }
        actions={
          <>
            {data?.status === "handed_over" && (
              <Button
                size="sm"
                loading={resolve.isPending}
                onClick={() => {
                  setNotice(null);
                  resolve.mutate({ id });
                }}
              >
                {t("assistant.resolve")}
              </Button>
            )}
            <Button size="sm" variant="ghost" onClick={onClose}>
              {t("ui.close")}
            </Button>
          </>
        }
      >
        {transcript.isPending ? (
          <LoadingState />
        ) : transcript.isError ? (
          <QueryError
            error={transcript.error}
            onRetry={() => void transcript.refetch()}
            retrying={transcript.isRefetching}
            notFoundTitle={t("assistant.gone.title")}
            notFoundBody={t("assistant.gone.body")}
          />
        ) : (
          <div className="flex flex-col gap-4" data-testid="assistant-transcript">
            {notice && <Alert tone="success">{notice}</Alert>}
            {resolve.error && (
              <Alert tone="error">{errorMessage(resolve.error, t("ui.error.network"))}</Alert>
            )}
            <TranscriptFacts transcript={transcript.data} fmt={fmt} />
            <ol className="flex flex-col gap-3">
              {transcript.data.messages.map((message) => (
                <TranscriptMessage key={message.id} message={message} fmt={fmt} />
              ))}
            </ol>
          </div>
        )}
      </Card>
    </div>
  );
}

/** Who to call back and why, the channel and where the conversation stands. */
function TranscriptFacts({ transcript: c, fmt }: { transcript: Transcript; fmt: Format }) {
  const t = useT();
  return (
    <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1.5 text-sm">
      <dt className="text-slate-500">{t("assistant.fact.status")}</dt>
      <dd className="flex flex-wrap items-center gap-2">
        <Badge tone={c.status === "handed_over" ? "warning" : "neutral"}>
          {t(statusLabel[c.status])}
        </Badge>
        {c.emergency && <Badge tone="danger">{t("assistant.emergency")}</Badge>}
      </dd>
      <dt className="text-slate-500">{t("assistant.fact.channel")}</dt>
      <dd>
        {c.channel === "portal" ? t("assistant.channel.portal") : t("assistant.channel.site")}
      </dd>
      {c.patientId && (
        <>
          <dt className="text-slate-500">{t("assistant.fact.patient")}</dt>
          <dd>
            <Link
              to="/app/patients/$patientId"
              params={{ patientId: c.patientId }}
              className="font-medium text-brand-700 hover:underline"
            >
              {c.patientName ?? t("assistant.visitor")}
            </Link>
          </dd>
        </>
      )}
      {c.contactName && (
        <>
          <dt className="text-slate-500">{t("assistant.fact.contact")}</dt>
          <dd>{c.contactName}</dd>
        </>
      )}
      {c.contactPhone && (
        <>
          <dt className="text-slate-500">{t("assistant.fact.phone")}</dt>
          <dd>
            <a
              href={`tel:${c.contactPhone}`}
              dir="ltr"
              className="font-medium text-brand-700 tabular-nums hover:underline"
            >
              {c.contactPhone}
            </a>
          </dd>
        </>
      )}
      {c.handoverNote && (
        <>
          <dt className="text-slate-500">{t("assistant.fact.note")}</dt>
          <dd className="whitespace-pre-line">{c.handoverNote}</dd>
        </>
      )}
      {c.handedOverAt && (
        <>
          <dt className="text-slate-500">{t("assistant.fact.handedOver")}</dt>
          <dd>{fmt.dateTime(c.handedOverAt)}</dd>
        </>
      )}
      {c.resolvedAt && (
        <>
          <dt className="text-slate-500">{t("assistant.fact.resolved")}</dt>
          <dd>{fmt.dateTime(c.resolvedAt)}</dd>
        </>
      )}
    </dl>
  );
}

function TranscriptMessage({
  message,
  fmt,
}: {
  message: Transcript["messages"][number];
  fmt: Format;
}) {
  const t = useT();
  const visitor = message.role === "visitor";
  const details = [
    message.intent ? t("assistant.meta.intent", { intent: message.intent }) : null,
    message.engine
      ? t(message.engine === "model" ? "assistant.meta.model" : "assistant.meta.embedded")
      : null,
    ...message.toolCalls.map((call) =>
      t(call.ok ? "assistant.meta.tool" : "assistant.meta.toolFailed", { name: call.name }),
    ),
  ].filter((part) => part !== null);
  return (
    <li
      className={cn(
        "flex flex-col gap-1 rounded-lg px-3 py-2 text-sm",
        message.emergency
          ? "border-2 border-red-600 bg-red-50"
          : visitor
            ? "bg-brand-50"
            : "bg-slate-50",
      )}
    >
      <span className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
        <span className="font-medium text-slate-700">
          {visitor ? t("assistant.role.visitor") : t("assistant.role.assistant")}
        </span>
        <time dateTime={message.createdAt.toISOString()}>{fmt.dateTime(message.createdAt)}</time>
        {message.emergency && <Badge tone="danger">{t("assistant.emergency")}</Badge>}
      </span>
      <p className="whitespace-pre-line text-slate-900">{message.text}</p>
      {message.citations.length > 0 && (
        <p className="text-xs text-slate-600">
          {t("assistant.sources")}{" "}
          {message.citations.map((citation, i) => (
            <span key={`${citation.href}-${String(i)}`}>
              {i > 0 && ", "}
              {citation.href.startsWith("/p/") ? (
                <a
                  href={citation.href}
                  target="_blank"
                  rel="noreferrer"
                  className="text-brand-700 underline"
                >
                  {citation.label}
                </a>
              ) : (
                citation.label
              )}
            </span>
          ))}
        </p>
      )}
      {message.actions.length > 0 && (
        <p className="text-xs text-slate-600">
          {t("assistant.offered", { actions: message.actions.map((a) => a.label).join(", ") })}
        </p>
      )}
      {details.length > 0 && (
        <p className="text-xs text-slate-500" data-testid="assistant-meta">
          {details.join(" · ")}
        </p>
      )}
    </li>
  );
}
