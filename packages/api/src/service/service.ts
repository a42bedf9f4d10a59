// Services = appointment types: how long, how much, what colour on the calendar, and which
// resources they need at once (e.g. a cardiology doctor plus an echo machine).
import { schema, type Database } from "@caredesk/db";
import type { ListInput, ServiceCreateInput, ServiceUpdateInput } from "@caredesk/validators";
import { and, asc, eq, ilike, inArray } from "drizzle-orm";
import type { z } from "zod";
import { notFound } from "../errors";
import type { OrgScope } from "../scope";
import { auditChange, auditCreate } from "../audit";

import { getDepartment } from "./department";
import { afterNameCursor, byNameOrder, likePattern, nameCursorOf, toPage } from "./pagination";
import { sameTenant } from "./tenant";

type Editor = Pick<OrgScope, "org" | "mutate">;

const { service, serviceRequirement: requirement } = schema;

export const serviceColumns = {
  id: service.id,
  name: service.name,
  description: service.description,
  durationMinutes: service.durationMinutes,
  priceMinor: service.priceMinor,
  colour: service.colour,
  bufferBeforeMinutes: service.bufferBeforeMinutes,
  bufferAfterMinutes: service.bufferAfterMinutes,
  minNoticeMinutes: service.minNoticeMinutes,
  horizonDays: service.horizonDays,
  slotIntervalMinutes: service.slotIntervalMinutes,
  departmentId: service.departmentId,
  active: service.active,
  createdAt: service.createdAt,
};

const requirementColumns = {
  id: requirement.id,
  serviceId: requirement.serviceId,
  kind: requirement.kind,
  departmentId: requirement.departmentId,
  category: requirement.category,
};

type Requirement = {
  kind: "practitioner" | "room" | "equipment";
  departmentId: string | null;
  category: string | null;
};

async function requirementsOf(db: Database, organizationId: string, serviceIds: string[]) {
  if (serviceIds.length === 0) return new Map<string, Requirement[]>();
  const rows = await db
    .select(requirementColumns)
    .from(requirement)
    .where(
      and(
        eq(requirement.organizationId, organizationId),
        inArray(requirement.serviceId, serviceIds),
      ),
    )
    .orderBy(asc(requirement.kind), asc(requirement.id));
  const byService = new Map<string, Requirement[]>();
  for (const { serviceId, id: _id, ...r } of rows) {
    byService.set(serviceId, [...(byService.get(serviceId) ?? []), r]);
  }
  return byService;
}

export async function listServices(
  db: Database,
  organizationId: string,
  input: ListInput & { departmentId?: string | undefined },
) {
  // Filtering by another organization's department answers like any foreign id.
  if (input.departmentId) await getDepartment(db, organizationId, input.departmentId);
  const rows = await db
    .select(serviceColumns)
    .from(service)
    .where(
      and(
        eq(service.organizationId, organizationId),
        input.includeInactive ? undefined : eq(service.active, true),
        input.departmentId ? eq(service.departmentId, input.departmentId) : undefined,
        input.search ? ilike(service.name, likePattern(input.search)) : undefined,
        afterNameCursor(input.cursor, service.name, service.id),
      ),
    )
    .orderBy(...byNameOrder(service.name, service.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, nameCursorOf);
  const requirements = await requirementsOf(
    db,
    organizationId,
    page.items.map((s) => s.id),
  );
  return {
    ...page,
    items: page.items.map((s) => ({ ...s, requirements: requirements.get(s.id) ?? [] })),
  };
}

/** One round trip: the service joined with its requirements (booking's hot path). */
export async function getService(db: Database, organizationId: string, id: string) {
  const rows = await db
    .select({
      ...serviceColumns,
      requirementKind: requirement.kind,
      requirementDepartmentId: requirement.departmentId,
      requirementCategory: requirement.category,
    })
    .from(service)
    .leftJoin(requirement, sameTenant(service, requirement.organizationId, requirement.serviceId))
    .where(and(eq(service.organizationId, organizationId), eq(service.id, id)))
    .orderBy(asc(requirement.kind), asc(requirement.id));
  const [first] = rows;
  if (!first) throw notFound("Service not found");
  const {
    requirementKind: _k,
    requirementDepartmentId: _d,
    requirementCategory: _c,
    ...row
  } = first;
  const requirements: Requirement[] = rows.flatMap((r) =>
    r.requirementKind
      ? [
          {
            kind: r.requirementKind,
            departmentId: r.requirementDepartmentId,
            category: r.requirementCategory,
          },
        ]
      : [],
  );
  return { ...row, requirements };
}

async function replaceRequirements(
  tx: Database,
  organizationId: string,
  serviceId: string,
  requirements: z.infer<typeof ServiceCreateInput>["requirements"],
) {
  await tx
    .delete(requirement)
    .where(
      and(eq(requirement.organizationId, organizationId), eq(requirement.serviceId, serviceId)),
    );
  if (requirements.length === 0) return;
  await tx.insert(requirement).values(
    requirements.map((r) => ({
      organizationId,
      serviceId,
      kind: r.kind,
      departmentId: r.departmentId ?? null,
      category: r.category ?? null,
    })),
  );
}

export function createService(ctx: Editor, input: z.infer<typeof ServiceCreateInput>) {
  return auditCreate(ctx.mutate, "service", async (tx) => {
    const organizationId = ctx.org.id;
    const { requirements, ...fields } = input;
    const [row] = await tx
      .insert(service)
      .values({ ...fields, organizationId })
      .returning(serviceColumns);
    if (!row) throw new Error("service insert returned nothing");
    await replaceRequirements(tx, organizationId, row.id, requirements);
    return getService(tx, organizationId, row.id);
  });
}

export function updateService(ctx: Editor, input: z.infer<typeof ServiceUpdateInput>) {
  return auditChange(ctx.mutate, "service", async (tx) => {
    const organizationId = ctx.org.id;
    const before = await getService(tx, organizationId, input.id);
    const { id, requirements, ...changes } = input;
    if (Object.keys(changes).length > 0) {
      await tx
        .update(service)
        .set(changes)
        .where(and(eq(service.organizationId, organizationId), eq(service.id, id)));
    }
    if (requirements) await replaceRequirements(tx, organizationId, id, requirements);
    return { before, after: await getService(tx, organizationId, id) };
  });
}
