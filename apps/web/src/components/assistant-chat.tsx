// The practice assistant in the patient portal: a chat bubble in the bottom corner opening a
// panel (full screen on a phone) where the patient asks questions, reads answers with their
// sources, books an offered time after confirming it, asks for a person, or deletes the
// conversation. The latest conversation comes back when the panel opens again.
import type { RouterOutputs } from "@caredesk/api";
import {
  alternativesOf,
  errorCode,
  errorMessage,
  fieldErrorOf,
  trpc,
  useServerSubmit,
} from "@caredesk/client";
import {
  AssistantHandoverMineInput,
  assistantLimits,
  type AssistantConversationStatus,
} from "@caredesk/validators";
import {
  Alert,
  Button,
  buttonClasses,
  cn,
  TextAreaField,
  useI18n,
  useMediaQuery,
  useT,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { Link, useNavigate } from "@tanstack/react-router";
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from "react";
import { useForm } from "react-hook-form";
import { newIdempotencyKey } from "../lib/booking";
import type { MyOrganization } from "../lib/workspace";
import { zonedFormat } from "../lib/zoned";
import { bookingOf, orderActions, revealedText, revealMs } from "./assistant-reply";
import { OtherTimes } from "./other-times";

type Message = RouterOutputs["assistant"]["askMine"]["reply"];
type Client = ReturnType<typeof trpc.useUtils>["client"];
type Action = Message["actions"][number];
type SlotAction = Extract<Action, { kind: "slot" }>;

/** The conversation as the panel shows it; `id` is null until the first answer. */
interface Chat {
  id: string | null;
  status: AssistantConversationStatus;
  messages: Message[];
}

const fresh: Chat = { id: null, status: "open", messages: [] };

/** The questions offered before the first one, as chips that send them. */
const suggestions = [
  "assistantChat.suggest.hours",
  "assistantChat.suggest.doctors",
  "assistantChat.suggest.book",
  "assistantChat.suggest.next",
] as const;

/** A question's live-stream key: 16 random bytes, base64url (22 characters). */
function newStreamKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** How long a question waits for its live stream to open: the stream is only a preview. */
const openWaitMs = 1500;

/**
 * Listens to the answer written under `streamKey` (`assistant.replyMine`) until done, an error or
 * `close()`; `opened` resolves once the server listens, or it failed or took too long.
 */
function listenForReply(client: Client, streamKey: string, onText: (text: string) => void) {
  let markOpen: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    markOpen = resolve;
    setTimeout(resolve, openWaitMs);
  });
  const subscription = client.assistant.replyMine.subscribe(
    { streamKey },
    {
      onStarted: () => markOpen(),
      onData: (delta) => {
        if (delta.text) onText(delta.text);
        if (delta.done) subscription.unsubscribe();
      },
      onError: () => {
        markOpen();
        subscription.unsubscribe();
      },
    },
  );
  return {
    opened,
    close: () => {
      markOpen();
      subscription.unsubscribe();
    },
  };
}

/** The bubble and its panel; shown by the portal's frame when the practice has the assistant. */
export function AssistantChat({ organization }: { organization: MyOrganization }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  // Mounted from the first opening on, so a closed panel keeps what was typed and shown.
  const [opened, setOpened] = useState(false);
  const bubble = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  const close = () => {
    setOpen(false);
    bubble.current?.focus();
  };

  return (
    <>
      {opened && <ChatPanel id={panelId} open={open} organization={organization} onClose={close} />}
      <button
        ref={bubble}
        type="button"
        aria-expanded={open}
        aria-controls={opened ? panelId : undefined}
        data-testid="assistant-bubble"
        onClick={() => {
          if (open) {
            close();
          } else {
            setOpened(true);
            setOpen(true);
          }
        }}
        className="fixed end-4 bottom-4 z-40 grid size-14 place-items-center rounded-full bg-brand-600 text-white shadow-lg hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.75"
          className="size-7"
        >
          <path d="M7.5 8.25h9m-9 3h6M21 12c0 4.56-4.03 8.25-9 8.25a9.7 9.7 0 0 1-4.26-.97L3 20.25l1.4-3.72A7.9 7.9 0 0 1 3 12c0-4.56 4.03-8.25 9-8.25s9 3.69 9 8.25Z" />
        </svg>
        <span className="sr-only">
          {t("assistantChat.open", { organization: organization.name })}
        </span>
      </button>
    </>
  );
}

