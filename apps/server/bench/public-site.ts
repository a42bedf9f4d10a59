// The public site under load: the demo hospital's server-rendered home and doctor pages, fetched
// by 50 concurrent clients over keep-alive connections for a few seconds. TTFB is the time from
// sending a request to its response's headers arriving (the page is rendered whole before the
// first byte, so it is the server's time for the page). Also the home page's HTML size
// (uncompressed) and the gzip size of the JavaScript it loads (the booking island).
//
// Beside it, the home page alone against its raw twin, alternated (`alternate()`), pages per
// second over the same 50 connections: `raw_per_s` and `ratio` (product / raw). The raw twin is a
// plain Fastify route in the same server (so the server's global hooks, security headers
// included, run for both). Per request it sends the one statement the product sends per
// request (the live site with its practice and plan: the same SQL text through the postgres.js
// pool, a tagged template), shared by concurrent requests for one address as the product shares
// it, so both send the same statements; it decides liveness the same way and answers with the
// same render (packages/site's renderSitePage, kept per page and fingerprint as the product
// keeps it) and the same headers (ETag, Cache-Control, Vary). It leaves out the data layer and
// routing: Drizzle, zod's slug check, the site view's assembly. The directory part (doctors,
// services, reviews, FAQ, free times) and the shop teaser, which the product reads at most
// every 30 s and 5 s, come from one read at start-up: the raw twin sends no more than one
// statement per page.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { Worker } from "node:worker_threads";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { hashPassword } from "@caredesk/auth";
import { findSiteView, type SiteView } from "@caredesk/api";
import { demoPractices, openDemoSite, schema, seedDemo, type DbHandle } from "@caredesk/db";
import { renderSitePage, siteAssets, siteAssetsBase, siteAssetsDir } from "@caredesk/site";
import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { buildServer } from "../src/app";
import { etagOf, pageFingerprint } from "../src/site";
import { alternate, env, quantile, writeResult } from "./lib";
import { profiled } from "./profile-window";

export interface PublicSiteResult {
  pages: number;
  ttfb_p50_ms: number;
  ttfb_p95_ms: number;
  html_kb: number;
  js_kb_gzip: number;
  /** The home page alone, product route: pages per second (median of alternated rounds). */
  home_per_s: number;
  /** Its raw twin (see the top of this file): pages per second. */
  raw_per_s: number;
  /** home_per_s / raw_per_s. */
  ratio: number;
}

