// The practices' public sites, rendered on the server: /p/<slug> (home), /p/<slug>/doctors/<id>,
// a pharmacy's shop (/p/<slug>/products, /p/<slug>/products/<id>), their sitemaps, robots.txt, resized public images, the islands' scripts under /site-assets/,
// and the same pages at the root of a practice's verified custom domain.
//
// A site that is not live (unknown, unpublished, plan lapsed past its grace) is a plain 404 page.
// Pages are `Cache-Control: no-cache` with an ETag: publishing, unpublishing or a lapsed plan
// must take effect on the next visit, and a revalidation costs a 304 without the body.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { can, validateSessionToken } from "@caredesk/auth";
import {
  appRouter,
  findShopProduct,
  findShopProducts,
  findSiteView,
  isShopImage,
  liveSite,
  liveSites,
  requestToken,
  shopCategories,
  shopSitemapEntries,
  trpcBasePath,
  type ShopProduct,
  type SiteAddress,
  type SiteView,
} from "@caredesk/api";
import { schema, type Database } from "@caredesk/db";
import {
  findDoctor,
  imageWidths,
  productPath,
  productsPath,
  renderNotFoundPage,
  renderRobots,
  renderSitemap,
  renderSitemapIndex,
  renderSitePage,
  siteUrls,
  type SiteLang,
  type SitePage,
} from "@caredesk/site";
import { siteAssets, siteAssetsDir } from "@caredesk/site";
import { Id, SearchText, ShopCategory, Slug } from "@caredesk/validators";
import fastifyStatic from "@fastify/static";
import { and, eq, inArray } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import sharp from "sharp";
import type { FileStorage } from "./files/storage";

export interface SiteOptions {
  db: Database;
  storage: FileStorage;
  /** The web app's origin: pages on Caredesk's own host are addressed there (and the portal). */
  appOrigin: string;
  /** Host names of Caredesk itself (never looked up as custom domains). */
  ownHosts: string[];
}

/**
 * The page's language: ?lang=ar|en, else the visitor's choice remembered in the `lang` cookie
 * (the web app's language switcher writes the same cookie), else the practice's own.
 */
function langOf(request: FastifyRequest, locale?: string): SiteLang {
  const query = request.query as Record<string, unknown> | undefined;
  const asked = typeof query?.lang === "string" ? query.lang : undefined;
  if (asked === "ar" || asked === "en") return asked;
  const remembered = request.cookies.lang;
  if (remembered === "ar" || remembered === "en") return remembered;
  return locale?.toLowerCase().startsWith("ar") ? "ar" : "en";
}

/** A language asked for by `?lang=` is remembered, for the site and the portal alike. */
function rememberLang(request: FastifyRequest, reply: FastifyReply) {
  const query = request.query as Record<string, unknown> | undefined;
  const asked = query?.lang;
  if ((asked === "ar" || asked === "en") && request.cookies.lang !== asked) {
    void reply.header("Set-Cookie", `lang=${asked}; Path=/; Max-Age=31536000; SameSite=Lax`);
  }
}

export const etagOf = (html: Buffer) =>
  `W/"${createHash("sha1").update(html).digest("base64url")}"`;

/**
 * What a kept page was rendered from: when any of it changes (the practice's data, its site,
 * its domain, its shop, its organization row, the built scripts) the page is rendered again.
 */
export function pageFingerprint(view: SiteView, scripts: readonly string[]): string {
  return [
    view.readAt.getTime(),
    view.site.updatedAt.getTime(),
    view.site.customDomain ?? "",
    view.productsReadAt.getTime(),
    JSON.stringify(view.org),
    scripts.join(","),
  ].join("|");
}

