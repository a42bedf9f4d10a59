/** @jsxRuntime automatic */
/** @jsxImportSource react */
// The practice's public pages as HTML, rendered on the server: the home page, a doctor's page
// and a plain "not found" page. No JavaScript is needed to read them; the booking island (when
// its scripts are built) upgrades the server-rendered list of services into booking.
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type {
  AmbulanceIslandProps,
  AssistantIslandProps,
  BookingIslandProps,
} from "../islands/props";
import type { Messages } from "../messages/en";
import type { ProductListing, SiteData, SiteDoctorData, SiteProductData } from "../types";
import {
  dateFormat,
  fill,
  formatNumber,
  formatPrice,
  formatSlot,
  formatTag,
  formatWeek,
  formatWhen,
  messagesFor,
  type SiteLang,
} from "./format";
import { doctorJsonLd, practiceJsonLd, productJsonLd, serializeJsonLd } from "./jsonld";
import { safeHttpUrl } from "./safe-url";
import {
  availabilityWords,
  productPrice,
  ProductMain,
  ProductsMain,
  ProductsSection,
  productsHref,
} from "./shop";
import { siteCss } from "./theme";
import { doctorPath, imagePath, productPath, productsPath, siteUrls, type SiteUrls } from "./urls";

export type SitePage =
  | { kind: "home" }
  | { kind: "doctor"; doctorId: string }
  /** The shop's list (its products are read for the request, not kept with the site). */
  | { kind: "products"; listing: ProductListing }
  | { kind: "product"; product: SiteProductData };

export interface SiteAssetsList {
  scripts: string[];
  preload: string[];
}

export interface RenderOptions {
  lang: SiteLang;
  /** Absolute origin of this request ("https://caredesk.app", "https://www.cairosmile.com"). */
  origin: string;
  /** Served at the root of the practice's verified domain rather than under /p/<slug>. */
  onCustomDomain?: boolean;
  /** Where the patient portal is (the web app's origin). */
  appOrigin: string;
  /** The islands' scripts; none: the page works without them. */
  assets?: SiteAssetsList;
  /** Its owner previewing a site that may not be live: said on the page, not indexed, no islands. */
  preview?: boolean;
}

interface Ctx {
  data: SiteData;
  m: Messages;
  lang: SiteLang;
  tag: string;
  urls: SiteUrls;
  appOrigin: string;
  onCustomDomain: boolean;
}

export const findDoctor = (data: SiteData, id: string): SiteDoctorData | undefined =>
  data.doctors.find((d) => d.id === id);

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

const doctorLabel = (d: Pick<SiteDoctorData, "title" | "name">) =>
  d.title ? `${d.title} ${d.name}` : d.name;

