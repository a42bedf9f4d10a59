// The practice's questions and answers on its home page, and the assistant's chat: present on
// every page of a live site with the feature (never in the owner's preview, nothing without the
// feature), its words in English and Arabic, the addresses its answers link to on this site,
// and the booking links with a time it offers.
import { describe, expect, it } from "vitest";
import { renderSitePage } from "../src";
import {
  assistantStorageKey,
  bookingHashOf,
  parseStoredConversation,
  piecesShown,
  revealPieces,
  siteHref,
  telHref,
} from "../src/islands/assistant-links";
import {
  assistantMessagesAr,
  assistantMessagesEn,
  assistantTranslator,
} from "../src/islands/assistant-messages";
import { assistantCss } from "../src/islands/assistant";
import { bookingHref, parseBookingHash, type AssistantIslandProps } from "../src/islands/props";
import { siteData } from "./fixture";

const options = {
  origin: "https://caredesk.test",
  appOrigin: "https://app.caredesk.test",
  assets: { scripts: ["/site-assets/main.js"], preload: [] },
};

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

function assistantProps(html: string): AssistantIslandProps {
  const match = /data-island="assistant" data-props="([^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error("no assistant island");
  return JSON.parse(unescape(match[1])) as AssistantIslandProps;
}

const faqs = [
  {
    id: "00000000-0000-4000-8000-000000000f01",
    question: "Is there parking?",
    answer: "Yes, behind the building.\nFree for patients.",
  },
  {
    id: "00000000-0000-4000-8000-000000000f02",
    question: "Do you take <b>insurance</b>?",
    answer: "Most plans </p><script>alert(1)</script>",
  },
];

