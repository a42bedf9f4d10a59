// Where the islands' built JavaScript lives and which files a page loads. The Vite build
// (packages/site/vite.config.ts) writes hashed files and a manifest; the server serves the
// assets directory at /site-assets/ with immutable caching and the pages name the entry.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** packages/site, whether this runs from its source or bundled into apps/server/dist. */
function packageRoot(): string {
  const own = resolve(here, "..");
  try {
    const pkg = JSON.parse(readFileSync(resolve(own, "package.json"), "utf8")) as { name?: string };
    if (pkg.name === "@caredesk/site") return own;
  } catch {
    // not next to our package.json: bundled into the server
  }
  return resolve(here, "../../../packages/site");
}

const distDir = resolve(packageRoot(), "dist");

/**
 * The absolute directory the server serves at /site-assets/ (immutable: every file under
 * assets/ has a content hash in its name). It is Vite's outDir, so the URLs Vite writes into
 * the bundle (base "/site-assets/") and the files match.
 */
export const siteAssetsDir = distDir;

export const siteAssetsBase = "/site-assets/";
const entry = "src/islands/main.ts";

interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}

export interface SiteAssets {
  /** Module scripts to load (`<script type="module" src>`), the entry first. */
  scripts: string[];
  /** Chunks the entry imports (`<link rel="modulepreload" href>`). */
  preload: string[];
}

let cached: SiteAssets | undefined;

function read(): SiteAssets {
  const manifestPath = resolve(distDir, ".vite/manifest.json");
  if (!existsSync(manifestPath)) return { scripts: [], preload: [] };
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, ManifestChunk>;
  const main = manifest[entry];
  if (!main) return { scripts: [], preload: [] };
  // Files in the manifest are relative to dist ("assets/main-abc123.js").
  const url = (file: string) => siteAssetsBase + file;
  const preload: string[] = [];
  const seen = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    preload.push(url(chunk.file));
    for (const next of chunk.imports ?? []) walk(next);
  };
  for (const next of main.imports ?? []) walk(next);
  return { scripts: [url(main.file)], preload };
}

/** The islands' scripts and preloads as URL paths; empty arrays when the site was not built. */
export function siteAssets(): SiteAssets {
  if (cached) return cached;
  const assets = read();
  // Cache only a built result so a build made after start-up (dev) is still picked up.
  if (assets.scripts.length > 0) cached = assets;
  return assets;
}
