// `pnpm bench`: every scenario, a printed table, one JSON file each under bench/results/.
// Uses DATABASE_URL when set (PostgreSQL), else the embedded database, and says which.
import { benchAssistant } from "./assistant";
import { benchAuthTiming } from "./auth-timing";
import { benchAvailability } from "./availability";
import { benchBookingRace, benchBookingThroughput } from "./booking";
import { benchClinical } from "./clinical";
import { benchEscrow } from "./escrow";
import { benchExport } from "./export";
import { benchImport } from "./import";
import { describeDatabase, openBenchDatabase, settle } from "./lib";
import { benchConfirmationLatency, benchNotifications } from "./notifications";
import { benchPatientSearch } from "./patient-search";
import { benchPayments } from "./payments";
import { benchPharmacy } from "./pharmacy";
import { benchPublicSite } from "./public-site";
import { benchReminderDelivery } from "./reminder-delivery";
import { benchSoak } from "./soak";
import { benchLighthouse } from "./lighthouse";
import { benchTrpcVsRaw } from "./trpc-vs-raw";
import { benchTypecheck } from "./typecheck";

const database = await openBenchDatabase();
console.log(`Caredesk benchmarks on ${describeDatabase(database)}\n`);
/** Each scenario from a settled database, and the figures of it the table shows. */
const scenarios: [string, () => Promise<Record<string, number | string>>][] = [
  [
    "patient search (100k patients)",
    async () => {
      const r = await benchPatientSearch(database);
      return { p50_ms: r.p50_ms, p95_ms: r.p95_ms, raw_p50_ms: r.raw_p50_ms, ratio: r.ratio };
    },
  ],
  [
    "availability (20 res × 14 d, 10k bookings)",
    async () => {
      const r = await benchAvailability(database);
      return { p50_ms: r.p50_ms, p95_ms: r.p95_ms, raw_p50_ms: r.raw_p50_ms, ratio: r.ratio };
    },
  ],
  [
    "booking race (200 for one slot)",
    async () => {
      const r = await benchBookingRace(database);
      const { successes, conflicts, other_errors, overlaps, wall_ms } = r;
      return { successes, conflicts, other_errors, overlaps, wall_ms };
    },
  ],
  [
    "booking throughput (distinct slots)",
    async () => {
      const r = await benchBookingThroughput(database);
      return { bookings: r.bookings, bookings_per_s: r.bookings_per_s };
    },
  ],
  [
    "appointment.list: tRPC vs raw Fastify",
    async () => {
      const r = await benchTrpcVsRaw(database);
      return { trpc_rps: r.trpc_rps, rest_rps: r.rest_rps, raw_rps: r.raw_rps, ratio: r.ratio };
    },
  ],
  [
    "failed sign-in: unknown email / wrong password",
    async () => {
      const r = await benchAuthTiming(database);
      return {
        unknown_p50_ms: r.unknown_email_p50_ms,
        wrong_p50_ms: r.wrong_password_p50_ms,
        ratio: r.p50_ratio,
      };
    },
  ],
  [
    "notifications: 10k reminders, worker killed once",
    async () => {
      const r = await benchNotifications(database);
      const { delivered, duplicates, lost, per_s, seconds, killed_at_s, resent } = r;
      return { delivered, duplicates, lost, per_s, seconds, killed_at_s, resent };
    },
  ],
  [
    "notifications: booking to confirmation email",
    async () => {
      const r = await benchConfirmationLatency(database);
      return { p50_ms: r.p50_ms, p95_ms: r.p95_ms };
    },
  ],
  [
    "notifications: reminder delivery beside its raw twin",
    async () => {
      const r = await benchReminderDelivery(database);
      return {
        delivery_per_s: r.delivery_per_s,
        raw_per_s: r.raw_per_s,
        ratio: r.ratio,
        delivered_once: String(r.delivered_once),
        statements_match: String(r.statements_match),
        messages_match: String(r.messages_match),
      };
    },
  ],
  [
    "clinical: chart and ledger of a 300-treatment patient",
    async () => {
      const r = await benchClinical(database);
      const { treatments, submissions, chart_p50_ms, chart_p95_ms, ledger_p50_ms } = r;
      return { treatments, submissions, chart_p50_ms, chart_p95_ms, ledger_p50_ms };
    },
  ],
  [
    "payments: 2,000 Stripe events, duplicated and shuffled",
    async () => {
      const r = await benchPayments(database);
      const { events, duplicates_sent, reordered, applied_once, ledger_balanced } = r;
      return {
        events,
        duplicates_sent,
        reordered,
        applied_once: String(applied_once),
        ledger_balanced: String(ledger_balanced),
        events_per_s: r.events_per_s,
      };
    },
  ],
  [
    "escrow: 1,000 releases by 4 releasers",
    async () => {
      const r = await benchEscrow(database);
      return {
        consultations: r.consultations,
        released_once: String(r.released_once),
        fee_total_minor: r.fee_total_minor,
        drift_minor: r.drift_minor,
      };
    },
  ],
  [
    "pharmacy: 200 orders for the last 50 units; search over 50,000 products",
    async () => {
      const r = await benchPharmacy(database);
      const { units_available, units_sold, oversold, fefo_violations } = r;
      return {
        units_available,
        units_sold,
        oversold,
        fefo_violations,
        order_p50_ms: r.order_p50_ms,
        search_p50_ms: r.search_p50_ms,
      };
    },
  ],
  [
    "lighthouse: the demo hospital's site on a phone",
    async () => {
      const r = await benchLighthouse(database);
      const { performance, accessibility, fcp_ms, lcp_ms, cls, tbt_ms, transferred_kb } = r;
      return { performance, accessibility, fcp_ms, lcp_ms, cls, tbt_ms, transferred_kb };
    },
  ],
  [
    "public-site: the demo hospital's pages, 50 connections",
    async () => {
      const r = await benchPublicSite(database);
      const { pages, ttfb_p50_ms, ttfb_p95_ms, html_kb, js_kb_gzip } = r;
      return { pages, ttfb_p50_ms, ttfb_p95_ms, html_kb, js_kb_gzip };
    },
  ],
  [
    "assistant: questions on the three demo practices' sites",
    async () => {
      const r = await benchAssistant(database);
      const { questions, correct, cited, unknown_handled, red_flags_total, red_flags_caught } = r;
      return {
        questions,
        correct,
        cited,
        unknown_handled,
        red_flags: `${red_flags_caught}/${red_flags_total}`,
        p50_ms: r.p50_ms,
        p95_ms: r.p95_ms,
      };
    },
  ],
  [
    "import: 100,000 patients from CSV, then the same file again",
    async () => {
      const r = await benchImport(database);
      return {
        rows: r.rows,
        seconds: r.seconds,
        rows_per_s: r.rows_per_s,
        duplicates_created: r.duplicates_created,
      };
    },
  ],
  [
    "export: 100,000 patients as CSV, memory sampled",
    async () => {
      const r = await benchExport(database);
      return {
        rows: r.rows,
        rows_per_s: r.rows_per_s,
        peak_rss_mb: r.peak_rss_mb,
        rss_growth_mb: r.rss_growth_mb,
        rss_growth_mb_at_10k: r.rss_growth_mb_at_10k,
      };
    },
  ],
  [
    "memory soak: the server under mixed load (SOAK_SECONDS, default 600)",
    async () => {
      const r = await benchSoak(database);
      const { seconds, requests, rss_start_mb, rss_end_mb, rss_max_mb } = r;
      return {
        seconds,
        requests,
        rss_start_mb,
        rss_end_mb,
        rss_max_mb,
        growth: r.growth_mb_per_min,
      };
    },
  ],
  [
    "typecheck: every package, cold and warm",
    () => {
      const { cold_s, warm_s, packages, ok } = benchTypecheck();
      return Promise.resolve({ cold_s, warm_s, packages, ok: String(ok) });
    },
  ],
];

// `pnpm bench tRPC` (or any part of a scenario's name) runs only the scenarios it names.
const only = process.argv[2]?.toLowerCase();
const rows: Record<string, Record<string, number | string>> = {};
for (const [name, run] of scenarios) {
  if (only && !name.toLowerCase().includes(only)) continue;
  await settle(database);
  rows[name] = await run();
}

console.table(rows);
console.log("results written to bench/results/*.json");
await database.close();
