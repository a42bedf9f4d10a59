// The one translation layer for every app: a typed catalog, `t(key, params)`, locale-aware
// formatting, and <html lang dir> kept in step with the chosen language.
import { createContext, useContext, useEffect, useMemo, type ReactNode } from "react";
import { defaultLocale, locales, type Locale, type MessageKey } from "./locales";

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export interface I18n {
  locale: Locale;
  tag: string;
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

/** Builds the i18n helpers for a locale; usable outside React (e.g. in route loaders). */
export function createI18n(locale: Locale = defaultLocale): I18n {
  const definition = locales[locale];
  const plurals = new Intl.PluralRules(definition.tag);
  const date = new Intl.DateTimeFormat(definition.tag, { dateStyle: "medium" });
  const dateTime = new Intl.DateTimeFormat(definition.tag, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  const number = new Intl.NumberFormat(definition.tag);
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
    tag: definition.tag,
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
    document.documentElement.lang = value.tag;
    document.documentElement.dir = value.dir;
  }, [value]);
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
