// The booking island's pure parts: the "#book?service=…" links the page uses, its words in the
// page's language with the island's own as fallback, prices and days on the practice's clock,
// and the built assets a page names.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { siteAssets, siteAssetsDir } from "../src";
import { islandMessagesAr, islandMessagesEn, translator } from "../src/islands/messages";
import { bookingHref, parseBookingHash } from "../src/islands/props";
import { islandCss } from "../src/islands/styles";
import { addDays, formatMoney, localDate } from "../src/islands/time";

describe("booking links", () => {
  it("round-trip a service and a doctor through the address", () => {
    const href = bookingHref("svc-1", "res 2");
    expect(href).toBe("#book?service=svc-1&doctor=res+2");
    expect(parseBookingHash(href)).toEqual({ serviceId: "svc-1", doctor: "res 2" });
    expect(parseBookingHash("#book")).toEqual({ serviceId: undefined, doctor: undefined });
    expect(bookingHref()).toBe("#book");
  });

  it("ignore every other address", () => {
    expect(parseBookingHash("")).toBeNull();
    expect(parseBookingHash("#doctors")).toBeNull();
    expect(parseBookingHash("#booking?service=x")).toBeNull();
  });
});

describe("island words", () => {
  it("has every English key in Arabic", () => {
    expect(Object.keys(islandMessagesAr).sort()).toEqual(Object.keys(islandMessagesEn).sort());
  });

  it("prefers the page's strings, falls back to the island's own, fills placeholders", () => {
    const t = translator("ar", { "book.service": "الخدمة المطلوبة" });
    expect(t("book.service")).toBe("الخدمة المطلوبة");
    expect(t("book.free", { count: 3 })).toBe("3 متاح");
    expect(translator("en", undefined)("book.alternative", { time: "9:00 AM" })).toBe(
      "Book 9:00 AM instead",
    );
  });
});

describe("prices and days", () => {
  it("writes minor units in the currency's own decimals", () => {
    expect(formatMoney(4500, "GBP", "en-GB")).toBe("£45.00");
    expect(formatMoney(4500, "JPY", "en-GB")).toBe("JP¥4,500");
  });

  it("puts an instant on the practice's calendar day", () => {
    const lateUtc = new Date("2026-03-01T23:30:00Z");
    expect(localDate(lateUtc, "Europe/London")).toBe("2026-03-01");
    expect(localDate(lateUtc, "Asia/Dubai")).toBe("2026-03-02");
    expect(addDays("2026-02-27", 3)).toBe("2026-03-02");
  });
});

describe("styles", () => {
  it("use logical properties only, so Arabic pages mirror", () => {
    expect(islandCss).not.toMatch(/(margin|padding|border)-(left|right)|text-align:(left|right)/);
  });
});

describe("built assets", () => {
  it("name the hashed entry under /site-assets/ when the islands are built", () => {
    const assets = siteAssets();
    if (!existsSync(resolve(siteAssetsDir, ".vite/manifest.json"))) {
      expect(assets).toEqual({ scripts: [], preload: [] });
      return;
    }
    expect(assets.scripts).toHaveLength(1);
    const script = assets.scripts[0] ?? "";
    expect(script).toMatch(/^\/site-assets\/assets\/main-[\w-]+\.js$/);
    expect(existsSync(resolve(siteAssetsDir, script.slice("/site-assets/".length)))).toBe(true);
  });
});