/** One GET: milliseconds to the response's headers, its status and its body. */
function get(agent: Agent, port: number, path: string) {
  return new Promise<{ ttfb: number; status: number; body: Buffer }>((done, fail) => {
    const started = process.hrtime.bigint();
    const req = request({ host: "127.0.0.1", port, path, agent }, (res) => {
      const ttfb = Number(process.hrtime.bigint() - started) / 1e6;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => done({ ttfb, status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}

/** The load client (plain JavaScript: a worker thread has no TypeScript loader). */
const loadClient = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { port, paths, connections, seconds } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const samples = [];
let failures = 0;
let next = 0;
const until = Date.now() + seconds * 1000;
function get(path) {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const req = http.request({ host: "127.0.0.1", port, path, agent }, (res) => {
      const ttfb = Number(process.hrtime.bigint() - started) / 1e6;
      res.on("data", () => {});
      res.on("end", () => done({ ttfb, status: res.statusCode }));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}
async function client() {
  while (Date.now() < until) {
    const page = await get(paths[next++ % paths.length]);
    if (page.status !== 200) failures++;
    samples.push(page.ttfb);
  }
}
Promise.all(Array.from({ length: connections }, client)).then(() => {
  agent.destroy();
  parentPort.postMessage({ samples, failures });
});
`;

export async function benchPublicSite(
  database: DbHandle,
  options: { connections?: number; seconds?: number; rounds?: number; roundSeconds?: number } = {},
): Promise<PublicSiteResult> {
  const connections = options.connections ?? 50;
  const seconds = options.seconds ?? 10;
  const { db } = database;
  await seedDemo(db, hashPassword);
  const hospital = demoPractices[0];
  const [org] = await db
    .select({ id: schema.organization.id })
    .from(schema.organization)
    .where(eq(schema.organization.slug, hospital.slug));
  if (!org) throw new Error("public-site: the demo hospital is missing");
  // A database seeded before sites existed has the practice but not its live site.
  await openDemoSite(db, org.id, hospital.slug);
  const doctors = await db
    .select({ id: schema.practitioner.id })
    .from(schema.practitioner)
    .where(
      and(eq(schema.practitioner.organizationId, org.id), eq(schema.practitioner.active, true)),
    )
    .orderBy(schema.practitioner.name)
    .limit(5);

  const app = await buildServer({ env, database, logger: false });
  const directory = await findSiteView(db, { slug: hospital.slug });
  if (!directory) throw new Error("public-site: the demo hospital's site is not live");
  registerRawHome(app, database, directory);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  const port = address.port;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const home = `/p/${hospital.slug}`;
  const paths = [home, ...doctors.map((d) => `${home}/doctors/${d.id}`)];
  try {
    // Warm-up: every page once (the site's in-process view, the JIT).
    for (const path of paths) {
      const page = await get(agent, port, path);
      if (page.status !== 200) throw new Error(`public-site: ${path} answered ${page.status}`);
    }
    const homePage = await get(agent, port, home);

    // The clients run on a thread of their own (the machine's other core), so the figures are
    // the server's and not the load generator's. A first round under load warms the JIT.
    const load = (duration: number) =>
      new Promise<{ samples: number[]; failures: number }>((done, fail) => {
        const worker = new Worker(loadClient, {
          eval: true,
          workerData: { port, paths, connections, seconds: duration },
        });
        worker.once("message", done);
        worker.once("error", fail);
      });
    await load(3);
    const { samples, failures } = await load(seconds);
    if (failures > 0) throw new Error(`public-site: ${failures} pages failed under load`);

    // The home page against its raw twin: same answer first, then alternated rounds.
    const rawHome = `/bench/raw-site/${hospital.slug}`;
    const rawPage = await get(agent, port, rawHome);
    if (rawPage.status !== 200 || !rawPage.body.equals(homePage.body)) {
      throw new Error("public-site: the raw twin's home page differs from the product's");
    }
    const rate = (path: string) => async () => {
      const pass = await loadPaths([path], rounds.seconds);
      if (pass.failures > 0) throw new Error(`public-site: ${pass.failures} failed on ${path}`);
      return Math.round(pass.samples.length / rounds.seconds);
    };
    const loadPaths = (only: string[], duration: number) =>
      new Promise<{ samples: number[]; failures: number }>((done, fail) => {
        const worker = new Worker(loadClient, {
          eval: true,
          workerData: { port, paths: only, connections, seconds: duration },
        });
        worker.once("message", done);
        worker.once("error", fail);
      });
    const rounds = { count: options.rounds ?? 6, seconds: options.roundSeconds ?? 4 };
    const side = await alternate(
      "rate",
      rounds.count,
      profiled("public-site-home", rate(home)),
      profiled("public-site-raw", rate(rawHome)),
    );

    // The JavaScript the home page loads: its module scripts and their preloaded chunks.
    const assets = siteAssets();
    const jsBytes = [...assets.scripts, ...assets.preload]
      .map((url) => readFileSync(resolve(siteAssetsDir, url.slice(siteAssetsBase.length))))
      .reduce((sum, bytes) => sum + gzipSync(bytes, { level: 9 }).length, 0);

    const result: PublicSiteResult = {
      pages: paths.length,
      ttfb_p50_ms: quantile(samples, 0.5),
      ttfb_p95_ms: quantile(samples, 0.95),
      html_kb: Math.round((homePage.body.length / 1024) * 10) / 10,
      js_kb_gzip: Math.round((jsBytes / 1024) * 10) / 10,
      home_per_s: side.product,
      raw_per_s: side.raw,
      ratio: side.ratio,
    };
    writeResult("public-site", result);
    console.log(
      `public-site: ${samples.length} pages in ${seconds} s over ${connections} connections; ` +
        `html_kb is the home page uncompressed (${gzipSync(homePage.body).length} B gzipped); ` +
        (assets.scripts.length > 0
          ? `js from ${assets.scripts.join(", ")}`
          : "the islands are not built (pnpm build): js_kb_gzip is 0") +
        `; home vs raw twin (pages/s) by round: ${side.rounds.map((r) => `${r.product}/${r.raw}`).join(", ")}`,
    );
    return result;
  } finally {
    agent.destroy();
    await app.close();
  }
}

/**
 * The home page's raw twin (see the top of this file): the product's per-request statement
 * through postgres.js, the same liveness rule, the same render kept the same way, the same
 * headers. Not a route of the product: registered by this bench only.
 */
function registerRawHome(app: FastifyInstance, database: DbHandle, directory: SiteView) {
  const sql = database.sql;
  if (!sql) throw new Error("public-site: the raw twin needs PostgreSQL (DATABASE_URL)");
  const dayMs = 86_400_000;
  const pages = new Map<string, { fingerprint: string; html: Buffer; etag: string }>();
  const slugPattern = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
  // The statement liveSite sends (drizzle's text, column for column); requests for one address
  // while its statement is under way share it, as the product's site view does.
  const pending = new Map<string, Promise<unknown[][]>>();
  const lookup = (slug: string) => {
    let shared = pending.get(slug);
    if (!shared) {
      const started: Promise<unknown[][]> =
        sql`select "organization"."id", "organization"."slug", "organization"."name", "organization"."kind", "organization"."time_zone", "organization"."currency", "organization"."country", "organization"."locale", "organization"."features", "organization"."created_at", "organization"."logo_file_id", "organization"."tooth_numbering", "organization"."chart_primary_teeth", "organization"."directory_version", "practice_site"."organization_id", "practice_site"."step", "practice_site"."template", "practice_site"."about", "practice_site"."address_line", "practice_site"."city", "practice_site"."region", "practice_site"."postal_code", "practice_site"."latitude", "practice_site"."longitude", "practice_site"."phone", "practice_site"."email", "practice_site"."website_url", "practice_site"."social", "practice_site"."hours", "practice_site"."published_at", "practice_site"."custom_domain", "practice_site"."domain_token_hash", "practice_site"."domain_verified_at", "practice_site"."created_at", "practice_site"."updated_at", "organization"."suspended_at", "subscription"."paid_until", "subscription"."grace_days" from "organization" inner join "practice_site" on "practice_site"."organization_id" = "organization"."id" inner join "subscription" on "subscription"."organization_id" = "organization"."id" where "organization"."slug" = ${slug} limit ${1}`.values();
      const entry = started.finally(() => {
        if (pending.get(slug) === entry) pending.delete(slug);
      });
      pending.set(slug, entry);
      shared = entry;
    }
    return shared;
  };
  app.get("/bench/raw-site/:slug", async (request, reply) => {
    const { slug } = request.params as { slug: string };
    if (!slugPattern.test(slug)) return reply.status(404).send();
    const [row] = await lookup(slug);
    const now = Date.now();
    // Drizzle has the pool hand timestamps over as text (it maps them itself): so here too.
    const paidUntil = row?.[36] ? new Date(row[36] as string) : null;
    const live =
      row &&
      row[35] === null && // suspended_at
      row[29] !== null && // published_at
      paidUntil !== null &&
      now < paidUntil.getTime() + Number(row[37]) * dayMs;
    if (!live) return reply.status(404).send();
    const view: SiteView = {
      ...directory,
      org: {
        id: row[0] as string,
        name: row[2] as string,
        slug: row[1] as string,
        kind: row[3] as SiteView["org"]["kind"],
        locale: row[7] as string,
        currency: row[5] as string,
        timeZone: row[4] as string,
        country: row[6] as string | null,
        logoFileId: row[10] as string | null,
        features: row[8] as SiteView["org"]["features"],
      },
      site: {
        template: row[16] as SiteView["site"]["template"],
        about: row[17] as string,
        addressLine: row[18] as string,
        city: row[19] as string,
        region: row[20] as string,
        postalCode: row[21] as string,
        latitude: row[22] as number | null,
        longitude: row[23] as number | null,
        phone: row[24] as string,
        email: row[25] as string,
        websiteUrl: row[26] as string,
        social: row[27] as SiteView["site"]["social"],
        // The stored week as the product normalises it (the start-up read's, same row).
        hours: directory.site.hours,
        customDomain: row[32] ? (row[30] as string | null) : null,
        updatedAt: new Date(row[34] as string),
      },
    };
    const assets = siteAssets();
    const lang = view.org.locale.toLowerCase().startsWith("ar") ? "ar" : "en";
    const key = `${view.org.id}||${lang}|`;
    const fingerprint = pageFingerprint(view, assets.scripts);
    let cached = pages.get(key);
    if (!cached || cached.fingerprint !== fingerprint) {
      const html = Buffer.from(
        renderSitePage(
          view,
          { kind: "home" },
          { lang, origin: env.appOrigin, appOrigin: env.appOrigin, assets },
        ),
      );
      cached = { fingerprint, html, etag: etagOf(html) };
      pages.set(key, cached);
    }
    void reply
      .type("text/html; charset=utf-8")
      .header("Cache-Control", "no-cache")
      .header("ETag", cached.etag)
      .header("Vary", "Accept-Encoding, Cookie");
    if (request.headers["if-none-match"] === cached.etag) return reply.status(304).send();
    return reply.send(cached.html);
  });
}
