// The platform's charts, per UTC day over the last `days` days (today included):
// - signUps: users created that day;
// - activePractices: organizations with an appointment created that day, or a session started
//   that day by one of their staff (any role but patient). Sessions are deleted when they end
//   or expire, so older sign-ins count only while their session lives: a lower bound;
// - bookings: appointments created that day (holds that never became bookings excluded);
// - revenue: practices' payments that succeeded that day, per currency, in minor units;
// - planRevenue: plan payments made to the platform that succeeded (were applied) that day.
import { queryRows, schema, type Database } from "@caredesk/db";
import type { AdminStatsInput } from "@caredesk/validators";
import { sql } from "drizzle-orm";

const { user, appointment, session, membership, payment, planPayment } = schema;

export interface PlatformDay {
  /** YYYY-MM-DD, UTC. */
  day: string;
  signUps: number;
  activePractices: number;
  bookings: number;
}

export interface DayRevenue {
  day: string;
  currency: string;
  amountMinor: number;
}

const dayMs = 86_400_000;

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export async function platformStats(db: Database, input: AdminStatsInput, now = new Date()) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (input.days - 1) * dayMs);
  const until = new Date(today + dayMs);
  const fromAt = sql`${from.toISOString()}::timestamptz`;
  const untilAt = sql`${until.toISOString()}::timestamptz`;
  const day = (column: unknown) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD')`;
  const [signUps, bookings, active, revenue, planRevenue] = await Promise.all([
    queryRows<{ day: string; count: number }>(
      db,
      sql`select ${day(user.createdAt)} as "day", count(*)::int as "count" from ${user}
           where ${user.createdAt} >= ${fromAt} and ${user.createdAt} < ${untilAt} group by 1`,
    ),
    queryRows<{ day: string; count: number }>(
      db,
      sql`select ${day(appointment.createdAt)} as "day", count(*)::int as "count" from ${appointment}
           where ${appointment.createdAt} >= ${fromAt} and ${appointment.createdAt} < ${untilAt}
             and ${appointment.status} <> 'held' group by 1`,
    ),
    queryRows<{ day: string; count: number }>(
      db,
      sql`select "day", count(distinct "org")::int as "count" from (
            select ${day(appointment.createdAt)} as "day", ${appointment.organizationId} as "org"
              from ${appointment}
             where ${appointment.createdAt} >= ${fromAt} and ${appointment.createdAt} < ${untilAt}
               and ${appointment.status} <> 'held'
            union all
            select ${day(session.createdAt)}, ${membership.organizationId}
              from ${session} join ${membership} on ${membership.userId} = ${session.userId}
             where ${session.createdAt} >= ${fromAt} and ${session.createdAt} < ${untilAt}
               and ${membership.role} <> 'patient'
          ) as activity group by "day"`,
    ),
    queryRows<{ day: string; currency: string; amountMinor: number }>(
      db,
      sql`select ${day(payment.succeededAt)} as "day", ${payment.currency} as "currency",
                 sum(${payment.amountMinor})::bigint as "amountMinor"
            from ${payment}
           where ${payment.succeededAt} >= ${fromAt} and ${payment.succeededAt} < ${untilAt}
             and ${payment.status} in ('succeeded', 'refunded', 'partially_refunded')
           group by 1, 2 order by 1, 2`,
    ),
    queryRows<{ day: string; currency: string; amountMinor: number }>(
      db,
      sql`select ${day(planPayment.appliedAt)} as "day", ${planPayment.currency} as "currency",
                 sum(${planPayment.amountMinor})::bigint as "amountMinor"
            from ${planPayment}
           where ${planPayment.appliedAt} >= ${fromAt} and ${planPayment.appliedAt} < ${untilAt}
           group by 1, 2 order by 1, 2`,
    ),
  ]);
  const countsBy = (rows: { day: string; count: number }[]) =>
    new Map(rows.map((r) => [r.day, Number(r.count)]));
  const signUpsBy = countsBy(signUps);
  const bookingsBy = countsBy(bookings);
  const activeBy = countsBy(active);
  const days: PlatformDay[] = [];
  for (let t = from.getTime(); t < until.getTime(); t += dayMs) {
    const d = utcDay(new Date(t));
    days.push({
      day: d,
      signUps: signUpsBy.get(d) ?? 0,
      activePractices: activeBy.get(d) ?? 0,
      bookings: bookingsBy.get(d) ?? 0,
    });
  }
  const money = (rows: { day: string; currency: string; amountMinor: number }[]): DayRevenue[] =>
    rows.map((r) => ({ day: r.day, currency: r.currency, amountMinor: Number(r.amountMinor) }));
  return {
    from: utcDay(from),
    to: utcDay(new Date(today)),
    days,
    revenue: money(revenue),
    planRevenue: money(planRevenue),
  };
}
