// The assistant island's pure parts: the shapes its procedures answer (spelled out, as the site
// does not depend on the API package), the conversation kept in the visitor's browser, and the
// addresses of its citations and actions on this site.

/** Where an answer came from (a page or `#section` of the site). */
export interface AssistantCitation {
  label: string;
  href: string;
}

/** What the visitor can do next, shown under an answer. */
export type AssistantAction =
  | {
      kind: "slot";
      label: string;
      start: Date;
      serviceId: string;
      practitionerResourceId: string | null;
      /** `/p/<slug>#book?service=…&doctor=…&start=<ISO>`. */
      href: string;
    }
  | { kind: "call"; label: string; href: string }
  | { kind: "handover"; label: string }
  | { kind: "link"; label: string; href: string };

export interface AssistantMessage {
  id: string;
  role: "visitor" | "assistant";
  /** Plain text with line breaks, never HTML. */
  text: string;
  citations: AssistantCitation[];
  actions: AssistantAction[];
  emergency: boolean;
  createdAt: Date;
}

export interface AssistantConversation {
  id: string;
  status: "open" | "handed_over" | "resolved";
  locale: "en" | "ar";
  messages: AssistantMessage[];
}

export interface AssistantAskResult {
  conversationId: string;
  /** Given with the first answer only. */
  token: string | null;
  reply: AssistantMessage;
}

/** The visitor's conversation, as kept in localStorage. */
export interface StoredConversation {
  conversationId: string;
  token: string;
}

export const assistantStorageKey = (slug: string) => `caredesk.assistant.${slug}`;

/** The stored conversation, or null for nothing or anything malformed. */
export function parseStoredConversation(raw: string | null): StoredConversation | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (!value || typeof value !== "object") return null;
    const { conversationId, token } = value as Record<string, unknown>;
    if (typeof conversationId !== "string" || typeof token !== "string") return null;
    if (!conversationId || !token) return null;
    return { conversationId, token };
  } catch {
    return null;
  }
}

/**
 * A site address the API gave (`/p/<slug>…`) as this page reaches it: under `basePath`
 * ("/p/<slug>" on Caredesk, "" on the practice's own domain). The portal (`/portal…`) is on
 * `appOrigin`; other same-site paths, web and mail addresses are kept; anything else
 * (`javascript:`…) is no link (null).
 */
export function siteHref(
  href: string,
  slug: string,
  basePath: string,
  appOrigin = "",
): string | null {
  const prefix = `/p/${encodeURIComponent(slug)}`;
  if (href === "/portal" || href.startsWith("/portal/") || href.startsWith("/portal?")) {
    return `${appOrigin.replace(/\/$/, "")}${href}`;
  }
  if (/^mailto:[^\s<>"]+@[^\s<>"]+$/i.test(href)) return href;
  if (href === prefix || href.startsWith(`${prefix}/`) || href.startsWith(`${prefix}#`)) {
    const rest = href.slice(prefix.length);
    if (rest === "" || rest.startsWith("#")) return `${basePath || "/"}${rest}`;
    return `${basePath}${rest}`;
  }
  if (href.startsWith("#") || (href.startsWith("/") && !href.startsWith("//"))) return href;
  if (/^https?:\/\//i.test(href)) return href;
  return null;
}

/** A `tel:` address, or null for anything else. */
export function telHref(href: string): string | null {
  return /^tel:\+?[\d\s()-]+$/i.test(href) ? href.replace(/[\s()-]/g, "") : null;
}

/** The `#book?…` part of a free time's address, or null when it has none. */
export function bookingHashOf(href: string): string | null {
  const at = href.indexOf("#");
  if (at < 0) return null;
  const hash = href.slice(at);
  return hash === "#book" || hash.startsWith("#book?") ? hash : null;
}

/**
 * An answer's text cut into the pieces it is revealed by (words with the space after them):
 * joined, they are the text again.
 */
export function revealPieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** How many pieces show after `tick` of `ticks` steps (the last step shows them all). */
export function piecesShown(total: number, tick: number, ticks: number): number {
  if (ticks <= 0 || tick >= ticks) return total;
  return Math.min(total, Math.ceil((total * tick) / ticks));
}
