export * from "./client";
export * from "./constraints";
export * from "./errors";
export * from "./statements";
export * as schema from "./schema";
export {
  seedDemo,
  demoPassword,
  demoPractices,
  formatCredentials,
  openDemoSite,
  type SeedResult,
} from "./seed";
export * from "./jobs";
export {
  demoHospitalProducts,
  demoPharmacyProducts,
  ean13,
  seedPharmacy,
  type DemoLot,
  type DemoProduct,
} from "./seed-pharmacy";
export { practiceFeatures, type PracticeFeature } from "./schema/identity";
export type { SiteShift, SiteSocialLinks, SiteWeek } from "./schema/practice";