/** A page's bytes (encoded once, kept with the page) and its ETag. */
function sendHtml(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  html: Buffer,
  etag = etagOf(html),
) {
  rememberLang(request, reply);
  void reply
    .status(status)
    .type("text/html; charset=utf-8")
    .header("Cache-Control", "no-cache")
    .header("ETag", etag)
    // The language may come from the `lang` cookie.
    .header("Vary", "Accept-Encoding, Cookie");
  if (status === 200 && request.headers["if-none-match"] === etag) {
    return reply.status(304).send();
  }
  return reply.send(html);
}

/** Bytes kept per resized image, and how many bytes in all (least recently used go first). */
class ImageCache {
  private entries = new Map<string, Buffer>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}
  get(key: string): Buffer | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: Buffer) {
    if (value.length > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) this.bytes -= old.length;
    this.entries.delete(key);
    this.entries.set(key, value);
    this.bytes += value.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
  }
}

export async function registerSite(app: FastifyInstance, options: SiteOptions) {
  const { db, storage, appOrigin } = options;
  const ownHosts = new Set(options.ownHosts.map((h) => h.toLowerCase()));
  const images = new ImageCache(64 * 1024 * 1024);

  const notFoundPages = {
    en: Buffer.from(renderNotFoundPage({ lang: "en", appOrigin })),
    ar: Buffer.from(renderNotFoundPage({ lang: "ar", appOrigin })),
  };
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendHtml(request, reply, 404, notFoundPages[langOf(request)]);

  /** The live site at this address, or null (not live: not found). */
  const viewAt = (address: SiteAddress): Promise<SiteView | null> => findSiteView(db, address);

  // Rendered pages, reused while nothing they show has changed: the view's directory part (read
  // again at most every siteViewTtlMs, or at once on a new directory version), the profile's
  // last change, the practice's own fields and the islands' build. Liveness is still decided
  // per request (viewAt), so an unpublished or lapsed site is gone at once.
  const pages = new Map<string, { fingerprint: string; html: Buffer; etag: string }>();
  const maxPages = 2000;

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    view: SiteView,
    page: SitePage,
    onCustomDomain: boolean,
    preview = false,
  ) {
    const lang = langOf(request, view.org.locale);
    const origin =
      onCustomDomain && view.site.customDomain ? `https://${view.site.customDomain}` : appOrigin;
    const assets = siteAssets();
    if (preview) {
      // For its owner's eyes only: never kept, shared or indexed.
      const html = renderSitePage(view, page, { lang, origin, appOrigin, preview: true });
      return reply
        .type("text/html; charset=utf-8")
        .header("Cache-Control", "private, no-store")
        .header("X-Robots-Tag", "noindex")
        .send(html);
    }
    const key = [
      view.org.id,
      page.kind === "doctor" ? page.doctorId : "",
      lang,
      onCustomDomain ? origin : "",
    ].join("|");
    const fingerprint = pageFingerprint(view, assets.scripts);
    let cached = pages.get(key);
    if (!cached || cached.fingerprint !== fingerprint) {
      const html = Buffer.from(
        renderSitePage(view, page, { lang, origin, onCustomDomain, appOrigin, assets }),
      );
      cached = { fingerprint, html, etag: etagOf(html) };
      pages.delete(key);
      if (pages.size >= maxPages) {
        const oldest = pages.keys().next().value;
        if (oldest !== undefined) pages.delete(oldest);
      }
      pages.set(key, cached);
    }
    return sendHtml(request, reply, 200, cached.html, cached.etag);
  }

  /**
   * `?preview` from a member who may manage the practice's site (signed in on Caredesk's own
   * host): the site as it will be, live or not yet.
   */
  async function previewAt(request: FastifyRequest, address: SiteAddress) {
    const query = request.query as Record<string, unknown> | undefined;
    if (!("slug" in address) || query?.preview === undefined) return null;
    if (!(await managesSite(request, address.slug))) return null;
    return findSiteView(db, address, new Date(), { preview: true });
  }

  /** Whether the request's own session belongs to a member allowed to manage this site. */
  async function managesSite(request: FastifyRequest, slug: string): Promise<boolean> {
    const token = requestToken({ headers: request.headers, cookies: request.cookies });
    if (token?.kind !== "cookie") return false;
    const [org] = await db
      .select({ id: schema.organization.id })
      .from(schema.organization)
      .where(eq(schema.organization.slug, slug))
      .limit(1);
    if (!org) return false;
    const session = await validateSessionToken(db, token.token, new Date(), {
      organizationId: org.id,
      kind: "cookie",
    });
    return Boolean(session?.membership && can(session.membership.role, "site.manage"));
  }

  async function home(request: FastifyRequest, reply: FastifyReply, address: SiteAddress) {
    const preview = await previewAt(request, address);
    if (preview) return render(request, reply, preview, { kind: "home" }, false, true);
    const view = await viewAt(address);
    if (!view) return notFound(request, reply);
    return render(request, reply, view, { kind: "home" }, "host" in address);
  }

  async function doctor(
    request: FastifyRequest,
    reply: FastifyReply,
    address: SiteAddress,
    rawId: unknown,
  ) {
    const id = Id.safeParse(rawId);
    if (!id.success) return notFound(request, reply);
    const preview = await previewAt(request, address);
    if (preview && findDoctor(preview, id.data)) {
      return render(request, reply, preview, { kind: "doctor", doctorId: id.data }, false, true);
    }
    const view = await viewAt(address);
    if (!view || !findDoctor(view, id.data)) return notFound(request, reply);
    return render(request, reply, view, { kind: "doctor", doctorId: id.data }, "host" in address);
  }

  /**
   * A shop page: its products and their availability are read for this request (stock changes
   * with every sale), so the page is rendered afresh — never kept with the site's other pages.
   */
  function renderShop(
    request: FastifyRequest,
    reply: FastifyReply,
    view: SiteView,
    page: SitePage,
    onCustomDomain: boolean,
  ) {
    const lang = langOf(request, view.org.locale);
    const origin =
      onCustomDomain && view.site.customDomain ? `https://${view.site.customDomain}` : appOrigin;
    const html = Buffer.from(
      renderSitePage(view, page, { lang, origin, onCustomDomain, appOrigin, assets: siteAssets() }),
    );
    return sendHtml(request, reply, 200, html);
  }

  const shopPageSize = 24;
  const shopMaxPage = 200;
  const shopOf = (view: SiteView) => ({
    id: view.org.id,
    currency: view.org.currency,
    timeZone: view.org.timeZone,
  });

  /** `/products?q=&category=&page=`: a page of the shop (a site with no products has none). */
  async function productsPage(request: FastifyRequest, reply: FastifyReply, address: SiteAddress) {
    const view = await viewAt(address);
    if (!view || view.products.length === 0) return notFound(request, reply);
    const query = request.query as Record<string, unknown>;
    const q = SearchText.safeParse(typeof query.q === "string" ? query.q : "");
    const category = ShopCategory.safeParse(query.category);
    const page = Number(typeof query.page === "string" ? query.page : "1");
    if (!Number.isInteger(page) || page < 1 || page > shopMaxPage) return notFound(request, reply);
    const listingQuery = {
      q: q.success ? q.data : "",
      category: category.success && category.data !== "" ? category.data : null,
    };
    const [found, categories] = await Promise.all([
      findShopProducts(db, shopOf(view), {
        q: listingQuery.q,
        category: listingQuery.category ?? undefined,
        offset: (page - 1) * shopPageSize,
        limit: shopPageSize,
      }),
      shopCategories(db, shopOf(view)),
    ]);
    return renderShop(
      request,
      reply,
      view,
      {
        kind: "products",
        listing: {
          ...listingQuery,
          items: found.items,
          categories,
          page,
          hasMore: found.hasMore && page < shopMaxPage,
        },
      },
      "host" in address,
    );
  }

  /** `/products/<id>`: an active product of this practice; anything else is not found. */
  async function productPage(
    request: FastifyRequest,
    reply: FastifyReply,
    address: SiteAddress,
    rawId: unknown,
  ) {
    const id = Id.safeParse(rawId);
    if (!id.success) return notFound(request, reply);
    const view = await viewAt(address);
    if (!view) return notFound(request, reply);
    let item: ShopProduct;
    try {
      item = await findShopProduct(db, shopOf(view), id.data);
    } catch {
      return notFound(request, reply);
    }
    return renderShop(request, reply, view, { kind: "product", product: item }, "host" in address);
  }

  async function sitemapOf(view: SiteView) {
    const { canonicalRoot } = siteUrls(view, appOrigin, false);
    const newest = view.doctors.reduce(
      (latest, d) => (d.updatedAt > latest ? d.updatedAt : latest),
      view.site.updatedAt,
    );
    const products = await shopSitemapEntries(db, view.org.id);
    const newestProduct = products.reduce(
      (latest, p) => (p.updatedAt > latest ? p.updatedAt : latest),
      view.site.updatedAt,
    );
    return renderSitemap([
      { loc: canonicalRoot, lastmod: newest },
      ...view.doctors.map((d) => ({
        loc: `${canonicalRoot}/doctors/${d.id}`,
        lastmod: d.updatedAt > view.site.updatedAt ? d.updatedAt : view.site.updatedAt,
      })),
      ...(products.length > 0
        ? [{ loc: `${canonicalRoot}${productsPath}`, lastmod: newestProduct }]
        : []),
      ...products.map((p) => ({
        loc: `${canonicalRoot}${productPath(p.id)}`,
        lastmod: p.updatedAt > view.site.updatedAt ? p.updatedAt : view.site.updatedAt,
      })),
    ]);
  }

  const sendXml = (reply: FastifyReply, xml: string) =>
    reply
      .type("application/xml; charset=utf-8")
      .header("Cache-Control", "public, max-age=3600")
      .send(xml);

  /** The practice whose verified custom domain this request came to, if any. */
  function customHost(request: FastifyRequest): string | null {
    const host = request.host.toLowerCase().replace(/:\d+$/, "");
    if (ownHosts.has(host) || host === "localhost" || /^[\d.]+$|^\[/.test(host)) return null;
    return host;
  }

  app.get("/p/:slug", (request, reply) => {
    const slug = Slug.safeParse((request.params as { slug: unknown }).slug);
    if (!slug.success) return notFound(request, reply);
    return home(request, reply, { slug: slug.data });
  });
  app.get("/p/:slug/", (request, reply) => {
    const slug = Slug.safeParse((request.params as { slug: unknown }).slug);
    if (!slug.success) return notFound(request, reply);
    return home(request, reply, { slug: slug.data });
  });
  app.get("/p/:slug/doctors/:practitionerId", (request, reply) => {
    const params = request.params as { slug: unknown; practitionerId: unknown };
    const slug = Slug.safeParse(params.slug);
    if (!slug.success) return notFound(request, reply);
    return doctor(request, reply, { slug: slug.data }, params.practitionerId);
  });
  app.get("/p/:slug/sitemap.xml", async (request, reply) => {
    const slug = Slug.safeParse((request.params as { slug: unknown }).slug);
    const view = slug.success ? await viewAt({ slug: slug.data }) : null;
    if (!view) return notFound(request, reply);
    return sendXml(reply, await sitemapOf(view));
  });
  app.get("/p/:slug/products", (request, reply) => {
    const slug = Slug.safeParse((request.params as { slug: unknown }).slug);
    if (!slug.success) return notFound(request, reply);
    return productsPage(request, reply, { slug: slug.data });
  });
  app.get("/p/:slug/products/:productId", (request, reply) => {
    const params = request.params as { slug: unknown; productId: unknown };
    const slug = Slug.safeParse(params.slug);
    if (!slug.success) return notFound(request, reply);
    return productPage(request, reply, { slug: slug.data }, params.productId);
  });
  // Anything else under /p/ is not a page (and never the web app's).
  app.get("/p/*", (request, reply) => notFound(request, reply));

  // A live site's logo, doctor's photo or active product's picture, resized to one of a few widths, as WebP.
  app.get("/p/:slug/img/:fileId", async (request, reply) => {
    const params = request.params as { slug: unknown; fileId: unknown };
    const query = request.query as { w?: unknown };
    const slug = Slug.safeParse(params.slug);
    const fileId = Id.safeParse(params.fileId);
    const width = Number(query.w);
    const fail = () =>
      reply
        .status(404)
        .header("Cache-Control", "no-store")
        .send({ error: { code: "NOT_FOUND", message: "Image not found" } });
    if (!slug.success || !fileId.success || !(imageWidths as readonly number[]).includes(width)) {
      return fail();
    }
    // A live site's, or one its manager is previewing (their own session, never cached shared).
    const live = await viewAt({ slug: slug.data });
    const view =
      live ??
      ((await managesSite(request, slug.data))
        ? await findSiteView(db, { slug: slug.data }, new Date(), { preview: true })
        : null);
    const allowed =
      view &&
      (view.org.logoFileId === fileId.data ||
        view.doctors.some((d) => d.photoFileId === fileId.data) ||
        (await isShopImage(db, view.org.id, fileId.data)));
    if (!view || !allowed) return fail();
    const key = `${view.org.id}:${fileId.data}:${width}`;
    let bytes = images.get(key);
    if (!bytes) {
      const [row] = await db
        .select({ storageKey: schema.file.storageKey, mimeType: schema.file.mimeType })
        .from(schema.file)
        .where(
          and(
            eq(schema.file.organizationId, view.org.id),
            eq(schema.file.id, fileId.data),
            inArray(schema.file.purpose, ["logo", "photo", "product_image"]),
          ),
        )
        .limit(1);
      if (!row || !row.mimeType.startsWith("image/")) return fail();
      const stream = await storage.get(row.storageKey);
      if (!stream) return fail();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
      try {
        bytes = await sharp(Buffer.concat(chunks), { limitInputPixels: 40_000_000 })
          .rotate()
          .resize({ width, withoutEnlargement: true })
          .webp({ quality: 78 })
          .toBuffer();
      } catch (err) {
        request.log.warn({ err, fileId: fileId.data }, "site image could not be resized");
        return fail();
      }
      images.set(key, bytes);
    }
    // A new logo or photo is a new file (a new address); a removed one stops being served here
    // at once, and browsers keep their copy a day.
    return reply
      .type("image/webp")
      .header(
        "Cache-Control",
        live ? "public, max-age=86400, stale-while-revalidate=604800" : "private, no-store",
      )
      .header("Cross-Origin-Resource-Policy", "cross-origin")
      .header("X-Content-Type-Options", "nosniff")
      .send(bytes);
  });

  app.get("/sitemap.xml", async (request, reply) => {
    const host = customHost(request);
    if (host) {
      const view = await viewAt({ host });
      if (view) return sendXml(reply, await sitemapOf(view));
    }
    const sites = await liveSites(db);
    return sendXml(
      reply,
      renderSitemapIndex(
        sites.map((s) => ({
          loc: `${appOrigin}/p/${s.slug}/sitemap.xml`,
          lastmod: s.updatedAt,
        })),
      ),
    );
  });

  app.get("/robots.txt", async (request, reply) => {
    const host = customHost(request);
    const view = host ? await viewAt({ host }) : null;
    const sitemaps = view
      ? [`https://${host}/sitemap.xml`]
      : [
          `${appOrigin}/sitemap.xml`,
          ...(await liveSites(db)).map((s) => `${appOrigin}/p/${s.slug}/sitemap.xml`),
        ];
    return reply
      .type("text/plain; charset=utf-8")
      .header("Cache-Control", "public, max-age=3600")
      .send(renderRobots(sitemaps));
  });

  // A verified custom domain: its practice's home at /, doctors at /doctors/<id> and its shop at
  // /products and /products/<id>. Answered
  // before routing, so the web app (served at / in production) keeps every other host.
  app.addHook("onRequest", async (request, reply) => {
    if (request.method !== "GET" && request.method !== "HEAD") return;
    const path = request.url.split("?")[0] ?? "/";
    const doctorMatch = /^\/doctors\/([^/]+)\/?$/.exec(path);
    const productMatch = /^\/products\/([^/]+)\/?$/.exec(path);
    const productsMatch = /^\/products\/?$/.test(path);
    if (path !== "/" && !doctorMatch && !productMatch && !productsMatch) return;
    const host = customHost(request);
    if (!host) return;
    if (productsMatch || productMatch) {
      // Not a practice's domain: whatever the host serves there.
      if (!(await viewAt({ host }))) return;
      if (productsMatch) return productsPage(request, reply, { host });
      let raw: string;
      try {
        raw = decodeURIComponent(productMatch?.[1] ?? "");
      } catch {
        return notFound(request, reply);
      }
      return productPage(request, reply, { host }, raw);
    }
    const view = await viewAt({ host });
    if (!view) return; // not a practice's domain: whatever the host serves there
    if (!doctorMatch) {
      return render(request, reply, view, { kind: "home" }, true);
    }
    const id = Id.safeParse(decodeURIComponent(doctorMatch[1] ?? ""));
    if (!id.success || !findDoctor(view, id.data)) return notFound(request, reply);
    return render(request, reply, view, { kind: "doctor", doctorId: id.data }, true);
  });

  // The booking island's hashed scripts (built by packages/site). Files are looked up per
  // request, so a build made after start-up (`pnpm dev` watches and rebuilds) is served too;
  // until then pages render without them.
  if (!existsSync(siteAssetsDir)) {
    app.log.info({ dir: siteAssetsDir }, "site islands not built yet; pages render without them");
    mkdirSync(siteAssetsDir, { recursive: true });
  }
  await app.register(fastifyStatic, {
    root: siteAssetsDir,
    prefix: "/site-assets/",
    decorateReply: false,
    setHeaders: (reply: FastifyReply) => {
      void reply.header("Cache-Control", "public, max-age=31536000, immutable");
    },
  });
}

