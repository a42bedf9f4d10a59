// What the server-rendered page puts in `data-props` of `<div data-island="booking">`
// (JSON, HTML-escaped). The renderer builds it; the island reads it.

export interface BookingIslandProps {
  slug: string;
  lang: "en" | "ar";
  currency: string;
  /** BCP 47 tag for Intl (dates, times, prices). */
  formatTag: string;
  /** The practice's IANA zone: every time shown is its wall clock. */
  timeZone: string;
  services: { id: string; name: string; durationMinutes: number; priceMinor: number }[];
  /** `name` as shown, title included ("Dr Salma Idris"). */
  doctors: { resourceId: string; name: string }[];
  preselect?: { practitionerResourceId?: string; serviceId?: string };
  /** The island's strings in the page's language (keys of islands/messages.ts). */
  messages?: Record<string, string>;
}

/**
 * A link that opens the booking with a service (and optionally a doctor) chosen:
 * `#book?service=<id>&doctor=<resourceId>`. The island listens for it. With a `start`
 * (`&start=<ISO instant>`, as the assistant's free times carry) it shows that time's day and,
 * if the time is still free, selects it, ready for the visitor's details; if it was taken, the
 * day's free times are shown instead.
 */
export function bookingHref(serviceId?: string, doctorResourceId?: string, start?: Date): string {
  const params = new URLSearchParams();
  if (serviceId) params.set("service", serviceId);
  if (doctorResourceId) params.set("doctor", doctorResourceId);
  if (start) params.set("start", start.toISOString());
  const query = params.toString();
  return query ? `#book?${query}` : "#book";
}

/** The choice a `#book?…` address carries, or null for any other address. */
export function parseBookingHash(
  hash: string,
): { serviceId?: string; doctor?: string; start?: Date } | null {
  if (hash !== "#book" && !hash.startsWith("#book?")) return null;
  const params = new URLSearchParams(hash.slice("#book".length + 1));
  const start = params.get("start");
  const instant = start ? new Date(start) : null;
  return {
    serviceId: params.get("service") ?? undefined,
    doctor: params.get("doctor") ?? undefined,
    ...(instant && !Number.isNaN(instant.getTime()) ? { start: instant } : {}),
  };
}

/**
 * What the page puts in `data-props` of `<div data-island="cart">` (the shop's pages). The cart
 * itself lives in the visitor's browser: localStorage `caredesk.cart.<slug>`, JSON
 * `[{"productId":"…","quantity":2}]`.
 */
export interface CartIslandProps {
  slug: string;
  lang: "en" | "ar";
  currency: string;
  formatTag: string;
  /** The portal's checkout for this practice. */
  checkoutUrl: string;
  /**
   * The checkout is on another origin (a practice's own domain), whose storage cannot see this
   * cart: the link carries it (`items=<productId>:<quantity>,…`).
   */
  carryItems: boolean;
  /** The island's strings in the page's language (keys of islands/cart-messages.ts). */
  messages?: Record<string, string>;
}

export interface CartLine {
  productId: string;
  quantity: number;
}

export const cartStorageKey = (slug: string) => `caredesk.cart.${slug}`;

/** The checkout's address, with the cart in it when the checkout cannot read this storage. */
export function checkoutHref(
  props: Pick<CartIslandProps, "checkoutUrl" | "carryItems">,
  lines: CartLine[],
) {
  if (!props.carryItems || lines.length === 0) return props.checkoutUrl;
  const items = lines.map((l) => `${l.productId}:${l.quantity}`).join(",");
  return `${props.checkoutUrl}&items=${encodeURIComponent(items)}`;
}

/**
 * What the page puts in `data-props` of `<div data-island="ambulance">` (a hospital's site with
 * the ambulance feature): where to send the request and the words in the page's language.
 */
export interface AmbulanceIslandProps {
  slug: string;
  lang: "en" | "ar";
  /** The practice's phone as shown, or "" when it has none. */
  phone: string;
  /** The island's strings (the page's `ambulance` messages). */
  messages: Record<string, string>;
}

/**
 * What the page puts in `data-props` of `<div data-island="assistant">` (every page of a live
 * site with the assistant feature). The conversation is kept in the visitor's browser:
 * localStorage `caredesk.assistant.<slug>`, JSON `{"conversationId":"…","token":"…"}`.
 */
export interface AssistantIslandProps {
  slug: string;
  lang: "en" | "ar";
  /** The site's home: "/p/<slug>" on Caredesk, "" on the practice's own domain. */
  basePath: string;
  practiceName: string;
  /** The practice's phone as shown, or "" when it has none. */
  phone: string;
  /** Where the patient portal is (the web app's origin), for answers that link to it. */
  appOrigin?: string;
}
