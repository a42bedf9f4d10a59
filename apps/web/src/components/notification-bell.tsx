// The notification centre in the header: a bell with the unread count, and a panel of the
// signed-in user's in-app messages. It follows the live inbox feed (notification.onInbox), so a
// new booking request shows up without a reload; reading a message on another tab updates it too.
import type { RouterOutputs } from "@caredesk/api";
import { safeRedirect } from "../lib/safe-redirect";
import { trpc } from "@caredesk/client";
import { Button, cn, Spinner, useI18n } from "@caredesk/ui";
import { useRouter } from "@tanstack/react-router";
import { useCallback, useEffect, useId, useRef, useState } from "react";

type InboxItem = RouterOutputs["notification"]["inbox"]["items"][number];

export function NotificationBell() {
  const { t, formatNumber } = useI18n();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const headingId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);

  const unread = trpc.notification.unreadCount.useQuery(undefined, { retry: false });
  const refresh = useCallback(() => {
    void utils.notification.unreadCount.invalidate();
    void utils.notification.inbox.invalidate();
  }, [utils]);
  const [live, setLive] = useState(false);
  trpc.notification.onInbox.useSubscription(undefined, {
    // Whatever arrived while the stream was down is fetched when it (re)opens.
    onStarted: () => {
      setLive(true);
      refresh();
    },
    onData: refresh,
    onError: () => setLive(false),
  });

  const count = unread.data?.count ?? 0;

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }, []);

  // Escape closes and gives focus back to the bell; a click elsewhere closes.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    panelRef.current?.focus();
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open, close]);

  return (
    <div ref={wrapperRef} className="relative" data-live={live || undefined}>
      <button
        ref={buttonRef}
        type="button"
        className="relative inline-flex size-9 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        aria-label={
          count > 0 ? t("notifications.button.unread", { count }) : t("notifications.button")
        }
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-haspopup="dialog"
        onClick={() => (open ? close(false) : setOpen(true))}
        data-testid="notification-bell"
        data-unread={unread.isSuccess ? count : undefined}
      >
        <BellIcon />
        {count > 0 && (
          <span
            aria-hidden="true"
            className="absolute -end-0.5 -top-0.5 inline-flex min-w-5 items-center justify-center rounded-full bg-red-700 px-1 text-xs font-semibold text-white tabular-nums"
            data-testid="notification-count"
          >
            {count > 99 ? `${formatNumber(99)}+` : formatNumber(count)}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={panelRef}
          id={panelId}
          role="dialog"
          aria-labelledby={headingId}
          tabIndex={-1}
          className="absolute end-0 top-full z-40 mt-2 flex max-h-[70vh] w-[22rem] max-w-[calc(100vw-2rem)] flex-col overflow-hidden rounded-lg border border-slate-200 bg-white shadow-lg focus:outline-none"
        >
          <InboxPanel headingId={headingId} unread={count} onNavigate={() => close(false)} />
        </div>
      )}
    </div>
  );
}

function InboxPanel({
  headingId,
  unread,
  onNavigate,
}: {
  headingId: string;
  unread: number;
  onNavigate: () => void;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const router = useRouter();
  const inbox = trpc.notification.inbox.useInfiniteQuery(
    { limit: 20 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined, retry: false },
  );
  const refresh = () => {
    void utils.notification.unreadCount.invalidate();
    void utils.notification.inbox.invalidate();
  };
  const markRead = trpc.notification.markRead.useMutation({ onSettled: refresh });
  const markAllRead = trpc.notification.markAllRead.useMutation({ onSettled: refresh });
  const items = inbox.data?.pages.flatMap((page) => page.items) ?? [];

  const openItem = (item: InboxItem) => {
    if (!item.readAt) markRead.mutate({ id: item.id });
    if (item.link) {
      onNavigate();
      router.history.push(safeRedirect(item.link, "/"));
    }
  };

  return (
    <>
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h2 id={headingId} className="text-sm font-semibold text-slate-900">
          {t("notifications.title")}
        </h2>
        {unread > 0 && (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => markAllRead.mutate()}
            disabled={markAllRead.isPending}
          >
            {t("notifications.markAllRead")}
          </Button>
        )}
      </div>
      <div className="overflow-y-auto" aria-busy={inbox.isLoading}>
        {inbox.isLoading ? (
          <div className="flex justify-center p-6">
            <Spinner />
          </div>
        ) : inbox.isError ? (
          <div className="flex flex-col items-start gap-2 p-4 text-sm" role="alert">
            <p className="text-slate-700">{t("notifications.error")}</p>
            <Button variant="secondary" size="sm" onClick={() => void inbox.refetch()}>
              {t("notifications.retry")}
            </Button>
          </div>
        ) : items.length === 0 ? (
          <div className="p-6 text-center text-sm">
            <p className="font-medium text-slate-900">{t("notifications.empty.title")}</p>
            <p className="mt-1 text-slate-500">{t("notifications.empty.body")}</p>
          </div>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="notification-list">
            {items.map((item) => (
              <li key={item.id}>
                <InboxRow item={item} onOpen={() => openItem(item)} />
              </li>
            ))}
          </ul>
        )}
        {inbox.hasNextPage && (
          <div className="border-t border-slate-100 p-2">
            <Button
              variant="ghost"
              size="sm"
              className="w-full"
              onClick={() => void inbox.fetchNextPage()}
              disabled={inbox.isFetchingNextPage}
            >
              {t("notifications.more")}
            </Button>
          </div>
        )}
      </div>
    </>
  );
}

function InboxRow({ item, onOpen }: { item: InboxItem; onOpen: () => void }) {
  const { t, formatDateTime } = useI18n();
  const unread = !item.readAt;
  return (
    <button
      type="button"
      onClick={onOpen}
      className={cn(
        "flex w-full gap-3 px-4 py-3 text-start hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600",
        unread && "bg-brand-50/40",
      )}
    >
      <span
        aria-hidden="true"
        className={cn(
          "mt-1.5 size-2 shrink-0 rounded-full",
          unread ? "bg-brand-600" : "bg-transparent",
        )}
      />
      <span className="flex min-w-0 flex-col gap-0.5">
        <span className={cn("text-sm text-slate-900", unread && "font-semibold")}>
          {unread && <span className="sr-only">{t("notifications.unread")}: </span>}
          {item.title}
        </span>
        {item.text && <span className="text-sm text-slate-600">{item.text}</span>}
        <span className="text-xs text-slate-500">
          <time dateTime={new Date(item.createdAt).toISOString()}>
            {formatDateTime(new Date(item.createdAt))}
          </time>
          {item.organizationName ? ` · ${item.organizationName}` : ""}
        </span>
      </span>
    </button>
  );
}

function BellIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="size-5"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
