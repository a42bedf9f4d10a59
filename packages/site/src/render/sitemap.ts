// Sitemaps and robots.txt of the public sites.

const escapeXml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");

const day = (d: Date) => d.toISOString().slice(0, 10);

/** One site's pages: its home and each doctor's page, with when they last changed. */
export function renderSitemap(urls: { loc: string; lastmod: Date }[]): string {
  const entries = urls
    .map((u) => `<url><loc>${escapeXml(u.loc)}</loc><lastmod>${day(u.lastmod)}</lastmod></url>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries}</urlset>`;
}

/** The sitemaps of every live site. */
export function renderSitemapIndex(sitemaps: { loc: string; lastmod: Date }[]): string {
  const entries = sitemaps
    .map(
      (s) =>
        `<sitemap><loc>${escapeXml(s.loc)}</loc><lastmod>${day(s.lastmod)}</lastmod></sitemap>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries}</sitemapindex>`;
}

/** Everything may be crawled; the sitemaps say where the sites are. */
export function renderRobots(sitemaps: string[]): string {
  return ["User-agent: *", "Allow: /", ...sitemaps.map((s) => `Sitemap: ${s}`), ""].join("\n");
}
