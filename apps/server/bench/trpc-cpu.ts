// Node CPU per request of appointment.list on each way /trpc can be served (tRPC's Fastify
// plugin, the lean path) and of its raw twin, through Fastify's inject (no sockets, no load
// generator in the figures), alternating in rounds. CPU time, unlike requests per second,
// barely moves with the load other processes put on the machine; PostgreSQL's own CPU is not
// in it. `tsx bench/trpc-cpu.ts [requests per round] [rounds]` with DATABASE_URL set.
import type { FastifyInstance } from "fastify";
import { buildServer } from "../src/app";
import { createBenchPractice } from "./fixture";
import { env, openBenchDatabase, quantile } from "./lib";
import { profiled } from "./profile-window";
import {
  benchDay,
  dayBookingBody,
  dayListPaths,
  ownerHeaders,
  registerRawTwin,
} from "./trpc-vs-raw";

const perRound = Number(process.argv[2] ?? 2000);
const rounds = Number(process.argv[3] ?? 5);
const concurrency = 10;

const database = await openBenchDatabase();
const pool = database.sql;
if (!pool) throw new Error("needs DATABASE_URL");
const practice = await createBenchPractice(database, { resources: 10, patients: 40 });
const lean = await buildServer({ env, database, logger: false, trpcAdapter: "lean" });
const plugin = await buildServer({ env, database, logger: false, trpcAdapter: "plugin" });
registerRawTwin(lean, pool);
await lean.ready();
await plugin.ready();

const { dayStart, range } = benchDay(practice);
const headers = ownerHeaders(practice);
for (let i = 0; i < 40; i++) {
  const booked = await lean.inject({
    method: "POST",
    url: "/trpc/appointment.book",
    headers: { ...headers, origin: env.appOrigin, "content-type": "application/json" },
    payload: dayBookingBody(practice, dayStart, i, "trpc-cpu"),
  });
  if (booked.statusCode !== 200) throw new Error(`booking: ${booked.statusCode} ${booked.body}`);
}
const { trpc: trpcUrl, raw: rawUrl } = dayListPaths(range);

async function cpuPerRequest(app: FastifyInstance, url: string, n: number) {
  const before = process.cpuUsage();
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const r = await app.inject({ method: "GET", url, headers });
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

const sides = {
  plugin: profiled("cpu-plugin", () => cpuPerRequest(plugin, trpcUrl, perRound)),
  lean: profiled("cpu-lean", () => cpuPerRequest(lean, trpcUrl, perRound)),
  raw: profiled("cpu-raw", () => cpuPerRequest(lean, rawUrl, perRound)),
};
// Warm-up.
for (const app of [plugin, lean]) await cpuPerRequest(app, trpcUrl, 500);
await cpuPerRequest(lean, rawUrl, 500);
const seen: Record<keyof typeof sides, number[]> = { plugin: [], lean: [], raw: [] };
for (let round = 0; round < rounds; round++) {
  const all = ["plugin", "lean", "raw"] as const;
  const order = [0, 1, 2].map((i) => all[(i + round) % 3] ?? "raw");
  for (const side of order) seen[side].push(await sides[side]());
}
const median = (values: number[]) => quantile(values, 0.5);
const result = {
  us_per_request: {
    plugin: Math.round(median(seen.plugin)),
    lean: Math.round(median(seen.lean)),
    raw: Math.round(median(seen.raw)),
  },
  cpu_ratio_plugin: Number((median(seen.raw) / median(seen.plugin)).toFixed(3)),
  cpu_ratio_lean: Number((median(seen.raw) / median(seen.lean)).toFixed(3)),
  rounds: seen,
};
console.log(JSON.stringify(result, null, 2));
await lean.close();
await plugin.close();
await practice.cleanup();
await database.close();
