// The languages Caredesk ships. Adding one is a new file next to en.ts
// (`export const ar = { … } satisfies PartialCatalog`) and one entry here with its direction.
import type { Message } from "../types";
import { ar } from "./ar";
import { en } from "./en";

export type MessageKey = keyof typeof en;
/** English is the source of truth: it has every key. */
export type Catalog = Record<MessageKey, Message>;
/**
 * Another language: a key it leaves out is written in English (staff-only screens). What a
 * patient sees must be translated — apps/web/src/i18n-arabic.test.ts holds Arabic to that.
 */
export type PartialCatalog = Partial<Catalog>;

export interface LocaleDefinition {
  /** BCP 47 tag, written to <html lang>. */
  tag: string;
  dir: "ltr" | "rtl";
  /** The language's own name, as the switcher offers it ("العربية"). */
  name: string;
  messages: PartialCatalog;
}

export const locales = {
  en: { tag: "en", dir: "ltr", name: "English", messages: en satisfies Catalog },
  ar: { tag: "ar", dir: "rtl", name: "العربية", messages: ar },
} as const satisfies Record<string, LocaleDefinition>;

export type Locale = keyof typeof locales;
export const defaultLocale: Locale = "en";

export function isLocale(value: string): value is Locale {
  return Object.hasOwn(locales, value);
}
