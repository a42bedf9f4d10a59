// Working hours: weekly rules per resource and dated exceptions (leave, holidays), stored as
// local wall-clock times and expanded in the resource's time zone by @caredesk/scheduling.
import { schema, type Database } from "@caredesk/db";
import type { IsoWeekday, WeeklyRule } from "@caredesk/scheduling";
import type { ScheduleExceptionAddInput } from "@caredesk/validators";
import { and, asc, eq, inArray, isNull, or } from "drizzle-orm";
import type { z } from "zod";
import type { ScheduleSetWeekInput } from "@caredesk/validators";
import { notFound } from "../errors";
import { auditCreate, auditRemoval } from "../audit";
import type { OrgScope } from "../scope";
import { getResource } from "./resource";

type Editor = Pick<OrgScope, "org" | "mutate">;
const { scheduleRule: rule, scheduleException: exception } = schema;

/** PostgreSQL `time` comes back as HH:MM:SS; the product speaks HH:MM. */
const hhmm = (time: string) => time.slice(0, 5);

export interface ExceptionRow {
  id: string;
  resourceId: string | null;
  startsOn: string;
  endsOn: string;
  closed: boolean;
  intervals: { start: string; end: string }[];
  reason: string | null;
}

export async function rulesOf(db: Database, organizationId: string, resourceIds: string[]) {
  const rows = await db
    .select({
      resourceId: rule.resourceId,
      weekday: rule.weekday,
      start: rule.startTime,
      end: rule.endTime,
      validFrom: rule.validFrom,
      validTo: rule.validTo,
    })
    .from(rule)
    .where(and(eq(rule.organizationId, organizationId), inArray(rule.resourceId, resourceIds)))
    .orderBy(asc(rule.weekday), asc(rule.startTime));
  const byResource = new Map<string, WeeklyRule[]>();
  for (const r of rows) {
    const list = byResource.get(r.resourceId) ?? [];
    list.push({
      // A check constraint keeps the column to 1–7.
      weekday: r.weekday as IsoWeekday,
      start: hhmm(r.start),
      end: hhmm(r.end),
      validFrom: r.validFrom,
      validTo: r.validTo,
    });
    byResource.set(r.resourceId, list);
  }
  return byResource;
}

const exceptionColumns = {
  id: exception.id,
  resourceId: exception.resourceId,
  startsOn: exception.startsOn,
  endsOn: exception.endsOn,
  closed: exception.closed,
  intervals: exception.intervals,
  reason: exception.reason,
};

/** Exceptions of these resources plus the organization-wide ones (holidays). */
export async function exceptionsOf(
  db: Database,
  organizationId: string,
  resourceIds: string[],
): Promise<ExceptionRow[]> {
  const rows = await db
    .select(exceptionColumns)
    .from(exception)
    .where(
      and(
        eq(exception.organizationId, organizationId),
        or(inArray(exception.resourceId, resourceIds), isNull(exception.resourceId)),
      ),
    )
    .orderBy(asc(exception.startsOn), asc(exception.id));
  return rows.map((r) => ({ ...r, intervals: r.intervals ?? [] }));
}

export async function getSchedule(db: Database, organizationId: string, resourceId: string) {
  const res = await getResource(db, organizationId, resourceId);
  const rules = (await rulesOf(db, organizationId, [resourceId])).get(resourceId) ?? [];
  return { resource: res, rules, exceptions: await exceptionsOf(db, organizationId, [resourceId]) };
}

/** Replaces the resource's weekly hours as a whole: the editor saves the week it shows. */
export function setWeek(ctx: Editor, input: z.infer<typeof ScheduleSetWeekInput>) {
  const organizationId = ctx.org.id;
  return ctx.mutate(async (tx, audit) => {
    const before = await getSchedule(tx, organizationId, input.resourceId);
    await tx
      .delete(rule)
      .where(and(eq(rule.organizationId, organizationId), eq(rule.resourceId, input.resourceId)));
    if (input.rules.length > 0) {
      await tx.insert(rule).values(
        input.rules.map((r) => ({
          organizationId,
          resourceId: input.resourceId,
          weekday: r.weekday,
          startTime: r.start,
          endTime: r.end,
          validFrom: r.validFrom ?? null,
          validTo: r.validTo ?? null,
        })),
      );
    }
    const after = (await getSchedule(tx, organizationId, input.resourceId)).rules;
    audit({ entityType: "resource", entityId: input.resourceId, before: before.rules, after });
    return after;
  });
}

/** Closed days or other hours for a resource, or for the whole organization (a holiday). */
export function addException(ctx: Editor, input: ScheduleExceptionAddInput) {
  const organizationId = ctx.org.id;
  return auditCreate(ctx.mutate, "schedule_exception", async (tx) => {
    if (input.resourceId) await getResource(tx, organizationId, input.resourceId);
    const [row] = await tx
      .insert(exception)
      .values({
        organizationId,
        resourceId: input.resourceId,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        closed: input.closed,
        intervals: input.closed ? null : input.intervals,
        reason: input.reason ?? null,
      })
      .returning(exceptionColumns);
    if (!row) throw new Error("exception insert returned nothing");
    return { ...row, intervals: row.intervals ?? [] };
  });
}

export function removeException(ctx: Editor, id: string) {
  return auditRemoval(ctx.mutate, "schedule_exception", async (tx) => {
    const [row] = await tx
      .delete(exception)
      .where(and(eq(exception.organizationId, ctx.org.id), eq(exception.id, id)))
      .returning(exceptionColumns);
    if (!row) throw notFound("Exception not found");
    return row;
  });
}