/** A full HTML document of one of the site's pages. The doctor must be one of the site's. */
export function renderSitePage(data: SiteData, page: SitePage, options: RenderOptions): string {
  const m = messagesFor(options.lang);
  const tag = formatTag(options.lang, data.org);
  const urls = siteUrls(data, options.origin, options.onCustomDomain ?? false);
  const onCustomDomain = options.onCustomDomain ?? false;
  const ctx: Ctx = {
    data,
    m,
    lang: options.lang,
    tag,
    urls,
    appOrigin: options.appOrigin,
    onCustomDomain,
  };
  const doctor = page.kind === "doctor" ? findDoctor(data, page.doctorId) : undefined;
  if (page.kind === "doctor" && !doctor) throw new Error("no such doctor on this site");
  const item = page.kind === "product" ? page.product : undefined;
  const shop = page.kind === "products" || page.kind === "product";

  const pagePath = doctor
    ? doctorPath(doctor.id)
    : item
      ? productPath(item.id)
      : page.kind === "products"
        ? productsPath + (page.listing.page > 1 ? `?page=${page.listing.page}` : "")
        : "";
  const canonical = urls.canonicalRoot + pagePath;
  const kindName = m.kind[data.org.kind];
  const title = doctor
    ? fill(m.meta.doctorTitle, { name: doctorLabel(doctor), practice: data.org.name })
    : item
      ? fill(m.products.productTitle, { name: item.name, practice: data.org.name })
      : page.kind === "products"
        ? fill(m.products.metaTitle, { practice: data.org.name })
        : data.org.name;
  const description = clip(
    doctor
      ? fill(m.meta.doctorDescription, {
          name: doctorLabel(doctor),
          specialization: doctor.specialization ?? kindName,
          practice: data.org.name,
        })
      : item
        ? item.description?.trim() ||
          fill(m.products.productDescription, {
            name: item.name,
            practice: data.org.name,
            price: productPrice(ctx, item),
            availability: availabilityWords(m, item.availability).toLowerCase(),
          })
        : page.kind === "products"
          ? fill(m.products.metaDescription, { practice: data.org.name })
          : data.site.about.trim() ||
            (data.site.city
              ? fill(m.meta.description, {
                  name: data.org.name,
                  kind: kindName,
                  city: data.site.city,
                })
              : fill(m.meta.descriptionNoCity, { name: data.org.name, kind: kindName })),
    160,
  );
  const imageId = doctor?.photoFileId ?? item?.imageFileId ?? data.org.logoFileId;
  const image = imageId ? urls.origin + imagePath(data.org.slug, imageId, 640) : null;
  const jsonLd = doctor
    ? doctorJsonLd(data, doctor, urls)
    : item
      ? productJsonLd(data, item, urls)
      : practiceJsonLd(data, urls);
  // Scripts for the booking island (home and doctors' pages), the cart (the shop's pages) or the
  // assistant's chat (every page of a site with the feature).
  const withIsland =
    shop ||
    data.services.length > 0 ||
    (data.showAmbulance ?? false) ||
    (data.showAssistant ?? false);
  // A preview books nothing (the public procedures serve live sites only): the fallback stays.
  const assets =
    withIsland && !options.preview ? (options.assets ?? { scripts: [], preload: [] }) : null;
  const langUrl = (lang: SiteLang) => (lang === "en" ? canonical : `${canonical}?lang=${lang}`);
  const ogLocale = tag.replace("-", "_");

  const head = [
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)}</title>`,
    options.preview ? `<meta name="robots" content="noindex">` : "",
    `<meta name="description" content="${escapeHtml(description)}">`,
    `<link rel="canonical" href="${escapeHtml(langUrl(options.lang))}">`,
    `<link rel="alternate" hreflang="en" href="${escapeHtml(langUrl("en"))}">`,
    `<link rel="alternate" hreflang="ar" href="${escapeHtml(langUrl("ar"))}">`,
    `<link rel="alternate" hreflang="x-default" href="${escapeHtml(langUrl("en"))}">`,
    `<meta property="og:type" content="${doctor ? "profile" : item ? "product" : "website"}">`,
    `<meta property="og:site_name" content="${escapeHtml(data.org.name)}">`,
    `<meta property="og:title" content="${escapeHtml(title)}">`,
    `<meta property="og:description" content="${escapeHtml(description)}">`,
    `<meta property="og:url" content="${escapeHtml(langUrl(options.lang))}">`,
    `<meta property="og:locale" content="${escapeHtml(ogLocale)}">`,
    image ? `<meta property="og:image" content="${escapeHtml(image)}">` : "",
    `<meta name="twitter:card" content="summary">`,
    `<meta name="twitter:title" content="${escapeHtml(title)}">`,
    `<meta name="twitter:description" content="${escapeHtml(description)}">`,
    image ? `<meta name="twitter:image" content="${escapeHtml(image)}">` : "",
    data.org.logoFileId
      ? `<link rel="icon" href="${escapeHtml(imagePath(data.org.slug, data.org.logoFileId, 160))}">`
      : "",
    `<style>${siteCss(data.site.template)}</style>`,
    `<script type="application/ld+json">${serializeJsonLd(jsonLd)}</script>`,
    ...(assets?.preload ?? []).map(
      (href) => `<link rel="modulepreload" href="${escapeHtml(href)}">`,
    ),
    ...(assets?.scripts ?? []).map(
      (src) => `<script type="module" src="${escapeHtml(src)}"></script>`,
    ),
  ].join("");

  const body = renderToStaticMarkup(
    <>
      <a className="skip" href="#main">
        {m.skipToContent}
      </a>
      {options.preview && (
        <p className="preview" role="status">
          {m.previewBanner}
        </p>
      )}
      <Header ctx={ctx} onHome={page.kind === "home"} shop={shop} />
      <main id="main">
        {doctor ? (
          <DoctorMain ctx={ctx} doctor={doctor} />
        ) : item ? (
          <ProductMain ctx={ctx} item={item} />
        ) : page.kind === "products" ? (
          <ProductsMain ctx={ctx} listing={page.listing} />
        ) : (
          <HomeMain ctx={ctx} />
        )}
      </main>
      <Footer ctx={ctx} />
      {data.showAssistant && !options.preview && <AssistantIsland ctx={ctx} />}
    </>,
  );
  const dir = options.lang === "ar" ? "rtl" : "ltr";
  return `<!doctype html><html lang="${options.lang}" dir="${dir}"><head>${head}</head><body data-template="${data.site.template}">${body}</body></html>`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** A plain "not found" page (no practice's data, nothing to leak). */
export function renderNotFoundPage(options: { lang: SiteLang; appOrigin: string }): string {
  const m = messagesFor(options.lang);
  const body = renderToStaticMarkup(
    <main id="main" className="wrap" style={{ paddingBlock: "3rem" }}>
      <h1>{m.notFound.title}</h1>
      <p>{m.notFound.body}</p>
      <p>
        <a className="tap" href={options.appOrigin}>
          {m.notFound.home}
        </a>
      </p>
    </main>,
  );
  const dir = options.lang === "ar" ? "rtl" : "ltr";
  return `<!doctype html><html lang="${options.lang}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(m.notFound.title)}</title><style>${siteCss("classic")}</style></head><body>${body}</body></html>`;
}

