// The shape of a language's messages: English is the source of truth, other languages a part.
import type { Message } from "../types";
import type { en } from "./en";

export type MessageKey = keyof typeof en;
/** English is the source of truth: it has every key. */
export type Catalog = Record<MessageKey, Message>;
/**
 * Another language: a key it leaves out is written in English (staff-only screens). What a
 * patient sees must be translated — apps/web/src/i18n-arabic.test.ts holds Arabic to that.
 */
export type PartialCatalog = Partial<Catalog>;
