// schema.org descriptions of the practice and its doctors for search engines, as JSON-LD.
import type { PracticeKind, SiteData, SiteDoctorData, SiteProductData } from "../types";
import { schemaWeekdays } from "./format";
import { safeHttpUrl } from "./safe-url";
import { doctorPath, imagePath, productPath } from "./urls";

const typeOfKind: Record<PracticeKind, string> = {
  hospital: "Hospital",
  clinic: "MedicalClinic",
  dental: "Dentist",
  pharmacy: "Pharmacy",
};

export interface JsonLdUrls {
  /** Absolute canonical root of the site ("https://host/p/slug"). */
  canonicalRoot: string;
  /** Absolute origin the images are served from. */
  origin: string;
}

type Json = Record<string, unknown>;

const nonEmpty = (value: string | null | undefined) =>
  value !== null && value !== undefined && value.trim() !== "" ? value : undefined;

/** Drops undefined fields so the JSON has only what is known. */
function compact(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function rating(r: { average: number | null; count: number } | null) {
  return r && r.count > 0 && r.average !== null
    ? {
        "@type": "AggregateRating",
        ratingValue: r.average,
        reviewCount: r.count,
        bestRating: 5,
        worstRating: 1,
      }
    : undefined;
}

function logoUrl(data: SiteData, urls: JsonLdUrls) {
  return data.org.logoFileId
    ? urls.origin + imagePath(data.org.slug, data.org.logoFileId, 640)
    : undefined;
}

/** One OpeningHoursSpecification per shift per weekday. */
export function openingHoursSpecification(week: { start: string; end: string }[][]) {
  return week.flatMap((shifts, day) =>
    shifts.map((shift) => ({
      "@type": "OpeningHoursSpecification",
      dayOfWeek: `https://schema.org/${schemaWeekdays[day] ?? "Monday"}`,
      opens: shift.start,
      closes: shift.end === "24:00" ? "23:59" : shift.end,
    })),
  );
}

function physician(data: SiteData, doctor: SiteDoctorData, urls: JsonLdUrls): Json {
  return compact({
    "@type": "Physician",
    name: doctor.title ? `${doctor.title} ${doctor.name}` : doctor.name,
    medicalSpecialty: nonEmpty(doctor.specialization),
    image: doctor.photoFileId
      ? urls.origin + imagePath(data.org.slug, doctor.photoFileId, 640)
      : undefined,
    url: urls.canonicalRoot + doctorPath(doctor.id),
    aggregateRating: rating(doctor.rating),
  });
}

function postalAddress(data: SiteData) {
  const s = data.site;
  if (!s.addressLine && !s.city) return undefined;
  return compact({
    "@type": "PostalAddress",
    streetAddress: nonEmpty(s.addressLine),
    addressLocality: nonEmpty(s.city),
    addressRegion: nonEmpty(s.region),
    postalCode: nonEmpty(s.postalCode),
    addressCountry: nonEmpty(data.org.country),
  });
}

/** The practice, typed by its kind, with its doctors. */
export function practiceJsonLd(data: SiteData, urls: JsonLdUrls): Json {
  const s = data.site;
  const logo = logoUrl(data, urls);
  const doctors = data.doctors.map((d) => physician(data, d, urls));
  return compact({
    "@context": "https://schema.org",
    "@type": typeOfKind[data.org.kind],
    "@id": `${urls.canonicalRoot}#practice`,
    name: data.org.name,
    url: urls.canonicalRoot,
    description: nonEmpty(s.about),
    logo,
    image: logo,
    telephone: nonEmpty(s.phone),
    email: nonEmpty(s.email),
    sameAs: [s.websiteUrl, ...Object.values(s.social)]
      .map((v) => safeHttpUrl(v))
      .filter((v): v is string => v !== null),
    address: postalAddress(data),
    geo:
      s.latitude !== null && s.longitude !== null
        ? { "@type": "GeoCoordinates", latitude: s.latitude, longitude: s.longitude }
        : undefined,
    openingHoursSpecification: openingHoursSpecification(s.hours),
    currenciesAccepted: data.org.currency,
    aggregateRating: data.showReviews ? rating(data.rating) : undefined,
    department: data.departments.length
      ? data.departments.map((d) => ({ "@type": "MedicalOrganization", name: d.name }))
      : undefined,
    employee: doctors.length ? doctors : undefined,
  });
}

/** One doctor's page: a Physician working for the practice. */
export function doctorJsonLd(data: SiteData, doctor: SiteDoctorData, urls: JsonLdUrls): Json {
  return {
    "@context": "https://schema.org",
    ...physician(data, doctor, urls),
    worksFor: { "@id": `${urls.canonicalRoot}#practice`, name: data.org.name },
    address: postalAddress(data),
    telephone: nonEmpty(data.site.phone),
  };
}

/** A price in minor units as schema.org writes it: a decimal string ("12.50"). */
export function decimalPrice(priceMinor: number, currency: string): string {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
  } catch {
    // an unknown code: two decimals
  }
  const negative = priceMinor < 0;
  const abs = Math.abs(Math.trunc(priceMinor));
  if (digits === 0) return `${negative ? "-" : ""}${abs}`;
  const scale = 10 ** digits;
  const whole = Math.floor(abs / scale);
  const fraction = String(abs % scale).padStart(digits, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** One product's page: a Product with its Offer (price with tax, availability) by the practice. */
export function productJsonLd(data: SiteData, item: SiteProductData, urls: JsonLdUrls): Json {
  const url = urls.canonicalRoot + productPath(item.id);
  return compact({
    "@context": "https://schema.org",
    "@type": "Product",
    name: item.name,
    description: nonEmpty(item.description),
    category: nonEmpty(item.category),
    image: item.imageFileId
      ? urls.origin + imagePath(data.org.slug, item.imageFileId, 640)
      : undefined,
    url,
    offers: {
      "@type": "Offer",
      url,
      price: decimalPrice(item.priceMinor, item.currency),
      priceCurrency: item.currency,
      availability:
        item.availability === "out_of_stock"
          ? "https://schema.org/OutOfStock"
          : "https://schema.org/InStock",
      seller: { "@id": `${urls.canonicalRoot}#practice`, name: data.org.name },
    },
  });
}

/**
 * JSON for inside <script type="application/ld+json">: no "<" (so no text can close the
 * script), and no characters that end a line in JavaScript.
 */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
