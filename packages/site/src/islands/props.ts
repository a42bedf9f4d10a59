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
 * `#book?service=<id>&doctor=<resourceId>`. The island listens for it.
 */
export function bookingHref(serviceId?: string, doctorResourceId?: string): string {
  const params = new URLSearchParams();
  if (serviceId) params.set("service", serviceId);
  if (doctorResourceId) params.set("doctor", doctorResourceId);
  const query = params.toString();
  return query ? `#book?${query}` : "#book";
}

/** The choice a `#book?…` address carries, or null for any other address. */
export function parseBookingHash(hash: string): { serviceId?: string; doctor?: string } | null {
  if (hash !== "#book" && !hash.startsWith("#book?")) return null;
  const params = new URLSearchParams(hash.slice("#book".length + 1));
  return {
    serviceId: params.get("service") ?? undefined,
    doctor: params.get("doctor") ?? undefined,
  };
}
