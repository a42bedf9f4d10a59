// Memory under mixed load: the production server in a child process of its own (so its RSS is
// the server's alone, not the load generator's), driven for SOAK_SECONDS (default 600) by a mix
// of what a practice does all day — bookings (distinct slots, and some for a slot already
// taken), cancellations, the calendar (appointment.list), availability, patient search, the
// public site's home page, sign-ins and sign-outs — while live-calendar subscriptions (SSE)
// connect and disconnect. The server's RSS (from /proc) and V8 heap used (its own /metrics) are
// sampled every few seconds; after a 30 s warm-up, a straight line fitted through the rest
// says whether memory grows.
//   SOAK_SECONDS (600), SOAK_CONNECTIONS (8), SOAK_SAMPLE_SECONDS (5), SOAK_WARMUP_SECONDS (30)
//   SOAK_SERVER=dist   run the built server (dist/index.js) instead of src/index.ts through tsx
//   SOAK_WORKER=false  the server without its in-process job worker (--no-worker)
//   SOAK_HEAP_SNAPSHOTS=1  the server writes a heap snapshot at SOAK_SNAPSHOT_AT seconds (default
//     the warm-up's end) and another at the end (--heapsnapshot-signal), to compare in DevTools;
//     writing one stalls the server for seconds and inflates its RSS, so such a run's figures
//     are not the soak's.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, openSync, readFileSync, readdirSync } from "node:fs";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { join, resolve } from "node:path";
import { hashPassword, sessionCookieName } from "@caredesk/auth";
import { demoPractices, openDemoSite, schema, seedDemo, type DbHandle } from "@caredesk/db";
import {
  epochMinutesToLocal,
  fromEpochMinutes,
  localToEpochMinutes,
  toEpochMinutes,
} from "@caredesk/scheduling";
import { and, eq } from "drizzle-orm";
import superjson from "superjson";
import { createBenchPractice } from "./fixture";
import { env, writeResult } from "./lib";

export interface SoakResult {
  seconds: number;
  requests: number;
  rss_start_mb: number;
  rss_end_mb: number;
  rss_max_mb: number;
  heap_start_mb: number;
  heap_end_mb: number;
  growth_mb_per_min: number;
  heap_growth_mb_per_min: number;
  /**
   * The same from the end of the second minute: V8 sizes its heap to the load over the first
   * minute or two, which a fit from 30 s counts as growth.
   */
  after_120s: { rss_start_mb: number; rss_end_mb: number; growth_mb_per_min: number } | null;
  warmup_s: number;
  /** Per minute of the run: RSS's lowest and highest, and the lowest heap used (after GCs). */
  by_minute: { minute: number; rss_min_mb: number; rss_max_mb: number; heap_min_mb: number }[];
  connections: number;
  by_kind: Record<string, { ok: number; failed: number }>;
  sse_sessions: number;
  first_failure: string | null;
  samples: { t_s: number; rss_mb: number; heap_mb: number; requests: number }[];
}

type Kind =
  | "book"
  | "bookTaken"
  | "cancel"
  | "list"
  | "availability"
  | "patientSearch"
  | "siteHome"
  | "signIn";

/** How often each kind of request comes up in the mix (relative weights). */
const mix: [Kind, number][] = [
  ["list", 24],
  ["book", 18],
  ["patientSearch", 15],
  ["availability", 12],
  ["siteHome", 12],
  ["cancel", 9],
  ["bookTaken", 5],
  ["signIn", 2],
];
const mixTotal = mix.reduce((sum, [, weight]) => sum + weight, 0);
function pickKind(): Kind {
  let roll = Math.random() * mixTotal;
  for (const [kind, weight] of mix) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return "list";
}

