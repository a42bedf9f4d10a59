// A hospital's site with the ambulance feature shows the request form (an island that posts to
// the public procedure) with the phone as its fallback, in English and Arabic; without the
// feature there is no form and no trace of it.
import { describe, expect, it } from "vitest";
import { messagesFor, renderSitePage } from "../src";
import type { AmbulanceIslandProps } from "../src/islands/props";
import { siteData } from "./fixture";

const options = {
  origin: "https://caredesk.test",
  appOrigin: "https://app.caredesk.test",
  assets: { scripts: ["/site-assets/main.js"], preload: [] },
};

function ambulanceProps(html: string): AmbulanceIslandProps {
  const match = /data-island="ambulance" data-props="([^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error("no ambulance island");
  const json = match[1]
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  return JSON.parse(json) as AmbulanceIslandProps;
}

describe("the ambulance section", () => {
  it("offers the request form with the practice's phone when the hospital has the feature", () => {
    const data = siteData({ showAmbulance: true });
    const html = renderSitePage(data, { kind: "home" }, { ...options, lang: "en" });

    expect(html).toContain('id="ambulance"');
    expect(html).toContain("Request an ambulance");
    expect(html).toContain('<script type="module" src="/site-assets/main.js"></script>');
    const props = ambulanceProps(html);
    expect(props).toMatchObject({ slug: data.org.slug, lang: "en", phone: data.site.phone });
    expect(props.messages).toEqual(messagesFor("en").ambulance);
    // Without JavaScript, the phone is the way to ask.
    expect(html).toContain(`href="tel:`);
  });

  it("speaks Arabic on the Arabic page", () => {
    const html = renderSitePage(
      siteData({ showAmbulance: true }),
      { kind: "home" },
      { ...options, lang: "ar" },
    );
    expect(html).toContain("طلب سيارة إسعاف");
    expect(ambulanceProps(html).messages).toEqual(messagesFor("ar").ambulance);
  });

  it("is absent without the feature", () => {
    const html = renderSitePage(siteData(), { kind: "home" }, { ...options, lang: "en" });
    expect(html).not.toContain('data-island="ambulance"');
    expect(html).not.toContain('id="ambulance"');
  });

  it("has every English word in Arabic", () => {
    expect(Object.keys(messagesFor("ar").ambulance).sort()).toEqual(
      Object.keys(messagesFor("en").ambulance).sort(),
    );
  });
});
