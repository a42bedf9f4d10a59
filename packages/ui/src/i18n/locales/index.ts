// The languages Caredesk ships. Adding one is a new file next to en.ts
// (`export const ar = { … } satisfies Catalog`) and one entry here with its direction.
import type { Message } from "../types";
import { en } from "./en";

export type MessageKey = keyof typeof en;
/** Every language must translate every key the English catalog has. */
export type Catalog = Record<MessageKey, Message>;

export interface LocaleDefinition {
  /** BCP 47 tag, written to <html lang>. */
  tag: string;
  dir: "ltr" | "rtl";
  messages: Catalog;
}

export const locales = {
  en: { tag: "en", dir: "ltr", messages: en },
} as const satisfies Record<string, LocaleDefinition>;

export type Locale = keyof typeof locales;
export const defaultLocale: Locale = "en";

export function isLocale(value: string): value is Locale {
  return Object.hasOwn(locales, value);
}
