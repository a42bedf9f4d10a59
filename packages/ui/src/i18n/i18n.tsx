// The one translation layer for every app: a typed catalog, `t(key, params)`, locale-aware
// formatting, and <html lang dir> kept in step with the chosen language.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import { rememberLocale } from "./choice";
import { defaultLocale, locales, type Locale, type MessageKey } from "./locales";
import type { Message } from "./types";

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export interface I18n {
  locale: Locale;
  /**
   * The BCP 47 tag dates, times, numbers and money are written with: a practice's own locale
   * inside <FormatLocale> (an Egyptian practice writes ar-EG dates), else the language's —
   * see formatTag for how the language and the practice's tag combine.
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
 * The tag dates, times, numbers and money are written with, for messages in `locale` at a
 * practice whose own tag is `practice`:
 * - English messages: the practice's tag as it is (an Egyptian practice's staff read ar-EG
 *   dates, as they always have);
 * - Arabic messages at an Arabic-speaking practice (ar-EG, ar-AE): its tag, so the digits are
 *   the ones that practice prints (٠١٢ in Egypt, 012 in the Emirates), always on the
 *   Gregorian calendar, the one appointments, invoices and reminders are dated in;
 * - Arabic messages anywhere else (en-GB, or no practice): Arabic words with Latin digits,
 *   the digits of that practice's phone numbers, receipts and reminders.
 */
export function formatTag(locale: Locale, practice?: string | null): string {
  const supported = formattingTag(practice);
  if (locale === "en") return supported ?? locales.en.tag;
  if (supported && new Intl.Locale(supported).language === locale) {
    return new Intl.Locale(supported, { calendar: "gregory" }).toString();
  }
  return new Intl.Locale(locales[locale].tag, {
    calendar: "gregory",
    numberingSystem: "latn",
  }).toString();
}

/**
 * Builds the i18n helpers for a locale; usable outside React (e.g. in route loaders).
 * `formats` is a practice's BCP 47 tag (see formatTag). A key the language has not
 * translated is written in English.
 */
export function createI18n(locale: Locale = defaultLocale, formats?: string | null): I18n {
  const definition = locales[locale];
  const tag = formatTag(locale, formats);
  const plurals = new Intl.PluralRules(definition.tag);
  const englishPlurals = new Intl.PluralRules(locales.en.tag);
  const date = new Intl.DateTimeFormat(tag, { dateStyle: "medium" });
  const dateTime = new Intl.DateTimeFormat(tag, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  const number = new Intl.NumberFormat(tag);
  const messages: Partial<Record<MessageKey, Message>> = definition.messages;
  const english: Record<MessageKey, Message> = locales.en.messages;
  const t: Translate = (key, params) => {
    const own = messages[key];
    const message = own ?? english[key];
    if (typeof message === "string") return interpolate(message, params);
    const count = Number(params?.count ?? 0);
    const rules = own === undefined ? englishPlurals : plurals;
    const form = message[rules.select(count)] ?? message.other;
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

export interface LocaleChoice {
  /** The language the person picked (the screen may still be English, see `fixed`). */
  chosen: Locale;
  /** Switches the language and remembers it (localStorage and the `lang` cookie). */
  choose: (locale: Locale) => void;
  /** True where the screen stays in one language whatever was picked (the staff workspace). */
  fixed: boolean;
}

const LocaleChoiceContext = createContext<LocaleChoice | null>(null);

/**
 * The app's language. `locale` is where it starts (initialLocale()); the switcher changes it.
 * `fixed` writes this subtree in one language whatever was picked — the staff workspace is
 * English and left-to-right until it is translated.
 */
export function I18nProvider({
  locale = defaultLocale,
  fixed,
  children,
}: {
  locale?: Locale;
  fixed?: Locale | null;
  children: ReactNode;
}) {
  const [chosen, setChosen] = useState<Locale>(locale);
  const shown = fixed ?? chosen;
  const value = useMemo(() => createI18n(shown), [shown]);
  const choose = useCallback((next: Locale) => {
    rememberLocale(next);
    setChosen(next);
  }, []);
  const choice = useMemo(
    () => ({ chosen, choose, fixed: Boolean(fixed) }),
    [chosen, choose, fixed],
  );
  useEffect(() => {
    document.documentElement.lang = value.lang;
    document.documentElement.dir = value.dir;
  }, [value]);
  return (
    <LocaleChoiceContext.Provider value={choice}>
      <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
    </LocaleChoiceContext.Provider>
  );
}

export function useLocaleChoice(): LocaleChoice {
  const value = useContext(LocaleChoiceContext);
  if (!value) throw new Error("useLocaleChoice must be used inside <I18nProvider>");
  return value;
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
