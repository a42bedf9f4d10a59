export * from "./client";
export * from "./constraints";
export * from "./errors";
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
export { practiceFeatures, type PracticeFeature } from "./schema/identity";
export type { SiteShift, SiteSocialLinks, SiteWeek } from "./schema/practice";
