// The practice assistant's chat on the public site: a bubble in the page's corner that opens a
// panel where a visitor asks about hours, doctors, prices and free times (`assistant.ask`). The
// conversation is kept in the visitor's browser and restored on the next visit; a free time the
// assistant offers opens the page's booking widget with it chosen. Fetched only on sites with
// the feature.
import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
} from "react";
import { ApiError, mutate, newStreamKey, query, subscribe } from "./api";
import {
  assistantStorageKey,
  bookingHashOf,
  parseStoredConversation,
  piecesShown,
  revealPieces,
  siteHref,
  telHref,
  type AssistantAction,
  type AssistantAskResult,
  type AssistantConversation,
  type AssistantMessage,
  type StoredConversation,
} from "./assistant-links";
import { assistantTranslator, type AssistantTranslate } from "./assistant-messages";
import type { AssistantIslandProps } from "./props";

/**
 * The chat's CSS: scoped `cd-assistant-*` classes, logical properties only (the bubble sits
 * bottom-right, bottom-left on right-to-left pages), colours at AA contrast, full screen on a
 * phone.
 */
export const assistantCss = `
.cd-assistant{--cd-a-accent:var(--link,#0f766e);--cd-a-ink:#0f172a;--cd-a-muted:#475569;font-family:inherit;font-size:1rem;line-height:1.45;color:var(--cd-a-ink)}
.cd-assistant *{box-sizing:border-box}
.cd-assistant button,.cd-assistant textarea,.cd-assistant input{font:inherit}
.cd-assistant :focus-visible{outline:3px solid #0f172a;outline-offset:2px;box-shadow:0 0 0 2px #fff}
.cd-assistant-sr{position:absolute;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.cd-assistant-bubble{position:fixed;inset-block-end:1rem;inset-inline-end:1rem;z-index:60;display:inline-flex;align-items:center;justify-content:center;inline-size:3.5rem;block-size:3.5rem;border-radius:50%;border:2px solid #fff;background:var(--cd-a-accent);color:#fff;box-shadow:0 4px 14px rgb(15 23 42/.3);cursor:pointer}
.cd-assistant-bubble svg{inline-size:1.75rem;block-size:1.75rem}
.cd-assistant-panel{position:fixed;inset-block-end:5.25rem;inset-inline-end:1rem;z-index:61;display:flex;flex-direction:column;inline-size:min(24rem,calc(100vw - 2rem));block-size:min(36rem,calc(100vh - 7rem));background:#fff;color:var(--cd-a-ink);border:1px solid #cbd5e1;border-radius:.75rem;box-shadow:0 12px 32px rgb(15 23 42/.25);overflow:hidden}
.cd-assistant-panel[hidden]{display:none}
@media (max-width:480px){.cd-assistant-panel{inset:0;inline-size:100%;block-size:100%;border-radius:0;border:0}}
.cd-assistant-head{display:flex;align-items:center;gap:.25rem;padding-block:.5rem;padding-inline:.75rem .25rem;background:var(--cd-a-accent);color:#fff}
.cd-assistant-head h2{flex:1 1 auto;margin:0;font-size:1rem;font-weight:700;min-inline-size:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;color:#fff}
.cd-assistant-head button{min-block-size:2.75rem;min-inline-size:2.75rem;padding-inline:.5rem;border:0;border-radius:.375rem;background:transparent;color:#fff;font-size:.875rem;font-weight:600;cursor:pointer;text-decoration:underline}
.cd-assistant-head .cd-assistant-x{font-size:1.5rem;line-height:1;text-decoration:none}
.cd-assistant-head :focus-visible{outline-color:#fff;box-shadow:0 0 0 5px #0f172a}
.cd-assistant-confirm{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;padding:.75rem;background:#fef2f2;color:#7f1d1d;border-block-end:1px solid #fecaca}
.cd-assistant-confirm p{margin:0;flex:1 1 100%;font-weight:600}
.cd-assistant-log{flex:1 1 auto;overflow-y:auto;display:flex;flex-direction:column;gap:.75rem;padding:.75rem;background:#f8fafc}
.cd-assistant-msg{max-inline-size:88%;padding:.5rem .75rem;border-radius:.75rem;background:#fff;border:1px solid #e2e8f0;color:var(--cd-a-ink);overflow-wrap:anywhere}
.cd-assistant-msg p{margin:0}
.cd-assistant-visitor{align-self:flex-end;background:var(--cd-a-accent);border-color:var(--cd-a-accent);color:#fff}
.cd-assistant-from{display:block;font-size:.75rem;font-weight:700;margin-block-end:.125rem;color:var(--cd-a-muted)}
.cd-assistant-visitor .cd-assistant-from{color:#fff}
.cd-assistant-text{white-space:pre-line}
.cd-assistant-reveal{display:grid}
.cd-assistant-reveal>span{grid-area:1/1}
.cd-assistant-ghost{visibility:hidden}
.cd-assistant-emergency{max-inline-size:100%;background:#fef2f2;border:2px solid #b91c1c;color:#7f1d1d}
.cd-assistant-emergency .cd-assistant-from{color:#7f1d1d}
.cd-assistant-call{display:flex;align-items:center;justify-content:center;min-block-size:3.25rem;margin-block:.25rem .5rem;padding-inline:1rem;border-radius:.5rem;background:#b91c1c;color:#fff;font-size:1.125rem;font-weight:800;text-decoration:none}
.cd-assistant-sources{margin-block-start:.375rem!important;font-size:.8125rem;color:var(--cd-a-muted)}
.cd-assistant-sources a{color:#1e3a8a;margin-inline-start:.25rem}
.cd-assistant-emergency .cd-assistant-sources{color:#7f1d1d}
.cd-assistant-actions{display:flex;flex-wrap:wrap;gap:.375rem;margin-block-start:.5rem}
.cd-assistant-action{display:inline-flex;align-items:center;min-block-size:2.75rem;padding-inline:.75rem;border:1px solid var(--cd-a-accent);border-radius:.5rem;background:#fff;color:var(--cd-a-accent);font-weight:600;text-decoration:none;cursor:pointer}
.cd-assistant-chips{display:flex;flex-wrap:wrap;gap:.375rem;margin:0;padding:0;list-style:none}
.cd-assistant-chip{min-block-size:2.75rem;padding-inline:.75rem;border:1px solid #94a3b8;border-radius:999px;background:#fff;color:var(--cd-a-ink);cursor:pointer}
.cd-assistant-typing span[aria-hidden]{font-size:1.5rem;line-height:1;letter-spacing:.1em}
.cd-assistant-status{margin:0;font-size:.875rem;color:var(--cd-a-muted)}
.cd-assistant-error{margin:0;padding:.75rem;border-block-start:1px solid #fecaca;background:#fef2f2;color:#7f1d1d;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.cd-assistant-error p{margin:0;flex:1 1 12rem}
.cd-assistant-ok{margin:0;padding:.75rem;background:#f0fdf4;color:#14532d;border-block-start:1px solid #bbf7d0}
.cd-assistant-compose{display:flex;align-items:flex-end;gap:.5rem;padding:.5rem .75rem .75rem;border-block-start:1px solid #e2e8f0;background:#fff}
.cd-assistant-compose textarea{flex:1 1 auto;min-inline-size:0;min-block-size:2.75rem;max-block-size:8rem;padding-block:.5rem;padding-inline:.75rem;border:1px solid #64748b;border-radius:.5rem;background:#fff;color:var(--cd-a-ink);resize:none}
.cd-assistant-button{min-block-size:2.75rem;padding-inline:1rem;border:1px solid transparent;border-radius:.5rem;background:var(--cd-a-accent);color:#fff;font-weight:700;cursor:pointer}
.cd-assistant-button[aria-disabled=true]{opacity:.75;cursor:progress}
.cd-assistant-plain{background:#fff;color:var(--cd-a-ink);border-color:#94a3b8}
.cd-assistant-danger{background:#b91c1c;color:#fff}
.cd-assistant-foot{display:flex;justify-content:flex-end;padding-inline:.75rem;background:#fff}
.cd-assistant-link{display:inline-flex;align-items:center;min-block-size:2.75rem;padding-inline:.25rem;border:0;background:transparent;color:#1e3a8a;text-decoration:underline;cursor:pointer}
.cd-assistant-form{display:flex;flex-direction:column;gap:.5rem;padding:.75rem;border-block-start:1px solid #e2e8f0;background:#fff;overflow-y:auto;max-block-size:60%}
.cd-assistant-form h3{margin:0;font-size:1rem}
.cd-assistant-field{display:flex;flex-direction:column;gap:.125rem}
.cd-assistant-field label{font-size:.875rem;font-weight:600}
.cd-assistant-field input,.cd-assistant-field textarea{min-block-size:2.75rem;padding-block:.375rem;padding-inline:.75rem;border:1px solid #64748b;border-radius:.5rem;background:#fff;color:var(--cd-a-ink)}
.cd-assistant-field [aria-invalid=true]{border-color:#b91c1c}
.cd-assistant-field-error{margin:0;font-size:.875rem;font-weight:600;color:#b91c1c}
.cd-assistant-row{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:.5rem}
`;