function ChatPanel({
  id,
  open,
  organization,
  onClose,
}: {
  id: string;
  open: boolean;
  organization: MyOrganization;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const utils = trpc.useUtils();
  const titleId = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const phone = useMediaQuery("(max-width: 639px)");

  const mine = trpc.assistant.mine.useQuery(undefined, { staleTime: Infinity });
  // What the panel changed since the conversation was restored; until then, the server's copy.
  const [local, setLocal] = useState<Chat | null>(null);
  const chat: Chat =
    local ??
    (mine.data
      ? { id: mine.data.id, status: mine.data.status, messages: mine.data.messages }
      : fresh);

  const ask = trpc.assistant.askMine.useMutation();
  // A question waits for the restored conversation, so it continues that one.
  const ready = !mine.isPending;
  const [draft, setDraft] = useState("");
  const [failed, setFailed] = useState<{ text: string; error: unknown } | null>(null);
  // The answer's text as the model writes it, until the answer itself arrives.
  const [streamed, setStreamed] = useState("");
  // Waiting for the live stream to open counts as asking already.
  const [opening, setOpening] = useState(false);
  const asking = ask.isPending || opening;
  // The answer whose text is being revealed (the latest one received in this panel).
  const [revealing, setRevealing] = useState<string | null>(null);
  const [booking, setBooking] = useState<{ action: SlotAction; key: string } | null>(null);
  const [handingOver, setHandingOver] = useState(false);
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  // Keep the latest message in view.
  const count = chat.messages.length;
  useEffect(() => {
    const box = log.current;
    if (box) box.scrollTop = box.scrollHeight;
  }, [count, asking, booking, handingOver]);

  const send = async (text: string, from: Chat = chat): Promise<void> => {
    const message = text.trim();
    if (!message || asking || !ready) return;
    setFailed(null);
    setDraft("");
    const pending: Message = {
      id: `pending-${newIdempotencyKey()}`,
      role: "visitor",
      text: message,
      citations: [],
      actions: [],
      emergency: false,
      createdAt: new Date(),
    };
    setLocal({ ...from, messages: [...from.messages, pending] });
    const streamKey = newStreamKey();
    const live = listenForReply(utils.client, streamKey, (delta) =>
      setStreamed((shown) => shown + delta),
    );
    try {
      setOpening(true);
      await live.opened.finally(() => setOpening(false));
      const result = await ask
        .mutateAsync({
          ...(from.id ? { conversationId: from.id } : {}),
          message,
          locale,
          streamKey,
        })
        .finally(() => {
          live.close();
          setStreamed("");
        });
      setLocal((current) => {
        const base = current ?? from;
        return { ...base, id: result.conversationId, messages: [...base.messages, result.reply] };
      });
      setRevealing(result.reply.id);
    } catch (error) {
      // The conversation was deleted or expired meanwhile: start a new one with the question.
      if (from.id && errorCode(error) === "NOT_FOUND") {
        void utils.assistant.mine.invalidate();
        await send(message, fresh);
        return;
      }
      setLocal((current) => {
        const base = current ?? from;
        return { ...base, messages: base.messages.filter((m) => m.id !== pending.id) };
      });
      // The question typed is not lost.
      setDraft((now) => (now === "" ? message : now));
      setFailed({ text: message, error });
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send(draft);
    }
  };

  const onAction = (action: Action) => {
    if (action.kind === "slot") {
      setHandingOver(false);
      setBooking({ action, key: newIdempotencyKey() });
    } else if (action.kind === "handover") {
      setBooking(null);
      setHandingOver(true);
    }
  };

  return (
    <div
      id={id}
      role="dialog"
      aria-labelledby={titleId}
      data-testid="assistant-panel"
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onClose();
        }
      }}
      className={cn(
        "fixed inset-0 z-50 flex-col bg-white text-slate-900",
        "sm:inset-auto sm:end-4 sm:bottom-20 sm:h-[min(36rem,calc(100dvh-7rem))] sm:w-[24rem] sm:rounded-xl sm:border sm:border-slate-200 sm:shadow-xl",
        open ? "flex" : "hidden",
      )}
    >
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h2 id={titleId} className="min-w-0 truncate text-base font-semibold">
          {t("assistantChat.title", { organization: organization.name })}
        </h2>
        <div className="flex shrink-0 items-center gap-1">
          {chat.id && (
            <Button
              size="sm"
              variant="ghost"
              aria-expanded={deleting}
              onClick={() => setDeleting((d) => !d)}
            >
              {t("assistantChat.delete")}
            </Button>
          )}
          <Button size="sm" variant="ghost" aria-label={t("assistantChat.close")} onClick={onClose}>
            <svg
              aria-hidden="true"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              className="size-5"
            >
              <path d="M6 18 18 6M6 6l12 12" />
            </svg>
          </Button>
        </div>
      </header>

      {deleting && chat.id && (
        <DeleteStep
          conversationId={chat.id}
          onCancel={() => setDeleting(false)}
          onDeleted={() => {
            setDeleting(false);
            setBooking(null);
            setHandingOver(false);
            setFailed(null);
            setLocal(fresh);
            utils.assistant.mine.setData(undefined, null);
            input.current?.focus();
          }}
        />
      )}

      <div
        ref={log}
        role="log"
        aria-live="polite"
        aria-label={t("assistantChat.log")}
        className="flex flex-1 flex-col gap-3 overflow-y-auto px-4 py-3"
      >
        <Greeting
          organization={organization.name}
          showSuggestions={ready && chat.messages.length === 0 && !asking}
          onSuggest={(text) => void send(text)}
        />
        {mine.isPending && (
          <p className="text-sm text-slate-500" role="status">
            {t("assistantChat.restoring")}
          </p>
        )}
        {chat.messages.map((message) => (
          <ChatMessage
            key={message.id}
            message={message}
            reveal={message.id === revealing}
            onAction={onAction}
            onNavigate={phone ? onClose : undefined}
          />
        ))}
        {asking && streamed !== "" && (
          // A preview for the eyes; screen readers get the whole answer when it arrives.
          <div aria-hidden="true" data-testid="assistant-streaming" className="contents">
            <AssistantBubble>
              <p className="whitespace-pre-line">{streamed}</p>
            </AssistantBubble>
          </div>
        )}
        {asking && streamed === "" && (
          <div className="flex items-center gap-2 text-slate-500" data-testid="assistant-typing">
            <span aria-hidden="true" className="animate-pulse text-lg tracking-widest">
              …
            </span>
            <span className="sr-only">{t("assistantChat.typing")}</span>
          </div>
        )}
        {chat.status === "handed_over" && (
          <Alert tone="info">{t("assistantChat.handedOver")}</Alert>
        )}
      </div>

      {booking && (
        <BookingStep
          key={booking.key}
          action={booking.action}
          idempotencyKey={booking.key}
          timeZone={organization.timeZone}
          onClose={() => {
            setBooking(null);
            input.current?.focus();
          }}
          onNavigate={phone ? onClose : undefined}
        />
      )}
      {handingOver && chat.id && (
        <HandoverStep
          conversationId={chat.id}
          onCancel={() => {
            setHandingOver(false);
            input.current?.focus();
          }}
          onDone={(view) => {
            setHandingOver(false);
            setLocal({ id: view.id, status: view.status, messages: view.messages });
            input.current?.focus();
          }}
        />
      )}

      <form
        noValidate
        className="flex flex-col gap-2 border-t border-slate-200 px-4 py-3"
        onSubmit={(event) => {
          event.preventDefault();
          void send(draft);
        }}
      >
        {failed && <AskError failed={failed} onRetry={() => void send(failed.text)} />}
        {mine.isError && (
          <p className="text-sm text-slate-600">{t("assistantChat.restoreFailed")}</p>
        )}
        <label htmlFor={`${id}-question`} className="sr-only">
          {t("assistantChat.question")}
        </label>
        <div className="flex items-end gap-2">
          <textarea
            ref={input}
            id={`${id}-question`}
            rows={2}
            value={draft}
            maxLength={assistantLimits.message}
            placeholder={t("assistantChat.placeholder")}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
            className="min-h-11 flex-1 resize-none rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-brand-600 focus:outline-2 focus:outline-brand-600"
          />
          <Button type="submit" loading={asking} disabled={!ready || draft.trim() === ""}>
            {t("assistantChat.send")}
          </Button>
        </div>
        {chat.id && chat.status === "open" && !handingOver && (
          <div>
            <button
              type="button"
              className="text-sm font-medium text-brand-700 hover:underline"
              onClick={() => {
                setBooking(null);
                setHandingOver(true);
              }}
            >
              {t("assistantChat.person")}
            </button>
          </div>
        )}
      </form>
    </div>
  );
}

