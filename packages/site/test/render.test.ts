// The renderer: JSON-LD a search engine reads, opening hours as a visitor reads them, prices,
// Arabic pages, and text that must not break out of the page.
import { describe, expect, it } from "vitest";
import {
  formatPrice,
  formatTag,
  formatWeek,
  messagesFor,
  openingHoursSpecification,
  practiceJsonLd,
  renderNotFoundPage,
  renderSitePage,
  serializeJsonLd,
} from "../src";
import { siteData } from "./fixture";

const options = { origin: "https://caredesk.test", appOrigin: "https://app.caredesk.test" };
const urls = {
  canonicalRoot: "https://caredesk.test/p/demo-hospital",
  origin: "https://caredesk.test",
};

function jsonLdOf(html: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html);
  if (!match?.[1]) throw new Error("no JSON-LD");
  return JSON.parse(match[1]) as Record<string, unknown>;
}

describe("opening hours", () => {
  it("lists every weekday from Monday with split shifts and closed days", () => {
    const week = formatWeek(siteData().site.hours, "en-GB", messagesFor("en"));
    expect(week.map((d) => d.name)).toEqual([
      "Monday",
      "Tuesday",
      "Wednesday",
      "Thursday",
      "Friday",
      "Saturday",
      "Sunday",
    ]);
    expect(week[0]?.shifts).toEqual(["9:00 – 13:00", "16:00 – 20:00"]);
    expect(week[4]).toMatchObject({ closed: true, shifts: ["Closed"] });
  });

  it("is written in Arabic for an Arabic page", () => {
    const week = formatWeek(siteData().site.hours, "ar-EG", messagesFor("ar"));
    expect(week[0]?.name).toBe("الاثنين");
    expect(week[6]?.shifts).toEqual(["مغلق"]);
  });

  it("becomes one OpeningHoursSpecification per shift per weekday", () => {
    const spec = openingHoursSpecification(siteData().site.hours);
    expect(spec).toHaveLength(6);
    expect(spec[0]).toEqual({
      "@type": "OpeningHoursSpecification",
      dayOfWeek: "https://schema.org/Monday",
      opens: "09:00",
      closes: "13:00",
    });
    expect(spec[1]).toMatchObject({ dayOfWeek: "https://schema.org/Monday", opens: "16:00" });
    expect(spec.at(-1)).toMatchObject({ dayOfWeek: "https://schema.org/Saturday" });
  });
});

describe("prices", () => {
  it("says Free for nothing to pay, never a zero amount", () => {
    expect(formatPrice(0, "GBP", "en-GB", messagesFor("en"))).toBe("Free");
    expect(formatPrice(0, "EGP", "ar-EG", messagesFor("ar"))).toBe("مجانًا");
    expect(formatPrice(2550, "GBP", "en-GB", messagesFor("en"))).toBe("£25.50");
    // Currencies without minor units are not divided by 100.
    expect(formatPrice(5000, "JPY", "en-US", messagesFor("en"))).toBe("¥5,000");
  });

  it("uses the practice's country for Arabic", () => {
    expect(formatTag("ar", { locale: "en-US", country: "EG" })).toBe("ar-EG");
    expect(formatTag("ar", { locale: "en-GB", country: null })).toBe("ar");
    expect(formatTag("en", { locale: "en-GB", country: "GB" })).toBe("en-GB");
  });
});

