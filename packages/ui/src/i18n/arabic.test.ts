// The Arabic language: plural forms, English for what is not translated, which language a
// visitor starts in, and how dates and numbers are written for each practice.
import { describe, expect, it } from "vitest";
import { chooseLocale, localeOf, readCookie } from "./choice";
import { createI18n, formatTag } from "./i18n";
import { locales, type MessageKey } from "./locales";
import { ar } from "./locales/ar";
import { en } from "./locales/en";

const arabic: Partial<Record<MessageKey, unknown>> = ar;

describe("Arabic plurals", () => {
  const { t } = createI18n("ar");

  it("picks zero, one, two, few, many and other as Intl.PluralRules('ar') does", () => {
    expect(t("duration.minutes", { count: 1 })).toBe("دقيقة واحدة");
    expect(t("duration.minutes", { count: 2 })).toBe("دقيقتان");
    expect(t("duration.minutes", { count: 3 })).toBe("3 دقائق");
    expect(t("duration.minutes", { count: 10 })).toBe("10 دقائق");
    expect(t("duration.minutes", { count: 11 })).toBe("11 دقيقة");
    expect(t("duration.minutes", { count: 100 })).toBe("100 دقيقة");
    expect(t("portalBook.free", { count: 0 })).toBe("لا مواعيد متاحة");
    expect(t("duration.days", { count: 15 })).toBe("15 يومًا");
  });

  it("writes the count with the practice's digits (ar-EG: Arabic-Indic)", () => {
    const egypt = createI18n("ar", "ar-EG");
    expect(egypt.t("duration.days", { count: 5 })).toBe("٥ أيام");
    expect(egypt.t("ui.showing", { count: 25 })).toBe("عرض ٢٥ نتيجة");
  });

  it("every plural message of the Arabic catalogue has all six forms", () => {
    for (const [key, message] of Object.entries(ar)) {
      if (typeof message === "string") continue;
      expect(Object.keys(message).sort(), key).toEqual(
        ["few", "many", "one", "other", "two", "zero"].sort(),
      );
    }
  });
});

describe("keys Arabic leaves out", () => {
  it("are written in English (staff-only screens)", () => {
    const staffKey = (Object.keys(en) as MessageKey[]).find(
      (key) =>
        typeof en[key] === "string" && !(key in arabic) && !/\{\w+\}/.test(en[key] as string),
    );
    expect(staffKey).toBeDefined();
    if (!staffKey) return;
    expect(createI18n("ar").t(staffKey)).toBe(en[staffKey]);
  });

  it("pick their plural form by English rules, not Arabic ones", () => {
    const staffPlural = (Object.keys(en) as MessageKey[]).find(
      (key) => typeof en[key] === "object" && !(key in arabic),
    );
    expect(staffPlural).toBeDefined();
    if (!staffPlural) return;
    const forms = en[staffPlural] as { one?: string; other: string };
    // Arabic would choose "two" for 2, which English does not have; English says "other".
    expect(createI18n("ar").t(staffPlural, { count: 2 })).toBe(
      createI18n("en").t(staffPlural, { count: 2 }),
    );
    expect(forms.other).toBeTruthy();
  });

  it("the Arabic catalogue has no key English does not have", () => {
    for (const key of Object.keys(ar)) expect(Object.hasOwn(en, key), key).toBe(true);
  });

  it("Arabic keeps every {placeholder} of the English message", () => {
    const names = (message: unknown) =>
      new Set(
        (typeof message === "string" ? [message] : Object.values(message as object))
          .join(" ")
          .match(/\{\w+\}/g) ?? [],
      );
    for (const [key, message] of Object.entries(ar)) {
      const english = names(en[key as MessageKey]);
      // "count" may be spelled out ("دقيقة واحدة"), every other placeholder must stay.
      english.delete("{count}");
      const own = names(message);
      for (const name of english) expect(own.has(name), `${key} ${name}`).toBe(true);
    }
  });
});

describe("the language a visitor starts in", () => {
  it("is ?lang= first, then the cookie, then localStorage, then the browser, then English", () => {
    expect(chooseLocale({ query: "ar", cookie: "en", stored: "en", languages: ["en"] })).toBe("ar");
    expect(chooseLocale({ cookie: "ar", stored: "en", languages: ["en-GB"] })).toBe("ar");
    expect(chooseLocale({ cookie: "en", stored: "ar", languages: ["ar"] })).toBe("en");
    expect(chooseLocale({ stored: "ar", languages: ["en-US"] })).toBe("ar");
    expect(chooseLocale({ languages: ["fr-FR", "ar-EG", "en"] })).toBe("ar");
    expect(chooseLocale({ languages: ["en-US", "ar"] })).toBe("en");
    expect(chooseLocale({ languages: ["fr", "de"] })).toBe("en");
    expect(chooseLocale({})).toBe("en");
  });

  it("ignores values Caredesk does not ship", () => {
    expect(chooseLocale({ query: "xx", cookie: "fr", stored: "", languages: ["ar-SA"] })).toBe(
      "ar",
    );
    expect(localeOf("AR_eg")).toBe("ar");
    expect(localeOf("arc")).toBeNull();
  });

  it("reads the lang cookie among others", () => {
    expect(readCookie("sid=abc; lang=ar; theme=dark", "lang")).toBe("ar");
    expect(readCookie("sid=abc", "lang")).toBeNull();
  });
});

describe("dates, times and numbers in Arabic", () => {
  const when = new Date("2026-03-05T14:30:00Z");

  it("an Egyptian practice: Arabic-Indic digits, Gregorian calendar", () => {
    expect(formatTag("ar", "ar-EG")).toBe("ar-EG-u-ca-gregory");
    const egypt = createI18n("ar", "ar-EG");
    expect(egypt.formatNumber(1234.5)).toBe("١٬٢٣٤٫٥");
    // Arabic's medium date is day/month/year, each part marked right-to-left.
    expect(egypt.formatDate(when)).toMatch(/^٠٥\u200f?\/٠٣\u200f?\/٢٠٢٦$/);
  });

  it("a Saudi practice stays on the Gregorian calendar", () => {
    const saudi = createI18n("ar", "ar-SA");
    expect(saudi.tag).toBe("ar-SA-u-ca-gregory");
    expect(saudi.formatDate(when)).toMatch(/٢٠٢٦/);
  });

  it("a British practice (en-GB) in Arabic: Arabic words, Latin digits", () => {
    const uk = createI18n("ar", "en-GB");
    expect(uk.tag).toBe("ar-u-ca-gregory-nu-latn");
    expect(uk.formatNumber(1234.5)).toBe("1,234.5");
    expect(uk.formatDate(when)).toMatch(/^05\u200f?\/03\u200f?\/2026$/);
  });

  it("no practice, or a tag the runtime cannot use: Arabic with Latin digits", () => {
    expect(createI18n("ar").tag).toBe("ar-u-ca-gregory-nu-latn");
    expect(createI18n("ar", "not a tag").tag).toBe("ar-u-ca-gregory-nu-latn");
  });

  it("English keeps the practice's own tag, as before", () => {
    expect(createI18n("en", "ar-EG").tag).toBe("ar-EG");
    expect(createI18n("en", "en-GB").tag).toBe("en-GB");
    expect(createI18n("en").tag).toBe("en");
  });

  it("Arabic is right-to-left and <html lang> is ar", () => {
    const arabicI18n = createI18n("ar", "ar-EG");
    expect(arabicI18n.dir).toBe("rtl");
    expect(arabicI18n.lang).toBe("ar");
    expect(locales.ar.name).toBe("العربية");
  });
});
