// The public site under load: the demo hospital's server-rendered home and doctor pages, fetched
// by 50 concurrent clients over keep-alive connections for a few seconds. TTFB is the time from
// sending a request to its response's headers arriving (the page is rendered whole before the
// first byte, so it is the server's time for the page). Also the home page's HTML size
// (uncompressed) and the gzip size of the JavaScript it loads (the booking island).
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { Worker } from "node:worker_threads";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { hashPassword } from "@caredesk/auth";
import { demoPractices, openDemoSite, schema, seedDemo, type DbHandle } from "@caredesk/db";
import { siteAssets, siteAssetsBase, siteAssetsDir } from "@caredesk/site";
import { and, eq } from "drizzle-orm";
import { buildServer } from "../src/app";
import { env, quantile, writeResult } from "./lib";

export interface PublicSiteResult {
  pages: number;
  ttfb_p50_ms: number;
  ttfb_p95_ms: number;
  html_kb: number;
  js_kb_gzip: number;
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
  options: { connections?: number; seconds?: number } = {},
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
    };
    writeResult("public-site", result);
    console.log(
      `public-site: ${samples.length} pages in ${seconds} s over ${connections} connections; ` +
        `html_kb is the home page uncompressed (${gzipSync(homePage.body).length} B gzipped); ` +
        (assets.scripts.length > 0
          ? `js from ${assets.scripts.join(", ")}`
          : "the islands are not built (pnpm build): js_kb_gzip is 0"),
    );
    return result;
  } finally {
    agent.destroy();
    await app.close();
  }
}