const mb = (bytes: number) => Number((bytes / 1048576).toFixed(1));

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function byMinute(samples: SoakResult["samples"]): SoakResult["by_minute"] {
  const minutes = new Map<number, SoakResult["samples"]>();
  for (const s of samples) {
    const minute = Math.floor(s.t_s / 60);
    minutes.set(minute, [...(minutes.get(minute) ?? []), s]);
  }
  return [...minutes].map(([minute, inMinute]) => ({
    minute,
    rss_min_mb: Math.min(...inMinute.map((s) => s.rss_mb)),
    rss_max_mb: Math.max(...inMinute.map((s) => s.rss_mb)),
    heap_min_mb: Math.min(...inMinute.map((s) => s.heap_mb)),
  }));
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = address && typeof address === "object" ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Resident set size of a process, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export async function benchSoak(
  database: DbHandle,
  options: { seconds?: number; connections?: number; sampleSeconds?: number } = {},
): Promise<SoakResult> {
  const seconds = options.seconds ?? Number(process.env.SOAK_SECONDS ?? 600);
  const connections = options.connections ?? Number(process.env.SOAK_CONNECTIONS ?? 8);
  const sampleSeconds = options.sampleSeconds ?? Number(process.env.SOAK_SAMPLE_SECONDS ?? 5);
  const warmup = Number(process.env.SOAK_WARMUP_SECONDS ?? Math.min(30, Math.floor(seconds / 4)));
  const snapshotAt = Number(process.env.SOAK_SNAPSHOT_AT ?? warmup);
  const snapshots = process.env.SOAK_HEAP_SNAPSHOTS === "1";
  const { db } = database;

  const resources = 20;
  const practice = await createBenchPractice(database, { resources, patients: 2000 });
  const [owner] = await db
    .select({ email: schema.user.email })
    .from(schema.membership)
    .innerJoin(schema.user, eq(schema.user.id, schema.membership.userId))
    .where(
      and(
        eq(schema.membership.organizationId, practice.organizationId),
        eq(schema.membership.role, "owner"),
      ),
    );
  if (!owner) throw new Error("soak: the bench practice has no owner");
  const ownerEmail = owner.email;
  // The public site's home page: the demo hospital's, as the public-site bench serves it.
  await seedDemo(db, hashPassword);
  const hospital = demoPractices[0];
  const [site] = await db
    .select({ id: schema.organization.id })
    .from(schema.organization)
    .where(eq(schema.organization.slug, hospital.slug));
  if (!site) throw new Error("soak: the demo hospital is missing");
  await openDemoSite(db, site.id, hospital.slug);

  // The server as production runs it (`node dist/index.js` or, from source, `tsx src/index.ts`),
  // with its job worker, in a directory of its own (its mailbox, its heap snapshots).
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const workDir = mkdtempSync(join(tmpdir(), "caredesk-soak-"));
  const metricsToken = randomBytes(24).toString("hex");
  const serverDir = resolve(import.meta.dirname, "..");
  const fromDist = process.env.SOAK_SERVER === "dist";
  const entry = fromDist
    ? [resolve(serverDir, "dist/index.js")]
    : ["--import", import.meta.resolve("tsx"), resolve(serverDir, "src/index.ts")];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(snapshots ? ["--heapsnapshot-signal=SIGUSR2"] : []),
      ...entry,
      ...(process.env.SOAK_WORKER === "false" ? ["--no-worker"] : []),
    ],
    {
      cwd: workDir,
      // Its log (errors only, by default) goes to a file beside it.
      stdio: ["ignore", openSync(join(workDir, "server.log"), "a"), "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        APP_ORIGIN: base,
        DATABASE_URL: env.DATABASE_URL,
        DATABASE_POOL_MAX: String(env.DATABASE_POOL_MAX),
        DATA_DIR: workDir,
        SEED_DEMO: "false",
        LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? "error",
        RATE_LIMIT_MAX: "1000000",
        AUTH_RATE_LIMIT_MAX: "1000000",
        METRICS_TOKEN: metricsToken,
        BACKUP_CRON: "off",
      },
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error("soak: the server did not start");
  let exited = false;
  const exit = new Promise<void>((done) =>
    child.once("exit", () => {
      exited = true;
      done();
    }),
  );

  const agent = new Agent({ keepAlive: true, maxSockets: connections + 4 });
  const send = (
    method: "GET" | "POST",
    path: string,
    headers: Record<string, string> = {},
    body?: string,
  ) =>
    new Promise<Answer>((done, fail) => {
      const req = request({ host: "127.0.0.1", port, path, method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const bytes = Buffer.concat(chunks);
          const encoding = res.headers["content-encoding"];
          const plain =
            encoding === "br"
              ? brotliDecompressSync(bytes)
              : encoding === "gzip"
                ? gunzipSync(bytes)
                : bytes;
          done({ status: res.statusCode ?? 0, body: plain.toString("utf8"), headers: res.headers });
        });
        res.on("error", fail);
      });
      req.on("error", fail);
      req.end(body);
    });

  try {
    for (let tries = 0; ; tries++) {
      if (exited) throw new Error("soak: the server exited during start-up");
      const ready = await send("GET", "/readyz").catch(() => null);
      if (ready?.status === 200) break;
      if (tries > 600) throw new Error("soak: the server did not become ready in 60 s");
      await new Promise((done) => setTimeout(done, 100));
    }

    const staff = {
      cookie: `${sessionCookieName}=${practice.ownerToken}`,
      "x-organization-id": practice.organizationId,
      "accept-encoding": "br, gzip",
    };
    const post = (procedure: string, input: unknown, headers: Record<string, string> = staff) =>
      send(
        "POST",
        `/trpc/${procedure}`,
        { ...headers, "content-type": "application/json", origin: base },
        JSON.stringify(superjson.serialize(input)),
      );
    const get = (procedure: string, input: unknown) =>
      send(
        "GET",
        `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`,
        staff,
      );

    // Distinct slots: resource × 20-minute step over 07:00–21:00, day after day from the day
    // after tomorrow, so no two bookings of the `book` kind ask for the same one.
    const perDay = (14 * 60) / 20;
    const firstDay = epochMinutesToLocal(
      toEpochMinutes(new Date()) + 2 * 1440,
      practice.timeZone,
    ).date;
    const dayStart = (plusDays: number) =>
      (localToEpochMinutes(firstDay, "07:00", practice.timeZone) ?? 0) + plusDays * 1440;
    const slotCount = resources * perDay * 50;
    let nextSlot = 0;
    const slotOf = (n: number) => {
      const k = n % slotCount;
      const step = Math.floor(k / resources);
      return {
        day: Math.floor(step / perDay),
        start: fromEpochMinutes(dayStart(Math.floor(step / perDay)) + (step % perDay) * 20),
        resourceId: practice.resourceIds[k % resources] ?? "",
      };
    };
    // Booked and not yet cancelled, oldest first: what `cancel` and `bookTaken` pick from.
    const booked: { id: string; slot: number }[] = [];
    const patientAt = (n: number) => practice.patientIds[n % practice.patientIds.length];
    const bookBody = (slot: number) => {
      const { start, resourceId } = slotOf(slot);
      return {
        serviceId: practice.serviceId,
        patientId: patientAt(slot + Math.floor(Math.random() * 100)),
        start,
        resourceIds: [resourceId],
        idempotencyKey: randomUUID().replaceAll("-", ""),
      };
    };
    const idOf = (answer: Answer): string | null => {
      try {
        const parsed = JSON.parse(answer.body) as {
          result?: { data?: { json?: { id?: string } } };
        };
        return parsed.result?.data?.json?.id ?? null;
      } catch {
        return null;
      }
    };

    const byKind: Record<string, { ok: number; failed: number }> = {};
    let firstFailure: string | null = null;
    let requests = 0;
    const count = (kind: string, ok: boolean, answer: Answer | null) => {
      const tally = (byKind[kind] ??= { ok: 0, failed: 0 });
      if (ok) tally.ok++;
      else {
        tally.failed++;
        firstFailure ??= `${kind}: ${answer?.status ?? "no answer"} ${answer?.body.slice(0, 300) ?? ""}`;
      }
    };

    const searches = ["Patient 1", "patient 42", "Bench", "Patient 19", "+447400001", "Pat"];
    let turn = 0;
    async function one(kind: Kind): Promise<void> {
      turn++;
      switch (kind) {
        case "book": {
          const slot = nextSlot++;
          const answer = await post("appointment.book", bookBody(slot));
          const id = answer.status === 200 ? idOf(answer) : null;
          // After the slots run out they come round again: a slot still held answers CONFLICT.
          count(kind, id !== null || answer.status === 409, answer);
          if (id) booked.push({ id, slot });
          return;
        }
        case "bookTaken": {
          const taken = booked[booked.length - 1 - (turn % Math.max(1, booked.length))];
          if (!taken) return one("book");
          const answer = await post("appointment.book", bookBody(taken.slot));
          // Cancelled meanwhile by another connection: then the slot is free again.
          count(kind, answer.status === 409 || answer.status === 200, answer);
          return;
        }
        case "cancel": {
          const oldest = booked.shift();
          if (!oldest) return one("book");
          const answer = await post("appointment.cancel", { id: oldest.id, reason: "Soak" });
          count(kind, answer.status === 200, answer);
          return;
        }
        case "list": {
          const day = slotOf(Math.max(0, nextSlot - 1)).day;
          const from = fromEpochMinutes(dayStart(day) - 7 * 60);
          const to = fromEpochMinutes(dayStart(day) - 7 * 60 + 1440);
          const answer = await get("appointment.list", { from, to });
          count(kind, answer.status === 200, answer);
          return;
        }
        case "availability": {
          const answer = await get("availability.search", {
            serviceId: practice.serviceId,
            fromDate: firstDay,
            days: 7,
          });
          count(kind, answer.status === 200, answer);
          return;
        }
        case "patientSearch": {
          const answer = await get("patient.list", {
            search: searches[turn % searches.length],
            limit: 25,
          });
          count(kind, answer.status === 200, answer);
          return;
        }
        case "siteHome": {
          const answer = await send("GET", `/p/${hospital.slug}`, {
            "accept-encoding": "br, gzip",
          });
          count(kind, answer.status === 200, answer);
          return;
        }
        case "signIn": {
          const answer = await post(
            "auth.signIn",
            { email: ownerEmail, password: "bench password" },
            {},
          );
          const cookie = [answer.headers["set-cookie"] ?? []]
            .flat()
            .find((c) => c.startsWith(`${sessionCookieName}=`))
            ?.split(";")[0];
          count(kind, answer.status === 200 && cookie !== undefined, answer);
          if (cookie) {
            const out = await post("auth.signOut", undefined, { cookie });
            count("signOut", out.status === 200, out);
          }
          return;
        }
      }
    }

    // Live calendars: a subscriber connects, listens a few seconds, and goes away; again.
    let sseSessions = 0;
    const until = Date.now() + seconds * 1000;
    const sseInput = encodeURIComponent(JSON.stringify(superjson.serialize({})));
    const subscriber = async () => {
      while (Date.now() < until) {
        const ms = 2000 + Math.floor(Math.random() * 4000);
        const status = await new Promise<number>((done) => {
          const req = request(
            {
              host: "127.0.0.1",
              port,
              path: `/trpc/appointment.onChange?input=${sseInput}`,
              headers: { ...staff, accept: "text/event-stream" },
            },
            (res) => {
              res.on("data", () => undefined);
              res.on("error", () => undefined);
              setTimeout(() => {
                req.destroy();
                done(res.statusCode ?? 0);
              }, ms);
            },
          );
          req.on("error", () => done(0));
          req.end();
        });
        sseSessions++;
        count("subscription", status === 200, null);
      }
    };

    const samples: SoakResult["samples"] = [];
    const started = Date.now();
    const heapUsed = async () => {
      const metrics = await send("GET", "/metrics", { authorization: `Bearer ${metricsToken}` });
      const line = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics.body)?.[1];
      return line ? Number(line) : 0;
    };
    // One sample at a time: a server too busy to answer /metrics in time is skipped a turn.
    let sampling = false;
    const sample = async () => {
      if (sampling) return;
      sampling = true;
      const heap = await heapUsed().finally(() => {
        sampling = false;
      });
      samples.push({
        t_s: Math.round((Date.now() - started) / 100) / 10,
        rss_mb: mb(rssOf(pid)),
        heap_mb: mb(heap),
        requests,
      });
    };
    let snapshotTaken = false;
    const snapshot = () => {
      if (snapshots) child.kill("SIGUSR2");
    };
    let reportedAt = started;
    const sampler = setInterval(() => {
      void sample().catch(() => undefined);
      const latest = samples[samples.length - 1];
      if (latest && Date.now() - reportedAt >= 60_000) {
        reportedAt = Date.now();
        console.error(
          `soak: ${latest.t_s} s, rss ${latest.rss_mb} MB, heap ${latest.heap_mb} MB, ${latest.requests} requests`,
        );
      }
      if (!snapshotTaken && Date.now() - started >= snapshotAt * 1000) {
        snapshotTaken = true;
        snapshot();
      }
    }, sampleSeconds * 1000);
    await sample();

    const loop = async () => {
      while (Date.now() < until) {
        const kind = pickKind();
        try {
          await one(kind);
        } catch (error) {
          count(kind, false, { status: 0, body: String(error), headers: {} });
        }
        requests++;
      }
    };
    await Promise.all([...Array.from({ length: connections }, loop), subscriber(), subscriber()]);
    clearInterval(sampler);
    await sample();
    if (snapshots) {
      snapshot();
      await new Promise((done) => setTimeout(done, 15_000));
      const files = readdirSync(workDir).filter((f) => f.endsWith(".heapsnapshot"));
      console.log(`heap snapshots in ${workDir}: ${files.join(", ")}`);
    }

    const after = samples.filter((s) => s.t_s >= warmup);
    const first = after[0] ?? samples[0];
    const last = samples[samples.length - 1];
    if (!first || !last) throw new Error("soak: no samples");
    const fit = (pick: (s: (typeof samples)[number]) => number, from = after) =>
      Number(slope(from.map((s) => ({ x: s.t_s / 60, y: pick(s) }))).toFixed(2));
    const late = samples.filter((s) => s.t_s >= 120);
    const result: SoakResult = {
      seconds,
      requests,
      rss_start_mb: first.rss_mb,
      rss_end_mb: last.rss_mb,
      rss_max_mb: Math.max(...samples.map((s) => s.rss_mb)),
      heap_start_mb: first.heap_mb,
      heap_end_mb: last.heap_mb,
      growth_mb_per_min: fit((s) => s.rss_mb),
      heap_growth_mb_per_min: fit((s) => s.heap_mb),
      after_120s:
        late.length >= 2 && late[0]
          ? {
              rss_start_mb: late[0].rss_mb,
              rss_end_mb: last.rss_mb,
              growth_mb_per_min: fit((s) => s.rss_mb, late),
            }
          : null,
      warmup_s: warmup,
      by_minute: byMinute(samples),
      connections,
      by_kind: byKind,
      sse_sessions: sseSessions,
      first_failure: firstFailure,
      samples,
    };
    writeResult("memory", result);
    if (firstFailure) {
      console.error("soak: first failure:", firstFailure, `\n  server log: ${workDir}/server.log`);
    }
    return result;
  } finally {
    agent.destroy();
    if (!exited) {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 25_000);
      await exit;
      clearTimeout(force);
    }
    await practice.cleanup();
  }
}
