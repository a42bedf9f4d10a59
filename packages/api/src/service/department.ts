// Departments of an organization.
import { schema, type Database } from "@caredesk/db";
import type { z } from "zod";
import type { DepartmentCreateInput, DepartmentUpdateInput, ListInput } from "@caredesk/validators";
import { and, eq, ilike } from "drizzle-orm";
import { notFound } from "../errors";
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

export async function createDepartment(
  tx: Database,
  organizationId: string,
  input: z.infer<typeof DepartmentCreateInput>,
) {
  const [row] = await tx
    .insert(department)
    .values({ organizationId, name: input.name, description: input.description ?? null })
    .returning(departmentColumns);
  if (!row) throw new Error("department insert returned nothing");
  return row;
}

export async function updateDepartment(
  tx: Database,
  organizationId: string,
  input: z.infer<typeof DepartmentUpdateInput>,
) {
  const before = await getDepartment(tx, organizationId, input.id);
  const { id, ...changes } = input;
  if (!hasChanges(changes)) return { before, after: before };
  const [after] = await tx
    .update(department)
    .set(changes)
    .where(and(eq(department.organizationId, organizationId), eq(department.id, id)))
    .returning(departmentColumns);
  if (!after) throw notFound("Department not found");
  return { before, after };
}