/** Reveal an answer's words over this long at most (a visual touch; the answer came whole). */
const revealMs = 400;
const revealTicks = 16;

type Failure =
  { kind: "network" | "rate"; question: string } | { kind: "refused"; message: string };

interface LogEntry {
  message: AssistantMessage;
  /** A fresh answer: its words appear one after another. */
  reveal: boolean;
}

function loadStored(slug: string): StoredConversation | null {
  try {
    return parseStoredConversation(localStorage.getItem(assistantStorageKey(slug)));
  } catch {
    return null; // storage off (private mode): the conversation lasts as long as the page
  }
}

function saveStored(slug: string, value: StoredConversation | null) {
  try {
    if (value) localStorage.setItem(assistantStorageKey(slug), JSON.stringify(value));
    else localStorage.removeItem(assistantStorageKey(slug));
  } catch {
    // Storage off: nothing is kept.
  }
}

const reducedMotion = () =>
  typeof window.matchMedia === "function" &&
  window.matchMedia("(prefers-reduced-motion: reduce)").matches;

let localIds = 0;

export function AssistantIsland({ props }: { props: AssistantIslandProps }) {
  const t = useMemo(() => assistantTranslator(props.lang), [props.lang]);
  const ids = useId();
  const panelId = `${ids}-panel`;
  const hintId = `${ids}-hint`;
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [draft, setDraft] = useState("");
  const [pending, setPending] = useState(false);
  // The answer's text as the model writes it, until the answer itself arrives.
  const [streamed, setStreamed] = useState("");
  const [restoring, setRestoring] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleteFailed, setDeleteFailed] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [handover, setHandover] = useState<"closed" | "form" | { phone: string }>("closed");
  const [hasConversation, setHasConversation] = useState(() => loadStored(props.slug) !== null);
  const stored = useRef<StoredConversation | null>(null);
  const busy = useRef(false);
  const restored = useRef(false);
  const bubbleRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const logRef = useRef<HTMLDivElement>(null);

  const remember = useCallback(
    (value: StoredConversation | null) => {
      stored.current = value;
      saveStored(props.slug, value);
      setHasConversation(value !== null);
    },
    [props.slug],
  );

  /** Opening the first time brings back the conversation kept from an earlier visit. */
  const openPanel = () => {
    setOpen(true);
    if (restored.current) return;
    restored.current = true;
    const kept = loadStored(props.slug);
    stored.current = kept;
    if (!kept) return;
    setRestoring(true);
    query<AssistantConversation>("assistant.conversation", { slug: props.slug, ...kept }).then(
      (view) => {
        // A question asked meanwhile keeps its place (the earlier ones are then not shown).
        setEntries((list) =>
          list.length > 0 ? list : view.messages.map((message) => ({ message, reveal: false })),
        );
        setRestoring(false);
      },
      (error: unknown) => {
        // Deleted or expired: start afresh. Unreachable: the next question carries it on.
        if (error instanceof ApiError && error.code === "NOT_FOUND") remember(null);
        setRestoring(false);
      },
    );
  };

  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [entries.length, pending]);

  const close = (returnFocus: boolean) => {
    setOpen(false);
    setConfirming(false);
    if (returnFocus) bubbleRef.current?.focus();
  };

  const ask = async (question: string, again = false) => {
    const text = question.trim();
    if (!text || busy.current) return;
    busy.current = true;
    setPending(true);
    setFailure(null);
    setNotice(null);
    const localId = `local-${++localIds}`;
    if (!again) {
      setDraft("");
      const mine: AssistantMessage = {
        id: localId,
        role: "visitor",
        text,
        citations: [],
        actions: [],
        emergency: false,
        createdAt: new Date(),
      };
      setEntries((list) => [...list, { message: mine, reveal: false }]);
    }
    const streamKey = newStreamKey();
    const live = subscribe<{ text: string; done: boolean }>(
      "assistant.reply",
      { streamKey },
      (delta) => {
        if (delta.text) setStreamed((shown) => shown + delta.text);
        return delta.done;
      },
    );
    const send = (conversation: StoredConversation | null) =>
      mutate<AssistantAskResult>("assistant.ask", {
        slug: props.slug,
        ...(conversation ?? {}),
        message: text,
        locale: props.lang,
        streamKey,
      });
    await live.opened;
    try {
      let result: AssistantAskResult;
      try {
        result = await send(stored.current);
      } catch (error) {
        // The kept conversation was deleted or has expired: ask in a new one.
        if (!(error instanceof ApiError && error.code === "NOT_FOUND" && stored.current)) {
          throw error;
        }
        remember(null);
        result = await send(null);
      }
      if (result.token) {
        remember({ conversationId: result.conversationId, token: result.token });
      }
      setEntries((list) => [...list, { message: result.reply, reveal: !reducedMotion() }]);
    } catch (error) {
      const refused = error instanceof ApiError ? error : new ApiError(null);
      const status = refused.shape?.data?.httpStatus ?? 0;
      if (refused.code === "TOO_MANY_REQUESTS") {
        setFailure({ kind: "rate", question: text });
      } else if (!refused.shape || status >= 500 || refused.code === "NOT_FOUND") {
        setFailure({ kind: "network", question: text });
      } else {
        // Refused as typed (too long…): the question goes back to the box to be changed.
        const message = refused.fieldErrors.message?.[0] ?? refused.shape.message;
        setFailure({ kind: "refused", message });
        if (!again) {
          setEntries((list) => list.filter((entry) => entry.message.id !== localId));
          setDraft((current) => current || text);
        }
      }
    } finally {
      live.close();
      setStreamed("");
      busy.current = false;
      setPending(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void ask(draft);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void ask(draft);
  };

  const forget = async () => {
    const kept = stored.current;
    setDeleteFailed(false);
    if (kept) {
      try {
        await mutate<{ deleted: true }>("assistant.forget", { slug: props.slug, ...kept });
      } catch (error) {
        if (!(error instanceof ApiError && error.code === "NOT_FOUND")) {
          setDeleteFailed(true);
          return;
        }
      }
    }
    remember(null);
    setEntries([]);
    setFailure(null);
    setHandover("closed");
    setConfirming(false);
    setNotice(t("assistant.deleted"));
    inputRef.current?.focus();
  };

  /** A free time: the booking widget on this page opens with it chosen, or the home page's. */
  const openSlot = (href: string) => {
    const hash = bookingHashOf(href);
    if (!hash) return;
    if (document.querySelector('[data-island="booking"]')) {
      close(false);
      if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
      else location.hash = hash;
    } else {
      location.assign(`${props.basePath}/${hash}`);
    }
  };

  const onAction = (action: AssistantAction) => {
    if (action.kind === "slot") openSlot(action.href);
    else if (action.kind === "handover") setHandover("form");
  };

  // The last answer already offers a person: no second control for it.
  const lastActions = entries.at(-1)?.message.actions ?? [];
  const offersHandover = lastActions.some((a) => a.kind === "handover");
  const phoneHref = props.phone ? telHref(`tel:${props.phone}`) : null;

  const suggestions = [
    t("assistant.suggestHours"),
    t("assistant.suggestDoctors"),
    t("assistant.suggestPrices"),
    t("assistant.suggestFree"),
  ];

  return (
    <div className="cd-assistant" dir={props.lang === "ar" ? "rtl" : "ltr"} lang={props.lang}>
      <button
        ref={bubbleRef}
        type="button"
        className="cd-assistant-bubble"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t("assistant.open", { practice: props.practiceName })}
        title={t("assistant.open", { practice: props.practiceName })}
        onClick={() => (open ? close(true) : openPanel())}
        data-testid="assistant-bubble"
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Zm3 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Z"
          />
        </svg>
      </button>
      <div
        id={panelId}
        className="cd-assistant-panel"
        role="dialog"
        aria-label={t("assistant.title", { practice: props.practiceName })}
        hidden={!open}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.stopPropagation();
            close(true);
          }
        }}
        data-testid="assistant-panel"
      >
        <div className="cd-assistant-head">
          <h2>{t("assistant.title", { practice: props.practiceName })}</h2>
          {(hasConversation || entries.length > 0) && (
            <button
              type="button"
              aria-expanded={confirming}
              onClick={() => {
                setConfirming((c) => !c);
                setDeleteFailed(false);
              }}
            >
              {t("assistant.delete")}
            </button>
          )}
          <button
            type="button"
            className="cd-assistant-x"
            aria-label={t("assistant.close")}
            title={t("assistant.close")}
            onClick={() => close(true)}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
        {confirming && (
          <div className="cd-assistant-confirm" role="group" aria-label={t("assistant.delete")}>
            <p>{t("assistant.deleteConfirm")}</p>
            {deleteFailed && (
              <p role="alert" className="cd-assistant-field-error">
                {t("assistant.deleteFailed")}
              </p>
            )}
            <button
              type="button"
              className="cd-assistant-button cd-assistant-danger"
              onClick={() => void forget()}
              data-testid="assistant-forget"
            >
              {t("assistant.deleteYes")}
            </button>
            <button
              type="button"
              className="cd-assistant-button cd-assistant-plain"
              onClick={() => setConfirming(false)}
            >
              {t("assistant.deleteNo")}
            </button>
          </div>
        )}
        <div
          ref={logRef}
          className="cd-assistant-log"
          role="log"
          aria-live="polite"
          aria-label={t("assistant.log")}
          // Scrollable: reachable by keyboard to read back a long conversation.
          tabIndex={0}
          data-testid="assistant-log"
        >
          <div className="cd-assistant-msg cd-assistant-assistant">
            <span className="cd-assistant-from">{t("assistant.assistant")}</span>
            <p className="cd-assistant-text">{t("assistant.greeting")}</p>
          </div>
          {entries.length === 0 && !pending && !restoring && (
            <ul className="cd-assistant-chips" aria-label={t("assistant.suggestions")}>
              {suggestions.map((s) => (
                <li key={s}>
                  <button type="button" className="cd-assistant-chip" onClick={() => void ask(s)}>
                    {s}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {restoring && <p className="cd-assistant-status">{t("assistant.restoring")}</p>}
          {entries.map((entry) => (
            <Message key={entry.message.id} entry={entry} t={t} props={props} onAction={onAction} />
          ))}
          {pending && streamed !== "" && (
            // A preview for the eyes; screen readers get the whole answer when it arrives.
            <div
              className="cd-assistant-msg cd-assistant-assistant"
              aria-hidden="true"
              data-testid="assistant-streaming"
            >
              <span className="cd-assistant-from">{t("assistant.assistant")}</span>
              <p className="cd-assistant-text">{streamed}</p>
            </div>
          )}
          {pending && streamed === "" && (
            <div className="cd-assistant-msg cd-assistant-assistant cd-assistant-typing">
              <span className="cd-assistant-from">{t("assistant.assistant")}</span>
              <span aria-hidden="true">…</span>
              <span className="cd-assistant-sr">{t("assistant.typing")}</span>
            </div>
          )}
        </div>
        {failure && (
          <div className="cd-assistant-error" role="alert">
            <p>
              {failure.kind === "refused"
                ? failure.message
                : failure.kind === "rate"
                  ? t("assistant.rateLimited")
                  : t("assistant.network")}
            </p>
            {failure.kind !== "refused" && (
              <button
                type="button"
                className="cd-assistant-button cd-assistant-plain"
                onClick={() => void ask(failure.question, true)}
              >
                {t("assistant.retry")}
              </button>
            )}
            {failure.kind === "network" && phoneHref && (
              <a className="cd-assistant-link" href={phoneHref}>
                <WithPhone template={t("assistant.call")} phone={props.phone} />
              </a>
            )}
          </div>
        )}
        {notice && (
          <p className="cd-assistant-ok" role="status">
            {notice}
          </p>
        )}
        {typeof handover === "object" && (
          <p className="cd-assistant-ok" role="status">
            <WithPhone template={t("assistant.handoverDone")} phone={handover.phone} />
          </p>
        )}
        {handover === "form" && hasConversation ? (
          <HandoverForm
            t={t}
            onCancel={() => {
              setHandover("closed");
              inputRef.current?.focus();
            }}
            onSend={async (values) => {
              const kept = stored.current;
              if (!kept) return;
              const view = await mutate<AssistantConversation>("assistant.handover", {
                slug: props.slug,
                ...kept,
                ...values,
              });
              setEntries(view.messages.map((message) => ({ message, reveal: false })));
              setHandover({ phone: values.phone });
            }}
          />
        ) : (
          <>
            {hasConversation && handover === "closed" && !offersHandover && (
              <div className="cd-assistant-foot">
                <button
                  type="button"
                  className="cd-assistant-link"
                  onClick={() => setHandover("form")}
                >
                  {t("assistant.talkToPerson")}
                </button>
              </div>
            )}
            <form className="cd-assistant-compose" onSubmit={onSubmit}>
              <label className="cd-assistant-sr" htmlFor={`${ids}-question`}>
                {t("assistant.question")}
              </label>
              <span className="cd-assistant-sr" id={hintId}>
                {t("assistant.questionHint")}
              </span>
              <textarea
                ref={inputRef}
                id={`${ids}-question`}
                rows={1}
                dir="auto"
                maxLength={1000}
                value={draft}
                placeholder={t("assistant.question")}
                aria-describedby={hintId}
                onChange={(e) => setDraft(e.target.value)}
                onKeyDown={onKeyDown}
                data-testid="assistant-input"
              />
              <button type="submit" className="cd-assistant-button" aria-disabled={pending}>
                {t("assistant.send")}
              </button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}

function Message({
  entry,
  t,
  props,
  onAction,
}: {
  entry: LogEntry;
  t: AssistantTranslate;
  props: AssistantIslandProps;
  onAction: (action: AssistantAction) => void;
}) {
  const { message } = entry;
  const mine = message.role === "visitor";
  // An emergency puts its call first and large.
  const calls = message.emergency ? message.actions.filter((a) => a.kind === "call") : [];
  const actions = message.emergency
    ? message.actions.filter((a) => a.kind !== "call")
    : message.actions;
  const citations = message.citations.flatMap((c) => {
    const href = siteHref(c.href, props.slug, props.basePath, props.appOrigin);
    return href ? [{ label: c.label, href }] : [];
  });
  return (
    <div
      className={`cd-assistant-msg ${mine ? "cd-assistant-visitor" : "cd-assistant-assistant"}${message.emergency ? " cd-assistant-emergency" : ""}`}
      {...(message.emergency ? { role: "alert" } : {})}
      data-testid={mine ? "assistant-visitor-message" : "assistant-reply"}
    >
      <span className="cd-assistant-from">
        {mine ? t("assistant.you") : t("assistant.assistant")}
        {message.emergency && ` · ${t("assistant.emergency")}`}
      </span>
      {calls.map((a, i) => {
        const href = a.kind === "call" ? telHref(a.href) : null;
        return href ? (
          <a key={i} className="cd-assistant-call" href={href}>
            {a.label}
          </a>
        ) : null;
      })}
      <p className="cd-assistant-text" dir="auto">
        {entry.reveal ? <Reveal text={message.text} /> : message.text}
      </p>
      {citations.length > 0 && (
        <p className="cd-assistant-sources">
          {t("assistant.source")}
          {citations.map((c, i) => (
            <a key={i} href={c.href} onClick={() => openFaq(c.href)}>
              {c.label}
            </a>
          ))}
        </p>
      )}
      {actions.length > 0 && (
        <div className="cd-assistant-actions">
          {actions.map((a, i) => (
            <Action key={i} action={a} props={props} onAction={onAction} />
          ))}
        </div>
      )}
    </div>
  );
}

/** A sentence with a phone number in it, the number kept left to right in Arabic. */
function WithPhone({ template, phone }: { template: string; phone: string }) {
  const [before = "", after = ""] = template.split("{phone}");
  return (
    <>
      {before}
      <bdi dir="ltr">{phone}</bdi>
      {after}
    </>
  );
}

/** A question of the page's FAQ is folded: a link to it unfolds it. */
function openFaq(href: string) {
  const at = href.indexOf("#faq-");
  if (at < 0) return;
  const details = document.getElementById(href.slice(at + 1));
  if (details instanceof HTMLDetailsElement) details.open = true;
}

function Action({
  action,
  props,
  onAction,
}: {
  action: AssistantAction;
  props: AssistantIslandProps;
  onAction: (action: AssistantAction) => void;
}) {
  if (action.kind === "call") {
    const href = telHref(action.href);
    return href ? (
      <a className="cd-assistant-action" href={href}>
        {action.label}
      </a>
    ) : null;
  }
  if (action.kind === "link") {
    const href = siteHref(action.href, props.slug, props.basePath, props.appOrigin);
    return href ? (
      <a className="cd-assistant-action" href={href} onClick={() => openFaq(href)}>
        {action.label}
      </a>
    ) : null;
  }
  return (
    <button
      type="button"
      className="cd-assistant-action"
      onClick={() => onAction(action)}
      data-testid={action.kind === "slot" ? "assistant-slot" : "assistant-handover"}
    >
      {action.label}
    </button>
  );
}

/**
 * The answer's words appear one after another within `revealMs` (the engine answered whole;
 * this is only how it is shown). Screen readers get the whole text at once.
 */
function Reveal({ text }: { text: string }) {
  const pieces = useMemo(() => revealPieces(text), [text]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => {
      setTick((n) => {
        if (n + 1 >= revealTicks) window.clearInterval(timer);
        return n + 1;
      });
    }, revealMs / revealTicks);
    return () => window.clearInterval(timer);
  }, []);
  const shown = piecesShown(pieces.length, tick, revealTicks);
  return (
    <>
      <span className="cd-assistant-sr">{text}</span>
      {/* The whole text, unseen, holds the answer's height while its words appear. */}
      <span className="cd-assistant-reveal" aria-hidden="true">
        <span className="cd-assistant-ghost">{text}</span>
        <span>{pieces.slice(0, shown).join("")}</span>
      </span>
    </>
  );
}

type HandoverField = "name" | "phone" | "note";

function HandoverForm({
  t,
  onSend,
  onCancel,
}: {
  t: AssistantTranslate;
  onSend: (values: { name: string; phone: string; note: string }) => Promise<void>;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Record<HandoverField, string>>({
    name: "",
    phone: "",
    note: "",
  });
  const [errors, setErrors] = useState<Partial<Record<HandoverField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const titleId = useId();

  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>("input")?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const missing: Partial<Record<HandoverField, string>> = {};
    if (!values.name.trim()) missing.name = t("assistant.nameRequired");
    if (!values.phone.trim()) missing.phone = t("assistant.phoneRequired");
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length > 0) {
      formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
      return;
    }
    setPending(true);
    try {
      await onSend(values);
    } catch (error) {
      const refused = error instanceof ApiError ? error : new ApiError(null);
      const placed: Partial<Record<HandoverField, string>> = {};
      for (const field of ["name", "phone", "note"] as const) {
        const message = refused.fieldErrors[field]?.[0];
        if (message) placed[field] = message;
      }
      setErrors(placed);
      if (Object.keys(placed).length === 0) {
        setFormError(
          refused.shape && refused.code !== "INTERNAL_SERVER_ERROR"
            ? refused.shape.message
            : t("assistant.network"),
        );
      }
      setPending(false);
    }
  };

  const field = (name: HandoverField, label: string, extra: { type?: string; auto?: string }) => (
    <Field
      name={name}
      label={label}
      value={values[name]}
      error={errors[name]}
      multiline={name === "note"}
      type={extra.type}
      autoComplete={extra.auto}
      onChange={(v) => setValues((old) => ({ ...old, [name]: v }))}
    />
  );

  return (
    <form
      ref={formRef}
      className="cd-assistant-form"
      noValidate
      aria-labelledby={titleId}
      onSubmit={(e) => void submit(e)}
      data-testid="assistant-handover-form"
    >
      <h3 id={titleId}>{t("assistant.handoverTitle")}</h3>
      {formError && (
        <p className="cd-assistant-field-error" role="alert">
          {formError}
        </p>
      )}
      {field("name", t("assistant.name"), { auto: "name" })}
      {field("phone", t("assistant.phone"), { type: "tel", auto: "tel" })}
      {field("note", t("assistant.note"), {})}
      <div className="cd-assistant-row">
        <button type="button" className="cd-assistant-button cd-assistant-plain" onClick={onCancel}>
          {t("assistant.cancel")}
        </button>
        <button type="submit" className="cd-assistant-button" aria-disabled={pending}>
          {pending ? t("assistant.sending") : t("assistant.handoverSend")}
        </button>
      </div>
    </form>
  );
}

function Field({
  name,
  label,
  value,
  error,
  multiline,
  type = "text",
  autoComplete,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  error: string | undefined;
  multiline: boolean;
  type?: string | undefined;
  autoComplete?: string | undefined;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const common = {
    id,
    name,
    value,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  };
  return (
    <div className="cd-assistant-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={2} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={type}
          autoComplete={autoComplete}
          dir={type === "tel" ? "ltr" : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {error && (
        <p className="cd-assistant-field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