function Header({ ctx, onHome, shop }: { ctx: Ctx; onHome: boolean; shop: boolean }) {
  const { data, m, urls } = ctx;
  const home = urls.basePath || "/";
  const anchor = (id: string) => (onHome ? `#${id}` : `${urls.basePath || "/"}#${id}`);
  return (
    <header className="top">
      <div className="wrap">
        <a className="brand" href={home}>
          {data.org.logoFileId && (
            <img
              src={imagePath(data.org.slug, data.org.logoFileId, 160)}
              alt=""
              width={40}
              height={40}
              decoding="async"
            />
          )}
          <span>{data.org.name}</span>
        </a>
        <nav aria-label={m.nav.label}>
          <ul>
            {data.doctors.length > 0 && (
              <li>
                <a href={anchor("doctors")}>{m.nav.doctors}</a>
              </li>
            )}
            {data.services.length > 0 && (
              <li>
                <a href={anchor("services")}>{m.nav.services}</a>
              </li>
            )}
            {(shop || (data.products?.length ?? 0) > 0) && (
              <li>
                <a href={productsHref(urls)} {...(shop ? { "aria-current": "page" as const } : {})}>
                  {m.nav.products}
                </a>
              </li>
            )}
            <li>
              <a href={anchor("hours")}>{m.nav.hours}</a>
            </li>
            <li>
              <a href={anchor("contact")}>{m.nav.contact}</a>
            </li>
          </ul>
        </nav>
        <a
          className="lang"
          href={`?lang=${m.switchLanguageTag}`}
          hrefLang={m.switchLanguageTag}
          lang={m.switchLanguageTag}
          title={m.switchLanguageLabel}
        >
          {m.switchLanguage}
        </a>
      </div>
    </header>
  );
}

function Footer({ ctx }: { ctx: Ctx }) {
  const { data, m, urls } = ctx;
  const address = addressLines(data);
  return (
    <footer>
      <div className="wrap">
        <strong>{data.org.name}</strong>
        {address.length > 0 && <address>{address.join(", ")}</address>}
        {data.site.phone && (
          <a className="tap" href={`tel:${telOf(data.site.phone)}`}>
            <bdi dir="ltr">{data.site.phone}</bdi>
          </a>
        )}
        <a className="tap" href={`${urls.basePath || "/"}#hours`}>
          {m.footer.hoursLink}
        </a>
        {data.showPortal && (
          <a className="tap" href={`${ctx.appOrigin}/portal`}>
            {m.footer.portal}
          </a>
        )}
        <span>{m.footer.poweredBy}</span>
      </div>
    </footer>
  );
}

/** "Call {phone}" with the number kept left to right inside a right-to-left sentence. */
function CallLabel({ ctx }: { ctx: Ctx }) {
  const [before = "", after = ""] = ctx.m.hero.call.split("{phone}");
  // One element: the button is a flex box, which would drop the space before the number.
  return (
    <span>
      {before}
      <bdi dir="ltr">{ctx.data.site.phone}</bdi>
      {after}
    </span>
  );
}

