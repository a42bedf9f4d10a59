// Engine-only benchmark: 20 resources × 14 days with 10,000 existing bookings.
// Run: pnpm --filter @caredesk/scheduling exec tsx bench/engine.ts
import {
  type Interval,
  type ResourceCalendar,
  type SlotQuery,
  type WeeklyRule,
  findSlots,
  localToEpochMinutes,
  nextFreeSlots,
} from "../src/index";

const ZONE = "Europe/Berlin";
const RESOURCES = 20;
const DAYS = 14;
const BOOKINGS = 10_000;
const ITERATIONS = 300;

// Deterministic PRNG (mulberry32) so runs are comparable.
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function at(date: string, time: string): number {
  const m = localToEpochMinutes(date, time, ZONE);
  if (m === null) throw new Error(`${date} ${time} does not exist in ${ZONE}`);
  return m;
}

// A fortnight spanning the spring-forward night (2026-03-29 in Europe/Berlin).
const from = at("2026-03-23", "00:00");
const to = at("2026-04-06", "00:00");
const now = from - 60;

const rules: WeeklyRule[] = [];
for (const weekday of [1, 2, 3, 4, 5] as const) {
  rules.push({ weekday, start: "08:00", end: "12:00" }, { weekday, start: "13:00", end: "18:00" });
}
rules.push({ weekday: 6, start: "09:00", end: "13:00" });

const calendars: ResourceCalendar[] = Array.from({ length: RESOURCES }, (_, i) => ({
  id: `resource-${i}`,
  timeZone: ZONE,
  rules,
  exceptions: i % 5 === 0 ? [{ from: "2026-04-03", to: "2026-04-03", closed: true }] : [],
  busy: [] as Interval[],
}));

// 10,000 bookings of 10–40 minutes (buffers included) scattered over working days 07:00–19:00.
for (let n = 0; n < BOOKINGS; n++) {
  const calendar = calendars[n % RESOURCES] as ResourceCalendar;
  const day = Math.floor(random() * DAYS);
  const start = from + day * 1440 + 7 * 60 + Math.floor(random() * 12 * 60);
  calendar.busy.push({ start, end: start + 10 + Math.floor(random() * 31) });
}

const base = {
  durationMinutes: 30,
  bufferBeforeMinutes: 5,
  bufferAfterMinutes: 5,
  slotIntervalMinutes: 15,
  minNoticeMinutes: 120,
  horizonDays: 60,
  now,
  from,
  to,
  gridTimeZone: ZONE,
} satisfies Omit<SlotQuery, "requirements">;

const scenarios: { name: string; run: () => number }[] = [
  {
    name: "1 requirement, 20 candidates (any practitioner)",
    run: () => findSlots({ ...base, requirements: [{ candidates: calendars }] }).length,
  },
  {
    name: "3 requirements: 12 doctors + 6 rooms + 2 devices",
    run: () =>
      findSlots({
        ...base,
        requirements: [
          { candidates: calendars.slice(0, 12) },
          { candidates: calendars.slice(12, 18) },
          { candidates: calendars.slice(18, 20) },
        ],
      }).length,
  },
  {
    name: "20 single-resource queries (one per column)",
    run: () => {
      let total = 0;
      for (const calendar of calendars) {
        total += findSlots({ ...base, requirements: [{ candidates: [calendar] }] }).length;
      }
      return total;
    },
  },
  {
    name: "3 next free alternatives (20 candidates)",
    run: () =>
      nextFreeSlots(
        { ...base, requirements: [{ candidates: calendars }] },
        at("2026-03-30", "10:00"),
        3,
      ).length,
  },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

console.log(
  `engine: ${RESOURCES} resources × ${DAYS} days, ${BOOKINGS} bookings, ${ITERATIONS} iterations, node ${process.version}`,
);
const rows = scenarios.map(({ name, run }) => {
  const t0 = performance.now();
  const slots = run();
  const first = performance.now() - t0;
  for (let i = 0; i < 20; i++) run();
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {
    scenario: name,
    slots,
    first_ms: +first.toFixed(2),
    p50_ms: +percentile(times, 50).toFixed(3),
    p95_ms: +percentile(times, 95).toFixed(3),
  };
});
console.table(rows);
