// Rooms and equipment. Practitioner resources are managed through their practitioner.
import { schema, type Database } from "@caredesk/db";
import type {
  ResourceCreateInput,
  ResourceListInput,
  ResourceUpdateInput,
} from "@caredesk/validators";
import { and, eq, ilike, or } from "drizzle-orm";
import type { z } from "zod";
import { notFound } from "../errors";
import type { OrgScope } from "../scope";
import { auditChange, auditCreate } from "../audit";
import {
  afterNameCursor,
  byNameOrder,
  hasChanges,
  likePattern,
  nameCursorOf,
  toPage,
} from "./pagination";

type Editor = Pick<OrgScope, "org" | "mutate">;

const { resource } = schema;

export const resourceColumns = {
  id: resource.id,
  kind: resource.kind,
  name: resource.name,
  category: resource.category,
  departmentId: resource.departmentId,
  practitionerId: resource.practitionerId,
  timeZone: resource.timeZone,
  active: resource.active,
  createdAt: resource.createdAt,
};

export async function listResources(
  db: Database,
  organizationId: string,
  input: z.infer<typeof ResourceListInput>,
) {
  const search = input.search ? likePattern(input.search) : null;
  const rows = await db
    .select(resourceColumns)
    .from(resource)
    .where(
      and(
        eq(resource.organizationId, organizationId),
        input.kind ? eq(resource.kind, input.kind) : undefined,
        input.includeInactive ? undefined : eq(resource.active, true),
        search ? or(ilike(resource.name, search), ilike(resource.category, search)) : undefined,
        afterNameCursor(input.cursor, resource.name, resource.id),
      ),
    )
    .orderBy(...byNameOrder(resource.name, resource.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, nameCursorOf);
}

export async function getResource(db: Database, organizationId: string, id: string) {
  const [row] = await db
    .select(resourceColumns)
    .from(resource)
    .where(and(eq(resource.organizationId, organizationId), eq(resource.id, id)));
  if (!row) throw notFound("Resource not found");
  return row;
}

export function createResource(ctx: Editor, input: z.infer<typeof ResourceCreateInput>) {
  return auditCreate(ctx.mutate, "resource", async (tx) => {
    const org = ctx.org;
    const [row] = await tx
      .insert(resource)
      .values({
        organizationId: org.id,
        kind: input.kind,
        name: input.name,
        category: input.category ?? null,
        departmentId: input.departmentId ?? null,
        timeZone: input.timeZone ?? org.timeZone,
      })
      .returning(resourceColumns);
    if (!row) throw new Error("resource insert returned nothing");
    return row;
  });
}

export function updateResource(ctx: Editor, input: z.infer<typeof ResourceUpdateInput>) {
  return auditChange(ctx.mutate, "resource", async (tx) => {
    const organizationId = ctx.org.id;
    const before = await getResource(tx, organizationId, input.id);
    // A practitioner's resource is renamed or archived with the practitioner, not here.
    if (before.kind === "practitioner") throw notFound("Resource not found");
    const { id, ...changes } = input;
    if (!hasChanges(changes)) return { before, after: before };
    const [after] = await tx
      .update(resource)
      .set(changes)
      .where(and(eq(resource.organizationId, organizationId), eq(resource.id, id)))
      .returning(resourceColumns);
    if (!after) throw notFound("Resource not found");
    return { before, after };
  });
}