const telOf = (phone: string) => phone.replace(/[^\d+]/g, "");

function addressLines(data: SiteData): string[] {
  const s = data.site;
  return [s.addressLine, [s.postalCode, s.city].filter(Boolean).join(" "), s.region].filter(
    (line) => line.trim() !== "",
  );
}

type SectionId =
  "book" | "doctors" | "services" | "products" | "departments" | "hours" | "contact" | "reviews";

const sectionOrder: Record<SiteData["site"]["template"], SectionId[]> = {
  classic: [
    "book",
    "doctors",
    "services",
    "products",
    "departments",
    "hours",
    "contact",
    "reviews",
  ],
  fresh: ["doctors", "book", "services", "products", "hours", "contact", "reviews", "departments"],
  market: ["products", "services", "book", "hours", "contact", "doctors", "departments", "reviews"],
  care: ["doctors", "services", "products", "book", "reviews", "hours", "contact", "departments"],
};

function HomeMain({ ctx }: { ctx: Ctx }) {
  const { data } = ctx;
  const sections: Record<SectionId, () => ReactNode> = {
    book: () => <BookSection ctx={ctx} />,
    doctors: () => <DoctorsSection ctx={ctx} />,
    services: () => <ServicesSection ctx={ctx} />,
    products: () => <ProductsSection ctx={ctx} />,
    departments: () => <DepartmentsSection ctx={ctx} />,
    hours: () => <HoursSection ctx={ctx} />,
    contact: () => <ContactSection ctx={ctx} />,
    reviews: () => <ReviewsSection ctx={ctx} />,
  };
  return (
    <>
      <Hero ctx={ctx} />
      <AmbulanceSection ctx={ctx} />
      {sectionOrder[data.site.template].map((id) => (
        <Fragmentless key={id}>{sections[id]()}</Fragmentless>
      ))}
      <FaqSection ctx={ctx} />
    </>
  );
}

/** The practice's questions and answers, each folded and reachable as `#faq-<id>`. */
function FaqSection({ ctx }: { ctx: Ctx }) {
  const { data, m } = ctx;
  const faqs = data.faqs ?? [];
  if (faqs.length === 0) return null;
  return (
    <Section id="faq" title={m.sections.faq}>
      <div className="grid" style={{ gridTemplateColumns: "minmax(0,1fr)" }}>
        {faqs.map((f) => (
          <details key={f.id} id={`faq-${f.id}`} className="card">
            <summary dir="auto" style={{ cursor: "pointer", fontWeight: 700 }}>
              {f.question}
            </summary>
            <p dir="auto" style={{ whiteSpace: "pre-line", margin: ".75em 0 0" }}>
              {f.answer}
            </p>
          </details>
        ))}
      </div>
    </Section>
  );
}

/** The assistant's chat (an island): a bubble in the page's corner, nothing without JavaScript. */
function AssistantIsland({ ctx }: { ctx: Ctx }) {
  const { data, urls } = ctx;
  const props: AssistantIslandProps = {
    slug: data.org.slug,
    lang: ctx.lang,
    basePath: urls.basePath,
    practiceName: data.org.name,
    phone: data.site.phone,
    appOrigin: ctx.appOrigin,
  };
  return <div data-island="assistant" data-props={JSON.stringify(props)} />;
}

