// What the calendar, patient search and busy-range tests share: a practice and its owner's
// caller, weekly hours, the "Consultation" service, bookings on the next weekday, filler
// practices; a Drizzle client on the same database that records every statement it sends; and
// a statement's generic plan (`plan_cache_mode = force_generic_plan`, what a named prepared
// statement settles on after five executions), with the check that it reads its index.
import { queryRows, schema, type Database } from "@caredesk/db";
import type { TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createPractice,
  nextWeekdayAt,
  uniqueIdempotencyKey,
  type Caller,
} from "@caredesk/api/testing";
import { sql, type Logger } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { expect } from "vitest";

/** A new practice: its id, its owner's session token and the owner's caller. */
export async function practiceWithOwner(db: Database) {
  const practice = await createPractice(db);
  const orgId = practice.organization.id;
  const ownerToken = practice.owner.token;
  const staff = await callerFor(db, { token: ownerToken, organizationId: orgId });
  return { orgId, ownerToken, staff };
}

/** The same hours on each of these weekdays (1 = Monday … 7 = Sunday) for each resource. */
export async function setWeeklyHours(
  staff: Caller,
  resourceIds: readonly string[],
  hours: { weekdays: readonly number[]; start: string; end: string },
) {
  for (const resourceId of resourceIds) {
    await staff.schedule.setWeek({
      resourceId,
      rules: hours.weekdays.map((weekday) => ({ weekday, start: hours.start, end: hours.end })),
    });
  }
}

type ServiceInput = Parameters<Caller["service"]["create"]>[0];

/** A "Consultation" at 50.00 in the calendar's blue; returns its id. */
export async function createConsultation(
  staff: Caller,
  service: Pick<ServiceInput, "durationMinutes" | "minNoticeMinutes" | "requirements">,
) {
  return (
    await staff.service.create({
      name: "Consultation",
      priceMinor: 5000,
      colour: "#2563eb",
      ...service,
    })
  ).id;
}

type BookInput = Parameters<Caller["appointment"]["book"]>[0];

/** An in-person booking at this time on the next weekday (`nextWeekdayAt`), its own key. */
export function bookNextWeekday(
  staff: Caller,
  { time, ...booking }: { time: string } & Omit<BookInput, "start" | "kind" | "idempotencyKey">,
) {
  return staff.appointment.book({
    ...booking,
    start: nextWeekdayAt(time),
    kind: "in_person",
    idempotencyKey: uniqueIdempotencyKey(),
  });
}

/** `count` other practices whose slugs start with `prefix`, so filler rows can find them. */
export async function insertFillerPractices(db: Database, prefix: string, count: number) {
  await db.execute(sql`
    insert into organization (slug, name, kind, time_zone, currency, country)
    select ${prefix} || i, 'Filler ' || i, 'clinic', 'Europe/London', 'GBP', 'GB'
      from generate_series(1, ${count}) as i`);
}

export interface Statement {
  text: string;
  params: unknown[];
}

/**
 * A Drizzle client on the test database that records what it sends; the function returned
 * gives the statements one call of the owner's caller (through that client) sent.
 */
export function statementRecorder(
  database: TestDatabase,
  owner: { token: string; organizationId: string },
) {
  const sent: Statement[] = [];
  const logger: Logger = { logQuery: (text, params) => void sent.push({ text, params }) };
  const config = { schema, casing: "snake_case" as const, logger };
  let logging: Database;
  if (database.sql) logging = drizzlePostgres(database.sql, config);
  else if (database.pglite) logging = drizzlePglite(database.pglite, config);
  else throw new Error("no database client");
  return async (call: (caller: Caller) => Promise<unknown>): Promise<Statement[]> => {
    const from = sent.length;
    const caller = await callerFor(logging, owner);
    await call(caller);
    return sent.slice(from);
  };
}

/** A parameter as an SQL literal for EXECUTE (test values only; quotes doubled). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value)) return literal(`{${value.map((v) => `"${String(v)}"`).join(",")}}`);
  if (typeof value === "string") return `'${value.replaceAll("'", "''")}'`;
  return literal(JSON.stringify(value));
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/** The generic plan of a statement, as PostgreSQL would cache it for a named statement. */
export async function genericPlan(db: Database, statement: Statement) {
  const args = statement.params.map(literal).join(", ");
  const execute = args ? `execute plan_probe(${args})` : "execute plan_probe";
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
    await tx.execute(sql.raw(`prepare plan_probe as ${statement.text}`));
    try {
      return await queryRows<Record<string, unknown>>(
        tx,
        sql.raw(`explain (format json) ${execute}`),
      );
    } finally {
      await tx.execute(sql`deallocate plan_probe`);
    }
  });
  const cell = Object.values(rows[0] ?? {})[0];
  const parsed = (typeof cell === "string" ? JSON.parse(cell) : cell) as { Plan: PlanNode }[];
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  const root = parsed[0]?.Plan;
  if (!root) throw new Error("no plan");
  walk(root);
  return {
    nodes,
    indexes: nodes.flatMap((n) => (n["Index Name"] ? [n["Index Name"]] : [])),
    seqScans: nodes.flatMap((n) =>
      n["Node Type"] === "Seq Scan" && n["Relation Name"] ? [n["Relation Name"]] : [],
    ),
    describe: () =>
      nodes
        .map((n) => `${n["Node Type"]} ${n["Relation Name"] ?? ""} ${n["Index Name"] ?? ""}`)
        .join("; "),
  };
}

/** The statement's generic plan reads this index and scans none of these tables sequentially. */
export async function expectGenericPlan(
  db: Database,
  statement: Statement,
  expected: { index: string; noSeqScanOn: readonly string[] },
) {
  const plan = await genericPlan(db, statement);
  const why = `${statement.text}\n→ ${plan.describe()}`;
  expect(plan.indexes, why).toContain(expected.index);
  for (const table of expected.noSeqScanOn) expect(plan.seqScans, why).not.toContain(table);
}
