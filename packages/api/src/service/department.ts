// Departments of an organization.
import { schema, type Database } from "@caredesk/db";
import type { z } from "zod";
import type { DepartmentCreateInput, DepartmentUpdateInput, ListInput } from "@caredesk/validators";
import { and, eq, ilike } from "drizzle-orm";
import { auditChange, auditCreate } from "../audit";
import { notFound } from "../errors";
import type { OrgScope } from "../scope";
import {
  afterNameCursor,
  byNameOrder,
  hasChanges,
  likePattern,
  nameCursorOf,
  toPage,
} from "./pagination";

const { department } = schema;

export const departmentColumns = {
  id: department.id,
  name: department.name,
  description: department.description,
  active: department.active,
  createdAt: department.createdAt,
};

export async function listDepartments(db: Database, organizationId: string, input: ListInput) {
  const rows = await db
    .select(departmentColumns)
    .from(department)
    .where(
      and(
        eq(department.organizationId, organizationId),
        input.includeInactive ? undefined : eq(department.active, true),
        input.search ? ilike(department.name, likePattern(input.search)) : undefined,
        afterNameCursor(input.cursor, department.name, department.id),
      ),
    )
    .orderBy(...byNameOrder(department.name, department.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, nameCursorOf);
}

export async function getDepartment(db: Database, organizationId: string, id: string) {
  const [row] = await db
    .select(departmentColumns)
    .from(department)
    .where(and(eq(department.organizationId, organizationId), eq(department.id, id)));
  if (!row) throw notFound("Department not found");
  return row;
}

type Editor = Pick<OrgScope, "org" | "mutate">;

export function createDepartment(ctx: Editor, input: z.infer<typeof DepartmentCreateInput>) {
  return auditCreate(ctx.mutate, "department", async (tx) => {
    const [created] = await tx
      .insert(department)
      .values({
        organizationId: ctx.org.id,
        name: input.name,
        description: input.description ?? null,
      })
      .returning(departmentColumns);
    if (!created) throw new Error("department insert returned nothing");
    return created;
  });
}

/** Also archives (`active: false`) and restores: a department with history is never deleted. */
export function updateDepartment(ctx: Editor, input: z.infer<typeof DepartmentUpdateInput>) {
  return auditChange(ctx.mutate, "department", async (tx) => {
    const before = await getDepartment(tx, ctx.org.id, input.id);
    const { id, ...changes } = input;
    if (!hasChanges(changes)) return { before, after: before };
    const [after] = await tx
      .update(department)
      .set(changes)
      .where(and(eq(department.organizationId, ctx.org.id), eq(department.id, id)))
      .returning(departmentColumns);
    if (!after) throw notFound("Department not found");
    return { before, after };
  });
}
