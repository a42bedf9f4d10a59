// The languages Caredesk ships. Adding one is a new file next to en.ts
// (`export const ar = { … } satisfies PartialCatalog`) and one entry here with its direction.
import { ar } from "./ar";
import type { Catalog, PartialCatalog } from "./catalog";
import { en } from "./en";

export type { Catalog, MessageKey, PartialCatalog } from "./catalog";

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
