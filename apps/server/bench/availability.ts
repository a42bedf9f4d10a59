// Availability for 20 resources over 14 days with 10,000 existing bookings, through the real
// procedure: membership and permission check, one busy-range query, the pure engine.
import { appRouter, createCallerFactory, createContextInner } from "@caredesk/api";
import { validateSessionToken } from "@caredesk/auth";
import type { DbHandle } from "@caredesk/db";
import { epochMinutesToLocal, localToEpochMinutes, toEpochMinutes } from "@caredesk/scheduling";
import { sql } from "drizzle-orm";
import { createBenchPractice } from "./fixture";
import { quantile, writeResult } from "./lib";

const pgArray = (values: string[]) => `{${values.join(",")}}`;

export async function benchAvailability(database: DbHandle, rounds = 60) {
  const resources = 20;
  const days = 14;
  const bookings = 10_000;
  const practice = await createBenchPractice(database, { resources, patients: bookings });
  try {
    const tomorrow = epochMinutesToLocal(toEpochMinutes(new Date()) + 1440, practice.timeZone).date;
    const base = localToEpochMinutes(tomorrow, "00:00", practice.timeZone) ?? 0;
    // 36 twenty-minute bookings a day, 23 minutes apart from 07:00, on every resource.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`
        create temp table bench_booking on commit drop as
        select gen_random_uuid() as id, r.id as resource_id,
               ${base}::bigint + d * 1440 + 420 + k * 23 as start_min,
               row_number() over (order by d, k, r.id) as n
          from unnest(${pgArray(practice.resourceIds)}::uuid[]) as r(id)
         cross join generate_series(0, ${days - 1}) as d
         cross join generate_series(0, 35) as k
         order by d, k, r.id
         limit ${bookings}`);
      await tx.execute(sql`
        insert into appointment (id, organization_id, patient_id, service_id, starts_at, ends_at, status, source)
        select b.id, ${practice.organizationId}::uuid, p.id, ${practice.serviceId}::uuid,
               to_timestamp(b.start_min * 60), to_timestamp((b.start_min + 20) * 60), 'confirmed', 'staff'
          from bench_booking b
          join (select id, row_number() over (order by id) as n from patient
                 where organization_id = ${practice.organizationId}::uuid) p on p.n = b.n`);
      await tx.execute(sql`
        insert into appointment_resource (organization_id, appointment_id, resource_id, during, status)
        select ${practice.organizationId}::uuid, b.id, b.resource_id,
               tstzrange(to_timestamp(b.start_min * 60), to_timestamp((b.start_min + 20) * 60)), 'confirmed'
          from bench_booking b`);
    });
    await database.db.execute(sql`analyze appointment_resource`);

    const auth = await validateSessionToken(database.db, practice.ownerToken);
    const caller = createCallerFactory(appRouter)(
      createContextInner({ db: database.db, auth, organizationId: practice.organizationId }),
    );
    const search = () =>
      caller.availability.search({
        serviceId: practice.serviceId,
        fromDate: tomorrow,
        days,
        limit: 500,
      });
    for (let i = 0; i < 5; i++) await search();
    const samples: number[] = [];
    let slots = 0;
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      const result = await search();
      samples.push(performance.now() - t);
      slots = result.slots.length;
    }
    const result = {
      database: database.kind,
      resources,
      days,
      bookings,
      p50_ms: quantile(samples, 0.5),
      p95_ms: quantile(samples, 0.95),
      slots_returned: slots,
    };
    writeResult("availability", result);
    return result;
  } finally {
    await practice.cleanup();
  }
}
