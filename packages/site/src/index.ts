// @caredesk/site: the practices' public sites rendered on the server (HTML, JSON-LD, sitemaps).
export {
  findDoctor,
  portalBookingUrl,
  renderNotFoundPage,
  renderSitePage,
  type RenderOptions,
  type SiteAssetsList,
  type SitePage,
} from "./render/page";
export {
  fill,
  formatPrice,
  formatTag,
  formatWeek,
  messagesFor,
  type DayHours,
  type SiteLang,
} from "./render/format";
export {
  decimalPrice,
  doctorJsonLd,
  openingHoursSpecification,
  practiceJsonLd,
  productJsonLd,
  serializeJsonLd,
} from "./render/jsonld";
export { renderRobots, renderSitemap, renderSitemapIndex } from "./render/sitemap";
export type { BookingIslandProps, CartIslandProps, CartLine } from "./islands/props";
export { cartStorageKey, checkoutHref } from "./islands/props";
export { safeHttpUrl } from "./render/safe-url";
export { siteCss } from "./render/theme";
export {
  doctorPath,
  imagePath,
  imageWidths,
  productPath,
  productsPath,
  siteUrls,
  type ImageWidth,
} from "./render/urls";
export type { Messages } from "./messages/en";
export { en } from "./messages/en";
export { ar } from "./messages/ar";
export type {
  PracticeKind,
  ProductAvailability,
  ProductListing,
  SiteData,
  SiteDoctorData,
  SiteProductData,
  SiteTemplate,
} from "./types";
export { siteAssets, siteAssetsBase, siteAssetsDir, type SiteAssets } from "./assets";
