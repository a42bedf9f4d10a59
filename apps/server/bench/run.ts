// `pnpm bench`: every scenario, a printed table, one JSON file each under bench/results/.
// Uses DATABASE_URL when set (PostgreSQL), else the embedded database, and says which.
import { benchAuthTiming } from "./auth-timing";
import { benchAvailability } from "./availability";
import { benchBookingRace, benchBookingThroughput } from "./booking";
import { describeDatabase, openBenchDatabase, settle } from "./lib";
import { benchPatientSearch } from "./patient-search";
import { benchTrpcVsRaw } from "./trpc-vs-raw";

const database = await openBenchDatabase();
console.log(`Caredesk benchmarks on ${describeDatabase(database)}\n`);
const rows: Record<string, Record<string, number | string>> = {};

await settle(database);
const search = await benchPatientSearch(database);
rows["patient search (100k patients)"] = { p50_ms: search.p50_ms, p95_ms: search.p95_ms };

await settle(database);
const availability = await benchAvailability(database);
rows["availability (20 res × 14 d, 10k bookings)"] = {
  p50_ms: availability.p50_ms,
  p95_ms: availability.p95_ms,
};

await settle(database);
const race = await benchBookingRace(database);
rows["booking race (200 for one slot)"] = {
  successes: race.successes,
  conflicts: race.conflicts,
  other_errors: race.other_errors,
  overlaps: race.overlaps,
  wall_ms: race.wall_ms,
};

await settle(database);
const throughput = await benchBookingThroughput(database);
rows["booking throughput (distinct slots)"] = {
  bookings: throughput.bookings,
  bookings_per_s: throughput.bookings_per_s,
};

await settle(database);
const trpc = await benchTrpcVsRaw(database);
rows["appointment.list: tRPC vs raw Fastify"] = {
  trpc_rps: trpc.trpc_rps,
  raw_rps: trpc.raw_rps,
  ratio: trpc.ratio,
};

await settle(database);
const auth = await benchAuthTiming(database);
rows["failed sign-in: unknown email / wrong password"] = {
  unknown_p50_ms: auth.unknown_email_p50_ms,
  wrong_p50_ms: auth.wrong_password_p50_ms,
  ratio: auth.p50_ratio,
};

console.table(rows);
console.log("results written to bench/results/*.json");
await database.close();
