// Where a site's pages and images are: on Caredesk under /p/<slug>, or at the root of the
// practice's verified custom domain. Canonical addresses prefer the custom domain.
import type { SiteData } from "../types";

export interface SiteUrls {
  /** Path of the home page on the host serving this request ("/p/slug" or ""). */
  basePath: string;
  /** Absolute root of the canonical site (no trailing slash). */
  canonicalRoot: string;
  /** Absolute origin serving this request. */
  origin: string;
}

export function siteUrls(data: SiteData, origin: string, onCustomDomain: boolean): SiteUrls {
  const base = `/p/${encodeURIComponent(data.org.slug)}`;
  return {
    basePath: onCustomDomain ? "" : base,
    canonicalRoot: data.site.customDomain
      ? `https://${data.site.customDomain}`
      : `${origin.replace(/\/$/, "")}${base}`,
    origin: origin.replace(/\/$/, ""),
  };
}

export const doctorPath = (doctorId: string) => `/doctors/${encodeURIComponent(doctorId)}`;

export const productsPath = "/products";
export const productPath = (productId: string) => `/products/${encodeURIComponent(productId)}`;

/** A public image of the site resized to `width` (WebP), served under /p/<slug>/img. */
export function imagePath(slug: string, fileId: string, width: number): string {
  return `/p/${encodeURIComponent(slug)}/img/${encodeURIComponent(fileId)}?w=${width}`;
}

export const imageWidths = [160, 320, 640] as const;
export type ImageWidth = (typeof imageWidths)[number];
