// The one translation layer for every app: a typed catalog, `t(key, params)`, locale-aware
// formatting, and <html lang dir> kept in step with the chosen language.
import { createContext, useContext, useEffect, useMemo, type ReactNode } from "react";
import { defaultLocale, locales, type Locale, type MessageKey } from "./locales";

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export interface I18n {
  locale: Locale;
  /**
   * The BCP 47 tag dates, times, numbers and money are written with: a practice's own locale
   * inside <FormatLocale> (an Egyptian practice writes ar-EG dates), else the language's.
   */
  tag: string;
  /** The language of the messages, written to <html lang>. */
  lang: string;
  dir: "ltr" | "rtl";
  t: Translate;
  formatDate: (value: Date) => string;
  formatDateTime: (value: Date) => string;
  formatNumber: (value: number) => string;
}

function interpolate(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** `tag` when this runtime can format with it, else null. */
function formattingTag(tag: string | null | undefined): string | null {
  if (!tag) return null;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag])[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * Builds the i18n helpers for a locale; usable outside React (e.g. in route loaders).
 * `formats` is the BCP 47 tag to write dates and numbers with (default: the language's).
 */
export function createI18n(locale: Locale = defaultLocale, formats?: string | null): I18n {
  const definition = locales[locale];
  const tag = formattingTag(formats) ?? definition.tag;
  const plurals = new Intl.PluralRules(definition.tag);
  const date = new Intl.DateTimeFormat(tag, { dateStyle: "medium" });
  const dateTime = new Intl.DateTimeFormat(tag, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  const number = new Intl.NumberFormat(tag);
  const messages = definition.messages;
  const t: Translate = (key, params) => {
    const message = messages[key];
    if (typeof message === "string") return interpolate(message, params);
    const count = Number(params?.count ?? 0);
    const form = message[plurals.select(count)] ?? message.other;
    return interpolate(form, { ...params, count: number.format(count) });
  };
  return {
    locale,
    tag,
    lang: definition.tag,
    dir: definition.dir,
    t,
    formatDate: (value) => date.format(value),
    formatDateTime: (value) => dateTime.format(value),
    formatNumber: (value) => number.format(value),
  };
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({
  locale = defaultLocale,
  children,
}: {
  locale?: Locale;
  children: ReactNode;
}) {
  const value = useMemo(() => createI18n(locale), [locale]);
  useEffect(() => {
    document.documentElement.lang = value.lang;
    document.documentElement.dir = value.dir;
  }, [value]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/**
 * Writes dates, times, numbers and money inside it with `tag` (a practice's locale), keeping
 * the language of the messages; an unknown or missing tag keeps the language's formats.
 */
export function FormatLocale({
  tag,
  children,
}: {
  tag: string | null | undefined;
  children: ReactNode;
}) {
  const parent = useI18n();
  const value = useMemo(() => createI18n(parent.locale, tag), [parent.locale, tag]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside <I18nProvider>");
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}