describe("JSON-LD", () => {
  it("describes the practice by its kind with address, geo, hours, rating and doctors", () => {
    const ld = practiceJsonLd(siteData(), urls);
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Hospital",
      name: "Nile Valley General Hospital",
      url: urls.canonicalRoot,
      telephone: "+20 2 1234 5678",
      address: {
        "@type": "PostalAddress",
        streetAddress: "12 Corniche Street",
        addressLocality: "Cairo",
        postalCode: "11511",
        addressCountry: "EG",
      },
      geo: { "@type": "GeoCoordinates", latitude: 30.0444, longitude: 31.2357 },
      aggregateRating: { "@type": "AggregateRating", ratingValue: 4.5, reviewCount: 2 },
    });
    expect(ld.logo).toBe(
      "https://caredesk.test/p/demo-hospital/img/00000000-0000-4000-8000-0000000000aa?w=640",
    );
    expect(ld.employee).toEqual([
      expect.objectContaining({
        "@type": "Physician",
        name: "Dr Amira Hassan",
        medicalSpecialty: "Cardiology",
        url: `${urls.canonicalRoot}/doctors/00000000-0000-4000-8000-0000000000b1`,
      }),
    ]);
  });

  it.each([
    ["clinic", "MedicalClinic"],
    ["dental", "Dentist"],
    ["pharmacy", "Pharmacy"],
  ] as const)("types a %s as %s", (kind, type) => {
    const data = siteData();
    expect(practiceJsonLd({ ...data, org: { ...data.org, kind } }, urls)["@type"]).toBe(type);
  });

  it("has no aggregateRating without published reviews or with reviews off", () => {
    const none = siteData({ rating: { average: null, count: 0 } });
    expect(practiceJsonLd(none, urls)).not.toHaveProperty("aggregateRating");
    const off = siteData({ showReviews: false, rating: null });
    expect(practiceJsonLd(off, urls)).not.toHaveProperty("aggregateRating");
  });

  it("cannot be closed by text in it", () => {
    const text = serializeJsonLd({ name: "</script><script>alert(1)</script>" });
    expect(text).not.toContain("<");
    expect(JSON.parse(text)).toEqual({ name: "</script><script>alert(1)</script>" });
  });
});

describe("pages", () => {
  it("renders a home page a visitor and a crawler can read without JavaScript", () => {
    const html = renderSitePage(siteData(), { kind: "home" }, { ...options, lang: "en" });
    expect(html.startsWith('<!doctype html><html lang="en" dir="ltr">')).toBe(true);
    expect(html).toContain("<title>Nile Valley General Hospital</title>");
    expect(html).toContain('<link rel="canonical" href="https://caredesk.test/p/demo-hospital">');
    expect(html).toContain('hreflang="ar" href="https://caredesk.test/p/demo-hospital?lang=ar"');
    expect(html).toContain('<a class="cta" href="#book">Book an appointment</a>');
    expect(html).toContain("16:00");
    expect(html).toContain(">Free<");
    expect(html).toContain('data-island="booking"');
    expect(html).toContain("https://www.openstreetmap.org/export/embed.html?bbox=");
    // A profile's link that is not a web address is not a link.
    expect(html).not.toContain("javascript:");
    expect(jsonLdOf(html)["@type"]).toBe("Hospital");
  });

  it("loads the island's scripts only when given them", () => {
    const assets = { scripts: ["/site-assets/main-abc.js"], preload: ["/site-assets/chunk.js"] };
    const html = renderSitePage(siteData(), { kind: "home" }, { ...options, lang: "en", assets });
    expect(html).toContain('<script type="module" src="/site-assets/main-abc.js"></script>');
    expect(html).toContain('<link rel="modulepreload" href="/site-assets/chunk.js">');
    const plain = renderSitePage(siteData(), { kind: "home" }, { ...options, lang: "en" });
    expect(plain).not.toContain('type="module"');
  });

  it("renders Arabic right to left", () => {
    const html = renderSitePage(siteData(), { kind: "home" }, { ...options, lang: "ar" });
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain("مواعيد العمل");
    expect(html).toContain('href="?lang=en"');
  });

  it("renders a doctor's page with its Physician JSON-LD and escapes the doctor's text", () => {
    const data = siteData();
    const doctor = data.doctors[0];
    if (!doctor) throw new Error("the fixture has a doctor");
    const html = renderSitePage(
      data,
      { kind: "doctor", doctorId: doctor.id },
      {
        ...options,
        lang: "en",
      },
    );
    expect(html).toContain('<h1 id="doctor-name">Dr Amira Hassan</h1>');
    expect(html).toContain("Board certification in cardiology");
    expect(html).not.toContain("<script>alert(1)</script>");
    const ld = jsonLdOf(html);
    expect(ld).toMatchObject({
      "@type": "Physician",
      aggregateRating: { ratingValue: 4.5, reviewCount: 2 },
    });
    expect(html).toContain(
      `&quot;preselect&quot;:{&quot;practitionerResourceId&quot;:&quot;${doctor.resourceId}&quot;}`,
    );
  });

  it("has a plain not-found page", () => {
    const html = renderNotFoundPage({ lang: "en", appOrigin: "https://app.caredesk.test" });
    expect(html).toContain("Page not found");
    expect(html).toContain('name="robots" content="noindex"');
  });
});