/**
 * A visitor's call, from the page of a practice's verified custom domain, to the public
 * procedures on that same host: the booking island and the shop's cart there. Such a call carries none of our
 * cookies (they belong to Caredesk's own host) and reaches only public procedures, so it borrows
 * no one's authority; the CSRF guard lets it through.
 */
/** The app's procedures marked public on purpose (meta `public`): a visitor's, on any host. */
const publicProcedures = new Set(
  Object.entries(
    // tRPC keeps a flat path → procedure map beside the nested record it is typed as.
    appRouter._def.procedures as unknown as Record<
      string,
      { _def: { meta?: { public?: boolean } } }
    >,
  )
    .filter(([, procedure]) => procedure._def.meta?.public === true)
    .map(([path]) => path),
);

export async function isPracticeDomainCall(
  db: Database,
  request: Pick<FastifyRequest, "url" | "host" | "headers">,
): Promise<boolean> {
  const origin = request.headers.origin;
  if (!origin) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return false;
  }
  if (originHost !== request.host.toLowerCase()) return false;
  const path = request.url.split("?")[0] ?? "";
  if (!path.startsWith(`${trpcBasePath}/`)) return false;
  let names: string[];
  try {
    names = decodeURIComponent(path.slice(trpcBasePath.length + 1)).split(",");
  } catch {
    return false;
  }
  if (!names.every((name) => publicProcedures.has(name))) return false;
  try {
    await liveSite(db, { host: originHost.replace(/:\d+$/, "") });
    return true;
  } catch {
    return false;
  }
}
