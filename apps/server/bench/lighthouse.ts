// Lighthouse (mobile: a mid-range phone on a slow 4G link, simulated) on the demo hospital's
// public home page, served by the production build of this server from the bench database.
// Needs `pnpm build` first (the site's islands and the web app) and Debian's Chromium.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { hashPassword } from "@caredesk/auth";
import { demoPractices, openDemoSite, schema, seedDemo, type DbHandle } from "@caredesk/db";
import * as chromeLauncher from "chrome-launcher";
import { eq } from "drizzle-orm";
import lighthouse from "lighthouse";
import { buildServer } from "../src/app";
import { env, writeResult } from "./lib";

export interface LighthouseResult {
  url: string;
  performance: number;
  accessibility: number;
  fcp_ms: number;
  lcp_ms: number;
  cls: number;
  tbt_ms: number;
  speed_index_ms: number;
  transferred_kb: number;
  js_kb: number;
}

const chromium = process.env.CHROME_PATH ?? "/usr/bin/chromium";

export async function benchLighthouse(database: DbHandle): Promise<LighthouseResult> {
  const webDist = resolve(import.meta.dirname, "../../web/dist");
  if (!existsSync(resolve(webDist, "index.html"))) {
    throw new Error("lighthouse: run `pnpm build` first (apps/web/dist is missing)");
  }
  await seedDemo(database.db, hashPassword);
  const hospital = demoPractices[0];
  const [org] = await database.db
    .select({ id: schema.organization.id })
    .from(schema.organization)
    .where(eq(schema.organization.slug, hospital.slug));
  if (!org) throw new Error("lighthouse: the demo hospital is missing");
  // A database seeded before sites existed has the practice but not its live site.
  await openDemoSite(database.db, org.id, hospital.slug);

  const app = await buildServer({
    env: {
      ...env,
      NODE_ENV: "production",
      WEB_DIST: webDist,
      ADMIN_DIST: resolve(import.meta.dirname, "../../admin/dist"),
    },
    database,
    logger: false,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  const url = `http://127.0.0.1:${address.port}/p/${hospital.slug}`;

  const chrome = await chromeLauncher.launch({
    chromePath: chromium,
    chromeFlags: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    // One warm-up load (the server's caches), then the measured run.
    await lighthouse(url, {
      port: chrome.port,
      logLevel: "error",
      onlyCategories: ["performance"],
    });
    const run = await lighthouse(url, {
      port: chrome.port,
      logLevel: "error",
      output: "json",
      onlyCategories: ["performance", "accessibility"],
    });
    if (!run) throw new Error("lighthouse returned nothing");
    const { categories, audits } = run.lhr;
    const numeric = (id: string) => Math.round(audits[id]?.numericValue ?? Number.NaN);
    const items = (audits["network-requests"]?.details as { items?: NetworkItem[] } | undefined)
      ?.items;
    const bytes = (filter: (item: NetworkItem) => boolean) =>
      Math.round(
        ((items ?? []).filter(filter).reduce((sum, item) => sum + (item.transferSize ?? 0), 0) /
          1024) *
          10,
      ) / 10;
    const result: LighthouseResult = {
      url: `/p/${hospital.slug}`,
      performance: Math.round((categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
      fcp_ms: numeric("first-contentful-paint"),
      lcp_ms: numeric("largest-contentful-paint"),
      cls: Number((audits["cumulative-layout-shift"]?.numericValue ?? 0).toFixed(3)),
      tbt_ms: numeric("total-blocking-time"),
      speed_index_ms: numeric("speed-index"),
      transferred_kb: bytes(() => true),
      js_kb: bytes((item) => item.resourceType === "Script"),
    };
    writeResult("lighthouse", result);
    return result;
  } finally {
    chrome.kill();
    await app.close();
  }
}

interface NetworkItem {
  url: string;
  transferSize?: number;
  resourceType?: string;
}
