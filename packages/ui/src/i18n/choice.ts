// Which language a visitor gets, and remembering it. The server-rendered practice site reads
// the same `lang` cookie (and takes `?lang=ar`), so the site and the app agree.
import { defaultLocale, isLocale, type Locale } from "./locales";

export const localeCookie = "lang";
export const localeStorageKey = "caredesk.lang";
const oneYear = 60 * 60 * 24 * 365;

export interface LocaleSignals {
  /** `?lang=` of the address the app was opened with (a link from the practice site). */
  query?: string | null;
  /** The `lang` cookie. */
  cookie?: string | null;
  /** What this browser remembered (localStorage). */
  stored?: string | null;
  /** navigator.languages, most preferred first. */
  languages?: readonly string[];
}

/** A language tag ("ar-EG", "AR") → the language Caredesk ships for it, if any. */
export function localeOf(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return isLocale(language) ? language : null;
}

/**
 * The visitor's language: an explicit `?lang=`, else the cookie, else this browser's stored
 * choice, else the first of the browser's languages Caredesk ships, else English.
 */
export function chooseLocale(signals: LocaleSignals): Locale {
  const explicit = localeOf(signals.query) ?? localeOf(signals.cookie) ?? localeOf(signals.stored);
  if (explicit) return explicit;
  for (const tag of signals.languages ?? []) {
    const locale = localeOf(tag);
    if (locale) return locale;
  }
  return defaultLocale;
}

/** One cookie's value out of a `document.cookie` string. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) {
      try {
        return decodeURIComponent(value.join("="));
      } catch {
        return null;
      }
    }
  }
  return null;
}

function storedChoice(): string | null {
  try {
    return window.localStorage.getItem(localeStorageKey);
  } catch {
    return null;
  }
}

/** The language this browser should start in (outside a browser: English). */
export function initialLocale(): Locale {
  if (typeof window === "undefined") return defaultLocale;
  const locale = chooseLocale({
    query: new URLSearchParams(window.location.search).get(localeCookie),
    cookie: readCookie(document.cookie, localeCookie),
    stored: storedChoice(),
    languages: navigator.languages,
  });
  // A choice carried in by a link is kept, like one made with the switcher.
  if (localeOf(new URLSearchParams(window.location.search).get(localeCookie))) {
    rememberLocale(locale);
  }
  return locale;
}

/** Keeps the choice for this browser and for the practice site (the `lang` cookie). */
export function rememberLocale(locale: Locale): void {
  if (typeof window === "undefined") return;
  try {
    window.localStorage.setItem(localeStorageKey, locale);
  } catch {
    // Private mode: the cookie still carries it.
  }
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${localeCookie}=${locale}; Path=/; Max-Age=${oneYear}; SameSite=Lax${secure}`;
}