function Fragmentless({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

function Hero({ ctx }: { ctx: Ctx }) {
  const { data, m, tag } = ctx;
  const next = data.nextAvailable;
  return (
    <section className="hero" aria-labelledby="practice-name">
      <div className="wrap">
        <div>
          {data.org.logoFileId && (
            <img
              className="hero-logo"
              src={imagePath(data.org.slug, data.org.logoFileId, 160)}
              srcSet={`${imagePath(data.org.slug, data.org.logoFileId, 160)} 160w, ${imagePath(data.org.slug, data.org.logoFileId, 320)} 320w`}
              sizes="72px"
              alt={data.org.name}
              width={72}
              height={72}
              fetchPriority="high"
            />
          )}
          <p className="kind">{m.kind[data.org.kind]}</p>
          <h1 id="practice-name">{data.org.name}</h1>
          {data.site.about && <p dir="auto">{clip(data.site.about, 200)}</p>}
        </div>
        <div>
          {(data.services.length > 0 || (data.products?.length ?? 0) === 0) && (
            <p className="next">
              {next
                ? fill(m.hero.nextAvailable, {
                    when: formatWhen(next.start, tag, data.org.timeZone),
                  })
                : m.hero.noneAvailable}
            </p>
          )}
          <div className="actions">
            {data.services.length > 0 && (
              <a className="cta" href="#book">
                {m.hero.book}
              </a>
            )}
            {(data.products?.length ?? 0) > 0 && (
              <a
                className={data.services.length > 0 ? "cta alt" : "cta"}
                href={productsHref(ctx.urls)}
              >
                {m.hero.shop}
              </a>
            )}
            {data.site.phone && (
              <a className="cta alt" href={`tel:${telOf(data.site.phone)}`}>
                <CallLabel ctx={ctx} />
              </a>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <div className="wrap">
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
      </div>
    </section>
  );
}

function bookingProps(ctx: Ctx, preselect?: BookingIslandProps["preselect"]): BookingIslandProps {
  const { data } = ctx;
  return {
    slug: data.org.slug,
    lang: ctx.lang,
    currency: data.org.currency,
    formatTag: ctx.tag,
    timeZone: data.org.timeZone,
    services: data.services.map((s) => ({
      id: s.id,
      name: s.name,
      durationMinutes: s.durationMinutes,
      priceMinor: s.priceMinor,
    })),
    doctors: data.doctors.map((d) => ({ resourceId: d.resourceId, name: doctorLabel(d) })),
    ...(preselect ? { preselect } : {}),
  };
}

/** Where a visitor without JavaScript books: the patient portal's booking page. */
export function portalBookingUrl(appOrigin: string, slug: string, serviceId?: string): string {
  const query = new URLSearchParams({ org: slug });
  if (serviceId) query.set("service", serviceId);
  return `${appOrigin.replace(/\/$/, "")}/portal/book?${query.toString()}`;
}

function BookingIsland({ ctx, doctor }: { ctx: Ctx; doctor?: SiteDoctorData }) {
  const { data, m, tag } = ctx;
  const props = bookingProps(
    ctx,
    doctor ? { practitionerResourceId: doctor.resourceId } : undefined,
  );
  return (
    <div data-island="booking" data-props={JSON.stringify(props)}>
      <p>{data.showPortal ? m.booking.fallback : m.booking.fallbackNoPortal}</p>
      {/* Folded, so the island that replaces it moves nothing below it when it starts. */}
      <details className="choose">
        <summary>{m.booking.chooseService}</summary>
        <ul>
          {data.services.map((s) => {
            const label = `${s.name} · ${fill(m.services.duration, { minutes: formatNumber(s.durationMinutes, tag) })} · ${formatPrice(s.priceMinor, data.org.currency, tag, m)}`;
            return (
              <li key={s.id}>
                {data.showPortal ? (
                  <a className="tap" href={portalBookingUrl(ctx.appOrigin, data.org.slug, s.id)}>
                    {label}
                  </a>
                ) : (
                  <span className="tap">{label}</span>
                )}
              </li>
            );
          })}
        </ul>
      </details>
      {!data.showPortal && data.site.phone && (
        <p>
          <a className="cta" href={`tel:${telOf(data.site.phone)}`}>
            <CallLabel ctx={ctx} />
          </a>
        </p>
      )}
    </div>
  );
}

/** A hospital with the feature: the ambulance request form (an island), or its phone without it. */
function AmbulanceSection({ ctx }: { ctx: Ctx }) {
  const { data, m } = ctx;
  if (!data.showAmbulance) return null;
  const props: AmbulanceIslandProps = {
    slug: data.org.slug,
    lang: ctx.lang,
    phone: data.site.phone,
    messages: m.ambulance,
  };
  return (
    <Section id="ambulance" title={m.sections.ambulance}>
      <p>{m.ambulance.lead}</p>
      <div data-island="ambulance" data-props={JSON.stringify(props)}>
        {data.site.phone && (
          <p>
            <a className="cta" href={`tel:${telOf(data.site.phone)}`}>
              {fill(m.ambulance.call, { phone: data.site.phone })}
            </a>
          </p>
        )}
        <p>{m.ambulance.noScript}</p>
      </div>
    </Section>
  );
}

function BookSection({ ctx }: { ctx: Ctx }) {
  if (ctx.data.services.length === 0) return null;
  return (
    <Section id="book" title={ctx.m.sections.book}>
      <BookingIsland ctx={ctx} />
    </Section>
  );
}

function Photo({
  ctx,
  doctor,
  size,
  lazy,
}: {
  ctx: Ctx;
  doctor: SiteDoctorData;
  size: number;
  lazy: boolean;
}) {
  const { data, m } = ctx;
  const photo = doctor.photoFileId;
  if (!photo) {
    return (
      <span className="ph" aria-hidden="true" style={{ inlineSize: size, blockSize: size }}>
        {doctor.name.trim().charAt(0).toUpperCase()}
      </span>
    );
  }
  const src = (w: number) => imagePath(data.org.slug, photo, w);
  return (
    <img
      src={src(size > 100 ? 320 : 160)}
      srcSet={`${src(160)} 160w, ${src(320)} 320w, ${src(640)} 640w`}
      sizes={`${size}px`}
      alt={fill(m.doctor.photo, { name: doctorLabel(doctor) })}
      width={size}
      height={size}
      style={{ inlineSize: size, blockSize: size }}
      {...(lazy ? { loading: "lazy" as const } : {})}
      decoding="async"
    />
  );
}

function Stars({ rating }: { rating: number }) {
  const full = Math.round(rating);
  return (
    <span className="stars" aria-hidden="true">
      {"★".repeat(full)}
      {"☆".repeat(Math.max(0, 5 - full))}
    </span>
  );
}

function RatingLine({ ctx, rating }: { ctx: Ctx; rating: SiteDoctorData["rating"] }) {
  const { m, tag } = ctx;
  if (!rating || rating.count === 0 || rating.average === null) return null;
  return (
    <p>
      <Stars rating={rating.average} />{" "}
      <span>{fill(m.reviews.average, { average: formatNumber(rating.average, tag, 1) })}</span>{" "}
      <span className="muted">
        (
        {rating.count === 1
          ? m.reviews.countOne
          : fill(m.reviews.count, { count: formatNumber(rating.count, tag) })}
        )
      </span>
    </p>
  );
}

function experience(ctx: Ctx, years: number | null): string | null {
  if (years === null || years <= 0) return null;
  return years === 1
    ? ctx.m.doctor.experienceOne
    : fill(ctx.m.doctor.experience, { years: formatNumber(years, ctx.tag) });
}

function DoctorsSection({ ctx }: { ctx: Ctx }) {
  const { data, m, urls } = ctx;
  if (data.doctors.length === 0) return null;
  const departments = new Map(data.departments.map((d) => [d.id, d.name]));
  return (
    <Section id="doctors" title={m.sections.doctors}>
      <ul className="grid">
        {data.doctors.map((d) => (
          <li key={d.id} className="card doc">
            <Photo ctx={ctx} doctor={d} size={96} lazy />
            <div>
              <h3>
                <a href={`${urls.basePath}${doctorPath(d.id)}`}>{doctorLabel(d)}</a>
              </h3>
              {d.specialization && <p>{d.specialization}</p>}
              {d.departmentId && departments.get(d.departmentId) && (
                <p className="muted">{departments.get(d.departmentId)}</p>
              )}
              {experience(ctx, d.yearsOfExperience) && (
                <p className="muted">{experience(ctx, d.yearsOfExperience)}</p>
              )}
              {data.showReviews && <RatingLine ctx={ctx} rating={d.rating} />}
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function ServicesSection({ ctx }: { ctx: Ctx }) {
  const { data, m, tag } = ctx;
  // A shop with nothing to book shows its products instead of an empty list of services.
  if (data.services.length === 0 && (data.products?.length ?? 0) > 0) return null;
  return (
    <Section id="services" title={m.sections.services}>
      {data.services.length === 0 ? (
        <p>{m.services.none}</p>
      ) : (
        <ul className="grid">
          {data.services.map((s) => (
            <li key={s.id} className="card svc">
              <span>
                <strong>{s.name}</strong>
                <br />
                <span className="muted">
                  {fill(m.services.duration, { minutes: formatNumber(s.durationMinutes, tag) })}
                </span>
              </span>
              <span className="price">{formatPrice(s.priceMinor, data.org.currency, tag, m)}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function DepartmentsSection({ ctx }: { ctx: Ctx }) {
  const { data, m } = ctx;
  if (data.departments.length === 0) return null;
  return (
    <Section id="departments" title={m.sections.departments}>
      <ul className="grid">
        {data.departments.map((d) => (
          <li key={d.id} className="card">
            {d.name}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function HoursTable({ ctx }: { ctx: Ctx }) {
  const { data, m, tag } = ctx;
  const week = formatWeek(data.site.hours, tag, m);
  if (week.every((d) => d.closed)) return <p>{m.hours.none}</p>;
  return (
    <table>
      <tbody>
        {week.map((d) => (
          <tr key={d.day} className={d.closed ? "closed" : undefined}>
            <th scope="row">{d.name}</th>
            <td>
              {d.shifts.map((s, i) => (
                <span key={i}>
                  {i > 0 && <br />}
                  {s}
                </span>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HoursSection({ ctx }: { ctx: Ctx }) {
  return (
    <Section id="hours" title={ctx.m.sections.hours}>
      <HoursTable ctx={ctx} />
    </Section>
  );
}

const socialNames: Record<string, string> = {
  facebook: "Facebook",
  instagram: "Instagram",
  x: "X",
  linkedin: "LinkedIn",
  youtube: "YouTube",
  tiktok: "TikTok",
};

function ContactSection({ ctx }: { ctx: Ctx }) {
  const { data, m } = ctx;
  const s = data.site;
  const address = addressLines(data);
  const website = safeHttpUrl(s.websiteUrl);
  const social = Object.entries(s.social).flatMap(([key, value]) => {
    const href = safeHttpUrl(value);
    return href ? [{ key, href, name: socialNames[key] ?? key }] : [];
  });
  const geo =
    s.latitude !== null && s.longitude !== null ? { lat: s.latitude, lng: s.longitude } : null;
  return (
    <Section id="contact" title={m.sections.contact}>
      <dl>
        {address.length > 0 && (
          <>
            <dt>{m.contact.address}</dt>
            <dd>
              <address>
                {address.map((line, i) => (
                  <span key={i}>
                    {i > 0 && <br />}
                    {line}
                  </span>
                ))}
              </address>
            </dd>
          </>
        )}
        {s.phone && (
          <>
            <dt>{m.contact.phone}</dt>
            <dd>
              <a className="tap" href={`tel:${telOf(s.phone)}`}>
                <bdi dir="ltr">{s.phone}</bdi>
              </a>
            </dd>
          </>
        )}
        {s.email && (
          <>
            <dt>{m.contact.email}</dt>
            <dd>
              <a className="tap" href={`mailto:${s.email}`}>
                {s.email}
              </a>
            </dd>
          </>
        )}
        {website && (
          <>
            <dt>{m.contact.website}</dt>
            <dd>
              <a className="tap" href={website} rel="noopener">
                {new URL(website).host}
              </a>
            </dd>
          </>
        )}
        {social.length > 0 && (
          <>
            <dt>{m.contact.social}</dt>
            <dd>
              <ul className="actions" style={{ listStyle: "none", padding: 0, margin: 0 }}>
                {social.map((link) => (
                  <li key={link.key}>
                    <a className="tap" href={link.href} rel="noopener me">
                      {link.name}
                    </a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {geo && <MapEmbed ctx={ctx} lat={geo.lat} lng={geo.lng} />}
    </Section>
  );
}

function MapEmbed({ ctx, lat, lng }: { ctx: Ctx; lat: number; lng: number }) {
  const d = 0.005;
  const bbox = [lng - d, lat - d, lng + d, lat + d].map((n) => n.toFixed(5)).join(",");
  const embed = `https://www.openstreetmap.org/export/embed.html?bbox=${bbox}&layer=mapnik&marker=${lat.toFixed(6)},${lng.toFixed(6)}`;
  const open = `https://www.openstreetmap.org/?mlat=${lat.toFixed(6)}&mlon=${lng.toFixed(6)}#map=17/${lat.toFixed(6)}/${lng.toFixed(6)}`;
  return (
    <>
      <iframe
        className="map"
        src={embed}
        title={fill(ctx.m.contact.map, { name: ctx.data.org.name })}
        loading="lazy"
        referrerPolicy="no-referrer"
      />
      <p>
        <a className="tap" href={open} rel="noopener">
          {ctx.m.contact.openInMaps}
        </a>
      </p>
    </>
  );
}

function ReviewList({ ctx, reviews }: { ctx: Ctx; reviews: SiteData["reviews"] }) {
  const { data, m, tag } = ctx;
  if (reviews.length === 0) return <p>{m.reviews.none}</p>;
  const date = dateFormat(tag, { dateStyle: "medium", timeZone: data.org.timeZone });
  return (
    <ul className="grid">
      {reviews.map((r) => (
        <li key={r.id} className="card">
          <figure style={{ margin: 0 }}>
            <p>
              <Stars rating={r.rating} />{" "}
              <span className="muted">
                {fill(m.reviews.stars, { rating: formatNumber(r.rating, tag) })}
              </span>
            </p>
            {r.body && (
              <blockquote>
                <p dir="auto">{r.body}</p>
              </blockquote>
            )}
            <figcaption className="muted">
              <bdi>{r.authorName || m.reviews.anonymous}</bdi>
              {r.publishedAt && <> · {date.format(r.publishedAt)}</>}
            </figcaption>
            {r.reply && (
              <p>
                <strong>{m.reviews.reply}:</strong> <bdi>{r.reply}</bdi>
              </p>
            )}
          </figure>
        </li>
      ))}
    </ul>
  );
}

function ReviewsSection({ ctx }: { ctx: Ctx }) {
  const { data, m } = ctx;
  if (!data.showReviews) return null;
  return (
    <Section id="reviews" title={m.sections.reviews}>
      <RatingLine ctx={ctx} rating={data.rating} />
      <ReviewList ctx={ctx} reviews={data.reviews.slice(0, 6)} />
    </Section>
  );
}

function DoctorMain({ ctx, doctor }: { ctx: Ctx; doctor: SiteDoctorData }) {
  const { data, m, tag, urls } = ctx;
  const department = data.departments.find((d) => d.id === doctor.departmentId);
  const reviews = data.reviews.filter((r) => r.practitionerId === doctor.id).slice(0, 6);
  const years = experience(ctx, doctor.yearsOfExperience);
  return (
    <>
      <section className="hero" aria-labelledby="doctor-name">
        <div className="wrap">
          <div className="doc">
            <Photo ctx={ctx} doctor={doctor} size={160} lazy={false} />
            <div>
              <p className="kind">{data.org.name}</p>
              <h1 id="doctor-name">{doctorLabel(doctor)}</h1>
              {doctor.specialization && <p>{doctor.specialization}</p>}
              {department && <p>{department.name}</p>}
              {years && <p>{years}</p>}
              {data.showReviews && <RatingLine ctx={ctx} rating={doctor.rating} />}
            </div>
          </div>
          <div className="actions">
            {data.services.length > 0 && (
              <a className="cta" href="#book">
                {fill(m.doctor.book, { name: doctorLabel(doctor) })}
              </a>
            )}
            <a className="cta alt" href={`${urls.basePath || "/"}#doctors`}>
              {m.doctor.allDoctors}
            </a>
          </div>
        </div>
      </section>
      {doctor.bio && (
        <Section id="about" title={m.doctor.about}>
          <p dir="auto">{doctor.bio}</p>
        </Section>
      )}
      {doctor.certificates.length > 0 && (
        <Section id="certificates" title={m.doctor.certificates}>
          <ul>
            {doctor.certificates.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </Section>
      )}
      <Section id="slots" title={m.doctor.nextSlots}>
        {doctor.nextSlots.length === 0 ? (
          <p>{m.doctor.noSlots}</p>
        ) : (
          <ul className="slots">
            {doctor.nextSlots.map((s) => (
              <li key={s.toISOString()}>
                <time dateTime={s.toISOString()}>{formatSlot(s, tag, data.org.timeZone)}</time>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {data.services.length > 0 && (
        <Section id="book" title={m.sections.book}>
          <BookingIsland ctx={ctx} doctor={doctor} />
        </Section>
      )}
      {data.showReviews && (
        <Section id="reviews" title={fill(m.doctor.reviews, { name: doctorLabel(doctor) })}>
          <ReviewList ctx={ctx} reviews={reviews} />
        </Section>
      )}
      <Section id="hours" title={m.sections.hours}>
        <HoursTable ctx={ctx} />
      </Section>
    </>
  );
}