describe("the questions and answers", () => {
  it("are a section of the home page, each folded under its own anchor, in order", () => {
    const html = renderSitePage(siteData({ faqs }), { kind: "home" }, { ...options, lang: "en" });
    expect(html).toContain('<section id="faq" aria-labelledby="faq-title">');
    expect(html).toContain('<h2 id="faq-title">Questions and answers</h2>');
    const first = html.indexOf(`<details id="faq-${faqs[0]?.id}"`);
    const second = html.indexOf(`<details id="faq-${faqs[1]?.id}"`);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(html).toMatch(/<summary[^>]*>Is there parking\?<\/summary>/);
    // The answer keeps its line breaks as text.
    expect(html).toContain("Yes, behind the building.\nFree for patients.");
    expect(html).toMatch(/<p[^>]*white-space:pre-line[^>]*>Yes, behind/);
  });

  it("are text, never markup", () => {
    const html = renderSitePage(siteData({ faqs }), { kind: "home" }, { ...options, lang: "en" });
    expect(html).not.toContain("<b>insurance</b>");
    expect(html).toContain("Do you take &lt;b&gt;insurance&lt;/b&gt;?");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("Most plans &lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("are titled in Arabic on the Arabic page", () => {
    const html = renderSitePage(siteData({ faqs }), { kind: "home" }, { ...options, lang: "ar" });
    expect(html).toContain('<h2 id="faq-title">أسئلة وأجوبة</h2>');
  });

  it("are not shown when the practice has none", () => {
    for (const data of [siteData(), siteData({ faqs: [] })]) {
      const html = renderSitePage(data, { kind: "home" }, { ...options, lang: "en" });
      expect(html).not.toContain('id="faq"');
      expect(html).not.toContain("Questions and answers");
    }
  });

  it("sit beside the sections the assistant cites, each under a stable id", () => {
    const html = renderSitePage(siteData({ faqs }), { kind: "home" }, { ...options, lang: "en" });
    for (const id of ["hours", "contact", "services", "doctors", "departments", "faq"]) {
      expect(html).toContain(`<section id="${id}"`);
    }
  });
});

describe("the assistant's chat", () => {
  it("is on every page of a site with the feature, with the site's address and phone", () => {
    const data = siteData({ showAssistant: true });
    const doctor = data.doctors[0];
    if (!doctor) throw new Error("the fixture has a doctor");
    for (const page of [
      { kind: "home" as const },
      { kind: "doctor" as const, doctorId: doctor.id },
    ]) {
      const html = renderSitePage(data, page, { ...options, lang: "en" });
      expect(assistantProps(html)).toEqual({
        slug: data.org.slug,
        lang: "en",
        basePath: "/p/demo-hospital",
        practiceName: data.org.name,
        phone: data.site.phone,
        appOrigin: "https://app.caredesk.test",
      });
      expect(html).toContain('<script type="module" src="/site-assets/main.js"></script>');
    }
  });

  it("loads the islands' scripts for it even when nothing else on the page needs them", () => {
    const data = siteData({ showAssistant: true, services: [], nextAvailable: null });
    const html = renderSitePage(data, { kind: "home" }, { ...options, lang: "en" });
    expect(html).toContain('data-island="assistant"');
    expect(html).toContain('<script type="module" src="/site-assets/main.js"></script>');
  });

  it("links to the site's root on the practice's own domain", () => {
    const html = renderSitePage(
      siteData({ showAssistant: true }),
      { kind: "home" },
      { ...options, lang: "en", onCustomDomain: true },
    );
    expect(assistantProps(html).basePath).toBe("");
  });

  it("speaks Arabic, right to left, on the Arabic page", () => {
    const html = renderSitePage(
      siteData({ showAssistant: true }),
      { kind: "home" },
      { ...options, lang: "ar" },
    );
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(assistantProps(html).lang).toBe("ar");
    const t = assistantTranslator("ar");
    expect(t("assistant.open", { practice: "مستشفى النيل" })).toBe("اسأل مستشفى النيل");
  });

  it("is absent without the feature", () => {
    for (const data of [siteData(), siteData({ showAssistant: false })]) {
      const html = renderSitePage(data, { kind: "home" }, { ...options, lang: "en" });
      expect(html).not.toContain('data-island="assistant"');
    }
  });

  it("is absent from the owner's preview", () => {
    const html = renderSitePage(
      siteData({ showAssistant: true }),
      { kind: "home" },
      { ...options, lang: "en", preview: true },
    );
    expect(html).not.toContain('data-island="assistant"');
  });

  it("has every English word in Arabic, and the greeting the visitor sees first", () => {
    expect(Object.keys(assistantMessagesAr).sort()).toEqual(
      Object.keys(assistantMessagesEn).sort(),
    );
    expect(assistantTranslator("en")("assistant.greeting")).toBe(
      "Hi! Ask me about opening hours, doctors, prices or a free time.",
    );
    expect(assistantTranslator("en")("assistant.open", { practice: "Nile Clinic" })).toBe(
      "Ask Nile Clinic",
    );
  });

  it("is styled with logical properties only, so it sits bottom-left on Arabic pages", () => {
    expect(assistantCss).not.toMatch(
      /(margin|padding|border)-(left|right)|text-align:(left|right)|[{;](left|right|top|bottom):/,
    );
    expect(assistantCss).toContain("inset-inline-end:1rem");
    expect(assistantCss).toMatch(/@media \(max-width:480px\)\{\.cd-assistant-panel\{inset:0/);
  });
});

describe("the conversation kept in the browser", () => {
  it("is stored under the practice's own key as {conversationId, token}", () => {
    expect(assistantStorageKey("nile")).toBe("caredesk.assistant.nile");
    expect(parseStoredConversation('{"conversationId":"c1","token":"t1"}')).toEqual({
      conversationId: "c1",
      token: "t1",
    });
  });

  it("is forgotten when malformed", () => {
    for (const raw of [null, "", "nope", "[]", '{"conversationId":"c1"}', '{"token":1}']) {
      expect(parseStoredConversation(raw)).toBeNull();
    }
  });
});

describe("the addresses an answer links to", () => {
  it("keep /p/<slug> on Caredesk and drop it on the practice's own domain", () => {
    expect(siteHref("/p/nile#hours", "nile", "/p/nile")).toBe("/p/nile#hours");
    expect(siteHref("/p/nile#hours", "nile", "")).toBe("/#hours");
    expect(siteHref("/p/nile/doctors/d1", "nile", "")).toBe("/doctors/d1");
    expect(siteHref("/p/nile", "nile", "")).toBe("/");
    expect(siteHref("/p/nile-2#hours", "nile", "")).toBe("/p/nile-2#hours");
  });

  it("lead to the portal on the web app's origin, and keep mail addresses", () => {
    expect(siteHref("/portal", "nile", "", "https://app.caredesk.test")).toBe(
      "https://app.caredesk.test/portal",
    );
    expect(siteHref("/portal/book?org=nile", "nile", "/p/nile", "https://app.caredesk.test/")).toBe(
      "https://app.caredesk.test/portal/book?org=nile",
    );
    expect(siteHref("mailto:desk@nile.example", "nile", "")).toBe("mailto:desk@nile.example");
  });

  it("are no link when they are not a web address", () => {
    expect(siteHref("javascript:alert(1)", "nile", "")).toBeNull();
    expect(siteHref("//evil.example/x", "nile", "")).toBeNull();
    expect(siteHref("https://maps.example/x", "nile", "")).toBe("https://maps.example/x");
    expect(telHref("tel:+20 2 1234")).toBe("tel:+2021234");
    expect(telHref("javascript:alert(1)")).toBeNull();
  });

  it("open the booking widget with a free time through its #book part", () => {
    const start = new Date("2026-12-08T08:30:00Z");
    const hash = bookingHref("svc-1", "res-2", start);
    expect(hash).toBe("#book?service=svc-1&doctor=res-2&start=2026-12-08T08%3A30%3A00.000Z");
    expect(bookingHashOf(`/p/nile${hash}`)).toBe(hash);
    expect(bookingHashOf("/p/nile#hours")).toBeNull();
    expect(parseBookingHash(hash)).toEqual({ serviceId: "svc-1", doctor: "res-2", start });
  });

  it("ignore a start that is not an instant, keeping the rest", () => {
    expect(parseBookingHash("#book?service=svc-1&start=soon")).toEqual({ serviceId: "svc-1" });
  });
});

describe("an answer revealed word by word", () => {
  it("shows every piece by the last step and is the same text joined", () => {
    const text = "Open 9:00–17:00.\nClosed Friday.";
    const pieces = revealPieces(text);
    expect(pieces.join("")).toBe(text);
    expect(piecesShown(pieces.length, 0, 16)).toBe(0);
    expect(piecesShown(pieces.length, 8, 16)).toBeLessThan(pieces.length);
    expect(piecesShown(pieces.length, 16, 16)).toBe(pieces.length);
  });
});
