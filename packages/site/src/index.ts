export { siteAssets, siteAssetsDir } from "./assets";