/** The assistant's first line, and before any question a few to pick from. */
function Greeting({
  organization,
  showSuggestions,
  onSuggest,
}: {
  organization: string;
  showSuggestions: boolean;
  onSuggest: (text: string) => void;
}) {
  const t = useT();
  return (
    <div className="flex flex-col gap-2">
      <AssistantBubble>
        <p>{t("assistantChat.greeting")}</p>
        <p className="mt-1 text-xs text-slate-500">
          {t("assistantChat.disclaimer", { organization })}
        </p>
      </AssistantBubble>
      {showSuggestions && (
        <div className="flex flex-wrap gap-2">
          {suggestions.map((key) => (
            <button
              key={key}
              type="button"
              onClick={() => onSuggest(t(key))}
              className="rounded-full border border-brand-200 bg-brand-50 px-3 py-1 text-sm text-brand-800 hover:bg-brand-100"
            >
              {t(key)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function AssistantBubble({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div className="flex max-w-[90%] flex-col gap-1 self-start">
      <span className="text-xs font-medium text-slate-500">{t("assistantChat.assistant")}</span>
      <div className="rounded-lg rounded-ss-none bg-slate-100 px-3 py-2 text-sm">{children}</div>
    </div>
  );
}

function ChatMessage({
  message,
  reveal,
  onAction,
  onNavigate,
}: {
  message: Message;
  reveal: boolean;
  onAction: (action: Action) => void;
  onNavigate: (() => void) | undefined;
}) {
  const t = useT();
  if (message.role === "visitor") {
    return (
      <div className="flex max-w-[90%] flex-col items-end gap-1 self-end">
        <span className="text-xs font-medium text-slate-500">{t("assistantChat.you")}</span>
        <p className="rounded-lg rounded-se-none bg-brand-600 px-3 py-2 text-sm whitespace-pre-line text-white">
          {message.text}
        </p>
      </div>
    );
  }
  const actions = orderActions(message.actions, message.emergency);
  return (
    <div
      role={message.emergency ? "alert" : undefined}
      data-testid={message.emergency ? "assistant-emergency" : "assistant-answer"}
      className="flex max-w-[90%] flex-col gap-1 self-start"
    >
      <span className="text-xs font-medium text-slate-500">{t("assistantChat.assistant")}</span>
      <div
        className={cn(
          "flex flex-col gap-2 rounded-lg rounded-ss-none px-3 py-2 text-sm",
          message.emergency ? "border-2 border-red-600 bg-red-50 text-red-900" : "bg-slate-100",
        )}
      >
        <RevealText text={message.text} animate={reveal} />
        {message.citations.length > 0 && (
          <ul className="flex flex-col gap-0.5 text-xs text-slate-600">
            {message.citations.map((citation) => (
              <li key={`${citation.href}-${citation.label}`}>
                {t("assistantChat.source")}{" "}
                <ChatLink
                  href={citation.href}
                  onNavigate={onNavigate}
                  className="font-medium text-brand-700 underline"
                >
                  {citation.label}
                </ChatLink>
              </li>
            ))}
          </ul>
        )}
        {actions.length > 0 && (
          <div className="flex flex-wrap gap-2">
            {actions.map((action, i) => (
              <ActionControl
                key={`${action.kind}-${action.label}-${String(i)}`}
                action={action}
                large={message.emergency && action.kind === "call"}
                onAction={onAction}
                onNavigate={onNavigate}
              />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

/** An answer's text, revealed word by word when it has just arrived (not under reduced motion). */
function RevealText({ text, animate }: { text: string; animate: boolean }) {
  const still = useMediaQuery("(prefers-reduced-motion: reduce)");
  const moving = animate && !still;
  const [elapsed, setElapsed] = useState(0);

  useEffect(() => {
    if (!moving) return;
    const start = performance.now();
    let frame = requestAnimationFrame(function tick(now) {
      const spent = now - start;
      setElapsed(spent);
      if (spent < revealMs) frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [moving]);

  return (
    // Screen readers get the whole answer at once; the reveal is only for the eyes. The hidden
    // copy keeps the answer's full height from the start, so the log does not jump.
    <p className="grid whitespace-pre-line">
      <span className="sr-only">{text}</span>
      <span aria-hidden="true" className="invisible col-start-1 row-start-1">
        {text}
      </span>
      <span aria-hidden="true" className="col-start-1 row-start-1">
        {moving ? revealedText(text, elapsed) : text}
      </span>
    </p>
  );
}

function ActionControl({
  action,
  large,
  onAction,
  onNavigate,
}: {
  action: Action;
  large: boolean;
  onAction: (action: Action) => void;
  onNavigate: (() => void) | undefined;
}) {
  switch (action.kind) {
    case "call":
      return (
        <a
          href={action.href}
          className={cn(
            large ? buttonClasses("danger", "lg") : buttonClasses("secondary", "sm"),
            large && "w-full",
          )}
        >
          {action.label}
        </a>
      );
    case "link":
      return (
        <ChatLink
          href={action.href}
          onNavigate={onNavigate}
          className={buttonClasses("secondary", "sm")}
        >
          {action.label}
        </ChatLink>
      );
    case "slot":
    case "handover":
      return (
        <Button
          size="sm"
          variant={action.kind === "slot" ? "primary" : "secondary"}
          onClick={() => onAction(action)}
        >
          {action.label}
        </Button>
      );
  }
}

/**
 * A link an answer gives: the portal's own pages open in the app, the practice's site
 * (`/p/<slug>…`) and anything else as an ordinary link.
 */
function ChatLink({
  href,
  className,
  onNavigate,
  children,
}: {
  href: string;
  className: string;
  onNavigate: (() => void) | undefined;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  const inApp = href === "/portal" || href.startsWith("/portal/") || href.startsWith("/portal?");
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!inApp || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    void navigate({ href });
    onNavigate?.();
  };
  return (
    <a href={href} className={className} onClick={onClick}>
      {children}
    </a>
  );
}

/** What a failed question says, with a way to send it again when that can help. */
function AskError({ failed, onRetry }: { failed: { error: unknown }; onRetry: () => void }) {
  const t = useT();
  const code = errorCode(failed.error);
  const onField = fieldErrorOf(failed.error, "message");
  if (code === "TOO_MANY_REQUESTS") {
    return <Alert tone="warning">{t("assistantChat.error.busy")}</Alert>;
  }
  if (onField) return <Alert tone="error">{onField}</Alert>;
  if (code === "NOT_FOUND") return <Alert tone="error">{t("assistantChat.error.off")}</Alert>;
  return (
    <Alert tone="error">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span>{t("assistantChat.error.network")}</span>
        <Button size="sm" variant="secondary" onClick={onRetry}>
          {t("ui.retry")}
        </Button>
      </div>
    </Alert>
  );
}

/** Booking an offered time: the patient confirms it first; a taken time offers others. */
function BookingStep({
  action,
  idempotencyKey,
  timeZone,
  onClose,
  onNavigate,
}: {
  action: SlotAction;
  idempotencyKey: string;
  timeZone: string;
  onClose: () => void;
  onNavigate: (() => void) | undefined;
}) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const book = trpc.appointment.bookMine.useMutation({
    onSuccess: () => {
      void utils.appointment.mine.invalidate();
      void utils.availability.search.invalidate();
    },
  });
  const booked = book.data;
  const alternatives = alternativesOf(book.error);

  useEffect(() => {
    confirmRef.current?.focus();
  }, []);

  return (
    <section
      aria-label={t("assistantChat.book.title")}
      className="flex flex-col gap-2 border-t border-slate-200 bg-slate-50 px-4 py-3 text-sm"
      data-testid="assistant-booking"
    >
      {booked ? (
        <>
          <Alert tone="success">
            {t(
              booked.status === "pending"
                ? "assistantChat.book.requested"
                : "assistantChat.book.done",
              {
                time: fmt.dateTime(booked.startsAt),
              },
            )}{" "}
            {/* The portal lists the patient's appointments on its booking page. */}
            <Link
              to="/portal/book"
              className="font-medium underline"
              onClick={() => onNavigate?.()}
            >
              {t("assistantChat.book.see")}
            </Link>
          </Alert>
          <div>
            <Button size="sm" variant="secondary" onClick={onClose}>
              {t("ui.close")}
            </Button>
          </div>
        </>
      ) : (
        <>
          <p className="font-medium text-slate-900">
            {t("assistantChat.book.confirm", { slot: action.label })}
          </p>
          <OtherTimes
            error={book.error}
            timeZone={timeZone}
            pending={book.isPending}
            onPick={(alternative) =>
              book.mutate({
                serviceId: action.serviceId,
                start: alternative.start,
                resourceIds: alternative.resourceIds,
                idempotencyKey: newIdempotencyKey(),
              })
            }
          />
          {book.error && !alternatives && (
            <Alert tone="error">
              {errorCode(book.error) === "CONFLICT"
                ? t("assistantChat.book.taken")
                : (fieldErrorOf(book.error, "start") ??
                  errorMessage(book.error, t("ui.error.network")))}
            </Alert>
          )}
          <div className="flex flex-wrap gap-2">
            <Button
              ref={confirmRef}
              size="sm"
              loading={book.isPending}
              onClick={() => book.mutate(bookingOf(action, idempotencyKey))}
            >
              {t("assistantChat.book.submit")}
            </Button>
            <Button size="sm" variant="secondary" onClick={onClose} disabled={book.isPending}>
              {t("ui.cancel")}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

/** Asking for a person: an optional note for the team, then the conversation says so. */
function HandoverStep({
  conversationId,
  onCancel,
  onDone,
}: {
  conversationId: string;
  onCancel: () => void;
  onDone: (view: RouterOutputs["assistant"]["handoverMine"]) => void;
}) {
  const t = useT();
  const handover = trpc.assistant.handoverMine.useMutation();
  const schema = useMemo(() => AssistantHandoverMineInput.pick({ note: true }), []);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: { note: "" } });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["note"]);
  const send = submit(async (values) => {
    const view = await handover.mutateAsync({ conversationId, note: values.note ?? null });
    onDone(view);
  });

  return (
    <form
      noValidate
      onSubmit={send}
      aria-label={t("assistantChat.person.title")}
      className="flex flex-col gap-2 border-t border-slate-200 bg-slate-50 px-4 py-3"
      data-testid="assistant-handover"
    >
      <p className="text-sm text-slate-700">{t("assistantChat.person.lead")}</p>
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextAreaField
        label={t("assistantChat.person.note")}
        description={t("assistantChat.person.noteHint")}
        rows={2}
        error={errors.note?.message}
        {...form.register("note")}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" loading={isSubmitting}>
          {t("assistantChat.person.submit")}
        </Button>
        <Button type="button" size="sm" variant="secondary" onClick={onCancel}>
          {t("ui.cancel")}
        </Button>
      </div>
    </form>
  );
}

/** Deleting the conversation, confirmed in the panel. */
function DeleteStep({
  conversationId,
  onCancel,
  onDeleted,
}: {
  conversationId: string;
  onCancel: () => void;
  onDeleted: () => void;
}) {
  const t = useT();
  const forget = trpc.assistant.forgetMine.useMutation({ onSuccess: onDeleted });
  return (
    <div
      className="flex flex-col gap-2 border-b border-slate-200 bg-red-50 px-4 py-3 text-sm"
      data-testid="assistant-delete"
    >
      <p className="text-red-900">{t("assistantChat.delete.confirm")}</p>
      {forget.error && (
        <Alert tone="error">{errorMessage(forget.error, t("ui.error.network"))}</Alert>
      )}
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          variant="danger"
          loading={forget.isPending}
          onClick={() => forget.mutate({ conversationId })}
        >
          {t("assistantChat.delete.submit")}
        </Button>
        <Button size="sm" variant="secondary" onClick={onCancel} disabled={forget.isPending}>
          {t("ui.cancel")}
        </Button>
      </div>
    </div>
  );
}
