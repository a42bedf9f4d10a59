// `pnpm bench:scale`: the hot reads at a million rows. Loads (once) 1,000,000 patients and
// 1,000,000 appointments across 200 practices (scale-fixture.ts), then measures the large
// practice through the procedures the product calls, as its staff would: availability (20
// rooms × 14 days, the availability bench's call), patient search (the patient-search bench's
// terms), the calendar's day list (appointment.list) and the patient page (the overview's
// queries, together as the browser batches them). Writes bench/results/scale.json.
//
// Database: SCALE_DATABASE_URL, else DATABASE_URL's server with the database `caredesk_scale`
// (created if missing), so the normal bench database never holds a million rows. A complete
// load found there is reused (counts checked); `--reload` drops the database and loads again.
// Not part of `pnpm bench` or CI.
import { appRouter, createCallerFactory, createContextInner } from "@caredesk/api";
import { validateSessionToken } from "@caredesk/auth";
import { createDb } from "@caredesk/db";
import { epochMinutesToLocal, localToEpochMinutes, toEpochMinutes } from "@caredesk/scheduling";
import postgres from "postgres";
import { env, quantile, timeEach, writeResult } from "./lib";
import { searchTerms } from "./patient-search";
import { isComplete, largePractice, loadedCounts, loadScale, scaleShape } from "./scale-fixture";

const reload = process.argv.includes("--reload");
const url = scaleDatabaseUrl();
const name = decodeURIComponent(new URL(url).pathname.slice(1));
const log = (line: string) => console.log(line);

function scaleDatabaseUrl(): string {
  const explicit = process.env.SCALE_DATABASE_URL;
  if (explicit) return explicit;
  if (!env.DATABASE_URL) {
    throw new Error("bench:scale needs PostgreSQL: set SCALE_DATABASE_URL or DATABASE_URL");
  }
  const server = new URL(env.DATABASE_URL);
  server.pathname = "/caredesk_scale";
  return server.toString();
}

/** Creates the scale database if missing (or anew with --reload), from the server's `postgres`. */
async function prepareDatabase() {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    if (reload) await sql`drop database if exists ${sql(name)} with (force)`;
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!exists) await sql`create database ${sql(name)}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

await prepareDatabase();
const database = await createDb({ databaseUrl: url, max: env.DATABASE_POOL_MAX });
try {
  await database.migrate();
  let counts = await loadedCounts(database);
  let loadSeconds: Record<string, number> | null = null;
  if (isComplete(counts)) {
    log(`Reusing the scale data in ${name} (--reload to load again)`);
  } else {
    log(
      `Loading ${name}: ${scaleShape.patients} patients, ${scaleShape.appointments} appointments`,
    );
    loadSeconds = await loadScale(database, log);
    counts = await loadedCounts(database);
  }

  const { practice, token } = await largePractice(database);
  const auth = await validateSessionToken(database.db, token);
  const caller = createCallerFactory(appRouter)(
    createContextInner({ db: database.db, auth, organizationId: practice.organizationId }),
  );
  const tz = practice.timeZone;
  const tomorrow = epochMinutesToLocal(toEpochMinutes(new Date()) + 1440, tz).date;
  const dayStart = localToEpochMinutes(tomorrow, "00:00", tz) ?? 0;
  const day = { from: new Date(dayStart * 60_000), to: new Date((dayStart + 1440) * 60_000) };
  const patientId = practice.busiestPatientId;

  const measures = {
    availability: () =>
      caller.availability.search({
        serviceId: practice.serviceId,
        fromDate: tomorrow,
        days: 14,
        limit: 500,
      }),
    search: async () => {
      for (const term of searchTerms) await caller.patient.list({ search: term, limit: 25 });
    },
    day_list: () => caller.appointment.list(day),
    patient_page: () =>
      Promise.all([
        caller.patient.byId({ id: patientId }),
        caller.patient.appointments({ patientId }),
        caller.document.list({ patientId, limit: 25 }),
        caller.patient.messages({ patientId, limit: 25 }),
        caller.patient.consent({ id: patientId }),
      ]),
  };

  const result: Record<string, unknown> = {
    database: name,
    practices: counts.practices,
    appointments: counts.appointments,
    patients: counts.patients,
    large_practice: {
      resources: practice.resourceIds.length,
      patients: scaleShape.largePatients,
      day_appointments: (await caller.appointment.list(day)).length,
    },
  };
  for (const [key, once] of Object.entries(measures)) {
    await timeEach(once, 3); // warm-up: JIT, each connection's named statements
    if (key === "search") {
      // One sample per term, as in the patient-search bench.
      const samples: number[] = [];
      for (let round = 0; round < 5; round++) {
        for (const term of searchTerms) {
          samples.push(
            ...(await timeEach(() => caller.patient.list({ search: term, limit: 25 }), 1)),
          );
        }
      }
      result.search_p50_ms = quantile(samples, 0.5);
      result.search_p95_ms = quantile(samples, 0.95);
      continue;
    }
    const samples = await timeEach(once, 40);
    result[`${key}_p50_ms`] = quantile(samples, 0.5);
    result[`${key}_p95_ms`] = quantile(samples, 0.95);
  }
  result.load_seconds = loadSeconds
    ? Number(
        Object.values(loadSeconds)
          .reduce((a, b) => a + b, 0)
          .toFixed(1),
      )
    : null;
  result.load_stages_seconds = loadSeconds;
  result.reused = loadSeconds === null;
  writeResult("scale", result);
  console.table(
    Object.fromEntries(Object.entries(result).filter(([, v]) => typeof v === "number")),
  );
} finally {
  await database.close();
}
